//! Performance-goal tables (绩效目标表): the overall table of a unit and one table per project.
//!
//! They are forms, not grids of amounts: rows of `label | value` pairs (`项目名称 | … | 主管部门 |
//! …`, `当年预算 | 6.00`, `项目概况 | …`), then an indicator header (`指标名称 | 指标权重 | …`) and
//! one row per indicator. Labels are found wherever they sit in a row, and indicator columns
//! by their header, so merged cells and shifted columns read the same.

use crate::context::Context;
use crate::grid::{line_prov, money_unit, notes, GridRow, GridTable};
use crate::titles::squash;
use std::sync::Arc;
use yusuan_model::{
    parse_amount, table_name, AmountFact, Indicator, Nature, PerformanceKind, PerformanceTable,
    TextField, Weight,
};

/// The form's fields.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Field {
    Name,
    Department,
    Budget,
    Overview,
    Basis,
    Goal,
    /// The `绩效指标` label in front of the indicators.
    Indicators,
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Name => "项目名称",
            Field::Department => "主管部门",
            Field::Budget => "当年预算",
            Field::Overview => "项目概况",
            Field::Basis => "立项依据",
            Field::Goal => "当年绩效目标",
            Field::Indicators => "绩效指标",
        }
    }
}

/// Full-width brackets and a trailing colon do not change a label.
fn normalize_label(s: &str) -> String {
    squash(s)
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect::<String>()
        .trim_end_matches(['：', ':'])
        .to_string()
}

fn field_of(cell: &str) -> Option<Field> {
    let t = normalize_label(cell);
    let f = match t.as_str() {
        "项目名称"
        | "部门(单位)名称"
        | "单位名称"
        | "部门名称"
        | "专项名称"
        | "资金名称"
        | "专项资金名称" => Field::Name,
        "主管部门" | "主管单位" | "主管部门及代码" | "主管部门名称" => {
            Field::Department
        }
        "当年预算"
        | "当年预算数"
        | "部门支出预算数"
        | "年度预算"
        | "年度预算数"
        | "预算金额"
        | "项目预算"
        | "项目预算数"
        | "资金总额"
        | "年度资金总额"
        | "预算数"
        | "当年预算金额" => Field::Budget,
        "项目概况" | "概况" | "部门职能职责概述" | "项目简介" => Field::Overview,
        "立项依据" | "项目立项依据" => Field::Basis,
        "当年绩效目标"
        | "当年整体绩效目标"
        | "整体绩效目标"
        | "年度绩效目标"
        | "绩效目标"
        | "年度目标"
        | "总体目标"
        | "年度总体目标" => Field::Goal,
        "绩效指标" => Field::Indicators,
        _ => return None,
    };
    Some(f)
}

/// Where the indicator columns are, read from the indicator header row.
#[derive(Clone, Debug, Default, PartialEq)]
struct IndicatorColumns {
    name: Option<usize>,
    weight: Option<usize>,
    nature: Option<usize>,
    value: Option<usize>,
    unit: Option<usize>,
    core: Option<usize>,
    /// 一级指标 / 二级指标, where the table has them.
    category: Vec<usize>,
}

impl IndicatorColumns {
    fn mapped(&self) -> impl Iterator<Item = usize> + '_ {
        [
            self.name,
            self.weight,
            self.nature,
            self.value,
            self.unit,
            self.core,
        ]
        .into_iter()
        .flatten()
        .chain(self.category.iter().copied())
    }
}

