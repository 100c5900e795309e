//! The region's tables, every cell a sum of rounded leaves.

use crate::context::Ctx;
use crate::index::{Part, Sources};
use crate::report::{BuildNote, NoteKind};
use crate::text::chinese;
use crate::values::{Fam, Spec};
use std::sync::Arc;
use yusuan_model::{
    table_name, Cell, Code, Column, ColumnKey, FundSource, Funding, Note, ProcurementCategory,
    Provenance, Row, RowKind, Scheme, Side, Table, TableKind,
};
use yusuan_profile::Style;

/// A table's head: kind, printed number, name (the year is prefixed), zero style.
struct Head<'t> {
    kind: TableKind,
    number: Option<&'t str>,
    name: &'t str,
    /// Zero amounts print blank (重庆) rather than `0` (上海's coded tables).
    zero_blank: bool,
    three: bool,
}

/// A column of an expenditure table: which sources and which part.
struct ExpCol {
    key: ColumnKey,
    label: String,
    sel: Sources,
    part: Part,
}

fn ec(key: ColumnKey, label: &str, sel: Sources, part: Part) -> ExpCol {
    ExpCol {
        key,
        label: label.to_string(),
        sel,
        part,
    }
}

fn column(key: ColumnKey, label: &str, side: Side) -> Column {
    Column {
        figure: None,
        key,
        label: label.to_string(),
        side,
        year: None,
        part: 0,
    }
}

/// A table being built.
struct Tb {
    t: Table,
    name: Arc<str>,
    zero_blank: bool,
}

impl Tb {
    fn new(cx: &Ctx, h: Head, columns: Vec<Column>) -> Tb {
        let title = format!("{}年{}", cx.year(), h.name);
        let name = table_name(h.number, &title);
        let unit = if h.three {
            cx.layout.three.0
        } else {
            cx.layout.main.0
        };
        Tb {
            t: Table {
                kind: h.kind,
                number: h.number.map(str::to_string),
                title,
                unit: Some(unit),
                compiler: cx.compiler(),
                columns,
                rows: Vec::new(),
                notes: Vec::new(),
                empty_note: None,
                prov: Provenance::new(&cx.gen).with_table(&name),
                end_line: 0,
                doubt: None,
            },
            name,
            zero_blank: h.zero_blank,
        }
    }

    fn prov(&self, cx: &Ctx, base: Option<&Provenance>, row: &str) -> Provenance {
        let mut p = base
            .cloned()
            .unwrap_or_else(|| Provenance::new(&cx.gen))
            .with_table(&self.name);
        p.row = Some(row.to_string());
        p.column = None;
        p
    }

    /// A cell holding a spec's shown value.
    fn cell(&self, cx: &mut Ctx, col: usize, spec: &Spec, row_prov: &Provenance) -> Cell {
        let c = self.t.columns.get(col);
        let key = c.map(|c| c.key).unwrap_or(ColumnKey::Amount);
        let label = c.map(|c| c.label.clone()).unwrap_or_default();
        let a = cx.amount(spec);
        let amount = if a.fen.is_zero() && self.zero_blank {
            None
        } else {
            Some(a)
        };
        Cell {
            column: key,
            col,
            amount,
            text: amount.map(|a| a.shown()).unwrap_or_default(),
            prov: row_prov.clone().with_column(label),
            doubtful: false,
        }
    }

    /// A cell with nothing in it (a column the budget has no figure for).
    fn blank(&self, col: usize, row_prov: &Provenance) -> Cell {
        let c = self.t.columns.get(col);
        Cell {
            column: c.map(|c| c.key).unwrap_or(ColumnKey::Amount),
            col,
            amount: None,
            text: String::new(),
            prov: row_prov
                .clone()
                .with_column(c.map(|c| c.label.clone()).unwrap_or_default()),
            doubtful: false,
        }
    }

    fn done(self) -> Table {
        self.t
    }
}

fn catalog_mark(cx: &Ctx, code: &Code, label: &str, scheme: Scheme) -> Option<yusuan_model::Known> {
    Some(cx.ix.cat.check_name(scheme, code, cx.year(), label))
}

