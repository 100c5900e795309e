//! 说明 texts: 职能职责, 机构设置, 名词解释, the notes of other sections, and the reasons of
//! changes.

use crate::conv::*;
use std::collections::BTreeSet;
use yusuan_model::budget::{ChangeReason, NarrativeInputs};
use yusuan_model::code::{Level, Scheme};
use yusuan_model::disclosure::{FactKey, FundSource, Section, SectionKind};

impl<'a> Conv<'a> {
    pub(crate) fn narrative(&mut self) -> NarrativeInputs {
        let d = self.d;
        let secs = &d.narrative.sections;
        let mut n = NarrativeInputs::default();
        // The importer typed each section from its title (`Section::kind`); the first of a kind
        // is taken.
        for (i, s) in secs.iter().enumerate() {
            let key = match s.kind {
                None => continue,
                Some(SectionKind::Functions) => {
                    if n.functions.is_empty() {
                        n.functions = section_body(secs, i);
                    }
                    continue;
                }
                Some(SectionKind::Organisation) => {
                    if n.organisation.is_empty() {
                        n.organisation = section_body(secs, i);
                    }
                    continue;
                }
                Some(SectionKind::Glossary) => {
                    if n.glossary.is_empty() {
                        n.glossary = glossary(secs, i);
                    }
                    continue;
                }
                Some(SectionKind::AdminCost) => "admin_cost",
                Some(SectionKind::Procurement) => "procurement",
                Some(SectionKind::Performance) => "performance",
                Some(SectionKind::Assets) => "assets",
            };
            let body = s.text.trim();
            if !body.is_empty() && !n.notes.contains_key(key) {
                n.notes.insert(key.to_string(), body.to_string());
            }
        }
        let mut seen = BTreeSet::new();
        for f in &d.narrative.facts {
            let Some(c) = &f.change else { continue };
            let Some(subject) = reason_subject(&f.key) else {
                continue;
            };
            let text = match &c.reason_text {
                Some(t) if !t.trim().is_empty() => t.trim().to_string(),
                _ if !c.reasons.is_empty() => c
                    .reasons
                    .iter()
                    .map(|r| match r.amount {
                        Some(a) => format!("{}{}{}", r.label, r.direction.label(), a),
                        None => format!("{}{}", r.label, r.direction.label()),
                    })
                    .collect::<Vec<_>>()
                    .join("，"),
                _ => continue,
            };
            if seen.insert(subject.clone()) {
                n.reasons.push(ChangeReason { subject, text });
            }
        }
        n
    }
}

/// A section's text, or its subsections' when it has none of its own.
fn section_body(secs: &[Section], i: usize) -> String {
    let Some(s) = secs.get(i) else {
        return String::new();
    };
    let own = s.text.trim();
    if !own.is_empty() {
        return own.to_string();
    }
    secs.iter()
        .skip(i + 1)
        .take_while(|c| c.level > s.level)
        .map(|c| {
            let t = c.text.trim();
            if t.is_empty() {
                c.title.trim().to_string()
            } else {
                format!("{}\n{}", c.title.trim(), t)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The terms of a 名词解释 section: from its own lines and from its subsections. Read from the
/// section's prose (`（一）term：explanation`): no stage types the terms.
fn glossary(secs: &[Section], i: usize) -> Vec<(String, String)> {
    let Some(s) = secs.get(i) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for line in s.text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match split_term(line) {
            Some(e) => out.push(e),
            None => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(line);
                }
            }
        }
    }
    for c in secs.iter().skip(i + 1).take_while(|c| c.level > s.level) {
        let title = c.title.trim();
        let text = c.text.trim();
        if let Some((term, expl)) = split_term(title) {
            out.push((term, format!("{expl}{text}")));
        } else if !title.is_empty() {
            out.push((strip_numbering(title).to_string(), text.to_string()));
        }
    }
    out
}

pub(crate) fn strip_numbering(s: &str) -> &str {
    let t = s.trim();
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some((num, rest)) = t.strip_prefix(open).and_then(|r| r.split_once(close)) {
            if num.chars().count() <= 3 {
                return rest.trim_start();
            }
        }
    }
    let after_num =
        t.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    if after_num.len() < t.len() {
        if let Some(rest) = after_num.strip_prefix(['、', '.', '．']) {
            return rest.trim_start();
        }
    }
    t
}

/// `（一）term：explanation` → (term, explanation).
pub(crate) fn split_term(line: &str) -> Option<(String, String)> {
    let t = strip_numbering(line);
    let (term, expl) = t.split_once('：').or_else(|| t.split_once(':'))?;
    let term = term.trim();
    if term.is_empty() || term.chars().count() > 30 {
        return None;
    }
    Some((term.to_string(), expl.trim().to_string()))
}

fn reason_subject(key: &FactKey) -> Option<String> {
    let s = match key {
        FactKey::IncomeTotal => "income_total",
        FactKey::ExpenditureTotal => "expenditure_total",
        FactKey::IncomeBySource { source } | FactKey::ExpenditureBySource { source } => {
            match source {
                FundSource::GeneralBudget => "general_budget",
                FundSource::GovFund => "gov_fund",
                FundSource::StateCapital => "state_capital",
                _ => return None,
            }
        }
        FactKey::Basic => "basic",
        FactKey::Project => "project",
        FactKey::ThreePublicTotal => "three_public",
        FactKey::Overseas => "overseas",
        FactKey::VehicleTotal => "vehicles",
        FactKey::VehiclePurchase => "vehicle_purchase",
        FactKey::VehicleOperation => "vehicle_operation",
        FactKey::Reception => "reception",
        FactKey::AdminCost => "admin_cost",
        FactKey::ExpenditureByCode { code, .. }
            if code.level(Scheme::Function) == Some(Level::Class) =>
        {
            return Some(code.as_str().to_string())
        }
        _ => return None,
    };
    Some(s.to_string())
}