/// `指标名称 | 指标权重 | 指标性质 | 指标值 | 计量单位 | 是否核心` (or 一级/二级/三级指标).
fn indicator_header(row: &GridRow) -> Option<IndicatorColumns> {
    let mut cols = IndicatorColumns::default();
    let mut third_level = None;
    for (i, cell) in row.cells.iter().enumerate() {
        let h = normalize_label(cell);
        if h.is_empty() {
            continue;
        }
        if h.contains("指标名称") {
            cols.name.get_or_insert(i);
        } else if h == "三级指标" {
            third_level = Some(i);
        } else if h == "一级指标" || h == "二级指标" {
            cols.category.push(i);
        } else if h.contains("权重") || h == "分值" {
            cols.weight.get_or_insert(i);
        } else if h.contains("性质") {
            cols.nature.get_or_insert(i);
        } else if h.contains("核心") {
            cols.core.get_or_insert(i);
        } else if h.contains("单位") {
            cols.unit.get_or_insert(i);
        } else if h.contains("指标值") || h.contains("目标值") {
            cols.value.get_or_insert(i);
        }
    }
    if cols.name.is_none() {
        cols.name = third_level;
    }
    // A header names at least the indicator and one of its attributes.
    (cols.name.is_some() && (cols.weight.is_some() || cols.value.is_some())).then_some(cols)
}

