//! The figures the portal's charts and rankings show, derived from a budget: expenditure by
//! 功能分类 as a tree 类 → 款 → 项, basic expenditure by 经济分类 类 → 款, income by source and the
//! headline sums. Money stays in 分 (integers in JSON, exact); the pages format it.

use serde::Serialize;
use std::collections::BTreeMap;
use yusuan_model::budget::Budget;
use yusuan_model::catalog::Catalog;
use yusuan_model::code::{Code, Scheme};
use yusuan_model::money::{Fen, MoneyUnit};

/// One classification line with its parts (a 类 holds its 款, a 款 its 项).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    pub code: String,
    pub name: String,
    /// 基本支出 + 项目支出 (功能分类), or 人员经费 + 日常公用经费 (经济分类), in 分.
    pub total: Fen,
    /// 基本支出 (功能分类) or 人员经费 (经济分类).
    pub first: Fen,
    /// 项目支出 (功能分类) or 日常公用经费 (经济分类).
    pub second: Fen,
    /// The amount in 万元 with two decimals, as the tables print it.
    pub shown: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

/// One source of income.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceAmount {
    pub source: &'static str,
    pub amount: Fen,
    pub shown: String,
}

/// Everything the charts of one disclosure show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    pub income_total: Fen,
    pub expenditure_total: Fen,
    pub basic: Fen,
    pub project: Fen,
    pub three_public: Fen,
    pub admin_cost: Option<Fen>,
    /// 功能分类 类 → 款 → 项, largest first.
    pub by_function: Vec<Node>,
    /// 经济分类 类 → 款 of the general-budget basic expenditure, largest first.
    pub by_economic: Vec<Node>,
    /// 本年收入 and 上年结转 by source, largest first.
    pub income: Vec<SourceAmount>,
}

/// 万元 with two decimals and thousands separators (`3,636.80`).
pub fn wan(f: Fen) -> String {
    f.format(MoneyUnit::WanYuan, 2, true)
}

impl Figures {
    pub fn of(b: &Budget, catalog: &Catalog) -> Figures {
        let name = |scheme: Scheme, code: &Code, printed: &str| -> String {
            if !printed.is_empty() {
                return printed.to_string();
            }
            b.code_names
                .get(code)
                .map(String::as_str)
                .or_else(|| catalog.name(scheme, code, b.year))
                .unwrap_or_default()
                .to_string()
        };
        // Lines of every source summed per code, then hung in a tree.
        let classify = |scheme: Scheme, lines: Vec<(&Code, &str, Fen, Fen)>| {
            let mut sums: BTreeMap<Code, (String, Fen, Fen)> = BTreeMap::new();
            for (code, printed, first, second) in lines {
                let e = sums
                    .entry(code.clone())
                    .or_insert_with(|| (name(scheme, code, printed), Fen::ZERO, Fen::ZERO));
                e.1 += first;
                e.2 += second;
            }
            let leaves = sums
                .into_iter()
                .map(|(c, (n, a, p))| (c, n, a, p))
                .collect();
            tree(leaves, |c| name(scheme, c, ""))
        };
        let by_function = classify(
            Scheme::Function,
            b.expenditure
                .iter()
                .map(|l| (&l.code, l.name.as_str(), l.basic, l.project))
                .collect(),
        );
        let by_economic = classify(
            Scheme::Economic,
            b.economic
                .iter()
                .map(|l| (&l.code, l.name.as_str(), l.personnel, l.operating))
                .collect(),
        );
        let mut by_source: BTreeMap<&'static str, Fen> = BTreeMap::new();
        for l in &b.income {
            let label = if l.carried_forward {
                "上年结转"
            } else {
                l.source.label()
            };
            *by_source.entry(label).or_default() += l.amount;
        }
        let mut income: Vec<SourceAmount> = by_source
            .into_iter()
            .filter(|(_, a)| !a.is_zero())
            .map(|(source, amount)| SourceAmount {
                source,
                amount,
                shown: wan(amount),
            })
            .collect();
        income.sort_by_key(|a| std::cmp::Reverse(a.amount));
        let sum = |f: fn(&Node) -> Fen| by_function.iter().map(f).fold(Fen::ZERO, |a, b| a + b);
        let tp = &b.three_public;
        Figures {
            income_total: b.income.iter().fold(Fen::ZERO, |a, l| a + l.amount),
            expenditure_total: sum(|n| n.total),
            basic: sum(|n| n.first),
            project: sum(|n| n.second),
            three_public: tp.overseas + tp.vehicle_purchase + tp.vehicle_operation + tp.reception,
            admin_cost: b.admin_cost,
            by_function,
            by_economic,
            income,
        }
    }

    /// The node of a code anywhere in the 功能分类 tree (a 类, 款 or 项).
    pub fn function_node(&self, code: &str) -> Option<&Node> {
        find(&self.by_function, code)
    }
}

fn find<'a>(nodes: &'a [Node], code: &str) -> Option<&'a Node> {
    nodes.iter().find_map(|n| {
        if n.code == code {
            Some(n)
        } else if code.starts_with(&n.code) {
            find(&n.children, code)
        } else {
            None
        }
    })
}

