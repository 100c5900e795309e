//! Tables that show two figures of each item: the 决算's 财政拨款“三公”经费支出决算表 heads every
//! item (合计, 因公出国（境）费, 公务用车购置及运行（维护）费 with its 小计, 购置费 and 运行（维护）费,
//! 公务接待费) with its 预算数 and its 决算数. 上海 prints the items on top and 预算数 | 决算数
//! under each; the national template (财政部's 部门决算 表7) prints 预算数 on top over the six
//! items, then 决算数 over the same six. Either way a column is an item *and* a figure: the
//! header words over it name both, once each.
//!
//! A header is resolved only with certainty: every amount column names exactly one figure and
//! one item, no (item, figure) twice, and both figures show the same items in the same order (as
//! both layouts do). Anything else (a header word the layout placed over the wrong column, a
//! column without a figure) leaves the table's columns unknown, said once.

use crate::columns::column_key;
use crate::titles::squash;
use yusuan_model::{ColumnKey, Figure};

/// What a column of a two-figure table holds, and its header as the document words it
/// (`因公出国（境）费 预算数`).
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub key: ColumnKey,
    pub figure: Figure,
    pub label: String,
}

/// The items of the 决算's 三公 table.
const ITEMS: [ColumnKey; 6] = [
    ColumnKey::Total,
    ColumnKey::Overseas,
    ColumnKey::VehicleTotal,
    ColumnKey::VehiclePurchase,
    ColumnKey::VehicleOperation,
    ColumnKey::Reception,
];

/// The figure a header text names, and what is left of the text without it (`公务接待费预算数`,
/// where a layout ran an item and its figure together). `None` for a text naming no figure;
/// `Err` for one naming a budget other than the one at the start of the year (全年预算数,
/// 调整预算数), or both figures.
fn figure_of(text: &str) -> Option<Result<(Figure, String), ()>> {
    let t = squash(text);
    let ends = |w: &str| t.strip_suffix(w).map(str::to_string);
    let budget = ends("年初预算数")
        .or_else(|| ends("预算数"))
        .or_else(|| (t == "预算").then(String::new));
    let final_ = ends("决算数").or_else(|| (t == "决算").then(String::new));
    match (budget, final_) {
        (None, None) => {
            if t.contains("预算数") || t.contains("决算数") {
                Some(Err(()))
            } else {
                None
            }
        }
        (Some(rest), None) => {
            if rest.ends_with("全年") || rest.ends_with("调整") || rest.contains("决算") {
                Some(Err(()))
            } else {
                Some(Ok((Figure::Budget, rest)))
            }
        }
        (None, Some(rest)) => {
            if rest.contains("预算") {
                Some(Err(()))
            } else {
                Some(Ok((Figure::Final, rest)))
            }
        }
        (Some(_), Some(_)) => Some(Err(())),
    }
}

/// Does any header text of the table name a figure? Only then is it read as a two-figure table.
pub fn names_figures(columns: &[Vec<String>]) -> bool {
    columns
        .iter()
        .flatten()
        .any(|t| figure_of(t).is_some_and(|f| f.is_ok()))
}

/// The table's own heading over all its items (`财政拨款“三公”经费`): it names no item.
fn is_heading(t: &str) -> bool {
    let t = squash(t);
    t.contains("三公") && !t.contains("合计") && !t.contains("小计")
}

/// The column's item and figure from its header texts, top to bottom.
fn resolve_one(texts: &[String]) -> Result<Resolved, String> {
    let mut figure = None;
    let mut rest: Vec<String> = Vec::new();
    for t in texts {
        match figure_of(t) {
            Some(Ok((f, left))) => {
                if figure.replace(f).is_some_and(|g| g != f) {
                    return Err(format!("「{}」既是预算数又是决算数", texts.join(" ")));
                }
                if !left.is_empty() {
                    rest.push(left);
                }
            }
            Some(Err(())) => return Err(format!("「{t}」不是年初预算数或决算数")),
            None => {
                let s = squash(t);
                if !s.is_empty() && !is_heading(&s) {
                    rest.push(s);
                }
            }
        }
    }
    let Some(figure) = figure else {
        return Err(format!("「{}」未说明是预算数还是决算数", texts.join(" ")));
    };
    let (key, label) =
        item(&rest).ok_or_else(|| format!("「{}」不是“三公”经费的项目", texts.join(" ")))?;
    Ok(Resolved {
        key,
        figure,
        label: format!("{label} {}", figure.label()),
    })
}

/// The item the header texts name and its name as the document words it, read from the lowest
/// text up, as far as needed: a name broken over lines (`因公出国` / `（境）费`, `公务用车` /
/// `购置费`) is joined, `小计` is the vehicles' subtotal only under a heading that names the
/// vehicles. Higher headings (`财政拨款“三公”经费`, a group a layout stretched too far) are not
/// read once the item is named.
fn item(texts: &[String]) -> Option<(ColumnKey, String)> {
    let mut label = String::new();
    let mut key = None;
    for t in texts.iter().rev() {
        if label.is_empty() {
            label = t.clone();
        } else if label == "小计" {
            // The subtotal of the heading right above it.
            let k = column_key("小计", t);
            return (k == Some(ColumnKey::VehicleTotal))
                .then(|| (ColumnKey::VehicleTotal, format!("{t} 小计")));
        } else if key.is_some() {
            // Named; only the vehicles' parts take `公务用车` printed above them.
            if t == "公务用车" && !label.contains("公务用车") {
                label = format!("{t}{label}");
            }
            break;
        } else {
            label = format!("{t}{label}");
        }
        key = if label == "小计" {
            None
        } else {
            column_key(&label, &label).filter(|k| ITEMS.contains(k))
        };
    }
    key.map(|k| (k, label))
}

