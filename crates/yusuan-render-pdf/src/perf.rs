//! Performance-goal tables as forms: the project (or unit) fields as label/value rows, then the
//! indicators as a table whose header repeats on continued pages, both on the same columns.

use crate::doc::Align;
use crate::doc::Doc;
use crate::table::{draw_grid, fit, notes, title_block, GCell, Grid};
use yusuan_model::{Disclosure, PerformanceKind, PerformanceTable};

pub(crate) fn performance(doc: &mut Doc, d: &Disclosure, p: &PerformanceTable) {
    let has_category = p.indicators.iter().any(|i| i.category.is_some());
    let first = usize::from(has_category);
    let ncols = first + 6;
    let mut ind = Grid {
        ncols,
        header: Vec::new(),
        body: Vec::new(),
    };
    let mut head = Vec::new();
    if has_category {
        head.push(GCell::header(0, "指标类别"));
    }
    for (k, h) in [
        "指标名称",
        "指标权重",
        "指标性质",
        "指标值",
        "度量单位",
        "是否核心指标",
    ]
    .iter()
    .enumerate()
    {
        head.push(GCell::header(first + k, *h));
    }
    ind.header.push(head);
    let mut last_cat: Option<&str> = None;
    for i in &p.indicators {
        let mut row = Vec::new();
        if has_category {
            let cat = i.category.as_deref().unwrap_or("");
            let shown = if last_cat == Some(cat) { "" } else { cat };
            last_cat = Some(cat);
            row.push(GCell::new(0, shown, Align::Left));
        }
        let weight = match i.weight {
            Some(w) => w.to_string(),
            None => i.weight_text.trim().to_string(),
        };
        let nature = if i.nature_text.trim().is_empty() {
            i.nature.map(|n| n.symbol().to_string()).unwrap_or_default()
        } else {
            i.nature_text.trim().to_string()
        };
        let core = match i.core {
            Some(true) => "是",
            Some(false) => "否",
            None => "",
        };
        row.push(GCell::new(first, i.name.trim(), Align::Left));
        row.push(GCell::number(first + 1, weight));
        row.push(GCell::new(first + 2, nature, Align::Center));
        row.push(GCell::new(first + 3, i.value.trim(), Align::Center));
        row.push(GCell::new(first + 4, i.unit.trim(), Align::Center));
        row.push(GCell::new(first + 5, core, Align::Center));
        ind.body.push(row);
    }
    ind.fill_blanks();

    // The form part: label | value (spanning the rest).
    let mut form = Grid {
        ncols: 2,
        header: Vec::new(),
        body: Vec::new(),
    };
    let mut field = |label: &str, value: &str| {
        // Labels are short: one line, never wrapped.
        let mut l = GCell::header(0, label);
        l.numeric = true;
        form.body.push(vec![l, GCell::new(1, value, Align::Left)]);
    };
    let name_label = match p.kind {
        PerformanceKind::Overall => "部门（单位）名称",
        _ => "项目名称",
    };
    if let Some(n) = &p.name {
        field(name_label, n.text.trim());
    }
    if let Some(n) = &p.department {
        field("主管部门", n.text.trim());
    }
    if let Some(b) = &p.budget {
        let label = match p.kind {
            PerformanceKind::Overall => "部门支出预算数",
            _ => "当年预算",
        };
        field(
            label,
            &format!("{}{}", b.amount.shown(), b.amount.unit.label()),
        );
    }
    if let Some(t) = &p.overview {
        field("项目概况", t.text.trim());
    }
    if let Some(t) = &p.basis {
        field("立项依据", t.text.trim());
    }
    if let Some(t) = &p.goal {
        let label = match p.kind {
            PerformanceKind::Overall => "当年整体绩效目标",
            _ => "当年绩效目标",
        };
        field(label, t.text.trim());
    }

    let f = fit(doc, &ind, true);
    let form_fit = fit(doc, &form, true);
    let title = match &p.number {
        Some(n) => format!("{n} {}", p.title),
        None => p.title.clone(),
    };
    doc.start_part(&title, f.landscape);
    let compiler = p
        .compiler
        .as_ref()
        .map(|c| c.text.clone())
        .or_else(|| d.meta.unit.name.clone());
    let compiler = doc
        .style
        .compiler_line(compiler.as_deref())
        .unwrap_or_default();
    let unit = p
        .unit
        .map(|u| format!("单位：{}", u.label()))
        .unwrap_or_default();
    title_block(doc, p.number.as_deref(), &p.title, &compiler, &unit);
    let continued = format!("{title}（续）");
    if !form.body.is_empty() {
        draw_grid(doc, &form, &form_fit, &continued, &unit);
    }
    if !ind.body.is_empty() {
        draw_grid(doc, &ind, &f, &continued, &unit);
    }
    if let Some(e) = &p.empty_note {
        notes(doc, &[e.text.as_str()]);
    }
}
