use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};
use yusuan_model::{DiagnosticSeverity, Provenance};

declare_rule! {
    /// 导入时发现的问题（非数字的金额、多出的单元格、未能识别的内容）逐条报告。
    ///
    /// ## 检查什么
    /// Every problem the importer recorded while reading the document becomes a finding with
    /// the importer's severity (an error stays an error, a warning a warning): a cell that
    /// should be an amount but is not a number, a row with more cells than the table has
    /// columns, a table without a stated money unit. Every line the importer could not
    /// understand is reported as a warning (内容未能识别，可能漏检), with its text.
    ///
    /// ## 为什么
    /// A value the importer could not read is a value no other rule can check: a table that
    /// "passes" may only pass because a broken cell was left out. Reporting every such place
    /// makes sure nothing is dropped silently.
    ///
    /// ## 示例
    /// Fails: a 表二 cell printed `1,57O.09` (letter O) — "应为金额，实为「1,57O.09」"; a
    /// narrative line the importer did not recognise. Passes: every cell is a number or blank
    /// and every line was read or deliberately skipped (page numbers, running headers).
    pub ImportProblems, "YS001", "import-problems", Completeness, Error
}

/// Split an importer message `中文 (english)` into its two halves; a message without an
/// English part is used for both.
fn bilingual(message: &str) -> (String, String) {
    let m = message.trim();
    if let Some(body) = m.strip_suffix(')') {
        let at = body.rfind(" (").or_else(|| body.rfind('('));
        if let Some((zh, en)) = at.and_then(|i| body.split_at_checked(i)) {
            let en = en.trim_start_matches([' ', '(']).trim();
            let zh = zh.trim();
            if !en.is_empty() && !zh.is_empty() && en.is_ascii() {
                return (zh.to_string(), en.to_string());
            }
        }
    }
    (m.to_string(), m.to_string())
}

fn severity(s: DiagnosticSeverity) -> Severity {
    match s {
        DiagnosticSeverity::Error => Severity::Error,
        DiagnosticSeverity::Warning => Severity::Warning,
        DiagnosticSeverity::Info => Severity::Info,
    }
}

/// At most this many characters of an unrecognised line are quoted in a message.
const QUOTE: usize = 60;

fn quote(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > QUOTE {
        let head: String = t.chars().take(QUOTE).collect();
        format!("{head}…")
    } else {
        t.to_string()
    }
}

impl Rule for ImportProblems {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for d in &cx.doc.diagnostics {
            let (zh, en) = bilingual(&d.message);
            let zh = format!("导入问题：{zh}");
            let en = format!("import problem: {en}");
            out.push(Finding::new(Self::INFO.code, severity(d.severity), zh, en).at(&d.prov));
        }
        for u in &cx.doc.coverage.unexplained {
            let prov = Provenance::at_line(&cx.doc.source.file, u.line, u.page);
            let (reason_zh, reason_en) = bilingual(&u.reason);
            let zh = format!(
                "内容未能识别，可能漏检：「{}」（{}）",
                quote(&u.text),
                reason_zh
            );
            let en = format!(
                "line not understood, checks may miss it: \"{}\" ({})",
                quote(&u.text),
                reason_en
            );
            out.push(Finding::new(Self::INFO.code, Severity::Warning, zh, en).at(&prov));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{diagnostic, doc, lines, run, unexplained};
    use yusuan_model::Region;

    #[test]
    fn diagnostics_keep_their_severity_and_lines_are_reported() {
        let mut d = doc();
        d.diagnostics.push(diagnostic(
            DiagnosticSeverity::Error,
            "应为金额，实为「1,57O.09」(not an amount)",
            99,
        ));
        d.diagnostics.push(diagnostic(
            DiagnosticSeverity::Warning,
            "多出的单元格「x」(extra cells)",
            120,
        ));
        d.coverage
            .unexplained
            .push(unexplained(7, "一段没有读懂的话"));
        let f = run(&ImportProblems, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![99, 120, 7]);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].message, "导入问题：应为金额，实为「1,57O.09」");
        assert_eq!(f[0].message_en, "import problem: not an amount");
        assert_eq!(f[1].severity, Severity::Warning);
        assert_eq!(f[2].severity, Severity::Warning);
        assert!(f[2].message.contains("可能漏检") && f[2].message.contains("一段没有读懂的话"));
    }

    #[test]
    fn a_clean_import_has_no_findings() {
        assert!(run(&ImportProblems, &doc(), Region::Chongqing).is_empty());
    }

    #[test]
    fn splits_bilingual_messages() {
        assert_eq!(
            bilingual("未注明金额单位，按万元读取 (no unit stated)"),
            ("未注明金额单位，按万元读取".into(), "no unit stated".into())
        );
        assert_eq!(
            bilingual("只有中文（说明）"),
            ("只有中文（说明）".into(), "只有中文（说明）".into())
        );
    }
}