/// Published forms carry HTML paragraph tags from the system they were typed into (`<p>…</p>`);
/// they are markup, not text. Other angle brackets (`<关于…的通知>`) are kept.
fn clean_text(s: &str) -> String {
    let s = &s.replace(crate::structured::CELL_BREAK, "\n");
    let lower = s.to_ascii_lowercase();
    if !(lower.contains("<p>") || lower.contains("</p>") || lower.contains("<br")) {
        return s
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }
    let mut t = s.to_string();
    for tag in ["</p>", "</P>", "<br/>", "<br />", "<br>", "<BR>", "<BR/>"] {
        t = t.replace(tag, "\n");
    }
    for tag in ["<p>", "<P>", "&nbsp;"] {
        t = t.replace(tag, "");
    }
    t.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_compiler_cell(cell: &str) -> bool {
    let t = squash(cell);
    t.starts_with("编制单位") || t.starts_with("编制部门")
}

/// Read a performance-goal grid. Lines are marked; problems become diagnostics.
pub fn build(ctx: &mut Context, grid: &GridTable, kind: PerformanceKind) -> PerformanceTable {
    let name = table_name(grid.number.as_deref(), &grid.title);
    let mut table = PerformanceTable {
        kind,
        number: grid.number.clone(),
        title: grid.title.clone(),
        unit: grid.unit,
        compiler: grid.compiler.as_ref().map(|(c, line)| TextField {
            text: c.clone(),
            prov: ctx.prov(*line).with_table(&name),
        }),
        name: None,
        department: None,
        budget: None,
        overview: None,
        basis: None,
        goal: None,
        indicators: Vec::new(),
        empty_note: None,
        prov: ctx.prov(grid.title_line).with_table(&name),
        end_line: grid.end_line,
        doubt: None,
    };

    // Readers may put the indicator header among the header rows or the data rows.
    let mut rows: Vec<&GridRow> = grid.header.iter().chain(&grid.rows).collect();
    rows.sort_by_key(|r| r.line);

    let mut reader = FormReader {
        name: name.clone(),
        columns: None,
        categories: Vec::new(),
        run: Vec::new(),
    };
    for row in rows {
        reader.row(ctx, grid, &mut table, row);
    }
    reader.flush(ctx, &mut table);
    if let Some(why) = &table.doubt {
        ctx.warn(
            table.prov.clone(),
            format!(
                "{name}：{why}；指标读取可能有误，未据此报错，请人工核对 (the indicators' reading is in doubt: no error is derived from them; check by hand)"
            ),
        );
    }

    let (other_notes, empty_note) = notes(ctx, grid, &name);
    if empty_note.is_some() {
        table.empty_note = empty_note;
    }
    for note in other_notes {
        // The model keeps no notes on performance tables: say so rather than drop them.
        ctx.diag(
            yusuan_model::DiagnosticSeverity::Info,
            note.prov,
            format!("绩效目标表的备注未读入模型 (note not kept): {}", note.text),
        );
    }
    table
}

struct FormReader {
    name: Arc<str>,
    columns: Option<IndicatorColumns>,
    /// Last category per category column (merged cells leave later rows blank).
    categories: Vec<String>,
    /// Text-field labels and the lines of text around them since the last other row: which
    /// field a wrapped line belongs to is decided once the run is complete (see [`assign_run`]).
    run: Vec<Piece>,
}

/// A line of a run of text fields.
#[derive(Clone, Debug)]
enum Piece {
    /// A text field's label row, with the text on that row (maybe none).
    Label {
        field: Field,
        text: String,
        /// The label row, named by its label.
        prov: yusuan_model::Provenance,
    },
    /// A line holding only text: part of a field's value wrapped onto lines of its own.
    Wrapped { line: u32, text: String },
}

impl FormReader {
    fn row(
        &mut self,
        ctx: &mut Context,
        grid: &GridTable,
        table: &mut PerformanceTable,
        row: &GridRow,
    ) {
        let prov = line_prov(ctx, row.line, row.page).with_table(&self.name);
        let filled: Vec<(usize, &str)> = row
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.as_str()))
            .filter(|(_, c)| !c.is_empty())
            .collect();
        if filled.is_empty() {
            ctx.ignored(row.line, "表格空行 (empty table row)");
            return;
        }

        if let Some(cols) = indicator_header(row) {
            self.flush(ctx, table);
            self.categories = vec![String::new(); cols.category.len()];
            self.columns = Some(cols);
            ctx.understood(row.line);
            return;
        }

        if filled
            .iter()
            .all(|(_, c)| field_of(c) == Some(Field::Indicators))
        {
            // `绩效指标` on a line of its own, above the indicator header.
            ctx.understood(row.line);
            return;
        }

        if filled.first().is_some_and(|(_, c)| is_compiler_cell(c)) {
            if table.compiler.is_none() {
                let text = filled
                    .iter()
                    .skip(1)
                    .map(|(_, c)| *c)
                    .collect::<Vec<_>>()
                    .join(" ");
                if !text.is_empty() {
                    table.compiler = Some(TextField { text, prov });
                }
            }
            ctx.understood(row.line);
            return;
        }

        let has_field = filled
            .iter()
            .any(|(_, c)| field_of(c).is_some_and(|f| f != Field::Indicators));
        if has_field {
            self.columns = None;
            self.fields(ctx, grid, table, row, &filled);
            ctx.understood(row.line);
            return;
        }

        if let Some(cols) = self.columns.clone() {
            self.indicator(ctx, table, row, &cols, prov);
            return;
        }

        // Text wrapped onto a line of its own: whose it is is known once the run ends.
        self.run.push(Piece::Wrapped {
            line: row.line,
            text: filled.iter().map(|(_, c)| *c).collect::<Vec<_>>().join(" "),
        });
    }

    /// Give the lines of the finished run of text fields to their fields.
    fn flush(&mut self, ctx: &mut Context, table: &mut PerformanceTable) {
        let run = std::mem::take(&mut self.run);
        let labels: Vec<&Piece> = run
            .iter()
            .filter(|p| matches!(p, Piece::Label { .. }))
            .collect();
        if labels.is_empty() {
            for p in &run {
                if let Piece::Wrapped { line, .. } = p {
                    ctx.unexplained(
                        *line,
                        "绩效目标表中无法识别的行 (row of a performance table not understood)",
                    );
                }
            }
            return;
        }
        // Wrapped lines before, between and after the labels.
        let mut gaps = vec![0usize; labels.len() + 1];
        let mut k = 0;
        for p in &run {
            match p {
                Piece::Label { .. } => k += 1,
                Piece::Wrapped { .. } => {
                    // `k` counts the labels before: at most `labels.len()`.
                    if let Some(g) = gaps.get_mut(k) {
                        *g += 1;
                    }
                }
            }
        }
        let before = assign_run(&gaps);
        let mut texts: Vec<Vec<&str>> = vec![Vec::new(); labels.len()];
        let mut wrapped = run.iter().filter_map(|p| match p {
            Piece::Wrapped { line, text } => Some((*line, text.as_str())),
            Piece::Label { .. } => None,
        });
        // `before` has one count per label, `gaps` one more.
        let at = |v: &[usize], i: usize| v.get(i).copied().unwrap_or(0);
        for (li, (label, text)) in labels.iter().zip(texts.iter_mut()).enumerate() {
            for _ in 0..at(&before, li) {
                if let Some((line, t)) = wrapped.next() {
                    text.push(t);
                    ctx.understood(line);
                }
            }
            if let Piece::Label { text: t, .. } = label {
                if !t.is_empty() {
                    text.push(t);
                }
            }
            let after = if li + 1 < labels.len() {
                at(&gaps, li + 1).saturating_sub(at(&before, li + 1))
            } else {
                at(&gaps, li + 1)
            };
            for _ in 0..after {
                if let Some((line, t)) = wrapped.next() {
                    text.push(t);
                    ctx.understood(line);
                }
            }
        }
        for (label, text) in labels.iter().zip(&texts) {
            if let Piece::Label { field, prov, .. } = label {
                let text = text.iter().map(|t| clean_text(t)).collect::<String>();
                fill_once(ctx, table, *field, text, prov.clone());
            }
        }
    }

    /// A row of `label | value` pairs.
    fn fields(
        &mut self,
        ctx: &mut Context,
        grid: &GridTable,
        table: &mut PerformanceTable,
        row: &GridRow,
        filled: &[(usize, &str)],
    ) {
        let mut pairs: Vec<(Field, &str, Vec<&str>)> = Vec::new();
        let mut stray: Vec<&str> = Vec::new();
        for &(_, cell) in filled {
            match field_of(cell) {
                Some(f) => pairs.push((f, cell, Vec::new())),
                None => match pairs.last_mut() {
                    Some((_, _, values)) => values.push(cell),
                    None => stray.push(cell),
                },
            }
        }
        let line_prov = line_prov(ctx, row.line, row.page).with_table(&self.name);
        if !stray.is_empty() {
            ctx.warn(
                line_prov.clone(),
                format!(
                    "标签前有未识别的内容「{}」(text before the first label)",
                    stray.join("」「")
                ),
            );
        }
        let is_text = |f: Field| matches!(f, Field::Overview | Field::Basis | Field::Goal);
        if pairs.iter().any(|(f, _, _)| !is_text(*f)) {
            self.flush(ctx, table);
        }
        for (field, label, values) in pairs {
            let text = values.join(" ");
            let prov = line_prov.clone().with_row(label.to_string());
            if is_text(field) {
                self.run.push(Piece::Label { field, text, prov });
                continue;
            }
            if field == Field::Budget {
                self.budget(ctx, grid, table, &text, prov);
                continue;
            }
            fill_once(ctx, table, field, clean_text(&text), prov);
        }
    }

    fn budget(
        &mut self,
        ctx: &mut Context,
        grid: &GridTable,
        table: &mut PerformanceTable,
        text: &str,
        prov: yusuan_model::Provenance,
    ) {
        if text.trim().is_empty() {
            return;
        }
        if table.budget.is_some() {
            ctx.warn(prov, "预算数出现两次，保留第一处 (budget given twice)");
            return;
        }
        // A cell may carry its own unit (`6.00万元`), which then wins over the table's.
        let t = text.trim();
        let (text, unit) = if let Some(n) = t.strip_suffix("万元") {
            (n, yusuan_model::MoneyUnit::WanYuan)
        } else if let Some(n) = t.strip_suffix('元') {
            (n, yusuan_model::MoneyUnit::Yuan)
        } else {
            (t, money_unit(ctx, grid, &self.name))
        };
        match parse_amount(text, unit) {
            Ok(Some(amount)) => table.budget = Some(AmountFact { amount, prov }),
            Ok(None) => {}
            Err(e) => ctx.error(prov, format!("预算数应为金额，实为「{text}」({e})")),
        }
    }

    fn indicator(
        &mut self,
        ctx: &mut Context,
        table: &mut PerformanceTable,
        row: &GridRow,
        cols: &IndicatorColumns,
        prov: yusuan_model::Provenance,
    ) {
        let get = |c: Option<usize>| c.map(|i| row.cell(i).to_string()).unwrap_or_default();
        let name = get(cols.name);
        let weight_text = get(cols.weight);
        let nature_text = get(cols.nature);
        let value = get(cols.value);
        let unit = get(cols.unit);
        let core_text = get(cols.core);

        // Category cells are merged over the rows they group: blank means "as above".
        for (k, &c) in cols.category.iter().enumerate() {
            let t = row.cell(c);
            if !t.is_empty() {
                if let Some(slot) = self.categories.get_mut(k) {
                    *slot = t.to_string();
                }
            }
        }
        let mapped: Vec<usize> = cols.mapped().collect();
        let extra: Vec<&str> = row
            .cells
            .iter()
            .enumerate()
            .filter(|(i, c)| !c.is_empty() && !mapped.contains(i))
            .map(|(_, c)| c.as_str())
            .filter(|c| field_of(c) != Some(Field::Indicators))
            .collect();
        if [&name, &weight_text, &nature_text, &value, &unit, &core_text]
            .iter()
            .all(|s| s.is_empty())
            && extra.is_empty()
        {
            ctx.understood(row.line);
            return;
        }
        // The sentence saying the table is empty, laid inside the table's frame.
        if [&weight_text, &nature_text, &value, &unit, &core_text]
            .iter()
            .all(|s| s.is_empty())
            && crate::grid::is_empty_note(&name)
        {
            if table.empty_note.is_none() {
                table.empty_note = Some(yusuan_model::Note { text: name, prov });
            }
            ctx.understood(row.line);
            return;
        }
        let prov = if name.is_empty() {
            prov
        } else {
            prov.with_row(name.clone())
        };
        if !extra.is_empty() {
            ctx.warn(
                prov.clone(),
                format!(
                    "指标列以外的内容「{}」，未读取 (cells outside the indicator columns)",
                    extra.join("」「")
                ),
            );
        }
        if name.is_empty() {
            ctx.warn(
                prov.clone(),
                "绩效指标缺少指标名称 (indicator without a name)",
            );
        }
        let weight = Weight::parse(&weight_text);
        // Signs that the indicator columns were misread, far more often than a unit writing
        // them so: cells outside the columns; a weight that is not a number (a header wrapped
        // over lines, `指标性` above the header row and `质` below it, reads weights and natures
        // as one column: `5 =`); a name ending in a number over a blank weight (the columns
        // shifted); a value holding a nature as a word of its own (`20 ≥ 1`: weight, nature
        // and value as one column); a row with neither name, weight nor nature (a wrapped line
        // of another cell). The table is then in doubt, said once.
        let words: Vec<&str> = name.split_whitespace().collect();
        let shifted = weight_text.is_empty()
            && words.len() > 1
            && words.last().is_some_and(|t| Weight::parse(t).is_some());
        let stray = name.is_empty() && weight_text.is_empty() && nature_text.is_empty();
        let merged = value
            .split_whitespace()
            .any(|w| matches!(w, "≥" | "≤" | "=" | ">" | "<" | "＝" | "＞" | "＜"))
            && value.split_whitespace().count() > 1;
        let why = if !extra.is_empty() {
            Some(format!(
                "有指标列以外的内容「{}」 (cells outside the indicator columns)",
                extra.join("」「")
            ))
        } else if weight.is_none() && !weight_text.is_empty() {
            Some(format!(
                "指标权重「{weight_text}」不是数字 (a weight that is not a number)"
            ))
        } else if shifted {
            Some(format!(
                "指标名称「{name}」以数字结尾而指标权重空白 (a name ending in a number over a blank weight)"
            ))
        } else if merged {
            Some(format!(
                "指标值「{value}」含有指标性质 (a value holding a nature: columns read as one)"
            ))
        } else if stray {
            Some(
                "一行指标没有名称、权重和性质 (an indicator row without name, weight and nature)"
                    .to_string(),
            )
        } else {
            None
        };
        if let (Some(why), None) = (why, &table.doubt) {
            table.doubt = Some(format!("第 {} 行{why}", row.line));
        }
        let nature = Nature::parse(&nature_text);
        if nature.is_none() && !nature_text.is_empty() {
            ctx.warn(
                prov.clone().with_column("指标性质"),
                format!(
                    "指标性质应为 ≥ ≤ = > < 或 定性，实为「{nature_text}」(unknown indicator nature)"
                ),
            );
        }
        let core = match squash(&core_text).as_str() {
            "" => None,
            "是" | "核心" => Some(true),
            "否" | "非核心" => Some(false),
            other => {
                ctx.warn(
                    prov.clone().with_column("是否核心"),
                    format!("是否核心应为「是」或「否」，实为「{other}」(core is not 是/否)"),
                );
                None
            }
        };
        let categories: Vec<&str> = self
            .categories
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect();
        table.indicators.push(Indicator {
            category: (!categories.is_empty()).then(|| categories.join(" / ")),
            name,
            weight,
            weight_text,
            nature,
            nature_text,
            value,
            unit,
            core,
            prov,
        });
        ctx.understood(row.line);
    }
}

