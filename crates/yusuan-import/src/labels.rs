//! What the label of a table line names, typed once here so that no later stage reads labels
//! again: the money an income line is (a source, 财政拨款 together, or all of this year's or of
//! last year's), whether it was carried forward, and the category of a 政府采购 line.

use crate::titles::squash;
use yusuan_model::{FundSource, Funding, ProcurementCategory, Row, RowKind, Side, TableKind};

/// The source of money a text names (`一般公共预算资金`, `事业单位经营收入`, a column header
/// `政府性基金预算拨款收入`), or 财政拨款 (the three fiscal budgets together). `text` is squashed
/// (no whitespace). The one ladder row labels and column headers are read with
/// ([`crate::columns::column_key`]).
pub fn funding_of(text: &str) -> Option<Funding> {
    let has = |k: &str| text.contains(k);
    let s = if has("一般公共预算") {
        FundSource::GeneralBudget
    } else if has("政府性基金") {
        FundSource::GovFund
    } else if has("国有资本经营") {
        FundSource::StateCapital
    } else if has("财政专户") {
        FundSource::SpecialAccount
    } else if has("经营收入") {
        FundSource::BusinessRevenue
    } else if has("事业收入") {
        FundSource::OperatingRevenue
    } else if has("上级补助") {
        FundSource::HigherSubsidy
    } else if has("附属单位") {
        FundSource::SubordinateRemittance
    } else if has("其他收入") {
        FundSource::OtherRevenue
    } else if has("财政拨款") {
        return Some(Funding::Fiscal);
    } else {
        return None;
    };
    Some(Funding::Source(s))
}

/// Type the lines of a table built from its grid: the income lines of a two-sided table
/// ([`type_income_lines`]) and the lines of a 政府采购 table ([`procurement_category`]).
pub fn type_lines(kind: TableKind, rows: &mut [Row]) {
    type_income_lines(rows);
    if kind == TableKind::Procurement {
        for r in rows.iter_mut() {
            r.procurement = procurement_category(&r.label);
        }
    }
}

/// The income side of a two-sided table, top to bottom: a line naming 上年结转 (or 年初结转)
/// starts the money carried forward, one naming 本年收入 this year's income again; each line
/// not a total gets the money it names ([`funding_of`]; [`Funding::All`] for those two headings
/// when they name no source) and whether it was carried forward.
pub fn type_income_lines(rows: &mut [Row]) {
    let mut carried = false;
    for r in rows
        .iter_mut()
        .filter(|r| r.side == Side::Income && r.kind != RowKind::Total)
    {
        let label = squash(&r.label);
        let carried_heading = label.contains("上年结转") || label.contains("年初结转");
        let this_year_heading = !carried_heading && label.contains("本年收入");
        if carried_heading {
            carried = true;
        } else if this_year_heading {
            carried = false;
        }
        r.carried_forward = carried;
        r.funding = if this_year_heading {
            Some(Funding::All)
        } else {
            funding_of(&label).or(carried_heading.then_some(Funding::All))
        };
    }
}

/// The 政府采购 category a line's label names: a word (`货物`, `一、工程类`, `C 服务`) in a
/// short label, or a category letter alone (`A`, `B`, `C`).
pub fn procurement_category(label: &str) -> Option<ProcurementCategory> {
    let l = squash(label);
    let stripped = l
        .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四、.．（）()ABCabc".contains(c))
        .trim_end_matches('类');
    if stripped.chars().count() <= 8 {
        let by_word = ProcurementCategory::ALL
            .into_iter()
            .find(|c| stripped.contains(c.label()));
        if by_word.is_some() {
            return by_word;
        }
    }
    match l.as_str() {
        "A" | "a" => Some(ProcurementCategory::Goods),
        "B" | "b" => Some(ProcurementCategory::Works),
        "C" | "c" => Some(ProcurementCategory::Services),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::Provenance;
    use FundSource as S;

    #[test]
    fn sources() {
        let f = |s: &str| funding_of(&squash(s));
        assert_eq!(
            f("事业单位经营收入资金"),
            Some(Funding::Source(S::BusinessRevenue))
        );
        assert_eq!(
            f("国有资本经营收入"),
            Some(Funding::Source(S::StateCapital))
        );
        assert_eq!(
            f("一般公共预算 资金"),
            Some(Funding::Source(S::GeneralBudget))
        );
        assert_eq!(f("一、财政拨款收入"), Some(Funding::Fiscal));
        assert_eq!(f("用事业基金弥补收支差额"), None);
    }

    fn row(kind: RowKind, side: Side, label: &str) -> Row {
        Row {
            kind,
            side,
            code: None,
            label: label.to_string(),
            cells: Vec::new(),
            prov: Provenance::default(),
            catalog: None,
            malformed_code: None,
            part: 0,
            funding: None,
            carried_forward: false,
            procurement: None,
        }
    }

    #[test]
    fn income_lines_under_their_headings() {
        use RowKind::*;
        let mut rows = vec![
            row(Heading, Side::Income, "一、本年收入"),
            row(Line, Side::Income, "一般公共预算资金"),
            row(Line, Side::Expenditure, "上年结转"),
            row(Heading, Side::Income, "二、上年结转"),
            row(Line, Side::Income, "1. 政府性基金预算资金"),
            row(Line, Side::Income, "上年结转（事业收入）"),
            row(Total, Side::Income, "本年收入合计"),
            row(Line, Side::Income, "用事业基金弥补收支差额"),
            row(Line, Side::Income, "三、本年收入 其他收入"),
            row(Line, Side::Income, "其他收入"),
        ];
        type_income_lines(&mut rows);
        let got: Vec<(Option<Funding>, bool)> = rows
            .iter()
            .map(|r| (r.funding, r.carried_forward))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(Funding::All), false),
                (Some(Funding::Source(S::GeneralBudget)), false),
                // The expenditure side is not typed.
                (None, false),
                (Some(Funding::All), true),
                (Some(Funding::Source(S::GovFund)), true),
                (Some(Funding::Source(S::OperatingRevenue)), true),
                // Nor is a total.
                (None, false),
                (None, true),
                (Some(Funding::All), false),
                (Some(Funding::Source(S::OtherRevenue)), false),
            ]
        );
    }

    #[test]
    fn procurement_categories() {
        use ProcurementCategory::*;
        assert_eq!(procurement_category("C 服务"), Some(Services));
        assert_eq!(procurement_category("一、货物类"), Some(Goods));
        assert_eq!(procurement_category("B"), Some(Works));
        assert_eq!(procurement_category("工程"), Some(Works));
        assert_eq!(procurement_category("合计"), None);
        // A long label that mentions a category is no category.
        assert_eq!(
            procurement_category("用于购买社区公共服务的政府采购项目"),
            None
        );
    }
}