/// A 功能分类 table: a 合计 row and one row per code of the selected lines, each column the
/// lines of its sources and part under the row's code.
fn exp_table(
    cx: &mut Ctx,
    h: Head,
    line_sel: Sources,
    zero_rows: bool,
    cols: Vec<ExpCol>,
    total_last: bool,
) -> Tb {
    let columns: Vec<Column> = cols
        .iter()
        .map(|c| column(c.key, &c.label, Side::Single))
        .collect();
    let mut tb = Tb::new(cx, h, columns);
    let mut lines = cx.ix.lines(line_sel);
    if !zero_rows {
        lines.retain(|&i| cx.ix.any_money(&[i]));
    }
    let ix = cx.ix;
    let in_cols = |under: &[usize], c: &ExpCol| -> Vec<usize> {
        under
            .iter()
            .copied()
            .filter(|&i| ix.b.expenditure.get(i).is_some_and(|l| c.sel.has(l.source)))
            .collect()
    };
    // 合计
    let total_prov = tb.prov(cx, None, "合计");
    let mut cells = Vec::new();
    for (k, c) in cols.iter().enumerate() {
        let spec = cx.ix.exp(&in_cols(&lines, c), c.part);
        cells.push(if lines.is_empty() {
            tb.blank(k, &total_prov)
        } else {
            tb.cell(cx, k, &spec, &total_prov)
        });
    }
    let total = Row {
        kind: RowKind::Total,
        side: Side::Single,
        code: None,
        label: "合计".to_string(),
        cells,
        prov: total_prov,
        catalog: None,
        malformed_code: None,
        part: 0,
        funding: None,
        carried_forward: false,
        procurement: None,
    };
    if !total_last {
        tb.t.rows.push(total.clone());
    }
    for code in cx.ix.codes_of(&lines) {
        let under: Vec<usize> = lines
            .iter()
            .copied()
            .filter(|&i| {
                cx.ix
                    .b
                    .expenditure
                    .get(i)
                    .is_some_and(|l| code.contains(&l.code))
            })
            .collect();
        let label = match cx.ix.fn_name(&code) {
            Some(n) => n,
            None => {
                cx.note(BuildNote::warning(
                    NoteKind::MissingData,
                    format!("功能分类科目 {code} 没有名称（预算和科目目录中都没有），表中名称留空"),
                ));
                String::new()
            }
        };
        // A row of a single budget line points to that line's source.
        let base = match under.as_slice() {
            [i] => cx
                .ix
                .b
                .expenditure
                .get(*i)
                .filter(|l| l.code == code)
                .and_then(|l| l.prov.clone()),
            _ => None,
        };
        let row_prov = tb.prov(cx, base.as_ref(), code.as_str());
        let mut cells = Vec::new();
        for (k, c) in cols.iter().enumerate() {
            let spec = cx.ix.exp(&in_cols(&under, c), c.part);
            cells.push(tb.cell(cx, k, &spec, &row_prov));
        }
        let catalog = catalog_mark(cx, &code, &label, Scheme::Function);
        tb.t.rows.push(Row {
            kind: RowKind::Coded,
            side: Side::Single,
            code: Some(code),
            label,
            cells,
            prov: row_prov,
            catalog,
            malformed_code: None,
            part: 0,
            funding: None,
            carried_forward: false,
            procurement: None,
        });
    }
    if total_last {
        tb.t.rows.push(total);
    }
    tb
}

/// The 经济分类 table of 一般公共预算 basic expenditure.
fn econ_table(cx: &mut Ctx, h: Head, labels: [&str; 3], total_last: bool) -> Tb {
    let columns = vec![
        column(ColumnKey::Total, labels[0], Side::Single),
        column(ColumnKey::Personnel, labels[1], Side::Single),
        column(ColumnKey::Operating, labels[2], Side::Single),
    ];
    let parts = [Part::Both, Part::Basic, Part::Project];
    let mut tb = Tb::new(cx, h, columns);
    let empty = cx.ix.b.economic.is_empty();
    let total_prov = tb.prov(cx, None, "合计");
    let mut cells = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let spec = cx.ix.econ(None, *part);
        cells.push(if empty {
            tb.blank(k, &total_prov)
        } else {
            tb.cell(cx, k, &spec, &total_prov)
        });
    }
    let total = Row {
        kind: RowKind::Total,
        side: Side::Single,
        code: None,
        label: "合计".to_string(),
        cells,
        prov: total_prov,
        catalog: None,
        malformed_code: None,
        part: 0,
        funding: None,
        carried_forward: false,
        procurement: None,
    };
    if !total_last {
        tb.t.rows.push(total.clone());
    }
    for code in cx.ix.econ_codes() {
        let label = match cx.ix.econ_name(&code) {
            Some(n) => n,
            None => {
                cx.note(BuildNote::warning(
                    NoteKind::MissingData,
                    format!("经济分类科目 {code} 没有名称（预算和科目目录中都没有），表中名称留空"),
                ));
                String::new()
            }
        };
        let base = cx
            .ix
            .b
            .economic
            .iter()
            .find(|l| l.code == code)
            .and_then(|l| l.prov.clone());
        let row_prov = tb.prov(cx, base.as_ref(), code.as_str());
        let mut cells = Vec::new();
        for (k, part) in parts.iter().enumerate() {
            let spec = cx.ix.econ(Some(&code), *part);
            cells.push(tb.cell(cx, k, &spec, &row_prov));
        }
        let catalog = catalog_mark(cx, &code, &label, Scheme::Economic);
        tb.t.rows.push(Row {
            kind: RowKind::Coded,
            side: Side::Single,
            code: Some(code),
            label,
            cells,
            prov: row_prov,
            catalog,
            malformed_code: None,
            part: 0,
            funding: None,
            carried_forward: false,
            procurement: None,
        });
    }
    if total_last {
        tb.t.rows.push(total);
    }
    tb
}

