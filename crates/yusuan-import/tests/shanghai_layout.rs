//! `pdftotext -layout` tables of the 上海 fixtures: (a) the grids `layout::read_table` makes of
//! each of the nine tables of both documents, cell by cell; (b) the same tables imported through
//! `import_text`, value by value; (c) layouts the fixtures do not show (other spacing, blanks
//! elsewhere, a continued page without its header).

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use yusuan_import::context::{Context, LineUse};
use yusuan_import::grid::{GridRow, GridTable};
use yusuan_import::layout::read_table;
use yusuan_import::segment::{segment, Block};
use yusuan_import::source::SourceText;
use yusuan_model::{Code, ColumnKey, Disclosure, Fen, MoneyUnit, RowKind, Side, Table, TableKind};

const WANLI: &str = "shanghai-putuo-wanli-2025-budget.txt";
const FINANCE: &str = "shanghai-putuo-finance-bureau-2025-budget.txt";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../corpus/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every table block of a text read into a grid, with the tail each hands back, and the line
/// marks left in the context.
struct Read {
    grids: Vec<(GridTable, Vec<u32>)>,
    uses: Vec<Option<LineUse>>,
}

fn read_text(name: &str, text: &str) -> Read {
    let src = SourceText::new(name, text);
    let mut ctx = Context::new(&src);
    let mut grids = Vec::new();
    for b in segment(&src, &mut ctx) {
        if let Block::Table(tb) = b {
            let (g, tail) = read_table(&mut ctx, &tb);
            grids.push((g.expect("a table"), tail));
        }
    }
    let uses = (1..=src.lines.len() as u32)
        .map(|l| ctx.use_of(l).cloned())
        .collect();
    Read { grids, uses }
}

fn read(name: &str) -> Read {
    read_text(name, &fixture(name))
}

impl Read {
    fn grid(&self, title_part: &str) -> &GridTable {
        &self
            .grids
            .iter()
            .find(|(g, _)| g.title.contains(title_part))
            .unwrap_or_else(|| panic!("no table {title_part}"))
            .0
    }

    fn tail(&self, title_part: &str) -> &[u32] {
        &self
            .grids
            .iter()
            .find(|(g, _)| g.title.contains(title_part))
            .unwrap()
            .1
    }

    fn use_of(&self, line: u32) -> Option<&LineUse> {
        self.uses[line as usize - 1].as_ref()
    }
}

fn cells(r: &GridRow) -> Vec<&str> {
    r.cells.iter().map(String::as_str).collect()
}

fn row_at(g: &GridTable, line: u32) -> Vec<&str> {
    cells(
        g.rows
            .iter()
            .find(|r| r.line == line)
            .unwrap_or_else(|| panic!("no row at line {line} in {}", g.title)),
    )
}

fn header(g: &GridTable) -> Vec<Vec<&str>> {
    g.header.iter().map(cells).collect()
}

/// Every row has the grid's width (blank cells kept, nothing shifted).
fn assert_rectangular(g: &GridTable) {
    let width = g.header.iter().map(|h| h.cells.len()).max().unwrap();
    for h in &g.header {
        assert_eq!(h.cells.len(), width, "{}: header {:?}", g.title, h.cells);
    }
    for r in &g.rows {
        assert_eq!(r.cells.len(), width, "{}: row {:?}", g.title, r.cells);
    }
}

const CODED_INCOME_HEAD: [&str; 7] = [
    "功能分类科目编码 类 款 项",
    "功能分类科目名称",
    "合计",
    "财政拨款收入",
    "事业收入",
    "事业单位经营收入",
    "其他收入",
];

fn expenditure_head(group: &str) -> Vec<Vec<&str>> {
    vec![
        vec!["项目", "", group, "", ""],
        vec![
            "功能分类科目编码 类 款 项",
            "功能分类科目名称",
            "合计",
            "基本支出",
            "项目支出",
        ],
    ]
}

// ---------------------------------------------------------------------------------------------
// (a) Grids, 万里街道

#[test]
fn wanli_department_summary_grid() {
    let r = read(WANLI);
    let g = r.grid("财务收支预算总表");
    assert_rectangular(g);
    assert_eq!(g.unit, Some(MoneyUnit::Yuan));
    assert_eq!(
        g.compiler,
        Some(("上海市普陀区人民政府万里街道办事处".to_string(), 148))
    );
    assert_eq!(
        header(g),
        [
            vec!["本年收入", "", "本年支出", ""],
            vec!["项目", "预算数", "项目", "预算数"]
        ]
    );
    assert_eq!(
        row_at(g, 154),
        [
            "一、财政拨款收入",
            "189,767,551",
            "一、一般公共服务支出",
            "3,296,600"
        ]
    );
    assert_eq!(
        row_at(g, 158),
        ["2. 政府性基金", "", "三、教育支出", "250,000"]
    );
    assert_eq!(row_at(g, 168), ["", "", "八、城乡社区支出", "154,369,326"]);
    assert_eq!(
        row_at(g, 175),
        ["收入总计", "189,767,551", "支出总计", "189,767,551"]
    );
    assert_eq!(g.rows.len(), 10);
    assert_eq!(g.end_line, 175);
}

