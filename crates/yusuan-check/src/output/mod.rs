//! Report formats: readable text grouped by table, JSON, SARIF 2.1.0 and CSV.

mod sarif;
mod text;

pub use sarif::sarif;
pub use text::text;

use crate::{FileReport, Finding, Severity, Summary};

/// Message language.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Finding {
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message,
            Lang::En => &self.message_en,
        }
    }
}

pub fn summarize(reports: &[FileReport]) -> Summary {
    let mut s = Summary {
        files: reports.len(),
        ..Default::default()
    };
    for r in reports {
        if r.error.is_some() {
            s.unreadable += 1;
        }
        s.errors += r.count(Severity::Error);
        s.warnings += r.count(Severity::Warning);
        s.infos += r.count(Severity::Info);
    }
    s
}

/// `{"findings":[…],"files":[…],"summary":{…}}`; lines and pages are 1-based.
pub fn json(reports: &[FileReport], lang: Lang) -> String {
    render(reports, Format::Json, lang)
}

/// One row per finding: rule, severity, file, page, line, table, row, column, expected, actual,
/// difference, message; headers and severities in the report's language. A UTF-8 byte-order
/// mark first, so that Excel (which reviewers open it in) reads the Chinese as UTF-8.
pub fn csv(reports: &[FileReport], lang: Lang) -> String {
    render(reports, Format::Csv, lang)
}

