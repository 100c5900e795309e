//! Random content streams and mutated files: `read_pdf` must return (Ok or an error)
//! without any panic, even one it would catch. One test per binary, so the panic hook
//! below sees only this test's panics.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use lopdf::{dictionary, Document, Object, Stream};
use yusuan_pdf::read_pdf;

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// xorshift64*: a small deterministic generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TOKENS: &[&str] = &[
    "BT",
    "ET",
    "q",
    "Q",
    "cm",
    "Tm",
    "Td",
    "TD",
    "T*",
    "Tj",
    "TJ",
    "'",
    "\"",
    "Tf",
    "Tc",
    "Tw",
    "Tz",
    "TL",
    "Ts",
    "Tr",
    "Do",
    "BI",
    "ID",
    "EI",
    "/F1",
    "/F2",
    "/X1",
    "/Fm",
    "12",
    "-3.5",
    "0",
    "1e9",
    "99999999999",
    "-0",
    ".5",
    "[",
    "]",
    "<<",
    ">>",
    "(a\\)b(c)",
    "<00010002>",
    "<4e2d>",
    "<d6d0>",
    "(\\377\\000)",
    "[(ab) -250 (c)]",
    "/W 2 /H 2 /BPC 8 /CS /G",
    "%c\n",
    "1 0 0 1 10 10",
    "0 0 0 0 0 0",
    "1e308 1e308 1e308 1e308 0 0",
    "null",
    "true",
    "{",
    "}",
];

fn random_content(rng: &mut Rng) -> Vec<u8> {
    let n = rng.below(200);
    let mut out = String::new();
    for _ in 0..n {
        out.push_str(rng.pick(TOKENS));
        out.push(if rng.below(4) == 0 { '\r' } else { ' ' });
    }
    out.into_bytes()
}

/// A PDF whose page and Form XObject run the given content, with three kinds of font.
fn pdf_with_content(page_content: Vec<u8>, form_content: Vec<u8>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let to_unicode = doc.add_object(Stream::new(
        dictionary! {},
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <4E00> endbfrange"
            .to_vec(),
    ));
    let cid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "X",
        "W" => vec![0.into(), vec![Object::Integer(500)].into(), 5.into(), 1.into(), 300.into()],
    });
    let f1 = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid.into()], "ToUnicode" => to_unicode,
    });
    let gbk = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Y", "Encoding" => "GBK-EUC-H",
        "DescendantFonts" => vec![cid.into()],
    });
    let form_id = doc.new_object_id();
    let fonts = dictionary! { "F1" => f1, "F2" => gbk };
    let xobjects = dictionary! { "Fm" => form_id, "X1" => form_id };
    doc.objects.insert(
        form_id,
        Object::Stream(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "Resources" => dictionary! { "Font" => fonts.clone(), "XObject" => xobjects.clone() },
            },
            form_content,
        )),
    );
    let content = doc.add_object(Stream::new(dictionary! {}, page_content));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "Font" => fonts, "XObject" => xobjects },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn check(bytes: &[u8]) {
    if let Ok(pdf) = read_pdf(bytes) {
        for page in &pdf.pages {
            let lines = page.lines();
            let words: usize = lines.iter().map(|l| l.words.len()).sum();
            assert_eq!(words, page.words.len());
        }
        let _ = pdf.has_text_layer();
    }
}

#[test]
fn no_panic_on_random_or_mutated_input() {
    std::panic::set_hook(Box::new(|info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        eprintln!("panic: {info}");
    }));
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let budget = Duration::from_secs(10);
    let start = Instant::now();

    // Random content streams through the interpreter.
    for _ in 0..400 {
        let bytes = pdf_with_content(random_content(&mut rng), random_content(&mut rng));
        check(&bytes);
        if start.elapsed() > budget {
            break;
        }
    }

    // Byte mutations of a small synthetic file (uncompressed: structure and content).
    let base = pdf_with_content(
        b"BT /F1 12 Tf 72 700 Td <00010002> Tj /F2 10 Tf (\xd6\xd0ab) Tj ET /Fm Do".to_vec(),
        b"BT /F1 9 Tf [(\x00\x03) -100 (\x00\x04)] TJ ET".to_vec(),
    );
    for _ in 0..2000 {
        let mut m = base.clone();
        for _ in 0..1 + rng.below(8) {
            let i = rng.below(m.len());
            m[i] = rng.next() as u8;
        }
        check(&m);
        if start.elapsed() > budget {
            break;
        }
    }

    // Mutations and truncations of a real document.
    let path = format!(
        "{}/../../corpus/pdf/shanghai-putuo-finance-bureau-2025-budget.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let real = std::fs::read(path).unwrap();
    for _ in 0..60 {
        let mut m = real.clone();
        for _ in 0..1 + rng.below(30) {
            let i = rng.below(m.len());
            m[i] = rng.next() as u8;
        }
        check(&m);
        check(&real[..rng.below(real.len())]);
        if start.elapsed() > budget {
            break;
        }
    }
    let _ = std::panic::take_hook();
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "panics were caught");
}