#[test]
fn wanli_income_grid_over_four_pages() {
    let r = read(WANLI);
    let g = r.grid("收入预算总表");
    assert_rectangular(g);
    assert_eq!(
        header(g),
        [
            vec!["项目", "", "收入预算", "", "", "", ""],
            CODED_INCOME_HEAD.to_vec()
        ]
    );
    assert_eq!(
        row_at(g, 189),
        [
            "201 05 07",
            "专项普查活动",
            "438,300",
            "438,300",
            "0",
            "0",
            "0"
        ]
    );
    // Page 2 packs the zero columns tight; they stay in their columns.
    assert_eq!(
        row_at(g, 210),
        [
            "204",
            "公共安全支出",
            "2,878,025",
            "2,878,025",
            "0",
            "0",
            "0"
        ]
    );
    assert_eq!(
        row_at(g, 283),
        [
            "212 01 01",
            "行政运行",
            "17,887,739",
            "17,887,739",
            "0",
            "0",
            "0"
        ]
    );
    assert_eq!(
        row_at(g, 314),
        ["合计", "", "189,767,551", "189,767,551", "0", "0", "0"]
    );
    // 66 coded rows and the total.
    assert_eq!(g.rows.len(), 67);
    assert_eq!(g.rows[0].page, Some(10));
    assert_eq!(g.rows.last().unwrap().page, Some(13));
    assert!(g.notes.is_empty());
}

#[test]
fn wanli_expenditure_grid_with_total_alone_on_last_page() {
    let r = read(WANLI);
    let g = r.grid("支出预算总表");
    assert_rectangular(g);
    assert_eq!(header(g), expenditure_head("支出预算"));
    assert_eq!(
        row_at(g, 421),
        [
            "212 01 01",
            "行政运行",
            "17,887,739",
            "17,737,739",
            "150,000"
        ]
    );
    assert_eq!(
        row_at(g, 347),
        ["201 38 02", "一般行政管理事务", "135,300", "0", "135,300"]
    );
    assert_eq!(
        row_at(g, 452),
        ["合计", "", "189,767,551", "101,341,746", "88,425,805"]
    );
    assert_eq!(g.end_line, 452);
}

#[test]
fn wanli_fiscal_summary_grid() {
    let r = read(WANLI);
    let g = r.grid("财政拨款收支预算总表");
    assert_rectangular(g);
    assert_eq!(
        header(g),
        [
            vec!["财政拨款收入", "", "财政拨款支出", "", "", "", ""],
            vec![
                "项目",
                "预算数",
                "项目",
                "合计",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算"
            ]
        ]
    );
    assert_eq!(
        row_at(g, 460),
        [
            "一、一般公共预算资金",
            "189,767,551",
            "一、一般公共服务支出",
            "3,296,600",
            "3,296,600",
            "",
            ""
        ]
    );
    assert_eq!(
        row_at(g, 462),
        [
            "二、政府性基金",
            "",
            "二、公共安全支出",
            "2,878,025",
            "2,878,025",
            "",
            ""
        ]
    );
    assert_eq!(
        row_at(g, 474),
        [
            "",
            "",
            "八、城乡社区支出",
            "154,369,326",
            "154,369,326",
            "",
            ""
        ]
    );
    assert_eq!(
        row_at(g, 481),
        [
            "收入总计",
            "189,767,551",
            "支出总计",
            "189,767,551",
            "189,767,551",
            "",
            ""
        ]
    );
}

#[test]
fn wanli_general_budget_grid_skips_repeated_headers() {
    let r = read(WANLI);
    let g = r.grid("一般公共预算支出功能分类预算表");
    assert_rectangular(g);
    assert_eq!(header(g), expenditure_head("一般公共预算支出"));
    assert_eq!(
        row_at(g, 606),
        [
            "212 01 01",
            "行政运行",
            "17,887,739",
            "17,737,739",
            "150,000"
        ]
    );
    assert_eq!(
        row_at(g, 561),
        ["208 05 02", "事业单位离退休", "85,260", "85,260", "0"]
    );
    assert_eq!(
        row_at(g, 643),
        ["合计", "", "189,767,551", "101,341,746", "88,425,805"]
    );
    // The header printed again on pages 2–5 is not data, and is marked as such.
    for line in [516, 518, 519, 520, 553, 556, 590, 627, 631] {
        assert!(
            g.rows.iter().all(|r| r.line != line),
            "line {line} read as a row"
        );
        assert!(
            matches!(r.use_of(line), Some(LineUse::Ignored(_))),
            "line {line}: {:?}",
            r.use_of(line)
        );
    }
    assert_eq!(g.rows.len(), 67);
}

