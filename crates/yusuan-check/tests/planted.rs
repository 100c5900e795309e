//! Plant one reviewer's defect at a time into the text of real documents (the corpus's text
//! files and the text the PDF reader lays out from its PDFs) and check that the checker reports
//! something new on the planted page: a year changed to the document's own, a reason blanked,
//! the unit's name replaced by `XX局`, a doubled full stop, 部门 and 单位 swapped, 大于/小于 or
//! 增加/减少 flipped, a table listed in the contents dropped, a heading's number repeated or
//! skipped, a breakdown of a change that does not add up, an increase's reason pasted under a
//! decrease, a table's entry dropped from the contents, a reason's direction turned against its
//! change, an item's text restating its amount differently from its heading, a “三公” item
//! stated twice in its part with two amounts. (Characters cut
//! by a clip are a PDF's drawing, not its text: YS711 is tested on a real PDF and on synthetic
//! ones in yusuan-pdf.) Each kind is planted at its first
//! and its last place in each document (deterministic, bounded). Prints the caught ratio.

// Test code: a failure is reported by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use yusuan_check::{check, Config, Finding, Severity};
use yusuan_model::Disclosure;

fn corpus(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(path)
}

/// The documents as text: the corpus's text files and its 上海 PDFs laid out.
fn documents() -> Vec<(String, String)> {
    let mut v = Vec::new();
    for name in [
        "chongqing-jiangbeicheng-2025-budget.txt",
        "shanghai-putuo-finance-bureau-2025-budget.txt",
        "shanghai-putuo-wanli-2025-budget.txt",
    ] {
        let text = std::fs::read_to_string(corpus(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        v.push((name.to_string(), text));
    }
    for name in [
        "shanghai-putuo-justice-bureau-2026-budget.pdf",
        "shanghai-putuo-welfare-home-2024-unit-budget.pdf",
        "shanghai-finance-bureau-2025-unit-budget.pdf",
        "shanghai-putuo-district-office-2025-dept-budget.pdf",
        "shanghai-putuo-district-office-2025-unit-budget.pdf",
        "shanghai-putuo-commerce-2025-dept-budget.pdf",
        "shanghai-putuo-social-work-dept-2024-final-accounts.pdf",
    ] {
        let bytes = std::fs::read(corpus(&format!("pdf/{name}"))).unwrap_or_default();
        let text =
            yusuan_import::pdf::layout_text(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        v.push((format!("{name} (laid out)"), text));
    }
    v
}

/// One planted defect: the changed text and where the change is.
struct Plant {
    kind: &'static str,
    /// 1-based line of the file changed (the title line of a dropped table).
    line: u32,
    page: Option<u32>,
    text: String,
}

fn lines_of(text: &str) -> Vec<&str> {
    text.split('\n').collect()
}

/// Replace line `i` (0-based) of `text` by `new`.
fn with_line(text: &str, i: usize, new: &str) -> String {
    let mut ls: Vec<String> = lines_of(text).iter().map(|s| s.to_string()).collect();
    if let Some(l) = ls.get_mut(i) {
        *l = new.to_string();
    }
    ls.join("\n")
}

/// The first and the last narrative line for which `change` gives a new line.
fn plant_on_lines(
    kind: &'static str,
    text: &str,
    d: &Disclosure,
    change: impl Fn(&str) -> Option<String>,
) -> Vec<Plant> {
    let all = lines_of(text);
    let candidates: Vec<(usize, Option<u32>, String)> = d
        .source
        .text
        .iter()
        .filter(|l| l.narrative)
        .filter_map(|l| {
            let i = l.prov.line? as usize - 1;
            let new = change(all.get(i)?)?;
            Some((i, l.prov.page, new))
        })
        .collect();
    let mut picks = Vec::new();
    if let Some(first) = candidates.first() {
        picks.push(first);
    }
    if let Some(last) = candidates.last().filter(|_| candidates.len() > 1) {
        picks.push(last);
    }
    picks
        .into_iter()
        .map(|(i, page, new)| Plant {
            kind,
            line: *i as u32 + 1,
            page: *page,
            text: with_line(text, *i, new),
        })
        .collect()
}

/// `比2024年` → `比2025年` in a 2025 budget (the year after, in final accounts).
fn change_year(l: &str, year: u16, final_accounts: bool) -> Option<String> {
    let before = (year - 1).to_string();
    let to = if final_accounts { year + 1 } else { year }.to_string();
    let at = l.match_indices(&before).find(|(i, _)| {
        l[..*i]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '比' | '与' | '较'))
    })?;
    Some(format!("{}{}{}", &l[..at.0], to, &l[at.0 + 4..]))
}

/// `主要原因是人员调整。` → `主要原因是。`
fn blank_reason(l: &str) -> Option<String> {
    let i = l.find("原因是")? + "原因是".len();
    let rest = &l[i..];
    let end = rest.find('。')?;
    let reason = &rest[..end];
    if reason.chars().count() < 2 || reason.starts_with(['：', ':']) {
        return None;
    }
    Some(format!("{}{}", &l[..i], &rest[end..]))
}

const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// A heading's printed number moved by `delta` in its own style (`（三）` → `（二）`, `4.` → `5.`),
/// for numbers 1 to 10.
fn renumber(printed: &str, delta: i32) -> Option<String> {
    let core: String = printed
        .chars()
        .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '、' | '.' | '．' | ' '))
        .collect();
    let (value, ascii) = match core.parse::<i32>() {
        Ok(v) => (v, true),
        Err(_) => (CN.iter().position(|c| *c == core)? as i32 + 1, false),
    };
    let new = value + delta;
    if !(1..=10).contains(&new) || !(1..=10).contains(&value) {
        return None;
    }
    let to = if ascii {
        new.to_string()
    } else {
        CN[new as usize - 1].to_string()
    };
    Some(printed.replacen(core.as_str(), &to, 1))
}

