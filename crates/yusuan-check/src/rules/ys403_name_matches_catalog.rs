use crate::arith::row_name;
use crate::quantity::strip_numbering;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};
use yusuan_model::catalog::normalize_name;
use yusuan_model::{Code, Known, Level, Provenance, RowKind, Scheme, Side, TableKind};

declare_rule! {
    /// 科目名称与该年度科目目录一致。
    ///
    /// ## 检查什么
    /// Every coded row whose name differs from the catalogue's name for its code in the
    /// budget year (after ignoring spaces and bracket widths, and accepting the catalogue's
    /// known variants) is reported with the catalogue's name. The summary tables
    /// (部门收支总表, 财政拨款收支总表) print 类 lines by name without a code: a line whose name
    /// is close to, but not the same as, a 类 name is reported too. Codes the catalogue does
    /// not know are not findings — the catalogue is incomplete — but are listed once, as
    /// information, so they can be verified by hand.
    ///
    /// ## 为什么
    /// Names are defined by the year's 政府收支分类科目; a misspelt or outdated name makes
    /// the table contradict the classification and the other tables that print the right
    /// name, and it is what a reviewer marks first (科目名称前后不一致).
    ///
    /// ## 示例
    /// Fails: 表一 prints `一般公共预算服务支出` for 201 (the catalogue's name is
    /// `一般公共服务支出`). Passes: `一般公共服务支出`.
    pub NameMatchesCatalog, "YS403", "name-matches-catalog", Codes, Warning
}

/// Edit distance between two strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        let mut left = i + 1;
        cur.push(left);
        // `diag` is prev[j], `up` is prev[j + 1], `left` is cur[j].
        for ((cb, &diag), &up) in b.iter().zip(&prev).zip(prev.iter().skip(1)) {
            left = (diag + usize::from(ca != cb)).min(up + 1).min(left + 1);
            cur.push(left);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Close enough to be the same name misspelt: at most one edit per four characters (and at
/// least one), so `一般公共预算服务支出` is close to `一般公共服务支出` but `本年支出` is not
/// close to `教育支出`.
fn is_close(a: &str, b: &str) -> bool {
    let shorter = a.chars().count().min(b.chars().count());
    let d = distance(a, b);
    d > 0 && d <= (shorter / 4).max(1)
}

fn year_words(year: u16) -> (String, String) {
    if year == u16::MAX {
        ("科目目录".into(), "the catalogue".into())
    } else {
        (
            format!("{year} 年科目目录"),
            format!("the {year} catalogue"),
        )
    }
}

impl NameMatchesCatalog {
    fn coded_rows(cx: &Cx, out: &mut Vec<Finding>) {
        let (yzh, yen) = year_words(cx.year);
        let mut unknown: Vec<(&Code, String, &Provenance)> = Vec::new();
        for t in &cx.doc.tables {
            for r in t.coded_rows() {
                let Some(code) = &r.code else { continue };
                match &r.catalog {
                    Some(Known::NameDiffers { expected }) => {
                        let zh = format!(
                            "{}「{}」：科目名称与{}不一致，{} 应为「{}」",
                            t.display_name(),
                            row_name(r),
                            yzh,
                            code,
                            expected
                        );
                        let en = format!(
                            "{}: {} — the name differs from {}, which names {} \"{}\"",
                            t.display_name(),
                            row_name(r),
                            yen,
                            code,
                            expected
                        );
                        out.push(
                            Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&r.prov),
                        );
                    }
                    Some(Known::Unknown) if !unknown.iter().any(|(c, _, _)| *c == code) => {
                        unknown.push((code, r.label.clone(), &r.prov));
                    }
                    _ => {}
                }
            }
        }
        if unknown.is_empty() {
            return;
        }
        let list: Vec<String> = unknown.iter().map(|(c, l, _)| format!("{c} {l}")).collect();
        let zh = format!(
            "科目目录中没有以下 {} 个编码或其本年度的名称（目录不完整，名称未核对，请人工确认）：{}",
            list.len(),
            list.join("、")
        );
        let en = format!(
            "{} codes are not in the (incomplete) catalogue or not for the document's year, so their names were not verified: {}",
            list.len(),
            list.join(", ")
        );
        out.push(
            Finding::new(Self::INFO.code, Severity::Info, zh, en)
                .at_all(unknown.iter().map(|(_, _, p)| *p)),
        );
    }

    /// 类 lines of the summary tables, printed by name only.
    fn class_lines(cx: &Cx, out: &mut Vec<Finding>) {
        let classes = cx.catalog.all(Scheme::Function, Level::Class);
        let names = |e: &yusuan_model::catalog::CatalogEntry| -> Vec<String> {
            std::iter::once(&e.name)
                .chain(e.alt_names.iter())
                .map(|n| normalize_name(n))
                .collect()
        };
        let (yzh, yen) = year_words(cx.year);
        for t in &cx.doc.tables {
            if !matches!(
                t.kind,
                TableKind::DepartmentSummary | TableKind::FiscalSummary
            ) {
                continue;
            }
            for r in &t.rows {
                if r.code.is_some() || r.side != Side::Expenditure || r.kind == RowKind::Total {
                    continue;
                }
                let label = normalize_name(strip_numbering(&r.label));
                if label.is_empty() || classes.iter().any(|e| names(e).contains(&label)) {
                    continue;
                }
                let close = classes
                    .iter()
                    .find(|e| names(e).iter().any(|n| is_close(&label, n)));
                let Some(e) = close else { continue };
                // The name of the document's year: the old name in its years is right, and
                // before the catalogue knows the code's names nothing is certain.
                let expected =
                    match cx
                        .catalog
                        .check_name(Scheme::Function, &e.code, cx.year, &label)
                    {
                        Known::NameDiffers { expected } => expected,
                        Known::Match | Known::Unknown => continue,
                    };
                let zh = format!(
                    "{}「{}」：与{}的类级科目名称不一致，{} 应为「{}」",
                    t.display_name(),
                    r.label,
                    yzh,
                    e.code,
                    expected
                );
                let en = format!(
                    "{}: \"{}\" is not the name of a class in {}; {} is \"{}\"",
                    t.display_name(),
                    r.label,
                    yen,
                    e.code,
                    expected
                );
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&r.prov));
            }
        }
    }
}

