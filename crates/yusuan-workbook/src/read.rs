//! Reading a source workbook. Every sheet is read and checked before the budget is returned:
//! an error anywhere gives an error, never part of a budget.

use crate::cells::{
    amount, header_unit, is_total_label, label_key, sheet_key, squash, without_paren, Value,
};
use crate::error::{ErrorKind, NoteKind, Place, WorkbookError, WorkbookNote};
use crate::layout::{
    RowSpec, SheetKind, SheetSpec, ASSETS, ECONOMIC, EXPENDITURE, HELP_ALIASES, INCOME, INDICATORS,
    NARRATIVE, NOTE_HEADERS, NOTE_SECTIONS, OVERALL_ALIASES, PRIOR_YEAR, PROCUREMENT, PROJECTS,
    REASON_SUBJECTS, SHEETS, THREE_PUBLIC, UNIT,
};
use calamine::{Data, Range, Reader, SheetType, SheetVisible, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::Arc;
use yusuan_model::budget::{
    Assets, ChangeReason, Display, EconomicLine, ExpenditureLine, Goal, IncomeLine,
    NarrativeInputs, PriorYear, Procurement, Project, ThreePublic,
};
use yusuan_model::{
    Budget, Catalog, Code, DocKind, Fen, FundSource, Indicator, Known, Level, MoneyUnit, Nature,
    Provenance, Region, Scheme, UnitIdentity, Weight,
};
use yusuan_native::parse_source;

/// How many rows from the top a header row is looked for (titles and 单位：万元 lines above it).
const HEADER_SCAN_ROWS: usize = 30;

// ----- the workbook --------------------------------------------------------------------------

/// One sheet's cells, from its first used cell.
pub(crate) struct Grid {
    name: String,
    r0: u32,
    c0: u32,
    cells: Vec<Vec<Value>>,
}

static EMPTY: Value = Value::Empty;

impl Grid {
    fn new(name: &str, range: &Range<Data>) -> Grid {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells = range
            .rows()
            .map(|row| row.iter().map(Value::from_data).collect())
            .collect();
        Grid {
            name: name.to_string(),
            r0,
            c0,
            cells,
        }
    }

    fn get(&self, r: usize, c: usize) -> &Value {
        self.cells
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&EMPTY)
    }

    fn rows(&self) -> usize {
        self.cells.len()
    }

    fn width(&self, r: usize) -> usize {
        self.cells.get(r).map_or(0, Vec::len)
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(|r| r.iter().all(Value::is_empty))
    }

    fn place(&self, r: usize, c: Option<usize>) -> Place {
        Place {
            sheet: self.name.clone(),
            row: self
                .r0
                .saturating_add(u32::try_from(r).unwrap_or(u32::MAX))
                .saturating_add(1),
            col: c.map(|c| self.c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX))),
        }
    }
}

enum Class {
    Help,
    Data(SheetKind),
}

fn classify(name: &str) -> Option<Class> {
    let k = sheet_key(name);
    if HELP_ALIASES.iter().any(|a| sheet_key(a) == k) {
        return Some(Class::Help);
    }
    SHEETS
        .iter()
        .find(|s| s.aliases.iter().any(|a| sheet_key(a) == k))
        .map(|s| Class::Data(s.kind))
}

struct Loaded {
    grids: Vec<(SheetKind, Grid)>,
    /// Sheets not read: name, and whether hidden.
    unknown: Vec<(String, bool)>,
}

fn damaged(reason: impl Into<String>) -> WorkbookError {
    WorkbookError::whole(
        ErrorKind::NotAWorkbook,
        format!(
            "不是可读取的 XLSX 工作簿 (not a readable XLSX workbook): {}",
            reason.into()
        ),
    )
}

/// Open the workbook and read the cells of the sheets this reader knows. calamine's errors and
/// any panic inside it become [`ErrorKind::NotAWorkbook`].
fn load(bytes: &[u8]) -> Result<Loaded, WorkbookError> {
    let run = || -> Result<Loaded, String> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let meta: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
        let mut grids = Vec::new();
        let mut unknown = Vec::new();
        for s in meta {
            let class = if s.typ == SheetType::WorkSheet {
                classify(&s.name)
            } else {
                None
            };
            match class {
                Some(Class::Help) => {}
                Some(Class::Data(kind)) => {
                    let range = wb
                        .worksheet_range(&s.name)
                        .map_err(|e| format!("工作表「{}」(sheet {}): {e}", s.name, s.name))?;
                    grids.push((kind, Grid::new(&s.name, &range)));
                }
                None => unknown.push((s.name.clone(), s.visible != SheetVisible::Visible)),
            }
        }
        Ok(Loaded { grids, unknown })
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(l)) => Ok(l),
        Ok(Err(e)) => Err(damaged(e)),
        Err(_) => Err(damaged(
            "读取时出错 (the spreadsheet reader failed on this file)",
        )),
    }
}

/// True when the bytes are an XLSX workbook with a 单位信息 or 支出 sheet (under any of the
/// names the reader accepts).
pub fn looks_like_source_workbook(bytes: &[u8]) -> bool {
    let run = || -> bool {
        let Ok(wb) = Xlsx::new(Cursor::new(bytes)) else {
            return false;
        };
        let wb: Xlsx<_> = wb;
        wb.sheet_names().iter().any(|n| {
            matches!(
                classify(n),
                Some(Class::Data(SheetKind::Unit | SheetKind::Expenditure))
            )
        })
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or(false)
}

// ----- reading -------------------------------------------------------------------------------

/// State shared by the sheets: notes, the workbook's money unit, the year, provenance.
struct Ctx<'c> {
    file: Arc<str>,
    /// Which printed names of codes differ from the catalogue's (kept as the budget's names).
    catalog: &'c Catalog,
    notes: Vec<WorkbookNote>,
    unit: MoneyUnit,
    year: Option<u16>,
}

impl Ctx<'_> {
    fn note(&mut self, kind: NoteKind, place: Option<Place>, message: impl Into<String>) {
        self.notes.push(WorkbookNote::info(kind, message).at(place));
    }

    fn prov(&self, place: &Place, row: &str) -> Provenance {
        Provenance {
            file: self.file.clone(),
            line: Some(place.row),
            table: Some(Arc::from(place.sheet.as_str())),
            row: (!row.is_empty()).then(|| row.to_string()),
            place: Some(format!("工作表「{}」第 {} 行", place.sheet, place.row)),
            ..Default::default()
        }
    }
}

pub(crate) fn read_workbook(
    name: &str,
    bytes: &[u8],
    catalog: &Catalog,
) -> Result<(Budget, Vec<WorkbookNote>), WorkbookError> {
    read(name, bytes, catalog).map_err(|mut e| {
        e.file = name.to_string();
        e
    })
}