/// A numbered heading's number changed: `delta` -1 repeats the number before it, +1 skips one.
fn plant_numbering(kind: &'static str, text: &str, d: &Disclosure, delta: i32) -> Vec<Plant> {
    let all = lines_of(text);
    let candidates: Vec<Plant> = d
        .narrative
        .sections
        .iter()
        .filter_map(|s| {
            let printed = s.number.as_deref()?;
            let i = s.prov.line? as usize - 1;
            let line = all.get(i)?;
            // 1 → 0 and 2 → 1 would read as no number or a new list.
            let new = renumber(printed, delta).filter(|n| renumber(n, -1).is_some())?;
            line.trim_start().starts_with(printed).then(|| Plant {
                kind,
                line: i as u32 + 1,
                page: s.prov.page,
                text: with_line(text, i, &line.replacen(printed, &new, 1)),
            })
        })
        .collect();
    let n = candidates.len();
    candidates
        .into_iter()
        .enumerate()
        .filter(|(k, _)| *k == 0 || *k + 1 == n)
        .map(|(_, p)| p)
        .collect()
}

/// `增加21.70万元` → `增加21.70万元，其中：一般公共预算拨款增加1.00万元，政府性基金预算拨款增加
/// 1.00万元` (a breakdown that does not add up), after the first change of the line.
fn break_down(l: &str) -> Option<String> {
    let (at, word) = ["增加", "减少"]
        .iter()
        .filter_map(|w| l.find(w).map(|i| (i, *w)))
        .min()?;
    let rest = &l[at + word.len()..];
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let after = &rest[digits.len()..];
    if digits.is_empty() || !after.starts_with("万元") {
        return None;
    }
    let cut = at + word.len() + digits.len() + "万元".len();
    if !l[cut..].starts_with(['，', '。']) {
        return None;
    }
    let second = if digits.trim_end_matches(['0', '.']) == "2" {
        "2.00"
    } else {
        "1.00"
    };
    Some(format!(
        "{}，其中：一般公共预算拨款{word}1.00万元，政府性基金预算拨款{word}{second}万元{}",
        &l[..cut],
        &l[cut..]
    ))
}

/// The reason of a line (`…原因是X。`), up to the sentence's end (or its use, `，主要用于`).
fn reason_of(l: &str) -> Option<String> {
    let i = l.find("原因是")? + "原因是".len();
    let rest = l[i..].trim_start_matches(['：', ':']);
    let end = rest.find('。')?;
    let r = &rest[..end];
    // What the reason is used for, or the next item, is no part of it.
    let r = r.split(['；', ';']).next().unwrap_or_default();
    let r = r.split("，主要用于").next().unwrap_or_default();
    (r.chars().count() >= 2).then(|| r.to_string())
}