/// The reports in one format, in memory (a [`ReportWriter`] into a buffer).
fn render(reports: &[FileReport], format: Format, lang: Lang) -> String {
    let mut w = match ReportWriter::new(Vec::new(), format, lang) {
        Ok(w) => w,
        Err(_) => return String::new(),
    };
    for r in reports {
        if w.file(r).is_err() {
            return String::new();
        }
    }
    w.finish()
        .map(|(b, _)| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// A report format.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// Readable text grouped by file and table; `color`: with terminal colours.
    Text {
        color: bool,
    },
    Json,
    /// SARIF 2.1.0
    Sarif,
    Csv,
}

/// A report written as each file's findings come (`yusuan check` streams: memory stays flat
/// whatever the number of files). The formats' opening is written at once, each file's
/// findings as [`ReportWriter::file`] is given them, the totals at [`ReportWriter::finish`].
/// JSON and SARIF are written pretty-printed, each finding as `serde_json` prints it.
pub struct ReportWriter<W: std::io::Write> {
    out: W,
    format: Format,
    lang: Lang,
    summary: Summary,
    /// Files read, the parts of a disclosure counted (the text total says both).
    parts: usize,
    /// Any finding written yet (JSON and SARIF separate them with commas).
    any: bool,
    /// JSON: each file's entry, written after the findings (a few fields a file).
    files: Vec<serde_json::Value>,
}

const CSV_HEADER_ZH: [&str; 12] = [
    "规则",
    "级别",
    "文件",
    "页",
    "行",
    "表",
    "行项目",
    "列",
    "应为",
    "实为",
    "差额",
    "说明",
];
const CSV_HEADER_EN: [&str; 12] = [
    "rule",
    "severity",
    "file",
    "page",
    "line",
    "table",
    "row",
    "column",
    "expected",
    "actual",
    "difference",
    "message",
];

impl<W: std::io::Write> ReportWriter<W> {
    /// Start a report: the format's opening is written.
    pub fn new(mut out: W, format: Format, lang: Lang) -> std::io::Result<Self> {
        match format {
            Format::Text { .. } => {}
            Format::Json => out.write_all(b"{\n  \"findings\": [")?,
            Format::Sarif => out.write_all(
                b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \
                  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"results\": [",
            )?,
            Format::Csv => {
                out.write_all("\u{feff}".as_bytes())?;
                let header = if lang == Lang::Zh {
                    CSV_HEADER_ZH
                } else {
                    CSV_HEADER_EN
                };
                out.write_all(&csv_record(&header))?;
            }
        }
        Ok(ReportWriter {
            out,
            format,
            lang,
            summary: Summary::default(),
            parts: 0,
            any: false,
            files: Vec::new(),
        })
    }

    /// One file's (or one disclosure's) findings.
    pub fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        self.summary.files += 1;
        if r.error.is_some() {
            self.summary.unreadable += 1;
        }
        self.summary.errors += r.count(Severity::Error);
        self.summary.warnings += r.count(Severity::Warning);
        self.summary.infos += r.count(Severity::Info);
        self.parts += r.parts.len().max(1);
        let lang = self.lang;
        match self.format {
            Format::Text { color } => {
                let mut s = String::new();
                text::file(&mut s, r, lang, color);
                self.out.write_all(s.as_bytes())?;
            }
            Format::Json => {
                for f in &r.findings {
                    self.element(&finding_json(f, lang), 4)?;
                }
                self.files.push(file_json(r));
            }
            Format::Sarif => {
                for f in &r.findings {
                    self.element(&sarif::result(f, lang), 8)?;
                }
            }
            Format::Csv => {
                for row in csv_rows(r, lang) {
                    self.out.write_all(&csv_record(&row))?;
                }
            }
        }
        Ok(())
    }

    /// One element of the JSON array being written, pretty-printed at `indent` spaces.
    fn element(&mut self, v: &serde_json::Value, indent: usize) -> std::io::Result<()> {
        let sep = if self.any { "," } else { "" };
        self.any = true;
        let pad = " ".repeat(indent);
        let pretty = serde_json::to_string_pretty(v).unwrap_or_default();
        write!(self.out, "{sep}\n{pad}")?;
        self.out
            .write_all(pretty.replace('\n', &format!("\n{pad}")).as_bytes())
    }

    /// Close the report (the totals, the JSON files list, SARIF's tool): the writer and the
    /// counts.
    pub fn finish(mut self) -> std::io::Result<(W, Summary)> {
        let close = |any: bool, pad: &str| {
            if any {
                format!("\n{pad}]")
            } else {
                "]".to_string()
            }
        };
        match self.format {
            Format::Text { color } => {
                if self.summary.files > 1 {
                    let mut s = String::new();
                    text::total(&mut s, &self.summary, self.parts, self.lang, color);
                    self.out.write_all(s.as_bytes())?;
                }
            }
            Format::Json => {
                let files = std::mem::take(&mut self.files);
                let tail = serde_json::json!({ "files": files, "summary": self.summary });
                let tail = serde_json::to_string_pretty(&tail).unwrap_or_default();
                // `{\n  "files": …}` continued after the findings.
                let rest = tail.strip_prefix('{').unwrap_or(&tail);
                writeln!(self.out, "{},{rest}", close(self.any, "  "))?;
            }
            Format::Sarif => {
                let tool = serde_json::to_string_pretty(&sarif::tool()).unwrap_or_default();
                write!(
                    self.out,
                    "{},\n      \"tool\": {}\n    }}\n  ]\n}}\n",
                    close(self.any, "      "),
                    tool.replace('\n', "\n      ")
                )?;
            }
            Format::Csv => {}
        }
        self.out.flush()?;
        Ok((self.out, self.summary))
    }
}

/// One finding as the JSON report gives it.
fn finding_json(f: &Finding, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message_in(lang),
        "message_zh": f.message,
        "message_en": f.message_en,
        "locations": f.locations.iter().map(|p| serde_json::json!({
            "file": &*p.file,
            "page": p.page,
            "line": p.line,
            "place": p.place,
            "table": p.table.as_deref(),
            "row": p.row,
            "column": p.column,
        })).collect::<Vec<_>>(),
        "expected": f.expected,
        "actual": f.actual,
        "difference": f.difference,
        "rounding": f.rounding,
    })
}

/// One file's entry in the JSON report's `files`.
fn file_json(r: &FileReport) -> serde_json::Value {
    serde_json::json!({
        "file": r.file, "unit": r.unit, "year": r.year, "error": r.error,
        "profile": r.profile, "parts": r.parts,
        "errors": r.count(Severity::Error), "warnings": r.count(Severity::Warning), "infos": r.count(Severity::Info),
    })
}

