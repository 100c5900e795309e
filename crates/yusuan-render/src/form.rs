//! A performance-goal table (绩效目标表) as the form the templates print:
//!
//! ```text
//! 项目名称 │ name (3 columns)            │ 主管部门 │ department (2)
//! 当年预算 │ amount (6)
//! 项目概况 │ text (6)
//! 立项依据 │ text (6)
//! 当年绩效目标 │ text (6)
//! 绩效指标 │ 指标名称 │ 指标权重 │ 指标性质 │ 指标值 │ 计量单位 │ 是否核心
//!   (rows) │ …
//! ```
//!
//! The overall table (部门整体绩效目标表) puts 部门支出预算数 beside the unit's name. An
//! indicator category (一级/二级指标), where any indicator has one, adds a column.

use crate::grid::{Cell, CellRole, Grid};
use yusuan_model::{PerformanceKind, PerformanceTable};

/// The labels of a form's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerfFieldLabels {
    pub name: &'static str,
    pub budget: &'static str,
    pub goal: &'static str,
}

impl PerfFieldLabels {
    pub fn of(kind: PerformanceKind) -> PerfFieldLabels {
        match kind {
            PerformanceKind::Overall => PerfFieldLabels {
                name: "部门（单位）名称",
                budget: "部门支出预算数",
                goal: "当年整体绩效目标",
            },
            _ => PerfFieldLabels {
                name: "项目名称",
                budget: "当年预算",
                goal: "当年绩效目标",
            },
        }
    }
}

/// The headers of the indicator rows.
pub const INDICATOR_HEADERS: [&str; 6] = [
    "指标名称",
    "指标权重",
    "指标性质",
    "指标值",
    "计量单位",
    "是否核心",
];

/// Lay out a performance table as a form.
pub fn performance_form(p: &PerformanceTable) -> Grid {
    let with_category = p.indicators.iter().any(|i| i.category.is_some());
    let cols = 1 + INDICATOR_HEADERS.len() + usize::from(with_category);
    let labels = PerfFieldLabels::of(p.kind);
    let text_of =
        |f: &Option<yusuan_model::TextField>| f.as_ref().map(|f| f.text.trim().to_string());
    let mut cells = Vec::new();
    let mut row = 0;
    let label = |row: usize, text: &str| Cell {
        row,
        col: 0,
        rows: 1,
        cols: 1,
        text: text.to_string(),
        role: CellRole::Label,
    };
    let value = |row: usize, col: usize, ncols: usize, text: String| Cell {
        row,
        col,
        rows: 1,
        cols: ncols,
        text,
        role: CellRole::Text,
    };
    let budget_cell = |row: usize, col: usize, ncols: usize| match &p.budget {
        Some(b) => Cell {
            row,
            col,
            rows: 1,
            cols: ncols,
            text: b.amount.shown(),
            role: CellRole::Amount(b.amount),
        },
        None => value(row, col, ncols, String::new()),
    };
    // Name row: name over 3 columns, then 主管部门 (or, for the overall table, the budget).
    let name = text_of(&p.name).unwrap_or_default();
    let name_cols = 3.min(cols - 1);
    let rest = cols - 1 - name_cols;
    cells.push(label(row, labels.name));
    if rest >= 2 {
        cells.push(value(row, 1, name_cols, name));
        let side_label = if p.kind == PerformanceKind::Overall {
            labels.budget
        } else {
            "主管部门"
        };
        cells.push(Cell {
            role: CellRole::Label,
            ..value(row, 1 + name_cols, 1, side_label.to_string())
        });
        if p.kind == PerformanceKind::Overall {
            cells.push(budget_cell(row, 2 + name_cols, rest - 1));
        } else {
            cells.push(value(
                row,
                2 + name_cols,
                rest - 1,
                text_of(&p.department).unwrap_or_default(),
            ));
        }
    } else {
        cells.push(value(row, 1, cols - 1, name));
    }
    row += 1;
    if p.kind != PerformanceKind::Overall {
        cells.push(label(row, labels.budget));
        cells.push(budget_cell(row, 1, cols - 1));
        row += 1;
    }
    let mut texts: Vec<(&str, Option<String>)> = Vec::new();
    let overall = p.kind == PerformanceKind::Overall;
    if !overall || p.overview.is_some() {
        texts.push(("项目概况", text_of(&p.overview)));
    }
    if !overall || p.basis.is_some() {
        texts.push(("立项依据", text_of(&p.basis)));
    }
    texts.push((labels.goal, text_of(&p.goal)));
    for (l, t) in texts {
        cells.push(label(row, l));
        cells.push(value(row, 1, cols - 1, t.unwrap_or_default()));
        row += 1;
    }
    // Indicators: 绩效指标 down the first column, the headers, one row per indicator.
    let n = p.indicators.len();
    cells.push(Cell {
        rows: n + 1,
        ..label(row, "绩效指标")
    });
    let mut headers: Vec<&str> = Vec::new();
    if with_category {
        headers.push("指标类别");
    }
    headers.extend(INDICATOR_HEADERS);
    for (k, h) in headers.iter().enumerate() {
        cells.push(Cell {
            role: CellRole::Header,
            ..value(row, 1 + k, 1, h.to_string())
        });
    }
    row += 1;
    for ind in &p.indicators {
        let weight = if ind.weight_text.trim().is_empty() {
            ind.weight.map(|w| w.to_string()).unwrap_or_default()
        } else {
            ind.weight_text.trim().to_string()
        };
        let nature = if ind.nature_text.trim().is_empty() {
            ind.nature
                .map(|n| n.symbol().to_string())
                .unwrap_or_default()
        } else {
            ind.nature_text.trim().to_string()
        };
        let core = match ind.core {
            Some(true) => "是",
            Some(false) => "否",
            None => "",
        };
        let mut vals: Vec<String> = Vec::new();
        if with_category {
            vals.push(ind.category.clone().unwrap_or_default());
        }
        vals.extend([
            ind.name.trim().to_string(),
            weight,
            nature,
            ind.value.trim().to_string(),
            ind.unit.trim().to_string(),
            core.to_string(),
        ]);
        for (k, v) in vals.into_iter().enumerate() {
            cells.push(value(row, 1 + k, 1, v));
        }
        row += 1;
    }
    Grid {
        rows: row,
        cols,
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Slot;

    #[test]
    fn project_form_layout() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../corpus/chongqing-jiangbeicheng-2025-budget.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let d = yusuan_import::import_text("cq.txt", &text).unwrap();
        let p = d
            .performance
            .iter()
            .find(|p| p.kind == PerformanceKind::Project)
            .unwrap();
        let g = performance_form(p);
        assert_eq!(g.cols, 7);
        // name, budget, 概况, 依据, 目标, indicator header, 8 indicators
        assert_eq!(g.rows, 6 + p.indicators.len());
        let slots = g.slots();
        assert!(slots.iter().all(|r| r.iter().all(|s| *s != Slot::Empty)));
        let budget = g.cells.iter().find(|c| c.text == "6.00").unwrap();
        assert!(matches!(budget.role, CellRole::Amount(_)));
        let overall = d
            .performance
            .iter()
            .find(|p| p.kind == PerformanceKind::Overall)
            .unwrap();
        let g = performance_form(overall);
        assert!(g.cells.iter().any(|c| c.text == "3,636.80"));
        assert!(g
            .slots()
            .iter()
            .all(|r| r.iter().all(|s| *s != Slot::Empty)));
    }
}