/// The first particular reason (one with a direction of its own, or a long one) given on a line
/// that says `word`, pasted after a change the other way whose sentence gives no reason:
/// `比2024年减少10万元。` → `比2024年减少10万元，主要原因是工作量增加。`.
fn paste_reason(text: &str, d: &Disclosure) -> Vec<Plant> {
    let all = lines_of(text);
    let narrative: Vec<&str> = d
        .source
        .text
        .iter()
        .filter(|l| l.narrative)
        .filter_map(|l| all.get(l.prov.line? as usize - 1).copied())
        .collect();
    let mut v = Vec::new();
    for (word, other) in [("增加", "减少"), ("减少", "增加")] {
        let Some(reason) = narrative
            .iter()
            .filter(|l| l.contains(word))
            .filter_map(|l| reason_of(l))
            .find(|r| {
                !r.contains("增减")
                    && !r.contains("调剂")
                    && (r.contains("增加") || r.contains("减少") || r.chars().count() >= 8)
            })
        else {
            continue;
        };
        v.extend(plant_on_lines("reason pasted", text, d, |l| {
            // `减少 106.00 万元，`: the change word, its amount and unit, spaces allowed.
            let at = l.find(other)? + other.len();
            let amount = l[at..].trim_start();
            let digits = amount
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .filter(|&n| n > 0)?;
            let after = amount[digits..].trim_start();
            let unit = ["万元", "元"].iter().find(|u| after.starts_with(*u))?;
            let cut = l.len() - after.len() + unit.len();
            // A change that gives no reason of its own in its sentence.
            let begin = l[..at].rfind('。').map_or(0, |i| i + '。'.len_utf8());
            let sentence = l[begin..].split('。').next().unwrap_or_default();
            if !l[cut..].starts_with(['，', '。'])
                || sentence.contains("原因")
                || sentence.contains("主要")
            {
                return None;
            }
            Some(format!("{}，主要原因是{reason}{}", &l[..cut], &l[cut..]))
        }));
    }
    v
}

/// A table's entry blanked on the contents page (its second and its last): the table is then
/// published but not listed.
fn drop_contents_entry(text: &str, d: &Disclosure) -> Vec<Plant> {
    let all = lines_of(text);
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let first_table = d
        .tables
        .iter()
        .filter_map(|t| t.prov.line)
        .min()
        .unwrap_or(0);
    let n = d.meta.contents.len();
    let mut v = Vec::new();
    for k in [1, n.saturating_sub(1)] {
        let Some(entry) = d.meta.contents.get(k).filter(|_| n > 2) else {
            continue;
        };
        let entry = squash(entry);
        let Some(l) = d.source.text.iter().find(|l| {
            l.prov.line.is_some_and(|n| n < first_table) && squash(&l.text).contains(&entry)
        }) else {
            continue;
        };
        let Some(i) = l.prov.line.map(|n| n as usize - 1) else {
            continue;
        };
        if all.get(i).is_none() || v.iter().any(|p: &Plant| p.line == i as u32 + 1) {
            continue;
        }
        v.push(Plant {
            kind: "contents entry dropped",
            line: i as u32 + 1,
            page: l.prov.page,
            text: with_line(text, i, ""),
        });
    }
    v
}

/// `减少…主要原因是人员减少` → `…主要原因是人员增加`: the reason's own direction word turned
/// against the change it explains (a change word before the reason, the same word in it).
fn flip_reason(l: &str) -> Option<String> {
    let i = l.find("原因是")? + "原因是".len();
    let before = &l[..i];
    let rest = &l[i..];
    // The reason ends with its sentence, the item (`；`) or where its use begins (`，主要用于`).
    let end = ["。", "；", "，主要用于"]
        .iter()
        .filter_map(|e| rest.find(e))
        .min()
        .unwrap_or(rest.len());
    let reason = &rest[..end];
    let (word, other) = [("增加", "减少"), ("减少", "增加")]
        .into_iter()
        .filter(|(w, _)| before.contains(w) && reason.contains(w))
        .max_by_key(|(w, _)| before.rfind(w))?;
    // Only the reason's own words: one way, no contrast.
    if reason.contains(other) || reason.contains('但') || reason.contains("上年") {
        return None;
    }
    Some(format!(
        "{before}{}{}",
        reason.replace(word, other),
        &rest[end..]
    ))
}

