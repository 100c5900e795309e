//! One CSV file per table, UTF-8 with a BOM (Excel reads Chinese text only with it), CRLF
//! line ends (RFC 4180).
//!
//! Each file starts with the header rows of the table: the group headers above, and the last
//! header row holding every column's own name (a header merged down in the published table is
//! written in that last row), amount columns with their unit (`总计（万元）`). Codes are written
//! in full as text (`2010301`), amounts as plain decimals without thousands separators
//! (`3636.80`), blank cells empty.
//!
//! The performance tables give two more files: `绩效目标` (one row per table: name, budget,
//! texts) and `绩效指标` (one row per indicator, keyed by the table and the project).

use yusuan_model::{Disclosure, Table};
use yusuan_render::{
    file_name_part, layout_table, performance_form, performance_heading, ColRole, DisplayCell,
    PerfFieldLabels,
};

const BOM: &str = "\u{feff}";

/// Render every table as a CSV file: `(file name, contents)`.
pub fn render(d: &Disclosure) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (i, t) in d.tables.iter().enumerate() {
        let name = format!("{:02}-{}.csv", i + 1, file_name_part(&t.display_name(), 60));
        files.push((name, table_csv(d, t)));
    }
    if !d.performance.is_empty() {
        let n = d.tables.len();
        files.push((format!("{:02}-绩效目标.csv", n + 1), goals_csv(d)));
        files.push((format!("{:02}-绩效指标.csv", n + 2), indicators_csv(d)));
    }
    files
}

fn table_csv(d: &Disclosure, t: &Table) -> String {
    let l = layout_table(d, t);
    let mut out = Csv::new();
    let depth = l.header.rows;
    // Header rows: groups where they start, each column's own name in the last row.
    let mut rows: Vec<Vec<String>> = vec![vec![String::new(); l.width()]; depth];
    for c in &l.header.cells {
        let leaf = c.row + c.rows == depth && c.cols == 1;
        let r = if leaf { depth - 1 } else { c.row };
        if let Some(slot) = rows.get_mut(r).and_then(|row| row.get_mut(c.col)) {
            *slot = c.text.clone();
        }
    }
    if let (Some(last), Some(unit)) = (rows.last_mut(), t.unit) {
        for (k, col) in l.columns.iter().enumerate() {
            if col.role == ColRole::Amount {
                if let Some(h) = last.get_mut(k) {
                    *h = format!("{h}（{}）", unit.label());
                }
            }
        }
    }
    for r in &rows {
        out.line(r.iter().map(String::as_str));
    }
    for r in &l.rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| match c {
                DisplayCell::Amount {
                    amount: Some(a), ..
                } => a.fen.format(a.unit, a.decimals, false),
                other => other.text().to_string(),
            })
            .collect();
        out.line(cells.iter().map(String::as_str));
    }
    out.finish()
}

fn goals_csv(d: &Disclosure) -> String {
    let mut out = Csv::new();
    out.line(
        [
            "表",
            "类别",
            "名称",
            "主管部门",
            "预算数",
            "单位",
            "项目概况",
            "立项依据",
            "绩效目标",
            "说明",
        ]
        .into_iter(),
    );
    for p in &d.performance {
        let text = |f: &Option<yusuan_model::TextField>| {
            f.as_ref()
                .map(|f| f.text.trim().to_string())
                .unwrap_or_default()
        };
        let budget = p
            .budget
            .as_ref()
            .map(|b| b.amount.fen.format(b.amount.unit, b.amount.decimals, false))
            .unwrap_or_default();
        let unit = p
            .budget
            .as_ref()
            .map(|b| b.amount.unit)
            .or(p.unit)
            .map(|u| u.label().to_string())
            .unwrap_or_default();
        let labels = PerfFieldLabels::of(p.kind);
        let fields = [
            performance_heading(p),
            labels.name.to_string(),
            text(&p.name),
            text(&p.department),
            budget,
            unit,
            text(&p.overview),
            text(&p.basis),
            text(&p.goal),
            p.empty_note
                .as_ref()
                .map(|n| n.text.trim().to_string())
                .unwrap_or_default(),
        ];
        out.line(fields.iter().map(String::as_str));
    }
    out.finish()
}

fn indicators_csv(d: &Disclosure) -> String {
    let mut out = Csv::new();
    out.line(
        [
            "表",
            "名称",
            "指标类别",
            "指标名称",
            "指标权重",
            "指标性质",
            "指标值",
            "计量单位",
            "是否核心",
        ]
        .into_iter(),
    );
    for p in &d.performance {
        let heading = performance_heading(p);
        let name = p
            .name
            .as_ref()
            .map(|f| f.text.trim().to_string())
            .unwrap_or_default();
        // The form holds the indicator texts as shown (weights, natures, 是/否).
        let g = performance_form(p);
        let first = g.rows - p.indicators.len();
        for (k, ind) in p.indicators.iter().enumerate() {
            let shown: Vec<String> = g.row_cells(first + k).map(|c| c.text.clone()).collect();
            // Without a category column the form's cells are the six standard ones.
            let offset = shown.len().saturating_sub(6);
            let get = |i: usize| shown.get(offset + i).cloned().unwrap_or_default();
            let fields = [
                heading.clone(),
                name.clone(),
                ind.category.clone().unwrap_or_default(),
                get(0),
                get(1),
                get(2),
                get(3),
                get(4),
                get(5),
            ];
            out.line(fields.iter().map(String::as_str));
        }
    }
    out.finish()
}

/// A CSV file being written: the `csv` crate's quoting (a field is quoted when it holds a
/// comma, a quote or a line break), CRLF line ends, after a byte-order mark.
struct Csv(csv::Writer<Vec<u8>>);

impl Csv {
    fn new() -> Csv {
        Csv(csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            // Header rows and data rows differ in length (a performance table's rows too).
            .flexible(true)
            .from_writer(BOM.as_bytes().to_vec()))
    }

    fn line<'a>(&mut self, fields: impl Iterator<Item = &'a str>) {
        // Writing into memory cannot fail; a record that could not be written is left out
        // rather than ending the render.
        let _ = self.0.write_record(fields);
    }

    fn finish(self) -> String {
        let bytes = self.0.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_fields() {
        let mut c = Csv::new();
        c.line(["a,b", "c\"d", "e"].into_iter());
        c.line(["x"].into_iter());
        assert_eq!(c.finish(), "\u{feff}\"a,b\",\"c\"\"d\",e\r\nx\r\n");
    }
}