/// A row of a two-sided table: its cells come from (column, spec) pairs; `None` spec = blank.
fn line(
    cx: &mut Ctx,
    tb: &Tb,
    kind: RowKind,
    side: Side,
    label: &str,
    cells: &[(usize, Option<Spec>)],
) -> Row {
    // A line of one budget income line points to it (`income.csv:3`).
    let base = cells.iter().find_map(|(_, s)| match s {
        Some(s) if s.fam == Fam::Income && s.leaves.len() == 1 => s
            .leaves
            .first()
            .and_then(|&k| cx.ix.b.income.get(k))
            .and_then(|l| l.prov.clone()),
        _ => None,
    });
    let prov = tb.prov(cx, base.as_ref(), label);
    let cells = cells
        .iter()
        .map(|(col, spec)| match spec {
            Some(s) => tb.cell(cx, *col, s, &prov),
            None => tb.blank(*col, &prov),
        })
        .collect();
    Row {
        kind,
        side,
        code: None,
        label: label.to_string(),
        cells,
        prov,
        catalog: None,
        malformed_code: None,
        part: 0,
        funding: None,
        carried_forward: false,
        procurement: None,
    }
}

/// An income line with the facts the importer types when it reads the line back (the money
/// it names, and whether it was carried forward): the generator knows them, it does not read
/// its own labels.
fn typed_income(mut row: Row, funding: Funding, carried_forward: bool) -> Row {
    row.funding = Some(funding);
    row.carried_forward = carried_forward;
    row
}

/// Print income and expenditure rows side by side: block by block, row by row.
fn interleave(blocks: Vec<(Vec<Row>, Vec<Row>)>) -> Vec<Row> {
    let mut out = Vec::new();
    for (inc, exp) in blocks {
        let n = inc.len().max(exp.len());
        let mut inc = inc.into_iter();
        let mut exp = exp.into_iter();
        for _ in 0..n {
            out.extend(inc.next());
            out.extend(exp.next());
        }
    }
    out
}

const FISCAL: [FundSource; 3] = [
    FundSource::GeneralBudget,
    FundSource::GovFund,
    FundSource::StateCapital,
];

