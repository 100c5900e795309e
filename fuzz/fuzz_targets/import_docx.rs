//! The DOCX reader never panics, whatever bytes it is given: as a whole file, and as the body of
//! `word/document.xml` inside a well-formed package (so the XML reader and the table layout are
//! reached, not only the zip reader).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;

fn package(body: &[u8]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let doc_head = br#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>"#;
    let ok = z.start_file("[Content_Types].xml", stored).is_ok()
        && z.write_all(CONTENT_TYPES.as_bytes()).is_ok()
        && z.start_file("word/document.xml", stored).is_ok()
        && z.write_all(doc_head).is_ok()
        && z.write_all(body).is_ok()
        && z.write_all(b"</w:body></w:document>").is_ok();
    if !ok || z.finish().is_err() {
        return Vec::new();
    }
    out.into_inner()
}

fuzz_target!(|data: &[u8]| {
    let _ = yusuan_import::import_file("fuzz.docx", data);
    let pkg = package(data);
    if !pkg.is_empty() {
        let _ = yusuan_import::import_file("fuzz.docx", &pkg);
    }
});
