//! The PDF text reader never panics (not even one it would catch), whatever bytes it is
//! given, and grouping its words into lines keeps every word.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(pdf) = yusuan_pdf::read_pdf(data) {
        for page in &pdf.pages {
            let lines = page.lines();
            let words: usize = lines.iter().map(|l| l.words.len()).sum();
            assert_eq!(words, page.words.len());
        }
        let _ = pdf.has_text_layer();
    }
});
