//! Recognising tables by their titles, whatever their position or number in the document.
//!
//! What a title *looks* like (a short line that ends in 表, not a sentence, not a contents
//! line, its number) is read here; what it *says* (which family its words name) is data of the
//! profile crate (`yusuan_profile::titles`, `data/titles.toml`), shared by every kind of
//! disclosure.

pub use yusuan_profile::TitleKind;

pub use yusuan_model::text::squash;

/// The part of a title that must end in 表: a trailing qualifier in brackets is set aside
/// (`财政拨款支出预算表（功能科目）`, `…绩效目标表（一级项目）`, `“三公”经费…支出预算表（一般公共
/// 预算）`), and so is `（续）`.
fn title_core(t: &str) -> &str {
    let mut core = t;
    // At most two qualifiers: `…表（功能科目）（续）`.
    for _ in 0..2 {
        let Some(inner) = core.strip_suffix([')', '）']) else {
            break;
        };
        let Some((before, _)) = inner.rsplit_once(['(', '（']) else {
            break;
        };
        if before.ends_with('表') || before.ends_with(['）', ')']) {
            core = before;
        } else {
            break;
        }
    }
    core
}

/// Classify a line as a table title. Contents lines (`…… 3`), sentences and long lines are not
/// titles. Accepts a leading table number (`表一 财政拨款收支总表`, `1. 2025年…`, `公开01表…`).
pub fn classify_title(line: &str) -> Option<TitleKind> {
    let t = squash(line);
    // Contents lines have leaders (`……`, `·····`, `....`) before a page number.
    if t.is_empty()
        || t.chars().count() > 48
        || t.contains('…')
        || t.contains("...")
        || t.contains("··")
        || t.contains("．．")
    {
        return None;
    }
    // A sentence is not a title.
    if t.contains('，') || t.contains('。') || t.contains('；') || t.contains(',') {
        return None;
    }
    let t = strip_number(&t).1;
    if t.starts_with("详见") || t.starts_with('见') {
        return None;
    }
    let core = title_core(t);
    if !core.ends_with('表') {
        return None;
    }
    yusuan_profile::classify_words(core)
}

/// Split a leading number off a title: `表一财政拨款收支总表` → (`表一`, `财政拨款收支总表`),
/// `4．2025年部门…` → (`4`, `2025年部门…`).
pub fn strip_number(t: &str) -> (Option<String>, &str) {
    // `公开01表收支预算总表` (the national template's numbering).
    if let Some(rest) = t.strip_prefix("公开") {
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            let after_digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            if let Some(r) = after_digits.strip_prefix('表') {
                return (
                    Some(format!("公开{digits}表")),
                    r.trim_start_matches(['：', ':', '、', '-']),
                );
            }
        }
    }
    // `公开表一收支预算总表`, `附表3…`: the prefix names the set, the number follows 表.
    let (prefix, bare) = match ["公开", "附"]
        .into_iter()
        .find_map(|p| t.strip_prefix(p).map(|r| (p, r)))
    {
        Some((p, r)) if r.starts_with('表') => (p, r),
        _ => ("", t),
    };
    if let Some(rest) = bare.strip_prefix('表') {
        // A number is written in Chinese numerals (表十二) or in digits (表3), never both: in
        // `表一2025年…` the 2025 is the title's year.
        let mut n: String = rest.chars().take_while(|c| is_cn_digit(*c)).collect();
        if n.is_empty() {
            n = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        }
        // `表二一般公共预算…` (label and title run together once spaces are removed): the 一 of
        // 一般 belongs to the title, not to the number.
        // `n` is the start of `rest`.
        let after = |n: &str| rest.strip_prefix(n).unwrap_or(rest);
        if n.ends_with('一') && after(&n).starts_with('般') {
            n.pop();
        }
        if !n.is_empty() {
            return (
                Some(format!("{prefix}表{n}")),
                after(&n).trim_start_matches(['：', ':', '、', '-']),
            );
        }
    }
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let after_digits = t.trim_start_matches(|c: char| c.is_ascii_digit());
    if !digits.is_empty() && digits.len() <= 2 {
        if let Some(r) = after_digits.strip_prefix(['.', '．', '、']) {
            return (Some(digits), r);
        }
    }
    // `1 2025年部门财务收支预算总表` with its spaces removed: a number of one or two digits
    // run into the title's year.
    for k in 1..=2 {
        let (n, rest) = (&digits.get(..k), digits.get(k..));
        if let (Some(n), Some(year)) = (n, rest) {
            if year.len() == 4 && after_digits.starts_with('年') {
                return (Some(n.to_string()), t.strip_prefix(n).unwrap_or(t));
            }
        }
    }
    (None, t)
}