#[test]
fn wanli_empty_tables_keep_their_note() {
    let r = read(WANLI);
    for (title, note_line) in [("政府性基金预算支出", 658), ("国有资本经营预算支出", 672)]
    {
        let g = r.grid(title);
        assert_rectangular(g);
        assert_eq!(g.rows.len(), 1, "{title}");
        assert_eq!(cells(&g.rows[0]), ["合计", "", "", "", ""]);
        assert_eq!(g.notes.len(), 1);
        assert_eq!(g.notes[0].1, note_line);
        assert!(g.notes[0].0.starts_with("注:本部门2025年无"));
        assert!(g.notes[0].0.ends_with("故本表为空表。"));
        assert_eq!(g.end_line, note_line);
    }
}

#[test]
fn wanli_basic_economic_grid() {
    let r = read(WANLI);
    let g = r.grid("基本支出部门预算经济分类预算表");
    assert_rectangular(g);
    assert_eq!(
        header(g),
        [
            vec!["项目", "", "一般公共预算基本支出", "", ""],
            vec![
                "部门预算经济分类科目编码 类 款",
                "经济分类科目名称",
                "合计",
                "人员经费",
                "公用经费"
            ]
        ]
    );
    assert_eq!(
        row_at(g, 681),
        ["301", "工资福利支出", "90,238,584", "90,238,584", "0"]
    );
    assert_eq!(
        row_at(g, 724),
        ["302 17", "公务接待费", "13,500", "0", "13,500"]
    );
    assert_eq!(
        row_at(g, 742),
        ["合计", "", "101,341,746", "90,514,044", "10,827,702"]
    );
}

#[test]
fn wanli_three_public_grid_and_tail() {
    let r = read(WANLI);
    let g = r.grid("三公");
    assert_rectangular(g);
    assert_eq!(g.unit, Some(MoneyUnit::WanYuan));
    assert_eq!(
        header(g),
        [
            vec!["“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"],
            vec![
                "合计",
                "因公出国(境)费",
                "公务接待费",
                "公务用车购置及运行费",
                "",
                "",
                ""
            ],
            vec!["", "", "", "小计", "购置费", "运行费", ""],
        ]
    );
    assert_eq!(g.rows.len(), 1);
    assert_eq!(
        cells(&g.rows[0]),
        ["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"]
    );
    assert_eq!(g.end_line, 756);
    // 其他相关情况说明 and 项目经费情况说明 go back to the narrative, untouched.
    let tail = r.tail("三公");
    assert_eq!(tail.first(), Some(&757));
    assert!(tail.contains(&811));
    assert!(tail
        .iter()
        .all(|&l| matches!(r.use_of(l), Some(LineUse::Unused))));
}

// ---------------------------------------------------------------------------------------------
// (a) Grids, 财政局 (blank cells instead of zeros)

#[test]
fn finance_department_summary_grid_with_blank_amounts() {
    let r = read(FINANCE);
    let g = r.grid("财务收支预算总表");
    assert_rectangular(g);
    assert_eq!(
        row_at(g, 132),
        [
            "一、财政拨款收入",
            "31,214,205.80",
            "一、一般公共服务支出",
            "22,186,440.80"
        ]
    );
    assert_eq!(
        row_at(g, 138),
        [
            "3. 国有资本经营预算",
            "",
            "四、住房保障支出",
            "4,736,957.00"
        ]
    );
    assert_eq!(row_at(g, 140), ["二、事业收入", "", "", ""]);
    assert_eq!(row_at(g, 144), ["四、其他收入", "", "", ""]);
    assert_eq!(
        row_at(g, 149),
        ["收入总计", "31,214,205.80", "支出总计", "31,214,205.80"]
    );
}

#[test]
fn finance_income_grid_places_two_of_five_columns() {
    let r = read(FINANCE);
    let g = r.grid("收入预算总表");
    assert_rectangular(g);
    assert_eq!(
        header(g),
        [
            vec!["项目", "", "收入预算", "", "", "", ""],
            CODED_INCOME_HEAD.to_vec()
        ]
    );
    assert_eq!(
        row_at(g, 163),
        [
            "201 06 02",
            "一般行政管理事务",
            "100,000.00",
            "100,000.00",
            "",
            "",
            ""
        ]
    );
    assert_eq!(
        row_at(g, 185),
        [
            "210 11 01",
            "行政单位医疗",
            "782,164.00",
            "782,164.00",
            "",
            "",
            ""
        ]
    );
    assert_eq!(
        row_at(g, 194),
        ["合计", "", "31,214,205.80", "31,214,205.80", "", "", ""]
    );
    for line in [177, 178, 179, 180] {
        assert!(matches!(r.use_of(line), Some(LineUse::Ignored(_))));
    }
}