impl Rule for NameMatchesCatalog {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        Self::coded_rows(cx, out);
        Self::class_lines(cx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, run, table};
    use yusuan_model::{ColumnKey, Region};

    fn summary(expenditure_line: &str) -> yusuan_model::Table {
        table(TableKind::FiscalSummary, 60)
            .number("表一")
            .side(Side::Expenditure)
            .columns(&[ColumnKey::Total])
            .row(RowKind::Heading, None, "一、本年支出", &["1,576.09"])
            .line(expenditure_line, &["1,570.09"])
            .line("公共安全支出", &["6.00"])
            .row(RowKind::Heading, None, "二、结转下年", &[""])
            .total(&["1,576.09"])
            .build()
    }

    #[test]
    fn wrong_names_fail() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GeneralBudgetExpenditure, 10)
                .coded("201", "一般公共预算服务支出", &["1.00"])
                .coded("20105", "统计信息事务", &["1.00"])
                .coded("2010507", "专项普查", &["1.00"])
                .marked(2025)
                .build(),
        );
        d.tables.push(summary("一般公共预算服务支出"));
        let f = run(&NameMatchesCatalog, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![11, 13, 62]);
        assert!(
            f[0].message.contains("「一般公共服务支出」"),
            "{}",
            f[0].message
        );
        assert!(
            f[1].message.contains("「专项普查活动」"),
            "{}",
            f[1].message
        );
        assert!(
            f[2].message.contains("201 应为「一般公共服务支出」"),
            "{}",
            f[2].message
        );
        assert!(f.iter().all(|f| f.severity == Severity::Warning));
    }

    #[test]
    fn right_names_pass_and_unknown_codes_are_listed_once() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GeneralBudgetExpenditure, 10)
                .coded("201", "一般公共服务支出", &["1.00"])
                .coded("2019998", "自编科目", &["1.00"])
                .marked(2025)
                .build(),
        );
        d.tables.push(
            table(TableKind::DepartmentExpenditure, 20)
                .coded("2019998", "自编科目", &["1.00"])
                .marked(2025)
                .build(),
        );
        d.tables.push(summary("一般公共服务支出"));
        let f = run(&NameMatchesCatalog, &d, Region::Chongqing);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(lines(&f), vec![12]);
        assert!(f[0].message.contains("2019998 自编科目"));
    }

    #[test]
    fn closeness() {
        assert!(is_close("一般公共预算服务支出", "一般公共服务支出"));
        assert!(is_close("社会保障与就业支出", "社会保障和就业支出"));
        assert!(!is_close("本年支出", "教育支出"));
        assert!(!is_close("教育支出", "教育支出"));
    }
}