fn read(
    name: &str,
    bytes: &[u8],
    catalog: &Catalog,
) -> Result<(Budget, Vec<WorkbookNote>), WorkbookError> {
    let loaded = load(bytes)?;
    let mut ctx = Ctx {
        file: Arc::from(name),
        catalog,
        notes: Vec::new(),
        unit: MoneyUnit::Yuan,
        year: None,
    };
    if loaded.grids.is_empty() {
        let names: Vec<&str> = SHEETS.iter().map(|s| s.name).collect();
        return Err(WorkbookError::whole(
            ErrorKind::NotASourceWorkbook,
            format!(
                "没有可读取的工作表：源数据工作簿应有 {} 等工作表 (no known sheet; is this a published disclosure rather than the unit's source workbook?)",
                names.join("、")
            ),
        ));
    }
    let mut by_kind: BTreeMap<SheetKind, &Grid> = BTreeMap::new();
    for (kind, g) in &loaded.grids {
        if let Some(first) = by_kind.insert(*kind, g) {
            return Err(WorkbookError::at(
                g.place(0, Some(0)),
                ErrorKind::Sheet,
                format!(
                    "工作表「{}」与「{}」是同一种表，只能有一个 (two sheets of the same kind)",
                    g.name, first.name
                ),
            ));
        }
    }
    for (n, hidden) in &loaded.unknown {
        ctx.note(
            NoteKind::UnknownSheet,
            None,
            format!(
                "工作表「{n}」{}不是已知的表，未读取 (unknown sheet, not read)",
                if *hidden { "（隐藏）" } else { "" }
            ),
        );
    }
    for spec in SHEETS {
        if !by_kind.contains_key(&spec.kind) {
            ctx.note(
                NoteKind::MissingSheet,
                None,
                format!(
                    "没有工作表「{}」，按空表处理 (sheet missing, read as empty)",
                    spec.name
                ),
            );
        }
    }

    let unit = match by_kind.get(&SheetKind::Unit) {
        Some(g) => unit_sheet(g, &mut ctx)?,
        None => UnitInfo::default(),
    };
    ctx.unit = unit.money_unit;
    ctx.year = unit.year;
    let mut b = Budget {
        unit: unit.identity,
        year: unit.year.unwrap_or(0),
        kind: unit.kind,
        region: unit.region,
        display: unit.display,
        ..Budget::default()
    };
    if let Some(g) = by_kind.get(&SheetKind::Income) {
        b.income = income_sheet(g, &mut ctx)?;
    }
    if let Some(g) = by_kind.get(&SheetKind::Expenditure) {
        let (lines, names) = expenditure_sheet(g, &mut ctx)?;
        b.expenditure = lines;
        b.code_names = names;
    }
    if let Some(g) = by_kind.get(&SheetKind::Economic) {
        b.economic = economic_sheet(g, &mut ctx)?;
    }
    if let Some(g) = by_kind.get(&SheetKind::ThreePublic) {
        let (three, admin) = three_public_sheet(g, &mut ctx)?;
        b.three_public = three;
        b.admin_cost = admin;
    }
    if let Some(g) = by_kind.get(&SheetKind::Procurement) {
        b.procurement = procurement_sheet(g, &mut ctx)?;
    }
    if let Some(g) = by_kind.get(&SheetKind::Assets) {
        b.assets = assets_sheet(g, &mut ctx)?;
    }
    if let Some(g) = by_kind.get(&SheetKind::Projects) {
        // 项目支出 on 支出, when that sheet has lines: no project can be larger.
        let spending = (!b.expenditure.is_empty())
            .then(|| b.expenditure.iter().map(|l| l.project).sum::<Fen>());
        b.projects = projects_sheet(g, &mut ctx, spending)?;
    }
    let mut overall = Vec::new();
    if let Some(g) = by_kind.get(&SheetKind::Indicators) {
        overall = indicators_sheet(g, &mut ctx, &mut b.projects)?;
    }
    if let Some(g) = by_kind.get(&SheetKind::PriorYear) {
        b.prior_year = prior_year_sheet(g, &mut ctx)?;
    }
    let mut overall_text = String::new();
    if let Some(g) = by_kind.get(&SheetKind::Narrative) {
        (b.narrative, overall_text) = narrative_sheet(g, &mut ctx)?;
    }
    if !overall_text.is_empty() || !overall.is_empty() {
        b.overall_goal = Some(Goal {
            text: overall_text,
            indicators: overall,
        });
    }

    if unit.year.is_none() {
        if b == Budget::default() {
            ctx.note(
                NoteKind::Empty,
                None,
                "工作簿中没有填写任何内容，预算为空 (nothing was filled in: the budget is empty)",
            );
            return Ok((b, ctx.notes));
        }
        let place =
            match (&unit.year_place, by_kind.get(&SheetKind::Unit)) {
                (Some(p), _) => p.clone(),
                (None, Some(g)) => g.place(0, Some(0)),
                (None, None) => return Err(WorkbookError::whole(
                    ErrorKind::Sheet,
                    "缺少工作表「单位信息」：预算年度必填 (missing sheet 单位信息 with 预算年度)",
                )),
            };
        return Err(WorkbookError::at(
            place,
            ErrorKind::MissingValue,
            "缺少预算年度：在「单位信息」表填写「预算年度」，如 2025 (missing 预算年度)",
        ));
    }
    Ok((b, ctx.notes))
}

// ----- tables --------------------------------------------------------------------------------

/// A sheet whose header row has been found: for each column of the sheet's spec, the grid
/// column that holds it and the unit its header names.
struct Table<'g> {
    g: &'g Grid,
    spec: &'static SheetSpec,
    cols: Vec<Option<(usize, Option<MoneyUnit>)>>,
    /// The sheet's money unit: a `单位：万元` line above the header, else the workbook's.
    unit: MoneyUnit,
    first_data: usize,
}

enum HeaderCell {
    Col(usize, Option<MoneyUnit>),
    Note,
    Unknown,
    Blank,
}

fn header_cell(spec: &SheetSpec, v: &Value) -> HeaderCell {
    let text = v.label();
    if text.is_empty() {
        return HeaderCell::Blank;
    }
    let (base, unit) = header_unit(&squash(&text));
    let mut candidates = vec![base.clone()];
    if let Some(b) = without_paren(&base) {
        candidates.push(b.to_string());
    }
    for cand in &candidates {
        if cand.starts_with('#') || NOTE_HEADERS.iter().any(|n| squash(n) == *cand) {
            return HeaderCell::Note;
        }
        for (i, c) in spec.columns.iter().enumerate() {
            if squash(c.header) == *cand || c.aliases.iter().any(|a| squash(a) == *cand) {
                return if c.kind == crate::layout::ColKind::Note {
                    HeaderCell::Note
                } else {
                    HeaderCell::Col(i, unit)
                };
            }
        }
    }
    HeaderCell::Unknown
}

/// A `单位：万元` / `金额单位：元` line.
fn unit_line(text: &str) -> Option<MoneyUnit> {
    let t = squash(text);
    let (_, rest) = t.split_once("单位")?;
    let rest = rest.trim_start_matches(':');
    if rest.starts_with("万元") {
        Some(MoneyUnit::WanYuan)
    } else if rest.starts_with('元') {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

/// Find the header row of a sheet. `Ok(None)` for a blank sheet. A list-like sheet without a
/// header row is read as label in column A, value in column B (`kv_fallback`).
fn table<'g>(
    g: &'g Grid,
    spec: &'static SheetSpec,
    ctx: &mut Ctx,
    kv_fallback: bool,
) -> Result<Option<Table<'g>>, WorkbookError> {
    if g.is_blank() {
        return Ok(None);
    }
    let mut best: Option<(usize, usize)> = None; // (matched required, row)
    for r in 0..g.rows().min(HEADER_SCAN_ROWS) {
        let mut cols: Vec<Option<(usize, Option<MoneyUnit>)>> = vec![None; spec.columns.len()];
        let mut dup = None;
        let mut unknown = Vec::new();
        for c in 0..g.width(r) {
            match header_cell(spec, g.get(r, c)) {
                HeaderCell::Col(i, unit) => match cols.get_mut(i) {
                    Some(Some((first, _))) => dup = dup.or(Some((i, *first, c))),
                    Some(slot) => *slot = Some((c, unit)),
                    None => {}
                },
                HeaderCell::Unknown => unknown.push(c),
                HeaderCell::Note | HeaderCell::Blank => {}
            }
        }
        let required = spec.columns.iter().filter(|c| c.required).count();
        let found = spec
            .columns
            .iter()
            .zip(&cols)
            .filter(|(c, m)| c.required && m.is_some())
            .count();
        if found < required {
            if found > 0 && best.is_none_or(|(n, _)| found > n) {
                best = Some((found, r));
            }
            continue;
        }
        if let Some((i, first, c)) = dup {
            return Err(WorkbookError::at(
                g.place(r, Some(c)),
                ErrorKind::Column,
                format!(
                    "表头中「{}」列出现两次（另见 {}）(the same column twice in the header)",
                    spec.columns.get(i).map_or("", |c| c.header),
                    g.place(r, Some(first)).cell()
                ),
            ));
        }
        for c in unknown {
            let has_data = (r + 1..g.rows()).any(|rr| !g.get(rr, c).is_empty());
            if has_data {
                ctx.note(
                    NoteKind::Ignored,
                    Some(g.place(r, Some(c))),
                    format!(
                        "列「{}」不是本表的列，未读取 (unknown column, not read)",
                        g.get(r, c).label()
                    ),
                );
            }
        }
        let unit = (0..r)
            .flat_map(|rr| (0..g.width(rr)).map(move |c| (rr, c)))
            .find_map(|(rr, c)| unit_line(&g.get(rr, c).label()))
            .unwrap_or(ctx.unit);
        return Ok(Some(Table {
            g,
            spec,
            cols,
            unit,
            first_data: r + 1,
        }));
    }
    if kv_fallback {
        let mut cols = vec![None; spec.columns.len()];
        // The key in the first column, the value in the second.
        for (k, slot) in cols.iter_mut().take(2).enumerate() {
            *slot = Some((k, None));
        }
        return Ok(Some(Table {
            g,
            spec,
            cols,
            unit: ctx.unit,
            first_data: 0,
        }));
    }
    let required: Vec<&str> = spec
        .columns
        .iter()
        .filter(|c| c.required)
        .map(|c| c.header)
        .collect();
    let optional: Vec<&str> = spec
        .columns
        .iter()
        .filter(|c| !c.required && c.kind != crate::layout::ColKind::Note)
        .map(|c| c.header)
        .collect();
    let row = best.map_or(0, |b| b.1);
    let missing: Vec<&str> = {
        let mut cols = vec![false; spec.columns.len()];
        for c in 0..g.width(row) {
            if let HeaderCell::Col(i, _) = header_cell(spec, g.get(row, c)) {
                if let Some(found) = cols.get_mut(i) {
                    *found = true;
                }
            }
        }
        spec.columns
            .iter()
            .zip(cols)
            .filter(|(c, found)| c.required && !found)
            .map(|(c, _)| c.header)
            .collect()
    };
    Err(WorkbookError::at(
        g.place(row, Some(0)),
        ErrorKind::Column,
        format!(
            "找不到表头：缺少列「{}」；表头必须有 {}，可以有 {}（顺序不限，金额列可带（元）/（万元））(missing column; the header must have {})",
            missing.join("」「"),
            required.join("、"),
            optional.join("、"),
            required.join(", ")
        ),
    ))
}

impl<'g> Table<'g> {
    /// The data rows: every row under the header with something in a column that is read.
    fn rows(&self) -> Vec<Row<'_, 'g>> {
        (self.first_data..self.g.rows())
            .filter(|&r| {
                self.cols
                    .iter()
                    .flatten()
                    .any(|(c, _)| !self.g.get(r, *c).is_empty())
            })
            .map(|r| Row { t: self, r })
            .collect()
    }