#[test]
fn finance_expenditure_grid_keeps_blank_basic_column() {
    let r = read(FINANCE);
    let g = r.grid("支出预算总表");
    assert_rectangular(g);
    assert_eq!(header(g), expenditure_head("支出预算"));
    assert_eq!(
        row_at(g, 207),
        [
            "201 06 02",
            "一般行政管理事务",
            "100,000.00",
            "",
            "100,000.00"
        ]
    );
    assert_eq!(
        row_at(g, 205),
        [
            "201 06 01",
            "行政运行",
            "16,231,840.80",
            "16,093,326.00",
            "138,514.80"
        ]
    );
    assert_eq!(
        row_at(g, 212),
        [
            "208",
            "社会保障和就业支出",
            "3,508,644.00",
            "3,508,644.00",
            ""
        ]
    );
    // Page 2 shows only 合计 and 基本支出 until the total row.
    assert_eq!(
        row_at(g, 233),
        [
            "221 02 01",
            "住房公积金",
            "2,049,197.00",
            "2,049,197.00",
            ""
        ]
    );
    assert_eq!(
        row_at(g, 237),
        ["合计", "", "31,214,205.80", "25,121,091.00", "6,093,114.80"]
    );
}

#[test]
fn finance_fiscal_summary_grid() {
    let r = read(FINANCE);
    let g = r.grid("财政拨款收支预算总表");
    assert_rectangular(g);
    assert_eq!(
        row_at(g, 247),
        [
            "二、政府性基金",
            "",
            "二、社会保障和就业支出",
            "3,508,644.00",
            "3,508,644.00",
            "",
            ""
        ]
    );
    assert_eq!(
        row_at(g, 251),
        [
            "",
            "",
            "四、住房保障支出",
            "4,736,957.00",
            "4,736,957.00",
            "",
            ""
        ]
    );
}

#[test]
fn finance_general_budget_grid() {
    let r = read(FINANCE);
    let g = r.grid("一般公共预算支出功能分类预算表");
    assert_rectangular(g);
    assert_eq!(
        row_at(g, 269),
        [
            "201 06 02",
            "一般行政管理事务",
            "100,000.00",
            "",
            "100,000.00"
        ]
    );
    assert_eq!(
        row_at(g, 272),
        [
            "201 06 08",
            "财政委托业务支出",
            "4,188,000.00",
            "",
            "4,188,000.00"
        ]
    );
    assert_eq!(
        row_at(g, 289),
        ["210 11", "行政事业单位医疗", "782,164.00", "782,164.00", ""]
    );
    assert_eq!(
        row_at(g, 299),
        ["合计", "", "31,214,205.80", "25,121,091.00", "6,093,114.80"]
    );
}

#[test]
fn finance_empty_tables() {
    let r = read(FINANCE);
    for title in ["政府性基金预算支出", "国有资本经营预算支出"] {
        let g = r.grid(title);
        assert_eq!(g.rows.len(), 1);
        assert_eq!(cells(&g.rows[0]), ["合计", "", "", "", ""]);
        assert_eq!(g.notes.len(), 1, "{title}");
        assert!(g.notes[0].0.contains("故本表为空表"));
    }
}

#[test]
fn finance_basic_economic_grid() {
    let r = read(FINANCE);
    let g = r.grid("基本支出部门预算经济分类预算表");
    assert_rectangular(g);
    assert_eq!(
        row_at(g, 368),
        ["302 17", "公务接待费", "9,500.00", "0.00", "9,500.00"]
    );
    assert_eq!(
        row_at(g, 383),
        ["310 02", "办公设备购置", "90,000.00", "0.00", "90,000.00"]
    );
    assert_eq!(
        row_at(g, 384),
        ["合计", "", "25,121,091.00", "22,826,756.00", "2,294,335.00"]
    );
}

#[test]
fn finance_three_public_values_go_by_position() {
    let r = read(FINANCE);
    let g = r.grid("三公");
    assert_rectangular(g);
    assert_eq!(g.header.len(), 3);
    assert_eq!(
        cells(&g.rows[0]),
        ["0.95", "", "0.95", "", "", "", "229.43"]
    );
    assert_eq!(r.tail("三公").first(), Some(&399));
}

