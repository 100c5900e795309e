//! The edges of issue 13 for text and HTML: a file far larger than any disclosure is refused at
//! once with a message in Chinese first that names the limit and how to raise it; one within the
//! limits but made of one endless line is read in time that grows with its length. The inputs are
//! made here; each test takes a few seconds at most in a debug build. (The 2,000-page PDF is in
//! `pdf_import.rs`, with the PDF builder it needs.)

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::panic)]

use yusuan_import::limits::{Limit, Limits};
use yusuan_import::{import_file, import_file_with, ImportError};

const MIB: usize = 1024 * 1024;

/// One sentence of a narrative, with two amounts and a reason (63 bytes).
const SENTENCE: &str = "部门预算收入1234.56万元，比上年增加12.30万元，主要原因是人员增加。";

fn too_large(err: ImportError) -> yusuan_import::limits::Exceeded {
    match err {
        ImportError::TooLarge { exceeded, .. } => exceeded,
        other => panic!("not a limit: {other}"),
    }
}

/// `text` repeated to at least `bytes` bytes, on one line.
fn one_line(text: &str, bytes: usize) -> String {
    text.repeat(bytes.div_ceil(text.len()))
}

#[test]
fn a_100_mib_text_on_one_line_is_refused_at_once() {
    let text = one_line(SENTENCE, 100 * MIB);
    let started = std::time::Instant::now();
    let err = import_file("一行.txt", text.as_bytes()).unwrap_err();
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    let msg = err.to_string();
    // Chinese first: the file, what was found, the limit, the variable that raises it.
    assert!(
        msg.starts_with("一行.txt: 文本文件有 100.0 MiB，超过上限 8 MiB"),
        "{msg}"
    );
    assert!(msg.contains("YUSUAN_MAX_TEXT_MIB=101"), "{msg}");
    assert!(msg.contains("(the text file has"), "{msg}");
    let e = too_large(err);
    assert_eq!(e.limit, Limit::Text);
}

#[test]
fn a_text_within_a_raised_limit_is_read() {
    // The same refusal at a lower limit, and the text read once the limit is raised.
    let text = format!("一、部门收支总体情况\n{}\n", one_line(SENTENCE, 4096));
    let low = Limits {
        text_bytes: 1024,
        ..Limits::default()
    };
    let e = too_large(import_file_with("a.txt", text.as_bytes(), &with(low)).unwrap_err());
    assert_eq!((e.limit, e.max), (Limit::Text, 1024));
    let d = import_file_with("a.txt", text.as_bytes(), &with(Limits::default())).unwrap();
    assert!(
        d.narrative.facts.len() >= 4096 / SENTENCE.len(),
        "{}",
        d.narrative.facts.len()
    );
}

/// A paragraph of 1 MiB on one line (about 16,000 sentences, 50,000 figures): every statement is
/// read, each with its own line and a short text, and the check runs over them. Reading a
/// paragraph compared every figure with every change and reason in it, and every fact's text ran
/// to the end of a paragraph without delimiters: this took minutes (and gigabytes).
#[test]
fn one_line_of_a_mebibyte_is_read_in_proportion_to_its_length() {
    let text = one_line(SENTENCE, MIB);
    let sentences = text.len() / SENTENCE.len();
    let d = import_file("一行.txt", text.as_bytes()).unwrap();
    let stated = d
        .narrative
        .facts
        .iter()
        .filter(|f| f.amount.is_some())
        .count();
    assert_eq!(stated, sentences);
    assert!(d.narrative.facts.iter().all(|f| f.prov.line == Some(1)));
    let longest = d
        .narrative
        .facts
        .iter()
        .map(|f| f.text.chars().count())
        .max();
    assert!(longest.is_some_and(|n| n < 100), "{longest:?}");
    let findings = yusuan_check::check(&d, &yusuan_check::Config::default());
    assert!(findings.len() < 100, "{}", findings.len());
}

/// Figures with no delimiter between them: nothing ends a sentence or a clause.
#[test]
fn figures_without_any_delimiter_are_read_in_bounded_pieces() {
    let text = one_line("1.00元", 64 * 1024);
    let d = import_file("数字.txt", text.as_bytes()).unwrap();
    let n = d.narrative.facts.len();
    assert_eq!(n, text.len() / "1.00元".len());
    let longest = d
        .narrative
        .facts
        .iter()
        .map(|f| f.text.chars().count())
        .max()
        .unwrap_or(0);
    assert!(longest <= 2_000, "{longest}");
}

#[test]
fn a_200_mib_html_page_is_refused_at_once() {
    let mut html = String::with_capacity(200 * MIB + 64);
    html.push_str("<html><body><table><tr><td>");
    html.push_str(&one_line(
        "一般公共服务支出</td><td>1.00</td></tr><tr><td>",
        200 * MIB,
    ));
    html.push_str("</td></tr></table></body></html>");
    let started = std::time::Instant::now();
    let err = import_file("大.html", html.as_bytes()).unwrap_err();
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    let msg = err.to_string();
    assert!(
        msg.starts_with("大.html: HTML 文件有 200.0 MiB，超过上限 32 MiB"),
        "{msg}"
    );
    assert!(msg.contains("YUSUAN_MAX_HTML_MIB=201"), "{msg}");
    assert_eq!(too_large(err).limit, Limit::Html);
}

/// Import options with these limits (and the embedded catalogue).
fn with(limits: Limits) -> yusuan_import::Options<'static> {
    yusuan_import::Options {
        limits,
        ..yusuan_import::Options::default()
    }
}