/// 财政拨款收支总表 (重庆 表一 layout; 上海 table 4 numbers its lines).
fn fiscal_summary(cx: &mut Ctx, h: Head) -> Tb {
    let shanghai = cx.layout.style == Style::Shanghai;
    let columns = vec![
        column(ColumnKey::Amount, "预算数", Side::Income),
        column(ColumnKey::Total, "合计", Side::Expenditure),
        column(ColumnKey::GeneralBudget, "一般公共预算", Side::Expenditure),
        column(ColumnKey::GovFund, "政府性基金预算", Side::Expenditure),
        column(
            ColumnKey::StateCapital,
            "国有资本经营预算",
            Side::Expenditure,
        ),
    ];
    let mut tb = Tb::new(cx, h, columns);
    let ix = cx.ix;
    let exp_cells = |code: Option<&Code>| -> Vec<(usize, Option<Spec>)> {
        let mut v = vec![(1, Some(ix.exp_under(code, Sources::Fiscal, Part::Both)))];
        for (k, s) in FISCAL.iter().enumerate() {
            v.push((
                k + 2,
                Some(ix.exp_under(code, Sources::One(*s), Part::Both)),
            ));
        }
        v
    };
    let inc = |sel: Sources, carried: Option<bool>| -> Vec<(usize, Option<Spec>)> {
        vec![(0, Some(ix.income(sel, carried)))]
    };
    let classes = cx.ix.classes(Sources::Fiscal);
    let carried = cx.ix.has_carried();
    let mut blocks = Vec::new();
    if shanghai {
        let mut income = Vec::new();
        let labels = ["一般公共预算资金", "政府性基金", "国有资本经营预算"];
        for (k, (s, l)) in FISCAL.iter().zip(labels).enumerate() {
            let label = format!("{}、{l}", chinese(k + 1));
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Heading,
                    Side::Income,
                    &label,
                    &inc(Sources::One(*s), Some(false)),
                ),
                Funding::Source(*s),
                false,
            ));
        }
        if carried {
            let label = format!("{}、上年结转", chinese(4));
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Heading,
                    Side::Income,
                    &label,
                    &inc(Sources::Fiscal, Some(true)),
                ),
                Funding::All,
                true,
            ));
        }
        let mut exp = Vec::new();
        for (k, c) in classes.iter().enumerate() {
            let label = format!("{}、{}", chinese(k + 1), cx.ix.class_name(c));
            let cells = exp_cells(Some(c));
            exp.push(line(
                cx,
                &tb,
                RowKind::Heading,
                Side::Expenditure,
                &label,
                &cells,
            ));
        }
        blocks.push((income, exp));
        let ti = line(
            cx,
            &tb,
            RowKind::Total,
            Side::Income,
            "收入总计",
            &inc(Sources::Fiscal, None),
        );
        let cells = exp_cells(None);
        let te = line(
            cx,
            &tb,
            RowKind::Total,
            Side::Expenditure,
            "支出总计",
            &cells,
        );
        blocks.push((vec![ti], vec![te]));
    } else {
        let mut income = vec![typed_income(
            line(
                cx,
                &tb,
                RowKind::Heading,
                Side::Income,
                "一、本年收入",
                &inc(Sources::Fiscal, Some(false)),
            ),
            Funding::All,
            false,
        )];
        for (s, l) in FISCAL.iter().zip([
            "一般公共预算资金",
            "政府性基金预算资金",
            "国有资本经营预算资金",
        ]) {
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Line,
                    Side::Income,
                    l,
                    &inc(Sources::One(*s), Some(false)),
                ),
                Funding::Source(*s),
                false,
            ));
        }
        let cells = exp_cells(None);
        let mut exp = vec![line(
            cx,
            &tb,
            RowKind::Heading,
            Side::Expenditure,
            "一、本年支出",
            &cells,
        )];
        for c in &classes {
            let label = cx.ix.class_name(c);
            let cells = exp_cells(Some(c));
            exp.push(line(
                cx,
                &tb,
                RowKind::Line,
                Side::Expenditure,
                &label,
                &cells,
            ));
        }
        blocks.push((income, exp));
        let mut income = vec![typed_income(
            line(
                cx,
                &tb,
                RowKind::Heading,
                Side::Income,
                "二、上年结转",
                &inc(Sources::Fiscal, Some(true)),
            ),
            Funding::All,
            true,
        )];
        for (s, l) in
            FISCAL
                .iter()
                .zip(["一般公共预算拨款", "政府性基金预算拨款", "国有资本经营收入"])
        {
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Line,
                    Side::Income,
                    l,
                    &inc(Sources::One(*s), Some(true)),
                ),
                Funding::Source(*s),
                true,
            ));
        }
        let blank: Vec<(usize, Option<Spec>)> = (1..5).map(|k| (k, None)).collect();
        let exp = vec![line(
            cx,
            &tb,
            RowKind::Heading,
            Side::Expenditure,
            "二、结转下年",
            &blank,
        )];
        blocks.push((income, exp));
        let ti = line(
            cx,
            &tb,
            RowKind::Total,
            Side::Income,
            "收入合计",
            &inc(Sources::Fiscal, None),
        );
        let cells = exp_cells(None);
        let te = line(
            cx,
            &tb,
            RowKind::Total,
            Side::Expenditure,
            "支出合计",
            &cells,
        );
        blocks.push((vec![ti], vec![te]));
    }
    tb.t.rows = interleave(blocks);
    tb
}