#[test]
fn every_table_line_is_marked() {
    for name in [WANLI, FINANCE] {
        let r = read(name);
        for (g, _) in &r.grids {
            for line in g.title_line..=g.end_line {
                let u = r.use_of(line);
                assert!(
                    matches!(u, Some(LineUse::Understood) | Some(LineUse::Ignored(_)))
                        || is_blank(name, line),
                    "{name}:{line} ({}) left {u:?}",
                    g.title
                );
            }
        }
    }
}

fn is_blank(name: &str, line: u32) -> bool {
    let text = fixture(name);
    let src = SourceText::new(name, &text);
    src.line(line).is_some_and(|l| l.is_blank())
}

// ---------------------------------------------------------------------------------------------
// (b) Through import_text

fn import(name: &str) -> Disclosure {
    yusuan_import::import_text(name, &fixture(name)).expect("imports")
}

fn table(d: &Disclosure, kind: TableKind) -> &Table {
    d.table(kind).unwrap_or_else(|| panic!("no {kind:?}"))
}

fn yuan(v: i64) -> Option<Fen> {
    Some(Fen::from_yuan(v))
}

fn fen(v: i64) -> Option<Fen> {
    Some(Fen(v))
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn labelled<'a>(t: &'a Table, side: Side, label: &str) -> &'a yusuan_model::Row {
    t.rows
        .iter()
        .find(|r| r.side == side && r.label == label)
        .unwrap_or_else(|| panic!("no row {label} on {side:?} in {}", t.title))
}

/// No line between a table's title and its end is left unexplained.
fn assert_tables_covered(d: &Disclosure) {
    for t in &d.tables {
        let first = t.prov.line.unwrap_or(0);
        let bad: Vec<_> = d
            .coverage
            .unexplained
            .iter()
            .filter(|u| u.line >= first && u.line <= t.end_line)
            .collect();
        assert!(bad.is_empty(), "{}: {bad:?}", t.title);
    }
}

#[test]
fn wanli_imports_all_nine_tables() {
    let d = import(WANLI);
    assert_eq!(d.tables.len(), 9);
    assert_tables_covered(&d);

    let s = table(&d, TableKind::DepartmentSummary);
    let income_total = labelled(s, Side::Income, "收入总计");
    assert_eq!(income_total.kind, RowKind::Total);
    assert_eq!(income_total.amount(ColumnKey::Amount), yuan(189_767_551));
    assert_eq!(
        labelled(s, Side::Expenditure, "支出总计").amount(ColumnKey::Amount),
        yuan(189_767_551)
    );
    assert_eq!(
        labelled(s, Side::Expenditure, "八、城乡社区支出").amount(ColumnKey::Amount),
        yuan(154_369_326)
    );
    assert_eq!(
        labelled(s, Side::Income, "2. 政府性基金").amount(ColumnKey::Amount),
        None
    );

    let inc = table(&d, TableKind::DepartmentIncome);
    let r = inc.row_by_code(&code("2010507")).unwrap();
    assert_eq!(r.label, "专项普查活动");
    assert_eq!(r.amount(ColumnKey::Total), yuan(438_300));
    assert_eq!(r.amount(ColumnKey::Fiscal), yuan(438_300));
    assert_eq!(r.amount(ColumnKey::BusinessRevenue), yuan(0));
    assert_eq!(
        inc.total_row(Side::Single)
            .unwrap()
            .amount(ColumnKey::Total),
        yuan(189_767_551)
    );

    let exp = table(&d, TableKind::DepartmentExpenditure);
    let total = exp.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(ColumnKey::Total), yuan(189_767_551));
    assert_eq!(total.amount(ColumnKey::Basic), yuan(101_341_746));
    assert_eq!(total.amount(ColumnKey::Project), yuan(88_425_805));
    assert_eq!(total.prov.page, Some(18));

    let fiscal = table(&d, TableKind::FiscalSummary);
    let r = labelled(fiscal, Side::Expenditure, "一、一般公共服务支出");
    assert_eq!(r.amount(ColumnKey::Total), yuan(3_296_600));
    assert_eq!(r.amount(ColumnKey::GeneralBudget), yuan(3_296_600));
    assert_eq!(r.amount(ColumnKey::GovFund), None);
    assert_eq!(
        labelled(fiscal, Side::Income, "一、一般公共预算资金").amount(ColumnKey::Amount),
        yuan(189_767_551)
    );

    let gb = table(&d, TableKind::GeneralBudgetExpenditure);
    let r = gb.row_by_code(&code("2120101")).unwrap();
    assert_eq!(r.label, "行政运行");
    assert_eq!(r.amount(ColumnKey::Total), yuan(17_887_739));
    assert_eq!(r.amount(ColumnKey::Basic), yuan(17_737_739));
    assert_eq!(r.amount(ColumnKey::Project), yuan(150_000));
    assert_eq!(gb.coded_rows().count(), 66);

    for kind in [
        TableKind::GovFundExpenditure,
        TableKind::StateCapitalExpenditure,
    ] {
        let t = table(&d, kind);
        assert!(t.has_no_data(), "{kind:?}");
        let note = t.empty_note.as_ref().expect("empty note");
        assert!(note.text.contains("故本表为空表"));
    }

    let econ = table(&d, TableKind::GeneralBudgetBasicEconomic);
    let r = econ.row_by_code(&code("301")).unwrap();
    assert_eq!(r.amount(ColumnKey::Total), yuan(90_238_584));
    assert_eq!(r.amount(ColumnKey::Personnel), yuan(90_238_584));
    assert_eq!(
        econ.row_by_code(&code("30217"))
            .unwrap()
            .amount(ColumnKey::Operating),
        yuan(13_500)
    );
    let total = econ.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(ColumnKey::Total), yuan(101_341_746));
    assert_eq!(total.amount(ColumnKey::Personnel), yuan(90_514_044));
    assert_eq!(total.amount(ColumnKey::Operating), yuan(10_827_702));

    let tp = table(&d, TableKind::ThreePublic);
    assert_eq!(tp.unit, Some(MoneyUnit::WanYuan));
    let r = &tp.rows[0];
    assert_eq!(r.amount(ColumnKey::Total), fen(37_910_000));
    assert_eq!(r.amount(ColumnKey::Overseas), fen(0));
    assert_eq!(r.amount(ColumnKey::Reception), fen(1_350_000));
    assert_eq!(r.amount(ColumnKey::VehicleTotal), fen(36_560_000));
    assert_eq!(r.amount(ColumnKey::VehiclePurchase), fen(15_000_000));
    assert_eq!(r.amount(ColumnKey::VehicleOperation), fen(21_560_000));
    assert_eq!(r.amount(ColumnKey::AdminCost), fen(464_640_000));
}

