//! The HTML reader never panics, whatever bytes it is given (tag soup, spans, encodings).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = yusuan_import::import_file("fuzz.html", data);
    // Also as the body of a page, so content that does not start like HTML is read as HTML.
    let mut page = b"<html><body><table><tr><td>".to_vec();
    page.extend_from_slice(data);
    let _ = yusuan_import::import_file("fuzz.html", &page);
});