/// The printed name of a source on the income side of 部门收支总表 (重庆).
fn summary_income_label(s: FundSource) -> &'static str {
    match s {
        FundSource::GeneralBudget => "一般公共预算资金",
        FundSource::GovFund => "政府性基金预算资金",
        FundSource::StateCapital => "国有资本经营预算资金",
        FundSource::SpecialAccount => "财政专户管理资金",
        FundSource::OperatingRevenue => "事业收入资金",
        FundSource::HigherSubsidy => "上级补助收入资金",
        FundSource::SubordinateRemittance => "附属单位上缴收入资金",
        FundSource::BusinessRevenue => "事业单位经营收入资金",
        FundSource::OtherRevenue => "其他收入资金",
    }
}

/// 重庆 prints the sources in this order.
const CHONGQING_SOURCES: [FundSource; 9] = [
    FundSource::GeneralBudget,
    FundSource::GovFund,
    FundSource::StateCapital,
    FundSource::SpecialAccount,
    FundSource::OperatingRevenue,
    FundSource::HigherSubsidy,
    FundSource::SubordinateRemittance,
    FundSource::BusinessRevenue,
    FundSource::OtherRevenue,
];

/// 部门收支总表.
fn department_summary(cx: &mut Ctx, h: Head) -> Tb {
    let shanghai = cx.layout.style == Style::Shanghai;
    // The expenditure side as one 预算数, or (上海 单位预算's shape) 合计 / 基本支出 / 项目支出.
    let split = cx.layout.knobs.summary_split;
    let mut columns = vec![column(ColumnKey::Amount, "预算数", Side::Income)];
    if split {
        let total = if shanghai { "合计" } else { "总计" };
        columns.push(column(ColumnKey::Total, total, Side::Expenditure));
        columns.push(column(ColumnKey::Basic, "基本支出", Side::Expenditure));
        columns.push(column(ColumnKey::Project, "项目支出", Side::Expenditure));
    } else {
        columns.push(column(ColumnKey::Amount, "预算数", Side::Expenditure));
    }
    let mut tb = Tb::new(cx, h, columns);
    let classes = cx.ix.classes(Sources::All);
    let carried_sources: Vec<FundSource> = FundSource::ALL
        .into_iter()
        .filter(|s| {
            cx.ix
                .b
                .income
                .iter()
                .any(|l| l.carried_forward && l.source == *s && !l.amount.is_zero())
        })
        .collect();
    let ix = cx.ix;
    let inc = |sel: Sources, carried: Option<bool>| vec![(0, Some(ix.income(sel, carried)))];
    let exp = |code: Option<&Code>| {
        let mut cells = vec![(1, Some(ix.exp_under(code, Sources::All, Part::Both)))];
        if split {
            cells.push((2, Some(ix.exp_under(code, Sources::All, Part::Basic))));
            cells.push((3, Some(ix.exp_under(code, Sources::All, Part::Project))));
        }
        cells
    };
    if shanghai {
        let mut income = Vec::new();
        income.push(typed_income(
            line(
                cx,
                &tb,
                RowKind::Heading,
                Side::Income,
                "一、财政拨款收入",
                &inc(Sources::Fiscal, Some(false)),
            ),
            Funding::Fiscal,
            false,
        ));
        for (k, (s, l)) in FISCAL
            .iter()
            .zip(["一般公共预算资金", "政府性基金", "国有资本经营预算"])
            .enumerate()
        {
            let label = format!("{}. {l}", k + 1);
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Line,
                    Side::Income,
                    &label,
                    &inc(Sources::One(*s), Some(false)),
                ),
                Funding::Source(*s),
                false,
            ));
        }
        let mut n = 1;
        let others = [
            (FundSource::OperatingRevenue, true),
            (FundSource::BusinessRevenue, true),
            (FundSource::OtherRevenue, true),
            (FundSource::SpecialAccount, false),
            (FundSource::HigherSubsidy, false),
            (FundSource::SubordinateRemittance, false),
        ];
        let with_money = cx.ix.sources_with_money();
        for (s, always) in others {
            if !always && !with_money.contains(&s) {
                continue;
            }
            n += 1;
            let label = format!("{}、{}", chinese(n), s.label());
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Heading,
                    Side::Income,
                    &label,
                    &inc(Sources::One(s), Some(false)),
                ),
                Funding::Source(s),
                false,
            ));
        }
        if !carried_sources.is_empty() {
            n += 1;
            let label = format!("{}、上年结转", chinese(n));
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Heading,
                    Side::Income,
                    &label,
                    &inc(Sources::All, Some(true)),
                ),
                Funding::All,
                true,
            ));
            for (k, s) in carried_sources.iter().enumerate() {
                let label = format!("{}. {}", k + 1, s.label());
                income.push(typed_income(
                    line(
                        cx,
                        &tb,
                        RowKind::Line,
                        Side::Income,
                        &label,
                        &inc(Sources::One(*s), Some(true)),
                    ),
                    Funding::Source(*s),
                    true,
                ));
            }
        }
        let mut expl = Vec::new();
        for (k, c) in classes.iter().enumerate() {
            let label = format!("{}、{}", chinese(k + 1), cx.ix.class_name(c));
            let cells = exp(Some(c));
            expl.push(line(
                cx,
                &tb,
                RowKind::Heading,
                Side::Expenditure,
                &label,
                &cells,
            ));
        }
        let ti = line(
            cx,
            &tb,
            RowKind::Total,
            Side::Income,
            "收入总计",
            &inc(Sources::All, None),
        );
        let cells = exp(None);
        let te = line(
            cx,
            &tb,
            RowKind::Total,
            Side::Expenditure,
            "支出总计",
            &cells,
        );
        tb.t.rows = interleave(vec![(income, expl), (vec![ti], vec![te])]);
    } else {
        let ti = line(
            cx,
            &tb,
            RowKind::Total,
            Side::Income,
            "合计",
            &inc(Sources::All, None),
        );
        let cells = exp(None);
        let te = line(cx, &tb, RowKind::Total, Side::Expenditure, "合计", &cells);
        let mut income = Vec::new();
        for s in CHONGQING_SOURCES {
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Line,
                    Side::Income,
                    summary_income_label(s),
                    &inc(Sources::One(s), Some(false)),
                ),
                Funding::Source(s),
                false,
            ));
        }
        for s in &carried_sources {
            let label = format!("上年结转（{}）", s.label());
            income.push(typed_income(
                line(
                    cx,
                    &tb,
                    RowKind::Line,
                    Side::Income,
                    &label,
                    &inc(Sources::One(*s), Some(true)),
                ),
                Funding::Source(*s),
                true,
            ));
        }
        let mut expl = Vec::new();
        for c in &classes {
            let label = cx.ix.class_name(c);
            let cells = exp(Some(c));
            expl.push(line(
                cx,
                &tb,
                RowKind::Line,
                Side::Expenditure,
                &label,
                &cells,
            ));
        }
        tb.t.rows = interleave(vec![(vec![ti], vec![te]), (income, expl)]);
    }
    tb
}