#[test]
fn finance_bureau_imports_all_nine_tables() {
    let d = import(FINANCE);
    assert_eq!(d.tables.len(), 9);
    assert_tables_covered(&d);

    let s = table(&d, TableKind::DepartmentSummary);
    assert_eq!(
        labelled(s, Side::Income, "收入总计").amount(ColumnKey::Amount),
        fen(3_121_420_580)
    );
    assert_eq!(
        labelled(s, Side::Income, "二、事业收入").amount(ColumnKey::Amount),
        None
    );

    let inc = table(&d, TableKind::DepartmentIncome);
    let r = inc.row_by_code(&code("2010602")).unwrap();
    assert_eq!(r.amount(ColumnKey::Total), yuan(100_000));
    assert_eq!(r.amount(ColumnKey::Fiscal), yuan(100_000));
    assert_eq!(r.amount(ColumnKey::OperatingRevenue), None);

    let exp = table(&d, TableKind::DepartmentExpenditure);
    let r = exp.row_by_code(&code("2010602")).unwrap();
    assert_eq!(r.amount(ColumnKey::Total), yuan(100_000));
    assert_eq!(r.amount(ColumnKey::Basic), None);
    assert_eq!(r.amount(ColumnKey::Project), yuan(100_000));
    let r = exp.row_by_code(&code("2010601")).unwrap();
    assert_eq!(r.amount(ColumnKey::Project), fen(13_851_480));
    let total = exp.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(ColumnKey::Basic), yuan(25_121_091));

    let fiscal = table(&d, TableKind::FiscalSummary);
    let r = labelled(fiscal, Side::Expenditure, "四、住房保障支出");
    assert_eq!(r.amount(ColumnKey::GeneralBudget), yuan(4_736_957));
    assert_eq!(r.amount(ColumnKey::StateCapital), None);

    let gb = table(&d, TableKind::GeneralBudgetExpenditure);
    let r = gb.row_by_code(&code("2010607")).unwrap();
    assert_eq!(r.amount(ColumnKey::Basic), None);
    assert_eq!(r.amount(ColumnKey::Project), yuan(1_666_600));
    assert_eq!(
        gb.row_by_code(&code("21101")).map(|_| ()),
        None,
        "no code invented"
    );
    assert_eq!(
        gb.row_by_code(&code("2101101"))
            .unwrap()
            .amount(ColumnKey::Basic),
        yuan(782_164)
    );

    for kind in [
        TableKind::GovFundExpenditure,
        TableKind::StateCapitalExpenditure,
    ] {
        let t = table(&d, kind);
        assert!(t.has_no_data());
        assert!(t.empty_note.is_some(), "{kind:?}");
    }

    let econ = table(&d, TableKind::GeneralBudgetBasicEconomic);
    let r = econ.row_by_code(&code("30217")).unwrap();
    assert_eq!(r.label, "公务接待费");
    assert_eq!(r.amount(ColumnKey::Total), yuan(9_500));
    assert_eq!(r.amount(ColumnKey::Operating), yuan(9_500));
    assert_eq!(r.amount(ColumnKey::Personnel), yuan(0));

    let tp = table(&d, TableKind::ThreePublic);
    let r = &tp.rows[0];
    assert_eq!(r.amount(ColumnKey::Total), fen(950_000));
    assert_eq!(r.amount(ColumnKey::Reception), fen(950_000));
    assert_eq!(r.amount(ColumnKey::Overseas), None);
    assert_eq!(r.amount(ColumnKey::VehicleTotal), None);
    assert_eq!(r.amount(ColumnKey::AdminCost), fen(229_430_000));
}

