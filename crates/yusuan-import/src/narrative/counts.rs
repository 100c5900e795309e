//! Counts the narrative states: vehicles, equipment, projects with goals, departments, units.

use super::facts::clean_label;
use super::text::{at, char_before, chars_text, parse_count, Para};
use crate::source::SourceText;
use yusuan_model::{CountFact, CountKey, Provenance};

fn is_count_delim(c: char) -> bool {
    matches!(
        c,
        '，' | '；' | '：' | '。' | '、' | ',' | ';' | ':' | '！' | '？'
    )
}

/// Read the counts of one paragraph.
pub fn scan(src: &SourceText, para: &Para) -> Vec<CountFact> {
    let chars = &para.chars;
    let mut out = Vec::new();
    let prov = |pos: usize| {
        let line = para.line_at(pos);
        let page = src.line(line).and_then(|l| l.page);
        Provenance::at_line(&src.file, line, page)
    };
    let text = para.text();
    // `无购置车辆计划`: none to buy.
    if let Some(b) = text.find("无购置车辆") {
        let pos = text.get(..b).map_or(0, |s| s.chars().count());
        out.push(CountFact {
            key: CountKey::VehiclesToBuy,
            value: 0,
            text: clause_around(para, pos),
            prov: prov(pos),
        });
    }
    let mut i = 0;
    while let Some(c) = chars.get(i) {
        let boundary = !matches!(char_before(chars, i), Some('0'..='9' | '.' | ','));
        if !(c.is_ascii_digit() && boundary) {
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j).is_some_and(char::is_ascii_digit) {
            j += 1;
        }
        // Only a number followed by a unit of count can be a count: the words around it are
        // looked at then, not for every figure (an amount in 万元 is no count).
        let counted = ["辆", "台", "套", "个", "家"]
            .iter()
            .any(|w| at(chars, j, w));
        if !counted {
            i = j;
            continue;
        }
        let digits = chars_text(chars, i, j);
        let Some(value) = parse_count(&digits) else {
            i = j;
            continue;
        };
        let cs = chars
            .iter()
            .take(i)
            .rposition(|&c| is_count_delim(c))
            .map_or(0, |k| k + 1);
        let ss = chars
            .iter()
            .take(i)
            .rposition(|c| matches!(c, '。' | '！' | '？'))
            .map_or(0, |k| k + 1);
        let label_raw = chars_text(chars, cs, i);
        let label = clean_label(&label_raw);
        let sentence = chars_text(chars, ss, i);
        let has = |k: &str| label.contains(k);
        let key = if at(chars, j, "辆") {
            if has("车辆") && ["购置", "购买", "更新", "新增"].iter().any(|w| has(w)) {
                Some(CountKey::VehiclesToBuy)
            } else if has("车辆") {
                // 共有 / 现有 / 保有 / 实有车辆 … 辆
                Some(CountKey::Vehicles)
            } else if label.ends_with("用车") {
                if sentence.contains("购置") || sentence.contains("购买") {
                    Some(CountKey::Other {
                        label: format!("购置{label}"),
                    })
                } else {
                    Some(CountKey::VehiclesOfKind {
                        kind: label.clone(),
                    })
                }
            } else {
                None
            }
        } else if ["台（套）", "台(套)", "台/套", "台", "套"]
            .iter()
            .any(|w| at(chars, j, w))
        {
            if has("设备") {
                if has("购置") || has("购买") {
                    Some(CountKey::Other {
                        label: label.clone(),
                    })
                } else {
                    Some(CountKey::ExpensiveEquipment)
                }
            } else {
                None
            }
        } else if at(chars, j, "个") || at(chars, j, "家") {
            let unit_follows = ["二级预算单位", "预算单位", "二级单位", "下属单位", "单位"]
                .iter()
                .any(|w| at(chars, j + 1, w));
            if has("绩效目标") && has("项目") {
                Some(CountKey::ProjectsWithGoals)
            } else if has("内设机构") || has("内设科室") {
                Some(CountKey::InternalDepartments)
            } else if has("下属") && unit_follows {
                Some(CountKey::SubordinateUnits)
            } else if at(chars, j, "家") && label.ends_with("单位") {
                Some(CountKey::Other {
                    label: label.clone(),
                })
            } else {
                None
            }
        } else {
            None
        };
        if let Some(key) = key {
            let text = clause_around(para, i);
            // Equipment or a kind of vehicle in a clause about buying (`设备5台、购置2台`) is
            // not what the unit holds.
            let buying = text.contains("购置") || text.contains("购买");
            let key = match key {
                CountKey::ExpensiveEquipment if buying => CountKey::Other { label },
                CountKey::VehiclesOfKind { kind } if buying => CountKey::Other {
                    label: format!("购置{kind}"),
                },
                key => key,
            };
            out.push(CountFact {
                key,
                value,
                text,
                prov: prov(i),
            });
        }
        i = j;
    }
    out
}

/// The clause around a position.
fn clause_around(para: &Para, pos: usize) -> String {
    let chars = &para.chars;
    let delim = |c: &char| matches!(c, '，' | '；' | '。' | '：');
    let start = chars.iter().take(pos).rposition(delim).map_or(0, |k| k + 1);
    let end = chars
        .iter()
        .skip(pos)
        .position(delim)
        .map_or(chars.len(), |k| pos + k);
    para.slice(start, end)
}
