//! 国有资产占有使用: the counts the narrative states (vehicles, expensive equipment).

use crate::conv::*;
use crate::ConversionKind;
use yusuan_model::budget::Assets;
use yusuan_model::disclosure::{CountKey, SectionKind};

impl<'a> Conv<'a> {
    pub(crate) fn assets(&mut self) -> Assets {
        let d = self.d;
        let mut a = Assets::default();
        for c in &d.narrative.counts {
            if c.value < 0 {
                self.note(
                    ConversionKind::LeftOut,
                    format!("数量不能为负，未采用：{}", c.text),
                    Some(&c.prov),
                );
                continue;
            }
            // What is held and what is to be bought the importer told apart (`CountKey`).
            let slot = match &c.key {
                CountKey::Vehicles => &mut a.vehicles,
                CountKey::VehiclesToBuy => &mut a.vehicles_to_buy,
                CountKey::ExpensiveEquipment => &mut a.expensive_equipment,
                CountKey::VehiclesOfKind { kind } => {
                    match a.vehicles_by_kind.get(kind) {
                        Some(v) if *v != c.value => {
                            let msg =
                                format!("叙述两次给出{kind}数（{v} 与 {}），采用第一次", c.value);
                            self.note(ConversionKind::Disagreement, msg, Some(&c.prov));
                        }
                        Some(_) => {}
                        None => {
                            a.vehicles_by_kind.insert(kind.clone(), c.value);
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            match slot {
                Some(v) if *v != c.value => {
                    let msg = format!(
                        "叙述两次给出同一数量（{v} 与 {}），采用第一次：{}",
                        c.value, c.text
                    );
                    self.note(ConversionKind::Disagreement, msg, Some(&c.prov));
                }
                Some(_) => {}
                None => *slot = Some(c.value),
            }
            // The date is read from the sentence as written: no stage types it.
            if a.as_of.is_none() {
                a.as_of = as_of(&c.text);
            }
        }
        let counted = a.vehicles.is_some()
            || a.expensive_equipment.is_some()
            || !a.vehicles_by_kind.is_empty();
        if a.as_of.is_none() && counted {
            // The date is often in the sentence before the counts: look in the 国有资产 section,
            // or in one whose text speaks of vehicles (read from the prose, as the date is).
            a.as_of = d
                .narrative
                .sections
                .iter()
                .filter(|s| s.kind == Some(SectionKind::Assets) || s.text.contains("车辆"))
                .find_map(|s| as_of(&s.text));
        }
        a
    }
}

/// The date a count is as of (`截至2024年8月31日` → `2024年8月31日`).
pub(crate) fn as_of(text: &str) -> Option<String> {
    let start = text.find("截至").or_else(|| text.find("截止"))?;
    let rest = text.get(start + "截至".len()..)?;
    let rest = rest.trim_start_matches(|c: char| c == '到' || c.is_whitespace());
    let date: String = rest
        .chars()
        .take_while(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(c)
                || matches!(c, '年' | '月' | '日')
                || c.is_whitespace()
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    if date.contains('年') {
        Some(date)
    } else {
        None
    }
}