// ---------------------------------------------------------------------------------------------
// (c) Layouts the fixtures do not show

const THREE_PUBLIC_HEAD: &str = "\u{c}                     2025年部门“三公”经费和机关运行经费预算表
编制部门：某街道办事处                                                                  单位:万元

                                 “三公”经费预算数

                                                                                机关运行经费预算
                                                  公务用车购置及运行费
                                                                                    数
   合计           因公出国(境)费       公务接待费
                                          小计           购置费        运行费



";

#[test]
fn three_public_with_only_vehicle_costs() {
    let text = format!(
        "{THREE_PUBLIC_HEAD}        9.98                                    9.98                     9.98        217.83\n\u{c}其他相关情况说明\n"
    );
    let r = read_text("t.txt", &text);
    let g = r.grid("三公");
    assert_eq!(
        cells(&g.rows[0]),
        ["9.98", "", "", "9.98", "", "9.98", "217.83"]
    );
    assert_eq!(r.tail("三公").len(), 1);
}

#[test]
fn three_public_with_only_admin_cost() {
    let text = format!("{THREE_PUBLIC_HEAD}                                                                                     88.00\n");
    let r = read_text("t.txt", &text);
    assert_eq!(
        cells(&r.grid("三公").rows[0]),
        ["", "", "", "", "", "", "88.00"]
    );
}

/// A table continued on a page without its header, laid out at another scale, where no row
/// fills every column.
#[test]
fn continued_page_without_header_follows_the_page_before() {
    let text = "\u{c}                               2025年部门支出预算总表
编制部门：某局                                                              单位：元
                        项目                               支出预算
功能分类科目编码
                         功能分类科目名称        合计              基本支出            项目支出
类     款    项
201             一般公共服务支出                 22,186,440.80   16,093,326.00    6,093,114.80
201   06   01   行政运行                     16,231,840.80   16,093,326.00     138,514.80
201   06   02   一般行政管理事务                   100,000.00                      100,000.00
\u{c}210             卫生健康支出            782,164.00      782,164.00
210   11   01   行政单位医疗          782,164.00                     782,164.00
221   02   03   购房补贴              2,687,760.00    2,687,760.00
\u{c}其他相关情况说明
";
    let r = read_text("t.txt", text);
    let g = r.grid("支出预算总表");
    assert_eq!(
        row_at(g, 10),
        ["210", "卫生健康支出", "782,164.00", "782,164.00", ""]
    );
    assert_eq!(
        row_at(g, 11),
        ["210 11 01", "行政单位医疗", "782,164.00", "", "782,164.00"]
    );
    assert_eq!(
        row_at(g, 12),
        ["221 02 03", "购房补贴", "2,687,760.00", "2,687,760.00", ""]
    );
    assert_eq!(r.tail("支出预算总表"), [13]);
}

/// Numbers without thousands separators and a `无` row in an empty table (as the 司法局 2026
/// text has them), and a wider spacing of the header.
#[test]
fn other_spacing_plain_numbers_and_none_row() {
    let text = "\u{c}                 2026年部门政府性基金预算支出功能分类预算表
编制部门：上海市某区某局                                           单位：元

                 项目                        政府性基金预算支出
功能分类科目编码
                  功能分类科目名称            合计     基本支出      项目支出
类   款   项
无




                 合计
注:本部门2026年无政府性基金预算财政拨款安排的预算，故本表为空表。
\u{c}                        2026年部门一般公共预算支出功能分类预算表
编制部门：上海市某区某局                                                           单位：元

                        项目                           一般公共预算支出
功能分类科目编码
                         功能分类科目名称           合计                   基本支出                 项目支出
类     款    项
204             公共安全支出                     87267272.44           16726725.44           70540547.00
204   06   04   基层司法业务                     21703947.00                  0.00           21703947.00
204   06   05   普法宣传                          1242900.00                                  1242900.00
                        合计                     96282213.44           25741666.44           70540547.00
";
    let r = read_text("t.txt", text);
    let g = r.grid("政府性基金");
    assert_eq!(cells(&g.rows[0]), ["无", "", "", "", ""]);
    assert_eq!(cells(&g.rows[1]), ["合计", "", "", "", ""]);
    assert_eq!(g.notes.len(), 1);
    let g = r.grid("一般公共预算支出");
    assert_eq!(
        row_at(g, 24),
        ["204 06 05", "普法宣传", "1242900.00", "", "1242900.00"]
    );
    assert_eq!(
        row_at(g, 23),
        [
            "204 06 04",
            "基层司法业务",
            "21703947.00",
            "0.00",
            "21703947.00"
        ]
    );
}