/// `2026年预算安排183.95万元` → `2026年预算安排1183.95万元`: an item's text restating its amount
/// differently from its heading (`…（05项）183.95万元`).
fn restate_amount(l: &str, year: u16) -> Option<String> {
    let word = format!("{year}年预算安排");
    let at = l.find(&word)? + word.len();
    l[at..]
        .starts_with(|c: char| c.is_ascii_digit())
        .then(|| format!("{}1{}", &l[..at], &l[at..]))
}

/// A “三公” item's or the 机关运行经费's clause stated again in its part with another amount:
/// `公务接待费预算为0.5万元，…` → `公务接待费预算为0.5万元。公务接待费预算为10.5万元，…`.
fn state_twice(text: &str, d: &Disclosure) -> Vec<Plant> {
    use yusuan_model::FactKey as K;
    plant_on_lines("amount stated twice", text, d, |l| {
        let f = d.narrative.facts.iter().find(|f| {
            matches!(
                f.key,
                K::AdminCost
                    | K::Reception
                    | K::Overseas
                    | K::VehiclePurchase
                    | K::VehicleOperation
            ) && f.amount.is_some()
                && f.text.ends_with("万元")
                && l.contains(f.text.as_str())
        })?;
        let figure = f.text.strip_suffix("万元")?;
        let start = figure
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, '.' | ','))
            .last()
            .map(|(i, _)| i)?;
        let again = format!("{}1{}", &f.text[..start], &f.text[start..]);
        let at = l.find(f.text.as_str())? + f.text.len();
        Some(format!("{}。{again}{}", &l[..at], &l[at..]))
    })
}

fn plants(text: &str, d: &Disclosure) -> Vec<Plant> {
    let year = d.meta.year.unwrap_or(2025);
    let fa = d.meta.kind.is_final_accounts();
    let unit = d.meta.unit.name.clone().unwrap_or_default();
    let mut v = Vec::new();
    v.extend(plant_on_lines("year", text, d, |l| {
        change_year(l, year, fa)
    }));
    v.extend(plant_on_lines("reason", text, d, blank_reason));
    if unit.chars().count() >= 4 {
        v.extend(plant_on_lines("unit XX局", text, d, |l| {
            l.contains(unit.as_str())
                .then(|| l.replacen(unit.as_str(), "XX局", 1))
        }));
    }
    v.extend(plant_on_lines("。。", text, d, |l| {
        l.contains('。').then(|| l.replacen('。', "。。", 1))
    }));
    let (own, other) = match d.meta.kind {
        yusuan_model::DocKind::UnitBudget => ("年单位预算", "年部门预算"),
        yusuan_model::DocKind::DepartmentBudget => ("年部门预算", "年单位预算"),
        yusuan_model::DocKind::UnitFinalAccounts => ("年度单位决算", "年度部门决算"),
        yusuan_model::DocKind::DepartmentFinalAccounts => ("年度部门决算", "年度单位决算"),
    };
    v.extend(plant_on_lines("部门/单位", text, d, |l| {
        let at = l.find(own)?;
        let digits: String = l[..at].chars().rev().take(4).collect();
        (digits.chars().all(|c| c.is_ascii_digit()) && digits.len() == 4)
            .then(|| l.replacen(own, other, 1))
    }));
    if fa {
        v.extend(plant_on_lines("大于/小于", text, d, |l| {
            // Where the sentence names the budget it compares with (全年预算数).
            l.contains("决算数小于全")
                .then(|| l.replacen("决算数小于", "决算数大于", 1))
        }));
    } else {
        // A change stated with both of its figures (`执行数为…，…预算安排…，比…增加…%`).
        v.extend(plant_on_lines("增加/减少", text, d, |l| {
            (l.contains("执行数增加") && l.contains('%'))
                .then(|| l.replacen("执行数增加", "执行数减少", 1))
        }));
        v.extend(plant_on_lines("amount restated", text, d, |l| {
            restate_amount(l, year)
        }));
        v.extend(state_twice(text, d));
    }
    v.extend(plant_numbering("numbering repeats", text, d, -1));
    v.extend(plant_numbering("numbering skips", text, d, 1));
    v.extend(plant_on_lines("change parts", text, d, break_down));
    v.extend(paste_reason(text, d));
    v.extend(drop_contents_entry(text, d));
    v.extend(plant_on_lines("reason flipped", text, d, flip_reason));
    // Drop the first table the contents list: its lines, title to end.
    let all = lines_of(text);
    if let Some(t) = d
        .tables
        .iter()
        .find(|t| d.meta.contents.iter().any(|c| c.contains(t.title.as_str())))
    {
        if let Some(from) = t.prov.line {
            let (from, to) = (from as usize - 1, t.end_line as usize);
            let kept: Vec<&str> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < from || *i >= to)
                .map(|(_, l)| *l)
                .collect();
            v.push(Plant {
                kind: "drop a table",
                line: from as u32 + 1,
                page: None,
                text: kept.join("\n"),
            });
        }
    }
    v
}