    fn has(&self, header: &str) -> bool {
        self.mapped(header).is_some()
    }

    fn mapped(&self, header: &str) -> Option<(usize, Option<MoneyUnit>)> {
        self.spec
            .col(header)
            .and_then(|i| self.cols.get(i).copied().flatten())
    }
}

struct Row<'t, 'g> {
    t: &'t Table<'g>,
    r: usize,
}

impl Row<'_, '_> {
    fn value(&self, h: &str) -> &Value {
        match self.t.mapped(h) {
            Some((c, _)) => self.t.g.get(self.r, c),
            None => &EMPTY,
        }
    }

    fn is_blank(&self, h: &str) -> bool {
        self.value(h).is_empty()
    }

    fn place(&self, h: &str) -> Place {
        self.t.g.place(self.r, self.t.mapped(h).map(|m| m.0))
    }

    fn row_place(&self) -> Place {
        // The first read column, so the place has a cell.
        let c = self.t.cols.iter().flatten().map(|m| m.0).min();
        self.t.g.place(self.r, c)
    }

    fn text(&self, h: &str) -> Result<String, WorkbookError> {
        self.value(h)
            .text()
            .map_err(|m| WorkbookError::at(self.place(h), ErrorKind::BadValue, format!("{h}：{m}")))
    }

    fn unit(&self, h: &str) -> MoneyUnit {
        self.t.mapped(h).and_then(|m| m.1).unwrap_or(self.t.unit)
    }

    fn amount(&self, h: &str, ctx: &mut Ctx) -> Result<Option<Fen>, WorkbookError> {
        let unit = self.unit(h);
        cell_amount(self.value(h), unit, self.place(h), h, ctx)
    }

    fn yes_no(&self, h: &str) -> Result<Option<bool>, WorkbookError> {
        let t = self.text(h)?;
        parse_yes_no(&t).ok_or_else(|| {
            WorkbookError::at(
                self.place(h),
                ErrorKind::BadValue,
                format!("{h} 应为“是”或“否”（或留空），而不是「{t}」(expected 是 or 否)"),
            )
        })
    }
}

fn cell_amount(
    v: &Value,
    unit: MoneyUnit,
    place: Place,
    what: &str,
    ctx: &mut Ctx,
) -> Result<Option<Fen>, WorkbookError> {
    match amount(v, unit) {
        // Budget figures (this year's, last year's, each part of them) are never below zero; a
        // negative one is a typing slip or a 差额 in the wrong sheet, and would flow into every
        // table.
        Ok(Some((fen, _))) if fen < Fen::ZERO => Err(WorkbookError::at(
            place,
            ErrorKind::BadAmount,
            format!(
                "「{what}」不能为负数：{} 元（预算金额不小于 0）(an amount cannot be negative)",
                fen.format(MoneyUnit::Yuan, 2, false)
            ),
        )),
        Ok(Some((fen, rounded))) => {
            if rounded {
                if let Value::Number(s) = v {
                    ctx.note(
                        NoteKind::Rounded,
                        Some(place),
                        format!(
                            "{what} 的数值 {s} 带有公式的计算误差，已按分取整为 {} 元 (formula noise rounded to 分)",
                            fen.format(MoneyUnit::Yuan, 2, false)
                        ),
                    );
                }
            }
            Ok(Some(fen))
        }
        Ok(None) => Ok(None),
        Err(reason) => Err(WorkbookError::at(
            place,
            ErrorKind::BadAmount,
            format!("「{what}」{reason}"),
        )),
    }
}

/// `是` / `否` (also true/false, yes/no, 1/0, √); blank is `Some(None)`; anything else `None`.
fn parse_yes_no(t: &str) -> Option<Option<bool>> {
    match t.trim().to_ascii_lowercase().as_str() {
        "" => Some(None),
        "是" | "true" | "yes" | "y" | "1" | "√" | "✓" | "核心" | "重点" => {
            Some(Some(true))
        }
        "否" | "false" | "no" | "n" | "0" | "×" | "非核心" => Some(Some(false)),
        _ => None,
    }
}

fn source_of(t: &str) -> Option<FundSource> {
    parse_source(t)
}

/// The snake_case key of a source, as the budget's reason subjects use it.
fn source_key(s: FundSource) -> &'static str {
    match s {
        FundSource::GeneralBudget => "general_budget",
        FundSource::GovFund => "gov_fund",
        FundSource::StateCapital => "state_capital",
        FundSource::SpecialAccount => "special_account",
        FundSource::OperatingRevenue => "operating_revenue",
        FundSource::BusinessRevenue => "business_revenue",
        FundSource::HigherSubsidy => "higher_subsidy",
        FundSource::SubordinateRemittance => "subordinate_remittance",
        FundSource::OtherRevenue => "other_revenue",
    }
}

fn unknown_source(place: Place, text: &str) -> WorkbookError {
    let hint = if text.contains("结转") {
        "；上年结转请填资金来源，并在「上年结转」列填“是”"
    } else if squash(text) == "财政拨款" {
        "；“财政拨款”请写明是一般公共预算、政府性基金预算还是国有资本经营预算"
    } else {
        ""
    };
    WorkbookError::at(
        place,
        ErrorKind::UnknownSource,
        format!(
            "未知的资金来源「{text}」{hint}（应为 {}）(unknown fund source)",
            crate::layout::SOURCE_LABELS.join("、")
        ),
    )
}

fn bad_code(place: Place, text: &str, scheme: Scheme) -> WorkbookError {
    let expected = match scheme {
        Scheme::Function => "功能分类科目编码应为 3、5 或 7 位数字，如 201、20103、2010301 (expected a 功能分类 code of 3, 5 or 7 digits)",
        Scheme::Economic => "经济分类科目编码应为 3 或 5 位数字，如 301、30101 (expected an 经济分类 code of 3 or 5 digits)",
    };
    WorkbookError::at(
        place,
        ErrorKind::BadCode,
        format!("科目编码不对：「{text}」— {expected}"),
    )
}

fn parse_code(text: &str, scheme: Scheme) -> Option<Code> {
    Code::parse(text).filter(|c| c.level(scheme).is_some())
}

fn missing(place: Place, what: &str) -> WorkbookError {
    WorkbookError::at(
        place,
        ErrorKind::MissingValue,
        format!("缺少{what} (missing {what})"),
    )
}

fn inconsistent(place: Place, what: &str, stated: Fen, parts: Fen) -> WorkbookError {
    WorkbookError::at(
        place,
        ErrorKind::Inconsistent,
        format!(
            "{what}为 {stated} 元，而各项相加为 {parts} 元，相差 {} 元 (a total that does not equal its parts)",
            stated - parts
        ),
    )
}

// ----- list-like sheets ----------------------------------------------------------------------

/// One labelled value of a list-like sheet (a row, or a column in the by-columns layout).
struct Item {
    /// The label as written.
    label: String,
    /// [`label_key`] of the label, without a unit suffix.
    key: String,
    /// The unit the label or the value's header names, else the sheet's.
    unit: MoneyUnit,
    value: Value,
    label_place: Place,
    value_place: Place,
}

fn items(g: &Grid, spec: &'static SheetSpec, ctx: &mut Ctx) -> Result<Vec<Item>, WorkbookError> {
    if g.is_blank() {
        return Ok(Vec::new());
    }
    // The by-columns layout: a row with two or more known labels over one row of values (a
    // label-and-value row without a header has one label).
    if spec.by_columns && !header_row_present(g, spec) {
        if let Some(r) = (0..g.rows().min(HEADER_SCAN_ROWS)).find(|&r| {
            (0..g.width(r))
                .filter(|&c| {
                    let l = g.get(r, c).label();
                    !l.is_empty() && match_row(spec.rows, &l).is_some()
                })
                .count()
                >= 2
        }) {
            return items_by_columns(g, spec, r, ctx);
        }
    }
    let kv_fallback = matches!(spec.kind, SheetKind::Unit | SheetKind::Assets);
    let Some(t) = table(g, spec, ctx, kv_fallback)? else {
        return Ok(Vec::new());
    };
    // A key–value sheet's spec lists the key column, then the value column.
    let [key_col, val_col, ..] = spec.columns else {
        return Ok(Vec::new());
    };
    let (key_h, val_h) = (key_col.header, val_col.header);
    let mut out = Vec::new();
    for row in t.rows() {
        let label = row.text(key_h)?;
        if label.is_empty() {
            if row.is_blank(val_h) {
                continue;
            }
            return Err(missing(
                row.place(key_h),
                "项目名称（这一行有内容但没有项目）",
            ));
        }
        let (key, unit) = header_unit(&label_key(&label));
        out.push(Item {
            key,
            unit: unit.unwrap_or_else(|| row.unit(val_h)),
            value: row.value(val_h).clone(),
            label_place: row.place(key_h),
            value_place: row.place(val_h),
            label,
        });
    }
    Ok(out)
}

fn header_row_present(g: &Grid, spec: &SheetSpec) -> bool {
    (0..g.rows().min(HEADER_SCAN_ROWS)).any(|r| {
        let mut found = vec![false; spec.columns.len()];
        for c in 0..g.width(r) {
            if let HeaderCell::Col(i, _) = header_cell(spec, g.get(r, c)) {
                if let Some(f) = found.get_mut(i) {
                    *f = true;
                }
            }
        }
        spec.columns
            .iter()
            .zip(found)
            .all(|(c, f)| !c.required || f)
    })
}