/// “三公”经费表 (上海 adds 机关运行经费).
fn three_public(cx: &mut Ctx, h: Head) -> Tb {
    let shanghai = cx.layout.style == Style::Shanghai;
    let t = |leaves: &[usize]| Spec::new(Fam::Three, leaves.iter().copied());
    let mut cols: Vec<(Column, Spec)> = vec![(
        column(ColumnKey::Total, "合计", Side::Single),
        t(&[0, 1, 2, 3]),
    )];
    // The parts in each layout's order and words; leaves 0–3: 出国, 购置, 运行, 接待.
    let parts: [(ColumnKey, &str, &[usize]); 5] = if shanghai {
        [
            (ColumnKey::Overseas, "因公出国(境)费", &[0]),
            (ColumnKey::Reception, "公务接待费", &[3]),
            (
                ColumnKey::VehicleTotal,
                "公务用车购置及运行费 小计",
                &[1, 2],
            ),
            (ColumnKey::VehiclePurchase, "购置费", &[1]),
            (ColumnKey::VehicleOperation, "运行费", &[2]),
        ]
    } else {
        [
            (ColumnKey::Overseas, "因公出国（境）费", &[0]),
            (
                ColumnKey::VehicleTotal,
                "公务用车购置及运行费 小计",
                &[1, 2],
            ),
            (ColumnKey::VehiclePurchase, "公务用车购置费", &[1]),
            (ColumnKey::VehicleOperation, "公务用车运行费", &[2]),
            (ColumnKey::Reception, "公务接待费", &[3]),
        ]
    };
    for (key, label, leaves) in parts {
        cols.push((column(key, label, Side::Single), t(leaves)));
    }
    if shanghai {
        cols.push((
            column(ColumnKey::AdminCost, "机关运行经费预算数", Side::Single),
            Spec::one(Fam::Admin, 0),
        ));
    }
    let (columns, specs): (Vec<Column>, Vec<Spec>) = cols.into_iter().unzip();
    let mut tb = Tb::new(cx, h, columns);
    let label = format!("{}年预算数", cx.year());
    let admin_missing = shanghai && cx.ix.b.admin_cost.is_none();
    let cells: Vec<(usize, Option<Spec>)> = specs
        .into_iter()
        .enumerate()
        .map(|(k, s)| {
            if admin_missing && s.fam == Fam::Admin {
                (k, None)
            } else {
                (k, Some(s))
            }
        })
        .collect();
    let row = line(cx, &tb, RowKind::Line, Side::Single, &label, &cells);
    tb.t.rows.push(row);
    tb
}