/// One CSV record, quoted as the csv crate quotes.
fn csv_record(fields: &[impl AsRef<[u8]>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing into memory fails only on a broken record shape, which fixed-width rows rule out.
    let _ = w.write_record(fields);
    w.into_inner().unwrap_or_default()
}

/// A file's CSV rows: its reading error, then one per finding.
fn csv_rows(r: &FileReport, lang: Lang) -> Vec<[String; 12]> {
    let zh = matches!(lang, Lang::Zh);
    let severity = |s: crate::Severity| if zh { s.label() } else { s.label_en() };
    let mut rows: Vec<[String; 12]> = Vec::new();
    if let Some(e) = &r.error {
        let mut row: [String; 12] = Default::default();
        row[1] = severity(crate::Severity::Error).to_string();
        row[2] = r.file.clone();
        row[11] = e.clone();
        rows.push(row);
    }
    for f in &r.findings {
        let money =
            |m: &Option<crate::Money>| m.as_ref().map(|m| m.shown.clone()).unwrap_or_default();
        let first = f.primary();
        let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        let text = |v: Option<&str>| v.unwrap_or("").to_string();
        rows.push([
            f.rule.to_string(),
            severity(f.severity).to_string(),
            first
                .map(|p| p.file.to_string())
                .unwrap_or_else(|| r.file.clone()),
            opt(first.and_then(|p| p.page)),
            opt(first.and_then(|p| p.line)),
            text(first.and_then(|p| p.table.as_deref())),
            text(first.and_then(|p| p.row.as_deref())),
            text(first.and_then(|p| p.column.as_deref())),
            money(&f.expected),
            money(&f.actual),
            money(&f.difference),
            f.message_in(lang).to_string(),
        ]);
    }
    rows
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use yusuan_model::provenance::Provenance;

    fn reports() -> Vec<FileReport> {
        let mut f = Finding::new("YS101", Severity::Error, "消息，\"引号\"", "message");
        let file: std::sync::Arc<str> = "a.pdf".into();
        f.locations = vec![Provenance::at_line(&file, 3, Some(2))];
        let w = Finding::new("YS503", Severity::Warning, "编号", "numbering");
        vec![
            FileReport {
                file: "a.pdf".into(),
                findings: vec![f, w],
                ..FileReport::default()
            },
            FileReport {
                file: "empty.pdf".into(),
                ..FileReport::default()
            },
            FileReport {
                file: "b.pdf".into(),
                error: Some("损坏".into()),
                ..FileReport::default()
            },
        ]
    }

    /// The streamed JSON and SARIF are whole documents holding every finding, file and count,
    /// with or without findings.
    #[test]
    fn streamed_json_and_sarif_are_whole_documents() {
        let all = reports();
        let v: serde_json::Value = serde_json::from_str(&json(&all, Lang::Zh)).unwrap();
        assert_eq!(v["findings"].as_array().unwrap().len(), 2);
        assert_eq!(v["findings"][0]["message"], "消息，\"引号\"");
        assert_eq!(v["findings"][0]["locations"][0]["page"], 2);
        assert_eq!(v["files"].as_array().unwrap().len(), 3);
        assert_eq!(v["files"][2]["error"], "损坏");
        assert_eq!(v["summary"]["errors"], 1);
        assert_eq!(v["summary"]["warnings"], 1);
        assert_eq!(v["summary"]["unreadable"], 1);
        let none: serde_json::Value = serde_json::from_str(&json(&all[1..2], Lang::En)).unwrap();
        assert_eq!(none["findings"], serde_json::json!([]));
        assert_eq!(none["summary"]["files"], 1);

        let s: serde_json::Value = serde_json::from_str(&sarif(&all, Lang::En)).unwrap();
        assert_eq!(s["version"], "2.1.0");
        let results = s["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        assert_eq!(results[0]["ruleId"], "YS101");
        assert_eq!(results[0]["message"]["text"], "message");
        assert!(
            s["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len()
                > 30
        );
        let s: serde_json::Value = serde_json::from_str(&sarif(&[], Lang::En)).unwrap();
        assert_eq!(s["runs"][0]["results"], serde_json::json!([]));
    }

    /// CSV: the byte-order mark and header once, a row per finding and per unreadable file.
    #[test]
    fn streamed_csv_has_one_header_and_a_row_each() {
        let out = csv(&reports(), Lang::Zh);
        assert!(out.starts_with("\u{feff}规则,级别,文件"));
        let mut r = ::csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<::csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][11], "消息，\"引号\"");
        assert_eq!(&rows[2][11], "损坏");
    }
}