/// Every amount column's item and figure, from its header texts (top to bottom), or why the
/// header cannot be read with certainty.
pub fn resolve(columns: &[Vec<String>]) -> Result<Vec<Resolved>, String> {
    let resolved: Vec<Resolved> = columns
        .iter()
        .map(|t| resolve_one(t))
        .collect::<Result<_, _>>()?;
    let order = |f: Figure| -> Vec<ColumnKey> {
        resolved
            .iter()
            .filter(|r| r.figure == f)
            .map(|r| r.key)
            .collect()
    };
    let (budget, final_) = (order(Figure::Budget), order(Figure::Final));
    let mut unique = budget.clone();
    unique.sort();
    unique.dedup();
    if unique.len() != budget.len() || budget != final_ {
        return Err(format!(
            "预算数的列（{}）与决算数的列（{}）不一一对应",
            labels(&budget),
            labels(&final_)
        ));
    }
    Ok(resolved)
}

fn labels(keys: &[ColumnKey]) -> String {
    keys.iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnKey::*;
    use Figure::*;

    fn cols(c: &[&[&str]]) -> Vec<Vec<String>> {
        c.iter()
            .map(|t| t.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    fn keys(r: &[Resolved]) -> Vec<(ColumnKey, Figure)> {
        r.iter().map(|r| (r.key, r.figure)).collect()
    }

    #[test]
    fn shanghai_items_over_their_two_figures() {
        let h = "财政拨款“三公”经费";
        let v = "公务用车购置及运行维护费";
        let mut c: Vec<Vec<&str>> = Vec::new();
        for item in [
            vec![h, "合计"],
            vec![h, "因公出国", "（境）费"],
            vec![h, v, "小计"],
            vec![h, v, "公务用车", "购置费"],
            vec![h, v, "公务用车", "运行维护费"],
            vec![h, "公务接待费"],
        ] {
            for f in ["预算数", "决算数"] {
                let mut t = item.clone();
                t.push(f);
                c.push(t);
            }
        }
        let c: Vec<&[&str]> = c.iter().map(Vec::as_slice).collect();
        let r = resolve(&cols(&c)).unwrap_or_else(|e| panic!("{e}"));
        let want: Vec<(ColumnKey, Figure)> = ITEMS
            .iter()
            .flat_map(|&k| [(k, Budget), (k, Final)])
            .collect();
        assert_eq!(keys(&r), want);
        let labels: Vec<&str> = r.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels[0], "合计 预算数");
        assert_eq!(labels[3], "因公出国（境）费 决算数");
        assert_eq!(labels[4], "公务用车购置及运行维护费 小计 预算数");
        assert_eq!(labels[6], "公务用车购置费 预算数");
        assert_eq!(labels[9], "公务用车运行维护费 决算数");
        assert_eq!(labels[11], "公务接待费 决算数");
    }

    #[test]
    fn national_figures_over_the_items() {
        let mut c: Vec<Vec<&str>> = Vec::new();
        for f in ["预算数", "决算数"] {
            for item in [
                vec!["合计"],
                vec!["因公出国（境）费"],
                vec!["公务用车购置及运行费", "小计"],
                vec!["公务用车购置及运行费", "公务用车购置费"],
                vec!["公务用车购置及运行费", "公务用车运行（维护）费"],
                vec!["公务接待费"],
            ] {
                let mut t = vec![f];
                t.extend(item);
                c.push(t);
            }
        }
        let c: Vec<&[&str]> = c.iter().map(Vec::as_slice).collect();
        let r = resolve(&cols(&c)).unwrap_or_else(|e| panic!("{e}"));
        let want: Vec<(ColumnKey, Figure)> = [Budget, Final]
            .iter()
            .flat_map(|&f| ITEMS.iter().map(move |&k| (k, f)))
            .collect();
        assert_eq!(keys(&r), want);
        assert_eq!(r[4].label, "公务用车运行（维护）费 预算数");
        assert_eq!(r[8].label, "公务用车购置及运行费 小计 决算数");
    }

    #[test]
    fn a_header_read_askew_is_not_guessed() {
        // A figure word run into the item next to it, leaving one column without a figure.
        let c = cols(&[
            &["合计", "预算数"],
            &["合计"],
            &["因公出国（境）费", "预算数"],
            &["因公出国（境）费", "决算数"],
        ]);
        assert!(resolve(&c).is_err());
        // An item twice under one figure.
        let c = cols(&[
            &["合计", "预算数"],
            &["合计", "决算数"],
            &["合计", "预算数"],
            &["因公出国（境）费", "决算数"],
        ]);
        assert!(resolve(&c).is_err());
        // The two figures' items in another order.
        let c = cols(&[
            &["预算数", "合计"],
            &["预算数", "公务接待费"],
            &["决算数", "公务接待费"],
            &["决算数", "合计"],
        ]);
        assert!(resolve(&c).is_err());
        // 全年预算数 is not the budget at the start of the year.
        let c = cols(&[&["合计", "全年预算数"], &["合计", "决算数"]]);
        assert!(resolve(&c).is_err());
        // An item run together with its figure is still read.
        let c = cols(&[&["公务接待费预算数"], &["公务接待费", "决算数"]]);
        let r = resolve(&c).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(keys(&r), [(Reception, Budget), (Reception, Final)]);
        assert!(!names_figures(&cols(&[&["合计"], &["因公出国（境）费"]])));
    }
}