/// Fill a text field of the form the first time it is given; a second value is reported, not
/// kept. Empty text fills nothing.
fn fill_once(
    ctx: &mut Context,
    table: &mut PerformanceTable,
    field: Field,
    text: String,
    prov: yusuan_model::Provenance,
) {
    let slot = match field {
        Field::Name => &mut table.name,
        Field::Department => &mut table.department,
        Field::Overview => &mut table.overview,
        Field::Basis => &mut table.basis,
        Field::Goal => &mut table.goal,
        Field::Budget | Field::Indicators => return,
    };
    if text.is_empty() {
        return;
    }
    match slot {
        Some(old) => ctx.warn(
            prov,
            format!(
                "「{}」出现两次，保留第一处（第 {} 行）(field given twice)",
                field.label(),
                old.prov.line.unwrap_or(0)
            ),
        ),
        None => *slot = Some(TextField { text, prov }),
    }
}

/// How many of the wrapped lines before each label of a run belong to it.
///
/// `gaps[i]` counts the wrapped lines just before label `i` (`gaps[n]`: after the last). A
/// form's label stands at the top of its cell (Word's default), in the middle (most published
/// PDFs) or at the bottom (Excel's default); the reading that fits the counts is taken, the
/// middle first. Middle: a label has as many lines after it as before. Top: no line before the
/// first label. Bottom: no line after the last.
fn assign_run(gaps: &[usize]) -> Vec<usize> {
    let n = gaps.len().saturating_sub(1);
    let centred = || -> Option<Vec<usize>> {
        let mut before = Vec::with_capacity(n);
        let mut b = *gaps.first()?;
        for i in 0..n {
            before.push(b);
            b = gaps.get(i + 1)?.checked_sub(b)?;
            if i + 1 == n && b != 0 {
                return None;
            }
        }
        Some(before)
    };
    let top = || (gaps.first() == Some(&0)).then(|| vec![0; n]);
    let bottom = || (gaps.last() == Some(&0)).then(|| gaps.iter().take(n).copied().collect());
    centred().or_else(top).or_else(bottom).unwrap_or_else(|| {
        // Nothing fits: lines go to the label above them, the first label takes any before it.
        let mut v = vec![0; n];
        if let Some(first) = v.first_mut() {
            *first = gaps.first().copied().unwrap_or(0);
        }
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::built::{build, Built};
    use crate::source::SourceText;
    use crate::titles::TitleKind;
    use yusuan_model::{DiagnosticSeverity, MoneyUnit};

    fn grid(rows: &[&str]) -> GridTable {
        GridTable {
            kind: TitleKind::Performance(PerformanceKind::Project),
            number: Some("表十二".into()),
            title: "项目绩效目标表".into(),
            title_line: 1,
            unit: Some(MoneyUnit::WanYuan),
            compiler: None,
            header: Vec::new(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| GridRow {
                    line: i as u32 + 2,
                    page: None,
                    cells: r.split('\t').map(str::to_string).collect(),
                    spans: Vec::new(),
                })
                .collect(),
            notes: Vec::new(),
            end_line: rows.len() as u32 + 1,
        }
    }

    fn read(g: &GridTable) -> (PerformanceTable, Vec<yusuan_model::Diagnostic>) {
        let src = SourceText::new("p.txt", &"x\n".repeat(30));
        let mut ctx = Context::new(&src);
        match build(&mut ctx, g) {
            Built::Performance(p) => (p, ctx.diagnostics),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn form_fields_and_indicators() {
        let g = grid(&[
            "项目名称\t某项目\t\t主管部门\t806-某单位\t",
            "当年预算\t1,085.93\t\t\t",
            "项目概况\t<p>第一段</p> <p>第二段</p>\t\t",
            "\t指标名称\t指标权重\t指标性质\t指标值\t计量单位\t是否核心",
            "绩效指标\t甲\t60\t≥\t95\t%\t是",
            "\t乙\t40\t定性\t好\t\t否",
        ]);
        let (p, d) = read(&g);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.name.as_ref().unwrap().text, "某项目");
        assert_eq!(p.department.as_ref().unwrap().text, "806-某单位");
        assert_eq!(p.budget.as_ref().unwrap().amount.shown(), "1,085.93");
        assert_eq!(p.overview.as_ref().unwrap().text, "第一段\n第二段");
        assert_eq!(p.indicators.len(), 2);
        assert_eq!(p.indicators[0].name, "甲");
        assert_eq!(p.indicators[0].weight, Some(Weight(6000)));
        assert_eq!(p.indicators[0].nature, Some(Nature::AtLeast));
        assert_eq!(p.indicators[0].core, Some(true));
        assert_eq!(p.indicators[1].nature, Some(Nature::Qualitative));
        assert_eq!(p.indicators[1].prov.line, Some(7));
    }

    #[test]
    fn budget_cell_with_its_own_unit() {
        let g = grid(&[
            "项目名称\t某项目",
            "当年预算\t6.00万元",
            "当年绩效目标\t完成",
        ]);
        let (p, d) = read(&g);
        assert!(d.is_empty(), "{d:?}");
        let a = p.budget.unwrap().amount;
        assert_eq!(a.fen, yusuan_model::Fen(6_000_000));
        assert_eq!(a.unit, MoneyUnit::WanYuan);
        let (p, _) = read(&grid(&["项目名称\t某项目", "当年预算\t60,000元"]));
        assert_eq!(p.budget.unwrap().amount.fen, yusuan_model::Fen(6_000_000));
    }

    #[test]
    fn bad_weight_and_budget() {
        let g = grid(&[
            "项目名称\t某项目",
            "当年预算\t六万",
            "绩效指标\t指标名称\t指标权重\t指标性质\t指标值\t计量单位\t是否核心",
            "\t甲\t十\t≥\t95\t%\t是",
            "\t乙\t100\t约\t95\t%\t也许",
        ]);
        let (p, d) = read(&g);
        assert!(p.budget.is_none());
        assert_eq!(p.indicators.len(), 2);
        assert_eq!(p.indicators[0].weight, None);
        assert_eq!(p.indicators[0].weight_text, "十");
        let errors = d
            .iter()
            .filter(|d| d.severity == DiagnosticSeverity::Error)
            .count();
        // The budget in words; the weight in words puts the indicators in doubt (said once).
        assert_eq!(errors, 1, "{d:?}");
        assert!(
            p.doubt.as_deref().is_some_and(|w| w.contains("十")),
            "{p:?}"
        );
        let warnings = d
            .iter()
            .filter(|d| d.severity == DiagnosticSeverity::Warning)
            .count();
        assert_eq!(warnings, 3, "{d:?}");
    }

    #[test]
    fn a_header_wrapped_over_the_weights_puts_the_indicators_in_doubt() {
        // Chromium's print of a 重庆 project table: `指标性质` wrapped as `指标性` above the header
        // row and `质` below it, so the column reader reads weight and nature as one column.
        let g = grid(&[
            "项目名称\t某项目",
            "当年预算\t6.00",
            "\t指标性",
            "\t指标名称\t指标权重\t指标值\t计量单位\t是否核心",
            "\t\t质",
            "绩效指标\t完成率\t5 =\t100\t%\t否",
            "\t及时率\t95 ≥\t90\t%\t是",
        ]);
        let (p, d) = read(&g);
        assert!(p.doubt.is_some(), "{p:?}");
        assert!(!p.is_certain());
        let errors = d
            .iter()
            .filter(|d| d.severity == DiagnosticSeverity::Error)
            .count();
        assert_eq!(errors, 0, "{d:?}");
        let said = d
            .iter()
            .filter(|d| d.message.contains("未据此报错"))
            .count();
        assert_eq!(said, 1, "{d:?}");
    }

    #[test]
    fn wrapped_lines_go_to_the_label_they_stand_around() {
        // As a PDF lays a form out: each label in the middle of its cell's lines.
        let g = grid(&[
            "项目名称\t某项目",
            "当年预算\t6.00",
            "开展统战方针政策宣传，做好宗教管理",
            "项目概况",
            "和团结非公经济人士工作。",
            "《中共重庆市委",
            "立项依据\t重庆市人民政府",
            "关于推进民族工作的实施意见》",
            "当年绩效目标\t开展法制宣传教育。",
            "\t指标名称\t指标权重\t指标性质\t指标值\t度量单位\t是否核心指标",
            "\t宣传次数\t100\t≥\t1\t次\t是",
        ]);
        let (p, d) = read(&g);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            p.overview.unwrap().text,
            "开展统战方针政策宣传，做好宗教管理和团结非公经济人士工作。"
        );
        let basis = p.basis.unwrap();
        assert_eq!(
            basis.text,
            "《中共重庆市委重庆市人民政府关于推进民族工作的实施意见》"
        );
        assert_eq!(basis.prov.line, Some(8));
        assert_eq!(p.goal.unwrap().text, "开展法制宣传教育。");
        assert_eq!(p.indicators.len(), 1);
    }

    #[test]
    fn label_position_is_found_from_the_counts() {
        // Middle: as many lines after a label as before it.
        assert_eq!(assign_run(&[1, 3, 2]), [1, 2]);
        // Top: nothing before the first label, the rest follows each label.
        assert_eq!(assign_run(&[0, 2, 1]), [0, 0]);
        // Bottom: nothing after the last label, the rest precedes each label.
        assert_eq!(assign_run(&[2, 1, 0]), [2, 1]);
        // A label on the line of a one-line value.
        assert_eq!(assign_run(&[0, 0]), [0]);
        // No labels.
        assert!(assign_run(&[3]).is_empty());
    }

    #[test]
    fn cleans_only_paragraph_tags() {
        assert_eq!(
            clean_text("《中共中央办公厅<关于…的通知>》"),
            "《中共中央办公厅<关于…的通知>》"
        );
        assert_eq!(clean_text("<p>甲</p><p>乙</p>"), "甲\n乙");
    }
}