/// Build the tree from leaf lines (code, name, first, second): each leaf hangs under its
/// parents, which are made (named by `parent_name`) when the budget has no line of their own.
/// A line whose code is itself a 类 or 款 (a budget kept at that level) is a leaf there.
fn tree(leaves: Vec<(Code, String, Fen, Fen)>, parent_name: impl Fn(&Code) -> String) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    for (code, name, first, second) in leaves {
        let mut path = vec![code.clone()];
        let mut up = code.parent();
        while let Some(p) = up {
            up = p.parent();
            path.push(p);
        }
        path.reverse();
        let mut level = &mut roots;
        for (depth, c) in path.iter().enumerate() {
            let at = match level.iter().position(|n| n.code == c.as_str()) {
                Some(i) => i,
                None => {
                    let name = if depth + 1 == path.len() {
                        name.clone()
                    } else {
                        parent_name(c)
                    };
                    level.push(Node {
                        code: c.as_str().to_string(),
                        name,
                        total: Fen::ZERO,
                        first: Fen::ZERO,
                        second: Fen::ZERO,
                        shown: String::new(),
                        children: Vec::new(),
                    });
                    level.len() - 1
                }
            };
            let Some(node) = level.get_mut(at) else {
                break;
            };
            node.first += first;
            node.second += second;
            node.total = node.first + node.second;
            level = &mut node.children;
        }
    }
    finish(&mut roots);
    roots
}

fn finish(nodes: &mut [Node]) {
    nodes.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.code.cmp(&b.code)));
    for n in nodes.iter_mut() {
        n.shown = wan(n.total);
        finish(&mut n.children);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::budget::{EconomicLine, ExpenditureLine, IncomeLine};
    use yusuan_model::disclosure::FundSource;

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn line(c: &str, name: &str, basic: i64, project: i64) -> ExpenditureLine {
        ExpenditureLine {
            code: code(c),
            name: name.into(),
            source: FundSource::GeneralBudget,
            basic: Fen(basic),
            project: Fen(project),
            prov: None,
        }
    }

    #[test]
    fn function_tree_sums_children_into_parents() {
        let mut b = Budget {
            year: 2025,
            ..Budget::default()
        };
        b.expenditure = vec![
            line("2010101", "行政运行", 500, 0),
            line("2010102", "一般行政管理事务", 0, 300),
            line("2080501", "行政单位离退休", 200, 0),
            line("2010101", "行政运行", 100, 0),
        ];
        b.income = vec![IncomeLine {
            source: FundSource::GeneralBudget,
            amount: Fen(1100),
            carried_forward: false,
            prov: None,
        }];
        b.economic = vec![EconomicLine {
            code: code("30101"),
            name: "基本工资".into(),
            personnel: Fen(700),
            operating: Fen::ZERO,
            prov: None,
        }];
        let f = Figures::of(&b, Catalog::embedded());
        assert_eq!(f.expenditure_total, Fen(1100));
        assert_eq!((f.basic, f.project), (Fen(800), Fen(300)));
        let class: Vec<(&str, Fen)> = f
            .by_function
            .iter()
            .map(|n| (n.code.as_str(), n.total))
            .collect();
        assert_eq!(class, vec![("201", Fen(900)), ("208", Fen(200))]);
        let n = f.function_node("20101").unwrap();
        assert_eq!(n.total, Fen(900));
        assert_eq!(n.children.len(), 2);
        assert_eq!(n.children[0].code, "2010101");
        assert_eq!(n.children[0].total, Fen(600));
        // Parents the budget does not name take the catalogue's names.
        assert!(!f.by_function[0].name.is_empty());
        assert_eq!(f.by_economic[0].code, "301");
        assert_eq!(f.by_economic[0].children[0].name, "基本工资");
        assert_eq!(f.income[0].source, "一般公共预算");
    }

    proptest::proptest! {
        /// Every parent is the sum of its children, and the roots sum to the leaves.
        #[test]
        fn parents_equal_their_children(lines in proptest::collection::vec((0u8..3, 0u8..3, 0u8..3, 0i64..1_000_000, 0i64..1_000_000), 0..40)) {
            let mut b = Budget::default();
            let mut sum = 0;
            for (c, s, i, basic, project) in lines {
                b.expenditure.push(line(&format!("20{c}0{s}0{i}"), "x", basic, project));
                sum += basic + project;
            }
            let f = Figures::of(&b, Catalog::embedded());
            fn check(nodes: &[Node]) {
                for n in nodes {
                    assert_eq!(n.total, n.first + n.second);
                    if !n.children.is_empty() {
                        let t = n.children.iter().fold(Fen::ZERO, |a, c| a + c.total);
                        assert_eq!(n.total, t, "{}", n.code);
                        check(&n.children);
                    }
                }
            }
            check(&f.by_function);
            proptest::prop_assert_eq!(f.expenditure_total, Fen(sum));
        }
    }
}