fn items_by_columns(
    g: &Grid,
    spec: &SheetSpec,
    header: usize,
    ctx: &mut Ctx,
) -> Result<Vec<Item>, WorkbookError> {
    let data: Vec<usize> = (header + 1..g.rows())
        .filter(|&r| (0..g.width(header)).any(|c| !g.get(r, c).is_empty()))
        .collect();
    if let [first, second, ..] = data[..] {
        return Err(WorkbookError::at(
            g.place(second, Some(0)),
            ErrorKind::BadValue,
            format!(
                "「{}」按列填写时只能有一行数据（第 {} 行已是数据行）(one data row in the by-columns layout)",
                spec.name,
                g.place(first, None).row
            ),
        ));
    }
    let sheet_unit = (0..header)
        .flat_map(|rr| (0..g.width(rr)).map(move |c| (rr, c)))
        .find_map(|(rr, c)| unit_line(&g.get(rr, c).label()))
        .unwrap_or(ctx.unit);
    let mut out = Vec::new();
    for c in 0..g.width(header) {
        let label = g.get(header, c).label();
        if label.is_empty() {
            continue;
        }
        let sq = squash(&label);
        if NOTE_HEADERS.iter().any(|n| squash(n) == sq) {
            continue;
        }
        let (key, unit) = header_unit(&label_key(&label));
        let value = data
            .first()
            .map(|&r| g.get(r, c).clone())
            .unwrap_or(Value::Empty);
        out.push(Item {
            key,
            unit: unit.unwrap_or(sheet_unit),
            value,
            label_place: g.place(header, Some(c)),
            value_place: g.place(data.first().copied().unwrap_or(header + 1), Some(c)),
            label,
        });
    }
    Ok(out)
}

/// The row spec a label names (by label or alias, compared as [`label_key`]s, without a unit
/// suffix or a trailing parenthesis).
fn match_row<'a>(rows: &'a [RowSpec], label: &str) -> Option<&'a RowSpec> {
    let (key, _) = header_unit(&label_key(label));
    let mut cands = vec![key.clone()];
    if let Some(k) = without_paren(&key) {
        cands.push(k.to_string());
    }
    cands.iter().find_map(|k| {
        rows.iter()
            .find(|r| label_key(r.label) == *k || r.aliases.iter().any(|a| label_key(a) == *k))
    })
}

fn item_amount(it: &Item, ctx: &mut Ctx) -> Result<Option<Fen>, WorkbookError> {
    cell_amount(&it.value, it.unit, it.value_place.clone(), &it.label, ctx)
}

fn unknown_item(it: &Item, spec: &SheetSpec, extra: &str) -> WorkbookError {
    let labels: Vec<&str> = spec.rows.iter().map(|r| r.label).collect();
    WorkbookError::at(
        it.label_place.clone(),
        ErrorKind::BadValue,
        format!(
            "未知的项目「{}」（应为 {}{extra}）(unknown item)",
            it.label,
            labels.join("、")
        ),
    )
}

/// Store a value once per key; a second filled value for the same key is an error.
fn put_once<T>(
    map: &mut BTreeMap<&'static str, (T, Place)>,
    key: &'static str,
    value: T,
    place: Place,
) -> Result<(), WorkbookError> {
    if let Some((_, first)) = map.get(key) {
        return Err(WorkbookError::at(
            place,
            ErrorKind::Duplicate,
            format!("「{key}」填了两次，{} 已有 (given twice)", first.cell()),
        ));
    }
    map.insert(key, (value, place));
    Ok(())
}

// ----- 单位信息 ------------------------------------------------------------------------------

struct UnitInfo {
    identity: UnitIdentity,
    year: Option<u16>,
    year_place: Option<Place>,
    kind: DocKind,
    region: Region,
    money_unit: MoneyUnit,
    display: Display,
}

impl Default for UnitInfo {
    fn default() -> UnitInfo {
        UnitInfo {
            identity: UnitIdentity::default(),
            year: None,
            year_place: None,
            kind: DocKind::default(),
            region: Region::default(),
            money_unit: MoneyUnit::Yuan,
            display: Display::default(),
        }
    }
}