pub fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '零'
    )
}

/// A line that is only a table label: `表一`, `表十二`, `表 3`, `公开01表`.
/// Also `公开表一` and `附表3`: a prefix naming the set a table belongs to.
pub fn table_label(line: &str) -> Option<String> {
    let t = squash(line);
    if let Some(n) = t.strip_prefix("公开").and_then(|r| r.strip_suffix('表')) {
        return (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then_some(t);
    }
    let bare = t
        .strip_prefix("公开")
        .or_else(|| t.strip_prefix('附'))
        .unwrap_or(&t);
    let rest = bare.strip_prefix('表')?;
    if !rest.is_empty() && rest.chars().all(|c| is_cn_digit(c) || c.is_ascii_digit()) {
        Some(t)
    } else {
        None
    }
}

/// Chinese numeral (一 … 九十九) to a number.
pub fn cn_number(s: &str) -> Option<u32> {
    let d = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .map(|v| v as u32)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [] => None,
        [a] if *a == '十' => Some(10),
        [a] => d(*a),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => s.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{PerformanceKind, TableKind};

    #[test]
    fn squash_removes_every_kind_of_space() {
        let naive = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        for s in [
            "",
            "   ",
            "部 门 收 支 总 表",
            "\u{c}  表一\t财政拨款\u{3000}收支总表  ",
            "a\u{a0}b\u{2003}c\r\nd",
            "一般公共预算",
        ] {
            assert_eq!(squash(s), naive(s), "{s:?}");
        }
        assert_eq!(squash(" 部 门\u{3000}收支 "), "部门收支");
    }

    #[test]
    fn titles_of_both_regions() {
        use TableKind::*;
        let t = |s| classify_title(s);
        assert_eq!(t("财政拨款收支总表"), Some(TitleKind::Table(FiscalSummary)));
        assert_eq!(
            t("一般公共预算财政拨款支出预算表"),
            Some(TitleKind::Table(GeneralBudgetExpenditure))
        );
        assert_eq!(
            t("一般公共预算财政拨款基本支出预算表"),
            Some(TitleKind::Table(GeneralBudgetBasicEconomic))
        );
        assert_eq!(
            t("一般公共预算“三公”经费支出表"),
            Some(TitleKind::Table(ThreePublic))
        );
        assert_eq!(t("部门收支总表"), Some(TitleKind::Table(DepartmentSummary)));
        assert_eq!(
            t("  2025年部门财务收支预算总表"),
            Some(TitleKind::Table(DepartmentSummary))
        );
        assert_eq!(
            t("2025年部门收入预算总表"),
            Some(TitleKind::Table(DepartmentIncome))
        );
        assert_eq!(
            t("2025年部门支出预算总表"),
            Some(TitleKind::Table(DepartmentExpenditure))
        );
        assert_eq!(
            t("2025年部门财政拨款收支预算总表"),
            Some(TitleKind::Table(FiscalSummary))
        );
        assert_eq!(
            t("2025年部门一般公共预算支出功能分类预算表"),
            Some(TitleKind::Table(GeneralBudgetExpenditure))
        );
        assert_eq!(
            t("2025年部门一般公共预算基本支出部门预算经济分类预算表"),
            Some(TitleKind::Table(GeneralBudgetBasicEconomic))
        );
        assert_eq!(
            t("2025年部门“三公”经费和机关运行经费预算表"),
            Some(TitleKind::Table(ThreePublic))
        );
        assert_eq!(
            t("2025年部门国有资本经营预算支出功能分类预算表"),
            Some(TitleKind::Table(StateCapitalExpenditure))
        );
        assert_eq!(
            t("2025年一般性项目绩效目标表（一级项目）"),
            Some(TitleKind::Performance(PerformanceKind::Project))
        );
        assert_eq!(
            t("2025年重点专项资金绩效目标表（一级项目）"),
            Some(TitleKind::Performance(PerformanceKind::KeyProject))
        );
        assert_eq!(
            t("部门（单位）整体绩效目标表"),
            Some(TitleKind::Performance(PerformanceKind::Overall))
        );
        assert_eq!(t("  1. 2025年部门财务收支预算总表   ……………………"), None);
        assert_eq!(t("表二 一般公共预算财政拨款支出预算表 ·········· 12"), None);
        assert_eq!(t("详见单位的项目绩效目标表"), None);
        // The national template: qualifiers after 表, 公开NN表 numbers.
        assert_eq!(
            t("财政拨款支出预算表（功能科目）"),
            Some(TitleKind::Table(FiscalExpenditure))
        );
        assert_eq!(
            t("一般公共预算基本支出预算表(经济科目)"),
            Some(TitleKind::Table(GeneralBudgetBasicEconomic))
        );
        assert_eq!(
            t("“三公”经费、会议费、培训费支出预算表（一般公共预算）"),
            Some(TitleKind::Table(ThreePublic))
        );
        assert_eq!(
            t("公开11表 一般公共预算机关运行经费支出预算表"),
            Some(TitleKind::Table(AdminCost))
        );
        assert_eq!(
            t("财政拨款收入支出决算总表"),
            Some(TitleKind::Table(FinalFiscalSummary))
        );
        assert_eq!(t("收支预算总表（说明）x"), None);
        assert_eq!(t("一般公共预算支出预算情况说明"), None);
        assert_eq!(t("收入预算：2025 年年初预算数 3636.80 万元，其中"), None);
    }

    #[test]
    fn labels_and_numbers() {
        assert_eq!(
            strip_number("表一2025年财政拨款收支总表"),
            (Some("表一".into()), "2025年财政拨款收支总表")
        );
        assert_eq!(strip_number("表3部门收支总表").0.as_deref(), Some("表3"));
        assert_eq!(
            strip_number("表二一般公共预算财政拨款支出预算表"),
            (Some("表二".into()), "一般公共预算财政拨款支出预算表")
        );
        assert_eq!(
            classify_title("表二 一般公共预算财政拨款支出预算表"),
            Some(TitleKind::Table(TableKind::GeneralBudgetExpenditure))
        );
        assert_eq!(table_label("表十二").as_deref(), Some("表十二"));
        assert_eq!(table_label("表十二 x"), None);
        assert_eq!(table_label("公开 01 表").as_deref(), Some("公开01表"));
        assert_eq!(table_label("公开表"), None);
        assert_eq!(table_label("公开表一").as_deref(), Some("公开表一"));
        assert_eq!(table_label("附表 3").as_deref(), Some("附表3"));
        assert_eq!(table_label("附表"), None);
        assert_eq!(
            strip_number("公开表五财政拨款支出预算表"),
            (Some("公开表五".into()), "财政拨款支出预算表")
        );
        assert_eq!(
            strip_number("公开05表财政拨款支出预算表"),
            (Some("公开05表".into()), "财政拨款支出预算表")
        );
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("二十一"), Some(21));
        assert_eq!(
            strip_number("表一财政拨款收支总表"),
            (Some("表一".into()), "财政拨款收支总表")
        );
        assert_eq!(
            strip_number("4．2025年部门财政拨款收支预算总表")
                .0
                .as_deref(),
            Some("4")
        );
        // `1 2025年…` squashed: the number runs into the year.
        assert_eq!(
            strip_number("12025年部门财务收支预算总表"),
            (Some("1".into()), "2025年部门财务收支预算总表")
        );
        assert_eq!(
            strip_number("102025年部门收入预算总表"),
            (Some("10".into()), "2025年部门收入预算总表")
        );
        assert_eq!(strip_number("2025年部门收入预算总表").0, None);
    }
}