/// 政府采购预算明细表 (重庆 表九): goods, works, services by source. The budget keeps
/// procurement by category only: it is shown under the budget's only source, else under
/// 一般公共预算 (with a note).
fn procurement(cx: &mut Ctx, h: Head) -> Tb {
    let labels = [
        "一般公共预算拨款收入",
        "政府性基金预算拨款收入",
        "国有资本经营预算拨款收入",
        "财政专户管理资金收入",
        "事业收入",
        "上级补助收入",
        "附属单位上缴收入",
        "事业单位经营收入",
        "其他收入",
    ];
    let mut columns = vec![column(ColumnKey::Total, "总计", Side::Single)];
    for (s, l) in CHONGQING_SOURCES.iter().zip(labels) {
        columns.push(column(s.column(), l, Side::Single));
    }
    let mut tb = Tb::new(cx, h, columns);
    let with_money = cx.ix.sources_with_money();
    let source = match with_money.as_slice() {
        [only] => *only,
        _ => FundSource::GeneralBudget,
    };
    let p = &cx.ix.b.procurement;
    if with_money.len() > 1 && !p.total().is_zero() {
        cx.note(BuildNote::warning(
            NoteKind::Assumption,
            "预算未记政府采购的资金来源，表九把政府采购预算全部列在一般公共预算拨款收入列；如有其他来源，请核对",
        ));
    }
    let col_of = |s: FundSource| {
        CHONGQING_SOURCES
            .iter()
            .position(|x| *x == s)
            .map(|k| k + 1)
    };
    let src_col = col_of(source);
    let cats: Vec<(usize, ProcurementCategory, bool)> = vec![
        (0, ProcurementCategory::Goods, !p.goods.is_zero()),
        (1, ProcurementCategory::Works, !p.works.is_zero()),
        (2, ProcurementCategory::Services, !p.services.is_zero()),
    ];
    let present: Vec<usize> = cats.iter().filter(|c| c.2).map(|c| c.0).collect();
    let row_cells = |leaves: &[usize]| -> Vec<(usize, Option<Spec>)> {
        let spec = Spec::new(Fam::Proc, leaves.iter().copied());
        (0..10)
            .map(|k| {
                if k == 0 || Some(k) == src_col {
                    (k, Some(spec.clone()))
                } else {
                    (k, None)
                }
            })
            .collect()
    };
    let total_cells = if present.is_empty() {
        (0..10).map(|k| (k, None)).collect()
    } else {
        row_cells(&present)
    };
    let total = line(cx, &tb, RowKind::Total, Side::Single, "合计", &total_cells);
    tb.t.rows.push(total);
    for (k, cat, has) in cats {
        if has {
            let cells = row_cells(&[k]);
            let mut r = line(cx, &tb, RowKind::Line, Side::Single, cat.label(), &cells);
            r.procurement = Some(cat);
            tb.t.rows.push(r);
        }
    }
    tb
}

fn income_table(cx: &mut Ctx, h: Head) -> Tb {
    let shanghai = cx.layout.style == Style::Shanghai;
    let mut cols = vec![ec(
        ColumnKey::Total,
        if shanghai { "合计" } else { "总计" },
        Sources::All,
        Part::Both,
    )];
    if shanghai {
        cols.push(ec(
            ColumnKey::Fiscal,
            "财政拨款收入",
            Sources::Fiscal,
            Part::Both,
        ));
        let with_money = cx.ix.sources_with_money();
        for (s, always) in [
            (FundSource::OperatingRevenue, true),
            (FundSource::BusinessRevenue, true),
            (FundSource::OtherRevenue, true),
            (FundSource::SpecialAccount, false),
            (FundSource::HigherSubsidy, false),
            (FundSource::SubordinateRemittance, false),
        ] {
            if always || with_money.contains(&s) {
                cols.push(ec(s.column(), s.label(), Sources::One(s), Part::Both));
            }
        }
    } else {
        let labels = [
            "一般公共预算财政拨款收入",
            "政府性基金预算拨款收入",
            "国有资本经营预算拨款收入",
            "财政专户管理资金收入",
            "事业收入",
            "上级补助收入",
            "附属单位上缴收入",
            "事业单位经营收入",
            "其他收入",
        ];
        for (s, l) in CHONGQING_SOURCES.iter().zip(labels) {
            cols.push(ec(s.column(), l, Sources::One(*s), Part::Both));
        }
    }
    let last = cx.layout.total_last();
    exp_table(cx, h, Sources::All, false, cols, last)
}

