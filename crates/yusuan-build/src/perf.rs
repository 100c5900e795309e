//! Performance-goal tables: the unit's overall goal (表十), key projects (表十一) and one table
//! per project (表十二).

use crate::context::Ctx;
use crate::index::{Part, Sources};
use crate::report::{BuildNote, NoteKind};
use crate::values::{Fam, Spec};
use std::sync::Arc;
use yusuan_model::budget::{Goal, Project};
use yusuan_model::{
    table_name, AmountFact, Indicator, Note, PerformanceKind, PerformanceTable, Provenance,
    TextField,
};

struct PerfHead<'t> {
    kind: PerformanceKind,
    number: Option<String>,
    name: &'t str,
}

fn text_field(prov: &Provenance, row: &str, text: &str) -> Option<TextField> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let mut p = prov.clone();
    p.row = Some(row.to_string());
    Some(TextField {
        text: t.to_string(),
        prov: p,
    })
}

fn indicators(goal: &Goal, prov: &Provenance) -> Vec<Indicator> {
    goal.indicators
        .iter()
        .map(|i| {
            let mut i = i.clone();
            let mut p = prov.clone();
            p.row = Some(i.name.clone());
            i.prov = p;
            i
        })
        .collect()
}

fn empty_table(cx: &Ctx, h: &PerfHead, note: &str) -> PerformanceTable {
    let title = format!("{}年{}", cx.year(), h.name);
    let name: Arc<str> = table_name(h.number.as_deref(), &title);
    let prov = Provenance::new(&cx.gen).with_table(&name);
    PerformanceTable {
        kind: h.kind,
        number: h.number.clone(),
        title,
        unit: Some(cx.layout.main.0),
        compiler: cx
            .compiler()
            .and_then(|c| text_field(&prov, "编制单位", &c)),
        name: None,
        department: None,
        budget: None,
        overview: None,
        basis: None,
        goal: None,
        indicators: Vec::new(),
        empty_note: Some(Note {
            text: note.to_string(),
            prov: prov.clone(),
        }),
        prov,
        end_line: 0,
        doubt: None,
    }
}

fn project_table(cx: &mut Ctx, h: &PerfHead, k: usize, p: &Project) -> PerformanceTable {
    let title = format!("{}年{}", cx.year(), h.name);
    let name: Arc<str> = table_name(h.number.as_deref(), &title);
    let prov = Provenance::new(&cx.gen).with_table(&name);
    let spec = Spec::one(Fam::Proj, k);
    let amount = cx.amount(&spec);
    let mut budget_prov = prov.clone();
    budget_prov.row = Some("当年预算".into());
    PerformanceTable {
        kind: h.kind,
        number: h.number.clone(),
        title,
        unit: Some(cx.layout.main.0),
        compiler: cx
            .compiler()
            .and_then(|c| text_field(&prov, "编制单位", &c)),
        name: text_field(&prov, "项目名称", &p.name),
        department: p
            .department
            .as_deref()
            .and_then(|d| text_field(&prov, "主管部门", d)),
        budget: Some(AmountFact {
            amount,
            prov: budget_prov,
        }),
        overview: text_field(&prov, "项目概况", &p.overview),
        basis: text_field(&prov, "立项依据", &p.basis),
        goal: text_field(&prov, "当年绩效目标", &p.goal.text),
        indicators: indicators(&p.goal, &prov),
        empty_note: None,
        prov,
        end_line: 0,
        doubt: None,
    }
}

/// The performance tables of the profile, with its numbers and names (上海 publishes none: its
/// 项目经费情况说明 is narrative).
pub fn tables(cx: &mut Ctx) -> Vec<PerformanceTable> {
    let profile = cx.layout.profile;
    let spec = |kind: PerformanceKind| profile.performance(kind).filter(|t| t.generate);
    let layout = cx.layout;
    let head = |kind: PerformanceKind| {
        spec(kind).map(|t| PerfHead {
            kind,
            number: layout.number(t),
            name: t.name.as_str(),
        })
    };
    let b = cx.ix.b;
    let mut out = Vec::new();
    // 表十: the overall goal.
    if let Some(overall) = head(PerformanceKind::Overall) {
        let title = format!("{}年{}", cx.year(), overall.name);
        let tname: Arc<str> = table_name(overall.number.as_deref(), &title);
        let prov = Provenance::new(&cx.gen).with_table(&tname);
        let total = cx.ix.exp_under(None, Sources::All, Part::Both);
        let amount = cx.amount(&total);
        let mut budget_prov = prov.clone();
        budget_prov.row = Some("部门支出预算数".into());
        let goal = b.overall_goal.clone().unwrap_or_default();
        if b.overall_goal.is_none() {
            cx.note(BuildNote::warning(
                NoteKind::MissingData,
                "预算没有部门整体绩效目标，整体绩效目标表只列部门支出预算数",
            ));
        }
        out.push(PerformanceTable {
            kind: PerformanceKind::Overall,
            number: overall.number.clone(),
            title,
            unit: Some(cx.layout.main.0),
            compiler: None,
            name: cx
                .compiler()
                .and_then(|c| text_field(&prov, "部门(单位)名称", &c)),
            department: None,
            budget: Some(AmountFact {
                amount,
                prov: budget_prov,
            }),
            overview: None,
            basis: None,
            goal: text_field(&prov, "当年整体绩效目标", &goal.text),
            indicators: indicators(&goal, &prov),
            empty_note: None,
            prov,
            end_line: 0,
            doubt: None,
        });
    }
    // 表十一: key projects.
    if let Some(key) = head(PerformanceKind::KeyProject) {
        let keys: Vec<(usize, &Project)> = b
            .projects
            .iter()
            .enumerate()
            .filter(|(_, p)| p.key)
            .collect();
        if keys.is_empty() {
            out.push(empty_table(
                cx,
                &key,
                "本部门无重点专项资金，故此表无数据。",
            ));
        }
        for (k, p) in keys {
            out.push(project_table(cx, &key, k, p));
        }
    }
    // 表十二: one per general project.
    if let Some(general) = head(PerformanceKind::Project) {
        let projects: Vec<(usize, &Project)> = b
            .projects
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.key)
            .collect();
        if projects.is_empty() {
            out.push(empty_table(
                cx,
                &general,
                "本部门无一般性项目，故此表无数据。",
            ));
        }
        for (k, p) in projects {
            out.push(project_table(cx, &general, k, p));
        }
    }
    out
}