/// A finding's rule, message and place (two findings may say the same of two places).
fn key(f: &Finding) -> (String, String, Option<u32>, Option<u32>) {
    let p = f.primary();
    (
        f.rule.to_string(),
        f.message.clone(),
        p.and_then(|p| p.page),
        p.and_then(|p| p.line),
    )
}

#[test]
fn planted_defects_are_caught_at_their_page() {
    let config = Config::default();
    let mut caught = 0usize;
    let mut total = 0usize;
    let mut missed: Vec<String> = Vec::new();
    let mut by_kind: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (name, text) in documents() {
        let base = yusuan_import::import_text(&name, &text).unwrap_or_else(|e| panic!("{e}"));
        let before: std::collections::HashSet<_> = check(&base, &config).iter().map(key).collect();
        for p in plants(&text, &base) {
            total += 1;
            let entry = by_kind.entry(p.kind).or_default();
            entry.1 += 1;
            let Ok(d) = yusuan_import::import_text(&name, &p.text) else {
                missed.push(format!("{name}: {} line {}: not read", p.kind, p.line));
                continue;
            };
            let new: Vec<Finding> = check(&d, &config)
                .into_iter()
                .filter(|f| f.severity >= Severity::Warning && !before.contains(&key(f)))
                .collect();
            // The kinds a rule of its own looks for are caught by that rule.
            let rule = match p.kind {
                "numbering repeats" | "numbering skips" => Some("YS503"),
                "change parts" => Some("YS708"),
                "reason pasted" => Some("YS709"),
                "contents entry dropped" => Some("YS508"),
                "reason flipped" => Some("YS710"),
                "amount restated" | "amount stated twice" => Some("YS712"),
                _ => None,
            };
            let here = |f: &Finding| {
                if p.kind == "drop a table" {
                    return f.rule.starts_with("YS5");
                }
                if rule.is_some_and(|r| f.rule != r) {
                    return false;
                }
                f.locations.iter().any(|l| match (p.page, l.page) {
                    (Some(a), Some(b)) => a == b,
                    _ => l.line.is_some_and(|n| n.abs_diff(p.line) <= 1),
                })
            };
            if new.iter().any(here) {
                caught += 1;
                entry.0 += 1;
            } else {
                missed.push(format!(
                    "{name}: {} at line {} (page {:?}): {}",
                    p.kind,
                    p.line,
                    p.page,
                    new.iter()
                        .map(|f| format!("{} {}", f.rule, f.message))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
            }
        }
    }
    let ratio = caught as f64 / total.max(1) as f64;
    println!(
        "planted defects caught at their page: {caught}/{total} ({:.1}%)",
        ratio * 100.0
    );
    for (kind, (c, t)) in &by_kind {
        println!("  {kind}: {c}/{t}");
    }
    for m in &missed {
        println!("  missed: {m}");
    }
    assert!(total >= 40, "only {total} defects planted");
    assert!(ratio >= 0.95, "caught {caught}/{total}");
}