fn bp_cols(total: &str, sel: Sources) -> Vec<ExpCol> {
    vec![
        ec(ColumnKey::Total, total, sel, Part::Both),
        ec(ColumnKey::Basic, "基本支出", sel, Part::Basic),
        ec(ColumnKey::Project, "项目支出", sel, Part::Project),
    ]
}

/// The profile's tables, in printed order, with its numbers and names; families the generator
/// has no builder for are left out. A table without data says why (财预〔2016〕143号: tables
/// without data are published, empty, with a sentence), in the profile's wording.
pub fn tables(cx: &mut Ctx) -> Vec<Table> {
    let y = cx.year();
    let profile = cx.layout.profile;
    let build = cx.layout.build;
    let shanghai = cx.layout.style == Style::Shanghai;
    // 上海's shapes head totals 合计 (and put the 合计 row last, unless the style moves it).
    let total = if shanghai { "合计" } else { "总计" };
    let last = cx.layout.total_last();
    let mut out = Vec::new();
    for spec in profile.tables.iter().filter(|t| t.generate) {
        let Some(kind) = spec.kind else { continue };
        let number = cx.layout.number(spec);
        let h = head(
            kind,
            number.as_deref(),
            &spec.name,
            cx.layout
                .zero_blank(spec.zero_blank.unwrap_or(build.zero_blank)),
        );
        let by_source = |s: FundSource| Sources::One(s);
        let tb = match kind {
            TableKind::FiscalSummary => fiscal_summary(cx, h),
            TableKind::DepartmentSummary => department_summary(cx, h),
            TableKind::DepartmentIncome => income_table(cx, h),
            TableKind::DepartmentExpenditure => exp_table(
                cx,
                h,
                Sources::All,
                false,
                bp_cols(total, Sources::All),
                last,
            ),
            TableKind::GeneralBudgetExpenditure
            | TableKind::GovFundExpenditure
            | TableKind::StateCapitalExpenditure => {
                let source = match kind {
                    TableKind::GeneralBudgetExpenditure => FundSource::GeneralBudget,
                    TableKind::GovFundExpenditure => FundSource::GovFund,
                    _ => FundSource::StateCapital,
                };
                let mut t = exp_table(
                    cx,
                    h,
                    by_source(source),
                    true,
                    bp_cols(total, by_source(source)),
                    last,
                );
                if kind == TableKind::GeneralBudgetExpenditure && !shanghai {
                    t.t.notes.push(Note {
                        text: "备注：本表反映当年一般公共预算财政拨款支出情况。".to_string(),
                        prov: Provenance::new(&cx.gen).with_table(&t.name),
                    });
                }
                t
            }
            TableKind::GeneralBudgetBasicEconomic => {
                let labels = if shanghai {
                    ["合计", "人员经费", "公用经费"]
                } else {
                    ["总计", "人员经费", "日常公用经费"]
                };
                econ_table(cx, h, labels, last)
            }
            TableKind::ThreePublic => three_public(cx, Head { three: true, ..h }),
            TableKind::Procurement => procurement(cx, h),
            // No builder (yet) for the national template's 财政拨款 tables, the 机关运行经费
            // table, or final accounts.
            _ => continue,
        };
        let mut t = tb.done();
        let has_data = t.rows.iter().any(|r| {
            r.cells
                .iter()
                .any(|c| c.amount.is_some_and(|a| !a.fen.is_zero()))
        });
        if !has_data && t.empty_note.is_none() {
            let what = spec.empty_what.as_deref().unwrap_or(kind.label());
            let text = build
                .empty_note
                .replace("{year}", &y.to_string())
                .replace("{what}", what);
            let name = yusuan_model::table_name(t.number.as_deref(), &t.title);
            t.empty_note = Some(Note {
                text,
                prov: Provenance::new(&cx.gen).with_table(&name),
            });
        }
        out.push(t);
    }
    out
}

fn head<'t>(kind: TableKind, number: Option<&'t str>, name: &'t str, zero_blank: bool) -> Head<'t> {
    Head {
        kind,
        number,
        name,
        zero_blank,
        three: false,
    }
}