/// A header name split over two lines that are both names on their own is one column's name,
/// not a group (`一般公共预算` over `财政拨款收入`).
#[test]
fn two_line_names_and_text_after_the_table() {
    let text = "\u{c}                2025年部门收入预算总表
编制部门：某单位                                                  单位：元
                                             一般公共预算
                 科目名称           合计        财政拨款收入       事业收入
一、本年收入                      100.00         90.00           10.00
合计                             100.00         90.00           10.00
注：本表金额单位为元。
以上数据为初步测算，以最终批复为准，如有变化另行公开，特此说明。
";
    let r = read_text("t.txt", text);
    let g = r.grid("收入预算总表");
    assert_eq!(
        header(g),
        [vec![
            "科目名称",
            "合计",
            "一般公共预算财政拨款收入",
            "事业收入"
        ]]
    );
    assert_eq!(row_at(g, 6), ["合计", "100.00", "90.00", "10.00"]);
    assert_eq!(g.notes.len(), 1);
    assert_eq!(r.tail("收入预算总表"), [8]);
}

proptest::proptest! {
    /// Whatever the lines under a title, reading them never panics, every row keeps the grid's
    /// width, and every line goes either to the table or back to the narrative.
    #[test]
    fn any_layout_reads_without_panic(lines in proptest::collection::vec(
        proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("201".to_string()),
                proptest::strategy::Just("05".to_string()),
                proptest::strategy::Just("合计".to_string()),
                proptest::strategy::Just("项目".to_string()),
                proptest::strategy::Just("基本支出".to_string()),
                proptest::strategy::Just("公务用车购置及运行费".to_string()),
                proptest::strategy::Just("注:本表为空表。".to_string()),
                proptest::strategy::Just("编制部门：某单位".to_string()),
                proptest::strategy::Just("单位：元".to_string()),
                proptest::strategy::Just("\u{c}".to_string()),
                proptest::strategy::Just("—".to_string()),
                "[0-9,.]{1,12}",
                "[ ]{1,12}",
                "\\PC{0,6}",
            ],
            0..10,
        ),
        0..25,
    )) {
        let mut text = String::from("2025年部门支出预算总表\n");
        for l in &lines {
            text.push_str(&l.join(" "));
            text.push('\n');
        }
        let src = SourceText::new("p.txt", &text);
        let mut ctx = Context::new(&src);
        for b in segment(&src, &mut ctx) {
            if let Block::Table(tb) = b {
                let (g, tail) = read_table(&mut ctx, &tb);
                if let Some(g) = g {
                    let width = g.header.iter().map(|h| h.cells.len()).max().unwrap_or(0);
                    for h in &g.header {
                        proptest::prop_assert_eq!(h.cells.len(), width);
                    }
                    for r in &g.rows {
                        proptest::prop_assert!(r.cells.len() >= width || width == 0);
                        proptest::prop_assert!(r.line > g.title_line);
                    }
                    proptest::prop_assert!(tail.iter().all(|&l| l > g.end_line || g.end_line == g.title_line));
                }
            }
        }
    }
}

/// A continued page that says `续表` and prints its header with other spacing.
#[test]
fn continued_page_with_mark_and_respaced_header() {
    let text = "\u{c}                              2025年部门支出预算总表
编制部门：某局                                                 单位：元
                       项目                            支出预算
功能分类科目编码
                         功能分类科目名称       合计           基本支出       项目支出
类     款    项
201             一般公共服务支出                 3,296,600          0    3,296,600
\u{c}续表
                  项目                  支出预算
功能分类科目编码
              功能分类科目名称    合计      基本支出     项目支出
类 款 项
204             公共安全支出        2,878,025             0   2,878,025
                合计        6,174,625             0   6,174,625
";
    let r = read_text("t.txt", text);
    let g = r.grid("支出预算总表");
    assert_eq!(g.rows.len(), 3);
    assert_eq!(
        row_at(g, 13),
        ["204", "公共安全支出", "2,878,025", "0", "2,878,025"]
    );
    for line in 8..=12 {
        assert!(
            matches!(r.use_of(line), Some(LineUse::Ignored(_))),
            "line {line}: {:?}",
            r.use_of(line)
        );
    }
}