fn unit_sheet(g: &Grid, ctx: &mut Ctx) -> Result<UnitInfo, WorkbookError> {
    let mut info = UnitInfo::default();
    let mut seen: BTreeMap<&'static str, ((), Place)> = BTreeMap::new();
    let mut decimals: Option<(String, Place)> = None;
    for it in items(g, &UNIT, ctx)? {
        let Some(spec) = match_row(UNIT.rows, &it.label) else {
            if !it.value.is_empty() {
                ctx.note(
                    NoteKind::Ignored,
                    Some(it.label_place.clone()),
                    format!(
                        "「{}」不是单位信息的项目，未读取 (unknown item, not read)",
                        it.label
                    ),
                );
            }
            continue;
        };
        if spec.label == "预算年度" && info.year_place.is_none() {
            info.year_place = Some(it.value_place.clone());
        }
        let text = it
            .value
            .text()
            .map_err(|m| WorkbookError::at(it.value_place.clone(), ErrorKind::BadValue, m))?;
        if text.is_empty() {
            continue;
        }
        let list = matches!(spec.label, "下属单位" | "内设机构");
        if !list {
            put_once(&mut seen, spec.label, (), it.value_place.clone())?;
        }
        let bad = |expected: &str| {
            WorkbookError::at(
                it.value_place.clone(),
                ErrorKind::BadValue,
                format!("{}「{text}」不对：{expected}", spec.label),
            )
        };
        match spec.label {
            "单位编码" => info.identity.code = Some(text.clone()),
            "单位名称" => info.identity.name = Some(text.clone()),
            "联系人" => info.identity.contact = Some(text.clone()),
            "下属单位" | "内设机构" => {
                let target = if spec.label == "下属单位" {
                    &mut info.identity.subordinate_units
                } else {
                    &mut info.identity.internal_departments
                };
                target.extend(
                    text.split('\n')
                        .map(|s| s.trim_matches(crate::cells::is_space))
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
            }
            "预算年度" => {
                let t = text.trim_end_matches('年').trim_end_matches("年度");
                info.year = Some(
                    t.parse::<u16>()
                        .ok()
                        .filter(|y| (1990..=2200).contains(y))
                        .ok_or_else(|| bad("应为四位年份，如 2025 (expected a year)"))?,
                );
            }
            "文件种类" => {
                let k = squash(&text);
                info.kind = [
                    DocKind::DepartmentBudget,
                    DocKind::UnitBudget,
                    DocKind::DepartmentFinalAccounts,
                    DocKind::UnitFinalAccounts,
                ]
                .into_iter()
                .find(|d| d.label() == k)
                .ok_or_else(|| {
                    bad("应为 部门预算、单位预算、部门决算 或 单位决算 (expected a document kind)")
                })?;
            }
            "地区" => {
                info.region = match squash(&text).as_str() {
                    "重庆" | "重庆市" | "chongqing" => Region::Chongqing,
                    "上海" | "上海市" | "shanghai" => Region::Shanghai,
                    "全国" | "national" | "其他" => Region::National,
                    _ => return Err(bad("应为 重庆、上海 或 全国 (expected a region)")),
                };
            }
            "金额单位" | "公开金额单位" => {
                let u = match squash(&text).as_str() {
                    "元" | "yuan" => MoneyUnit::Yuan,
                    "万元" | "wan_yuan" => MoneyUnit::WanYuan,
                    _ => return Err(bad("应为 元 或 万元 (expected 元 or 万元)")),
                };
                if spec.label == "金额单位" {
                    info.money_unit = u;
                } else {
                    info.display.unit = u;
                }
            }
            "公开小数位数" => decimals = Some((text.clone(), it.value_place.clone())),
            _ => {}
        }
    }
    if let Some((text, place)) = decimals {
        let max = info.display.unit.max_decimals();
        info.display.decimals = text
            .parse::<u8>()
            .ok()
            .filter(|d| *d <= max)
            .ok_or_else(|| {
                WorkbookError::at(
                    place,
                    ErrorKind::BadValue,
                    format!(
                        "公开小数位数「{text}」不对：应为 0 到 {max} 的整数 (expected 0 to {max})"
                    ),
                )
            })?;
    }
    Ok(info)
}

// ----- 收入 ----------------------------------------------------------------------------------

fn income_sheet(g: &Grid, ctx: &mut Ctx) -> Result<Vec<IncomeLine>, WorkbookError> {
    let Some(t) = table(g, &INCOME, ctx, false)? else {
        return Ok(Vec::new());
    };
    let mut out: Vec<IncomeLine> = Vec::new();
    let mut seen: BTreeMap<(FundSource, bool), Place> = BTreeMap::new();
    let mut totals: Vec<(Fen, Place)> = Vec::new();
    for row in t.rows() {
        let text = row.text("资金来源")?;
        let amount = row.amount("金额", ctx)?;
        if is_total_label(&text) {
            if let Some(a) = amount {
                totals.push((a, row.place("金额")));
            }
            continue;
        }
        if text.is_empty() {
            if amount.is_none() {
                continue;
            }
            return Err(missing(row.place("资金来源"), "资金来源"));
        }
        let source =
            source_of(&text).ok_or_else(|| unknown_source(row.place("资金来源"), &text))?;
        let carried = row.yes_no("上年结转")?.unwrap_or(false);
        let Some(amount) = amount else {
            // A source listed without an amount states nothing.
            continue;
        };
        let place = row.row_place();
        if let Some(first) = seen.insert((source, carried), place.clone()) {
            return Err(WorkbookError::at(
                row.place("资金来源"),
                ErrorKind::Duplicate,
                format!(
                    "重复的行：{}{}，第 {} 行已有 (duplicate line)",
                    source.label(),
                    if carried { "（上年结转）" } else { "" },
                    first.row
                ),
            ));
        }
        out.push(IncomeLine {
            source,
            amount,
            carried_forward: carried,
            prov: Some(ctx.prov(&place, source.label())),
        });
    }
    if !totals.is_empty() {
        let this_year: Fen = out
            .iter()
            .filter(|l| !l.carried_forward)
            .map(|l| l.amount)
            .sum();
        let all: Fen = out.iter().map(|l| l.amount).sum();
        for (stated, place) in &totals {
            if *stated != this_year && *stated != all {
                return Err(inconsistent(place.clone(), "合计", *stated, all));
            }
        }
        ctx.note(
            NoteKind::Totals,
            None,
            format!(
                "「{}」中 {} 个合计行已核对，未作为收入读取 (total rows checked)",
                g.name,
                totals.len()
            ),
        );
    }
    Ok(out)
}

// ----- 支出 ----------------------------------------------------------------------------------

struct ExpRow {
    place: Place,
    code_place: Place,
    name_place: Place,
    /// `None` for a 合计 row.
    code: Option<Code>,
    name: String,
    source: Option<FundSource>,
    basic: Option<Fen>,
    project: Option<Fen>,
    total: Option<Fen>,
    total_place: Place,
    basic_place: Place,
    project_place: Place,
}

type CodeNames = BTreeMap<Code, String>;

fn expenditure_sheet(
    g: &Grid,
    ctx: &mut Ctx,
) -> Result<(Vec<ExpenditureLine>, CodeNames), WorkbookError> {
    let Some(t) = table(g, &EXPENDITURE, ctx, false)? else {
        return Ok((Vec::new(), CodeNames::new()));
    };
    if !t.has("基本支出") && !t.has("人员经费") && !t.has("公用经费") {
        return Err(WorkbookError::at(
            g.place(t.first_data.saturating_sub(1), Some(0)),
            ErrorKind::Column,
            "表头缺少列「基本支出」（或「人员经费」「公用经费」）(missing column 基本支出)",
        ));
    }
    let mut rows: Vec<ExpRow> = Vec::new();
    let mut name_rows: Vec<(Code, String)> = Vec::new();
    let mut totals: Vec<ExpRow> = Vec::new();
    for row in t.rows() {
        let code_text = row.text("功能分类科目编码")?;
        let name = row.text("科目名称")?;
        let src_text = row.text("资金来源")?;
        let personnel = row.amount("人员经费", ctx)?;
        let operating = row.amount("公用经费", ctx)?;
        let mut basic = row.amount("基本支出", ctx)?;
        let project = row.amount("项目支出", ctx)?;
        let total = row.amount("合计", ctx)?;
        if personnel.is_some() || operating.is_some() {
            let parts = personnel.unwrap_or(Fen::ZERO) + operating.unwrap_or(Fen::ZERO);
            match basic {
                None => basic = Some(parts),
                Some(b) if b != parts => {
                    return Err(inconsistent(row.place("基本支出"), "基本支出", b, parts));
                }
                Some(_) => {}
            }
        }
        let all_blank = basic.is_none() && project.is_none() && total.is_none();
        let source = if src_text.is_empty() || is_total_label(&src_text) {
            None
        } else {
            Some(
                source_of(&src_text)
                    .ok_or_else(|| unknown_source(row.place("资金来源"), &src_text))?,
            )
        };
        let is_total =
            is_total_label(&code_text) || (code_text.is_empty() && is_total_label(&name));
        if is_total || code_text.is_empty() {
            if is_total && !all_blank {
                totals.push(ExpRow {
                    place: row.row_place(),
                    code_place: row.place("功能分类科目编码"),
                    name_place: row.place("科目名称"),
                    code: None,
                    name,
                    source,
                    basic,
                    project,
                    total,
                    total_place: row.place("合计"),
                    basic_place: row.place("基本支出"),
                    project_place: row.place("项目支出"),
                });
                continue;
            }
            if all_blank {
                continue;
            }
            return Err(missing(row.place("功能分类科目编码"), "功能分类科目编码"));
        }
        let code = parse_code(&code_text, Scheme::Function)
            .ok_or_else(|| bad_code(row.place("功能分类科目编码"), &code_text, Scheme::Function))?;
        if let Some(tl) = total {
            let parts = basic.unwrap_or(Fen::ZERO) + project.unwrap_or(Fen::ZERO);
            if (basic.is_some() || project.is_some()) && tl != parts {
                return Err(inconsistent(row.place("合计"), "合计", tl, parts));
            }
        }
        if all_blank {
            if code.level(Scheme::Function) == Some(Level::Item) {
                ctx.note(
                    NoteKind::Ignored,
                    Some(row.row_place()),
                    format!("科目 {code} 没有填写金额，未作为支出读取 (a line without amounts was not read)"),
                );
            } else {
                name_rows.push((code, name));
            }
            continue;
        }
        rows.push(ExpRow {
            place: row.row_place(),
            code_place: row.place("功能分类科目编码"),
            name_place: row.place("科目名称"),
            code: Some(code),
            name,
            source,
            basic,
            project,
            total,
            total_place: row.place("合计"),
            basic_place: row.place("基本支出"),
            project_place: row.place("项目支出"),
        });
    }

    // A row with rows under it (same source, or any source when it has none) is a subtotal.
    let under = |a: &ExpRow, b: &ExpRow| match (&a.code, &b.code) {
        (Some(ac), Some(bc)) => {
            ac != bc && ac.contains(bc) && (a.source.is_none() || a.source == b.source)
        }
        _ => false,
    };
    let is_sub: Vec<bool> = rows
        .iter()
        .map(|a| rows.iter().any(|b| under(a, b)))
        .collect();
    let year = ctx.year.unwrap_or(0);
    let mut names = CodeNames::new();
    let mut checked = 0usize;
    let mut lines = Vec::new();
    let mut seen: BTreeMap<(Code, FundSource), Place> = BTreeMap::new();
    for (a, &sub) in rows.iter().zip(&is_sub) {
        let Some(code) = &a.code else {
            continue;
        };
        if sub {
            let leaves: Vec<&ExpRow> = rows
                .iter()
                .zip(&is_sub)
                .filter(|(b, b_sub)| !**b_sub && under(a, b))
                .map(|(b, _)| b)
                .collect();
            check_parts(a, &leaves)?;
            checked += 1;
            if !a.name.is_empty() {
                name_rows.push((code.clone(), a.name.clone()));
            }
            continue;
        }
        let Some(source) = a.source else {
            return Err(missing(
                Place {
                    col: t.mapped("资金来源").map(|m| g.c0 + m.0 as u32),
                    ..a.place.clone()
                },
                "资金来源",
            ));
        };
        if let Some(first) = seen.insert((code.clone(), source), a.place.clone()) {
            return Err(WorkbookError::at(
                a.code_place.clone(),
                ErrorKind::Duplicate,
                format!(
                    "重复的行：科目 {code} {}，第 {} 行已有 (duplicate line)",
                    source.label(),
                    first.row
                ),
            ));
        }
        lines.push(ExpenditureLine {
            prov: Some(ctx.prov(&a.place, code.as_str())),
            code: code.clone(),
            name: a.name.clone(),
            source,
            basic: a.basic.unwrap_or(Fen::ZERO),
            project: a.project.unwrap_or(Fen::ZERO),
        });
    }
    for (code, name) in name_rows {
        if name.is_empty() {
            continue;
        }
        if ctx.catalog.check_name(Scheme::Function, &code, year, &name) != Known::Match {
            names.insert(code, name);
        }
    }
    // Every line's 科目名称 is published: a code the catalogue does not know for the year needs
    // its name in the workbook, and so does each 类 and 款 above it (the tables print them).
    for (a, &sub) in rows.iter().zip(&is_sub) {
        let Some(code) = &a.code else {
            continue;
        };
        if sub {
            continue;
        }
        let cat = ctx.catalog;
        let known =
            |c: &Code| cat.name(Scheme::Function, c, year).is_some() || names.contains_key(c);
        if a.name.is_empty() && !known(code) {
            return Err(WorkbookError::at(
                a.name_place.clone(),
                ErrorKind::MissingValue,
                format!(
                    "科目 {code} 不在 {year} 年的科目目录中，请填写科目名称（或用 --catalog 加载当年的科目目录）(a code the catalogue lacks needs its name)"
                ),
            ));
        }
        let mut up = code.parent();
        while let Some(p) = up {
            if !known(&p) {
                return Err(WorkbookError::at(
                    a.code_place.clone(),
                    ErrorKind::MissingValue,
                    format!(
                        "科目 {code} 的上级科目 {p} 不在 {year} 年的科目目录中，工作簿中也没有它的名称：请在「{}」表加一行，填写 {p} 及其科目名称、金额留空（或用 --catalog 加载当年的科目目录）(the parent code needs a name)",
                        g.name
                    ),
                ));
            }
            up = p.parent();
        }
    }
    for tr in &totals {
        let parts: Vec<&ExpRow> = rows
            .iter()
            .zip(&is_sub)
            .filter(|(b, b_sub)| !**b_sub && (tr.source.is_none() || tr.source == b.source))
            .map(|(b, _)| b)
            .collect();
        check_parts(tr, &parts)?;
        checked += 1;
    }
    if checked > 0 {
        ctx.note(
            NoteKind::Totals,
            None,
            format!(
                "「{}」中 {checked} 个合计或类、款汇总行已与其下各项核对，未作为支出读取 (total and subtotal rows checked)",
                g.name
            ),
        );
    }
    Ok((lines, names))
}

fn check_parts(a: &ExpRow, parts: &[&ExpRow]) -> Result<(), WorkbookError> {
    let basic: Fen = parts.iter().map(|b| b.basic.unwrap_or(Fen::ZERO)).sum();
    let project: Fen = parts.iter().map(|b| b.project.unwrap_or(Fen::ZERO)).sum();
    let what = match &a.code {
        Some(c) => format!("科目 {c} "),
        None if a.name.is_empty() => "合计".to_string(),
        None => a.name.clone(),
    };
    if let Some(v) = a.basic {
        if v != basic {
            return Err(inconsistent(
                a.basic_place.clone(),
                &format!("{what}基本支出"),
                v,
                basic,
            ));
        }
    }
    if let Some(v) = a.project {
        if v != project {
            return Err(inconsistent(
                a.project_place.clone(),
                &format!("{what}项目支出"),
                v,
                project,
            ));
        }
    }
    if let Some(v) = a.total {
        if v != basic + project {
            return Err(inconsistent(
                a.total_place.clone(),
                &format!("{what}合计"),
                v,
                basic + project,
            ));
        }
    }
    Ok(())
}

// ----- 基本支出经济分类 ----------------------------------------------------------------------

fn economic_sheet(g: &Grid, ctx: &mut Ctx) -> Result<Vec<EconomicLine>, WorkbookError> {
    let Some(t) = table(g, &ECONOMIC, ctx, false)? else {
        return Ok(Vec::new());
    };
    struct Econ {
        place: Place,
        /// `None` for a 合计 row.
        code: Option<Code>,
        name: String,
        name_place: Place,
        personnel: Option<Fen>,
        operating: Option<Fen>,
        personnel_place: Place,
        operating_place: Place,
        total: Option<Fen>,
        total_place: Place,
    }
    let mut rows: Vec<Econ> = Vec::new();
    let mut totals: Vec<Econ> = Vec::new();
    for row in t.rows() {
        let code_text = row.text("经济分类科目编码")?;
        let name = row.text("科目名称")?;
        let personnel = row.amount("人员经费", ctx)?;
        let operating = row.amount("日常公用经费", ctx)?;
        let total = row.amount("合计", ctx)?;
        let all_blank = personnel.is_none() && operating.is_none() && total.is_none();
        let is_total =
            is_total_label(&code_text) || (code_text.is_empty() && is_total_label(&name));
        let code = if is_total || code_text.is_empty() {
            if all_blank {
                continue;
            }
            if !is_total {
                return Err(missing(row.place("经济分类科目编码"), "经济分类科目编码"));
            }
            None
        } else {
            Some(parse_code(&code_text, Scheme::Economic).ok_or_else(|| {
                bad_code(row.place("经济分类科目编码"), &code_text, Scheme::Economic)
            })?)
        };
        if let Some(tl) = total {
            let parts = personnel.unwrap_or(Fen::ZERO) + operating.unwrap_or(Fen::ZERO);
            if (personnel.is_some() || operating.is_some()) && tl != parts {
                return Err(inconsistent(row.place("合计"), "合计", tl, parts));
            }
        }
        if all_blank {
            continue;
        }
        let e = Econ {
            place: row.row_place(),
            code: code.clone(),
            name,
            name_place: row.place("科目名称"),
            personnel,
            operating,
            personnel_place: row.place("人员经费"),
            operating_place: row.place("日常公用经费"),
            total,
            total_place: row.place("合计"),
        };
        if code.is_some() {
            rows.push(e);
        } else {
            totals.push(e);
        }
    }
    let under = |a: &Econ, b: &Econ| match (&a.code, &b.code) {
        (Some(ac), Some(bc)) => ac != bc && ac.contains(bc),
        _ => false,
    };
    let is_sub: Vec<bool> = rows
        .iter()
        .map(|a| rows.iter().any(|b| under(a, b)))
        .collect();
    let check = |a: &Econ, parts: &[&Econ], what: &str| -> Result<(), WorkbookError> {
        let p: Fen = parts.iter().map(|b| b.personnel.unwrap_or(Fen::ZERO)).sum();
        let o: Fen = parts.iter().map(|b| b.operating.unwrap_or(Fen::ZERO)).sum();
        for (stated, sum, place, col) in [
            (a.personnel, p, &a.personnel_place, "人员经费"),
            (a.operating, o, &a.operating_place, "日常公用经费"),
            (a.total, p + o, &a.total_place, "合计"),
        ] {
            if let Some(v) = stated {
                if v != sum {
                    return Err(inconsistent(place.clone(), &format!("{what}{col}"), v, sum));
                }
            }
        }
        Ok(())
    };
    let mut checked = 0usize;
    let mut out = Vec::new();
    let mut seen: BTreeMap<Code, Place> = BTreeMap::new();
    for (a, &sub) in rows.iter().zip(&is_sub) {
        let Some(code) = &a.code else {
            continue;
        };
        if sub {
            let leaves: Vec<&Econ> = rows
                .iter()
                .zip(&is_sub)
                .filter(|(b, b_sub)| !**b_sub && under(a, b))
                .map(|(b, _)| b)
                .collect();
            check(a, &leaves, &format!("科目 {code} "))?;
            checked += 1;
            continue;
        }
        if let Some(first) = seen.insert(code.clone(), a.place.clone()) {
            return Err(WorkbookError::at(
                a.place.clone(),
                ErrorKind::Duplicate,
                format!(
                    "重复的行：科目 {code}，第 {} 行已有 (duplicate line)",
                    first.row
                ),
            ));
        }
        let year = ctx.year.unwrap_or(0);
        if a.name.is_empty() && ctx.catalog.name(Scheme::Economic, code, year).is_none() {
            return Err(WorkbookError::at(
                a.name_place.clone(),
                ErrorKind::MissingValue,
                format!(
                    "经济分类科目 {code} 不在 {year} 年的科目目录中，请填写科目名称（或用 --catalog 加载当年的科目目录）(a code the catalogue lacks needs its name)"
                ),
            ));
        }
        out.push(EconomicLine {
            prov: Some(ctx.prov(&a.place, code.as_str())),
            code: code.clone(),
            name: a.name.clone(),
            personnel: a.personnel.unwrap_or(Fen::ZERO),
            operating: a.operating.unwrap_or(Fen::ZERO),
        });
    }
    let leaves: Vec<&Econ> = rows
        .iter()
        .zip(&is_sub)
        .filter(|(_, sub)| !**sub)
        .map(|(b, _)| b)
        .collect();
    for tr in &totals {
        let what = if tr.name.is_empty() {
            "合计"
        } else {
            tr.name.as_str()
        };
        check(tr, &leaves, what)?;
        checked += 1;
    }
    if checked > 0 {
        ctx.note(
            NoteKind::Totals,
            None,
            format!(
                "「{}」中 {checked} 个合计或类汇总行已与其下各款核对，未作为支出读取 (total and subtotal rows checked)",
                g.name
            ),
        );
    }
    Ok(out)
}

// ----- 三公经费 / 政府采购 -------------------------------------------------------------------

fn is_vehicle_subtotal(key: &str) -> bool {
    matches!(
        key,
        "公务用车购置及运行维护费"
            | "公务用车购置及运行费"
            | "公务用车费"
            | "公务用车购置及运行维护"
    )
}

fn three_public_sheet(
    g: &Grid,
    ctx: &mut Ctx,
) -> Result<(ThreePublic, Option<Fen>), WorkbookError> {
    let mut vals: BTreeMap<&'static str, (Fen, Place)> = BTreeMap::new();
    let mut checks: Vec<(bool, Fen, Place, String)> = Vec::new(); // (vehicles only, stated, place, label)
    for it in items(g, &THREE_PUBLIC, ctx)? {
        let a = item_amount(&it, ctx)?;
        match match_row(THREE_PUBLIC.rows, &it.label) {
            Some(r) => {
                if let Some(a) = a {
                    put_once(&mut vals, r.label, a, it.value_place.clone())?;
                }
            }
            None if is_vehicle_subtotal(&it.key) => {
                if let Some(a) = a {
                    checks.push((true, a, it.value_place.clone(), it.label.clone()));
                }
            }
            None if is_total_label(&it.label)
                || matches!(it.key.as_str(), "三公经费" | "三公经费预算" | "三公") =>
            {
                if let Some(a) = a {
                    checks.push((false, a, it.value_place.clone(), it.label.clone()));
                }
            }
            None => {
                return Err(unknown_item(
                    &it,
                    &THREE_PUBLIC,
                    "，或 合计、公务用车购置及运行维护费（会核对）",
                ))
            }
        }
    }
    let get = |k: &str| vals.get(k).map_or(Fen::ZERO, |v| v.0);
    let three = ThreePublic {
        overseas: get("因公出国（境）费"),
        vehicle_purchase: get("公务用车购置费"),
        vehicle_operation: get("公务用车运行维护费"),
        reception: get("公务接待费"),
    };
    for (vehicles, stated, place, label) in &checks {
        let sum = if *vehicles {
            three.vehicles()
        } else {
            three.total()
        };
        if *stated != sum {
            return Err(inconsistent(place.clone(), label, *stated, sum));
        }
    }
    if !checks.is_empty() {
        ctx.note(
            NoteKind::Totals,
            None,
            format!(
                "「{}」中 {} 个合计项已核对 (totals checked)",
                g.name,
                checks.len()
            ),
        );
    }
    Ok((three, vals.get("机关运行经费").map(|v| v.0)))
}

fn procurement_sheet(g: &Grid, ctx: &mut Ctx) -> Result<Procurement, WorkbookError> {
    let mut vals: BTreeMap<&'static str, (Fen, Place)> = BTreeMap::new();
    let mut checks: Vec<(Fen, Place, String)> = Vec::new();
    for it in items(g, &PROCUREMENT, ctx)? {
        let a = item_amount(&it, ctx)?;
        match match_row(PROCUREMENT.rows, &it.label) {
            Some(r) => {
                if let Some(a) = a {
                    put_once(&mut vals, r.label, a, it.value_place.clone())?;
                }
            }
            None if is_total_label(&it.label)
                || matches!(it.key.as_str(), "政府采购" | "政府采购预算" | "采购预算") =>
            {
                if let Some(a) = a {
                    checks.push((a, it.value_place.clone(), it.label.clone()));
                }
            }
            None => return Err(unknown_item(&it, &PROCUREMENT, "，或 合计（会核对）")),
        }
    }
    let get = |k: &str| vals.get(k).map(|v| v.0);
    let p = Procurement {
        goods: get("货物").unwrap_or(Fen::ZERO),
        works: get("工程").unwrap_or(Fen::ZERO),
        services: get("服务").unwrap_or(Fen::ZERO),
        sme_reserved: get("面向中小企业预留"),
        small_micro_reserved: get("预留给小型和微型企业"),
    };
    for (stated, place, label) in &checks {
        if *stated != p.total() {
            return Err(inconsistent(place.clone(), label, *stated, p.total()));
        }
    }
    if !checks.is_empty() {
        ctx.note(
            NoteKind::Totals,
            None,
            format!(
                "「{}」中 {} 个合计项已核对 (totals checked)",
                g.name,
                checks.len()
            ),
        );
    }
    Ok(p)
}

// ----- 国有资产 ------------------------------------------------------------------------------

fn count(it: &Item) -> Result<Option<i64>, WorkbookError> {
    let text = it
        .value
        .text()
        .map_err(|m| WorkbookError::at(it.value_place.clone(), ErrorKind::BadValue, m))?;
    if text.is_empty() {
        return Ok(None);
    }
    let t = text.trim_end_matches(['辆', '台', '套', '个', '件', '(', ')', '（', '）']);
    t.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(Some)
        .ok_or_else(|| {
            WorkbookError::at(
                it.value_place.clone(),
                ErrorKind::BadValue,
                format!(
                    "{} 应为数量（不小于 0 的整数），而不是「{text}」(expected a count)",
                    it.label
                ),
            )
        })
}

fn assets_sheet(g: &Grid, ctx: &mut Ctx) -> Result<Assets, WorkbookError> {
    let mut a = Assets::default();
    let mut seen: BTreeMap<&'static str, ((), Place)> = BTreeMap::new();
    let mut kinds: BTreeMap<String, Place> = BTreeMap::new();
    for it in items(g, &ASSETS, ctx)? {
        let spec = match_row(ASSETS.rows, &it.label);
        let fixed = spec.map(|s| s.label).filter(|l| {
            matches!(
                *l,
                "统计截止时间" | "车辆总数" | "拟购置车辆" | "单价100万元以上设备"
            )
        });
        match fixed {
            Some("统计截止时间") => {
                let t = it.value.text().map_err(|m| {
                    WorkbookError::at(it.value_place.clone(), ErrorKind::BadValue, m)
                })?;
                if !t.is_empty() {
                    put_once(&mut seen, "统计截止时间", (), it.value_place.clone())?;
                    a.as_of = Some(t);
                }
            }
            Some(l) => {
                if let Some(n) = count(&it)? {
                    put_once(&mut seen, l, (), it.value_place.clone())?;
                    match l {
                        "车辆总数" => a.vehicles = Some(n),
                        "拟购置车辆" => a.vehicles_to_buy = Some(n),
                        _ => a.expensive_equipment = Some(n),
                    }
                }
            }
            None if it.label.contains('车') => {
                if let Some(n) = count(&it)? {
                    let kind = it.label.trim().to_string();
                    if let Some(first) = kinds.insert(kind.clone(), it.value_place.clone()) {
                        return Err(WorkbookError::at(
                            it.value_place.clone(),
                            ErrorKind::Duplicate,
                            format!("「{kind}」填了两次，{} 已有 (given twice)", first.cell()),
                        ));
                    }
                    a.vehicles_by_kind.insert(kind, n);
                }
            }
            None => {
                if !it.value.is_empty() {
                    ctx.note(
                        NoteKind::Ignored,
                        Some(it.label_place.clone()),
                        format!(
                            "「{}」不是国有资产的项目，未读取 (unknown item, not read)",
                            it.label
                        ),
                    );
                }
            }
        }
    }
    Ok(a)
}

// ----- 项目 / 绩效指标 -----------------------------------------------------------------------

fn projects_sheet(
    g: &Grid,
    ctx: &mut Ctx,
    spending: Option<Fen>,
) -> Result<Vec<Project>, WorkbookError> {
    let Some(t) = table(g, &PROJECTS, ctx, false)? else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Project> = Vec::new();
    let mut places: Vec<Place> = Vec::new();
    let mut totals: Vec<(Fen, Place)> = Vec::new();
    for row in t.rows() {
        let name = row.text("项目名称")?;
        let amount = row.amount("当年预算", ctx)?;
        if is_total_label(&name) {
            if let Some(a) = amount {
                totals.push((a, row.place("当年预算")));
            }
            continue;
        }
        if name.is_empty() {
            return Err(missing(row.place("项目名称"), "项目名称"));
        }
        if OVERALL_ALIASES.iter().any(|a| squash(a) == squash(&name)) {
            return Err(WorkbookError::at(
                row.place("项目名称"),
                ErrorKind::BadValue,
                format!("项目名称不能是「{name}」：它在「绩效指标」表中指单位整体绩效目标 (reserved name)"),
            ));
        }
        if let Some((_, first)) = out
            .iter()
            .zip(&places)
            .find(|(p, _)| squash(&p.name) == squash(&name))
        {
            return Err(WorkbookError::at(
                row.place("项目名称"),
                ErrorKind::Duplicate,
                format!(
                    "项目「{name}」重复，第 {} 行已有；绩效指标按项目名称对应，名称不能重复 (duplicate project)",
                    first.row
                ),
            ));
        }
        let Some(amount) = amount else {
            return Err(missing(
                row.place("当年预算"),
                &format!("项目「{name}」的当年预算"),
            ));
        };
        // The projects are paid from 项目支出: one larger than all of it, or all of them
        // together, cannot be.
        if let Some(total) = spending {
            let so_far: Fen = out.iter().map(|p| p.amount).sum::<Fen>() + amount;
            if so_far > total {
                let (what, shown) = if amount > total {
                    (format!("项目「{name}」的当年预算"), amount)
                } else {
                    (format!("到项目「{name}」为止各项目当年预算之和"), so_far)
                };
                return Err(WorkbookError::at(
                    row.place("当年预算"),
                    ErrorKind::Inconsistent,
                    format!(
                        "{what} {} 元大于「支出」表的项目支出合计 {} 元 (projects larger than the project expenditure)",
                        shown.format(MoneyUnit::Yuan, 2, false),
                        total.format(MoneyUnit::Yuan, 2, false)
                    ),
                ));
            }
        }
        let department = row.text("主管部门")?;
        out.push(Project {
            department: (!department.is_empty()).then_some(department),
            amount,
            key: row.yes_no("重点专项")?.unwrap_or(false),
            overview: row.text("项目概况")?,
            basis: row.text("立项依据")?,
            goal: Goal {
                text: row.text("绩效目标")?,
                indicators: Vec::new(),
            },
            name,
        });
        places.push(row.row_place());
    }
    if !totals.is_empty() {
        let sum: Fen = out.iter().map(|p| p.amount).sum();
        for (stated, place) in &totals {
            if *stated != sum {
                return Err(inconsistent(place.clone(), "项目合计", *stated, sum));
            }
        }
        ctx.note(
            NoteKind::Totals,
            None,
            format!(
                "「{}」中 {} 个合计行已核对 (total rows checked)",
                g.name,
                totals.len()
            ),
        );
    }
    Ok(out)
}

/// Read the indicators into their projects; returns the overall goal's indicators.
fn indicators_sheet(
    g: &Grid,
    ctx: &mut Ctx,
    projects: &mut [Project],
) -> Result<Vec<Indicator>, WorkbookError> {
    let Some(t) = table(g, &INDICATORS, ctx, false)? else {
        return Ok(Vec::new());
    };
    let mut overall = Vec::new();
    for row in t.rows() {
        let project = row.text("项目名称")?;
        let name = row.text("指标名称")?;
        if project.is_empty() {
            return Err(missing(
                row.place("项目名称"),
                "项目名称（单位整体绩效目标的指标填“整体绩效目标”）",
            ));
        }
        if name.is_empty() {
            return Err(missing(row.place("指标名称"), "指标名称"));
        }
        let categories: Vec<String> = [row.text("指标类别")?, row.text("二级指标")?]
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect();
        let weight = row.text("权重")?;
        let nature = row.text("性质")?;
        let place = row.row_place();
        let ind = Indicator {
            category: (!categories.is_empty()).then(|| categories.join(" / ")),
            name,
            weight: Weight::parse(&weight),
            weight_text: weight,
            nature: Nature::parse(&nature),
            nature_text: nature,
            value: row.text("指标值")?,
            unit: row.text("计量单位")?,
            core: row.yes_no("是否核心")?,
            prov: ctx.prov(&place, ""),
        };
        let key = squash(&project);
        if OVERALL_ALIASES.iter().any(|a| squash(a) == key) {
            overall.push(ind);
            continue;
        }
        match projects.iter_mut().find(|p| squash(&p.name) == key) {
            Some(p) => p.goal.indicators.push(ind),
            None => {
                return Err(WorkbookError::at(
                    row.place("项目名称"),
                    ErrorKind::BadValue,
                    format!(
                        "「项目」表中没有项目「{project}」；单位整体绩效目标的指标填“整体绩效目标” (no such project)"
                    ),
                ))
            }
        }
    }
    Ok(overall)
}

// ----- 上年数 --------------------------------------------------------------------------------

fn prior_year_sheet(g: &Grid, ctx: &mut Ctx) -> Result<PriorYear, WorkbookError> {
    let mut p = PriorYear::default();
    let mut vals: BTreeMap<&'static str, (Fen, Place)> = BTreeMap::new();
    let mut sources: BTreeMap<FundSource, Place> = BTreeMap::new();
    let mut classes: BTreeMap<Code, Place> = BTreeMap::new();
    let mut checks: Vec<(bool, Fen, Place, String)> = Vec::new();
    for it in items(g, &PRIOR_YEAR, ctx)? {
        let a = item_amount(&it, ctx)?;
        let Some(a) = a else {
            continue;
        };
        if let Some(r) =
            match_row(PRIOR_YEAR.rows, &it.label).filter(|r| source_of(r.label).is_none())
        {
            put_once(&mut vals, r.label, a, it.value_place.clone())?;
            continue;
        }
        if let Some(s) = source_of(&it.key) {
            if let Some(first) = sources.insert(s, it.value_place.clone()) {
                return Err(WorkbookError::at(
                    it.value_place.clone(),
                    ErrorKind::Duplicate,
                    format!(
                        "「{}」填了两次，{} 已有 (given twice)",
                        s.label(),
                        first.cell()
                    ),
                ));
            }
            p.by_source.insert(s, a);
            continue;
        }
        // A 类: `201` or `201 一般公共服务支出`.
        let digits: String = it
            .label
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if !digits.is_empty() {
            let code = parse_code(&digits, Scheme::Function)
                .filter(|c| c.level(Scheme::Function) == Some(Level::Class))
                .ok_or_else(|| {
                    WorkbookError::at(
                        it.label_place.clone(),
                        ErrorKind::BadCode,
                        format!(
                            "科目编码不对：「{}」— 上年数按功能分类的类填写，编码应为 3 位，如 201 (expected a 3-digit 类 code)",
                            it.label
                        ),
                    )
                })?;
            if let Some(first) = classes.insert(code.clone(), it.value_place.clone()) {
                return Err(WorkbookError::at(
                    it.value_place.clone(),
                    ErrorKind::Duplicate,
                    format!("科目 {code} 填了两次，{} 已有 (given twice)", first.cell()),
                ));
            }
            p.by_class.insert(code, a);
            continue;
        }
        if is_vehicle_subtotal(&it.key) {
            checks.push((true, a, it.value_place.clone(), it.label.clone()));
            continue;
        }
        if matches!(it.key.as_str(), "三公经费" | "三公经费合计" | "三公") {
            checks.push((false, a, it.value_place.clone(), it.label.clone()));
            continue;
        }
        return Err(unknown_item(
            &it,
            &PRIOR_YEAR,
            "，其他资金来源，或功能分类类编码（如 201）",
        ));
    }
    let get = |k: &str| vals.get(k).map(|v| v.0);
    p.income_total = get("收入合计");
    p.expenditure_total = get("支出合计");
    p.basic = get("基本支出");
    p.project = get("项目支出");
    p.admin_cost = get("机关运行经费");
    let parts = [
        "因公出国（境）费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ];
    if parts.iter().any(|k| vals.contains_key(k)) || !checks.is_empty() {
        let three = ThreePublic {
            overseas: get(parts[0]).unwrap_or(Fen::ZERO),
            vehicle_purchase: get(parts[1]).unwrap_or(Fen::ZERO),
            vehicle_operation: get(parts[2]).unwrap_or(Fen::ZERO),
            reception: get(parts[3]).unwrap_or(Fen::ZERO),
        };
        for (vehicles, stated, place, label) in &checks {
            let sum = if *vehicles {
                three.vehicles()
            } else {
                three.total()
            };
            if *stated != sum {
                return Err(inconsistent(place.clone(), label, *stated, sum));
            }
        }
        p.three_public = Some(three);
    }
    Ok(p)
}

// ----- 说明 ----------------------------------------------------------------------------------

fn narrative_sheet(g: &Grid, ctx: &mut Ctx) -> Result<(NarrativeInputs, String), WorkbookError> {
    let mut n = NarrativeInputs::default();
    let mut overall = String::new();
    let Some(t) = table(g, &NARRATIVE, ctx, false)? else {
        return Ok((n, overall));
    };
    let append = |s: &mut String, text: &str| {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(text);
    };
    for row in t.rows() {
        let item = row.text("项目")?;
        let object = row.text("对象")?;
        let text = row.text("内容")?;
        if text.is_empty() {
            continue;
        }
        let key = label_key(&item);
        let is = |names: &[&str]| names.iter().any(|n| label_key(n) == key);
        if is(&["职能职责", "主要职能", "部门职责", "职责", "主要职责"]) {
            append(&mut n.functions, &text);
        } else if is(&["机构设置", "单位构成", "机构情况", "部门机构设置"]) {
            append(&mut n.organisation, &text);
        } else if OVERALL_ALIASES.iter().any(|a| label_key(a) == key) {
            append(&mut overall, &text);
        } else if is(&["增减原因", "变动原因", "变化原因", "增减变化原因"]) {
            if object.is_empty() {
                return Err(missing(
                    row.place("对象"),
                    "增减原因的对象（收入合计、支出合计、基本支出、项目支出、资金来源、三公经费、机关运行经费或类编码）",
                ));
            }
            n.reasons.push(ChangeReason {
                subject: reason_subject(&object),
                text,
            });
        } else if is(&["名词解释", "专业名词解释", "名词"]) {
            if object.is_empty() {
                return Err(missing(
                    row.place("对象"),
                    "名词解释的名词（填在「对象」列）",
                ));
            }
            n.glossary.push((object, text));
        } else if is(&[
            "情况说明",
            "其他说明",
            "说明",
            "其他重要事项",
            "重要事项说明",
        ]) {
            if object.is_empty() {
                return Err(missing(
                    row.place("对象"),
                    "情况说明的对象（机关运行经费、政府采购、绩效目标、国有资产等）",
                ));
            }
            let k = note_section(&object);
            match n.notes.get_mut(&k) {
                Some(s) => append(s, &text),
                None => {
                    n.notes.insert(k, text);
                }
            }
        } else {
            return Err(WorkbookError::at(
                row.place("项目"),
                ErrorKind::BadValue,
                format!(
                    "未知的项目「{item}」（应为 职能职责、机构设置、整体绩效目标、增减原因、名词解释 或 情况说明）(unknown item)"
                ),
            ));
        }
    }
    Ok((n, overall))
}

/// 增减原因 对象 → the budget's subject key (a 类 code or an unknown subject as written).
fn reason_subject(object: &str) -> String {
    let k = label_key(object);
    for (key, names) in REASON_SUBJECTS {
        if names.iter().any(|n| label_key(n) == k) {
            return (*key).to_string();
        }
    }
    if let Some(s) = source_of(object) {
        return source_key(s).to_string();
    }
    if let Some(c) = parse_code(object, Scheme::Function) {
        return c.as_str().to_string();
    }
    object.trim().to_string()
}

/// 情况说明 对象 → the budget's note key.
fn note_section(object: &str) -> String {
    let k = label_key(object);
    for (key, names) in NOTE_SECTIONS {
        if names.iter().any(|n| label_key(n) == k) || *key == object.trim() {
            return (*key).to_string();
        }
    }
    object.trim().to_string()
}
