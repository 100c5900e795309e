//! What the generator refuses to publish, whatever the budget came from (a workbook, the native
//! folder, an imported disclosure): a negative amount, and a 科目 whose name the tables would
//! print blank. The workbook reader refuses the same with its sheet and cell; this is the net
//! under every other input, naming the line's file and line.

use crate::report::BuildError;
use yusuan_model::catalog::Catalog;
use yusuan_model::provenance::Provenance;
use yusuan_model::{Budget, Code, Fen, Scheme};

pub(crate) fn validate(b: &Budget, cat: &Catalog) -> Result<(), BuildError> {
    let at =
        |prov: &Option<Provenance>| prov.as_ref().map(Provenance::to_string).unwrap_or_default();
    let negative = |what: String, amount: Fen, place: String| -> Result<(), BuildError> {
        if amount < Fen::ZERO {
            return Err(BuildError::Negative {
                what,
                amount,
                at: place,
            });
        }
        Ok(())
    };
    for l in &b.income {
        negative(
            format!("收入「{}」", l.source.label()),
            l.amount,
            at(&l.prov),
        )?;
    }
    for l in &b.expenditure {
        negative(format!("支出 {} 基本支出", l.code), l.basic, at(&l.prov))?;
        negative(format!("支出 {} 项目支出", l.code), l.project, at(&l.prov))?;
    }
    for l in &b.economic {
        negative(
            format!("经济分类 {} 人员经费", l.code),
            l.personnel,
            at(&l.prov),
        )?;
        negative(
            format!("经济分类 {} 公用经费", l.code),
            l.operating,
            at(&l.prov),
        )?;
    }
    for p in &b.projects {
        negative(
            format!("项目「{}」当年预算", p.name),
            p.amount,
            String::new(),
        )?;
    }
    let t = &b.three_public;
    let p = &b.procurement;
    let py = &b.prior_year;
    let mut singles: Vec<(&str, Option<Fen>)> = vec![
        ("因公出国（境）费", Some(t.overseas)),
        ("公务用车购置费", Some(t.vehicle_purchase)),
        ("公务用车运行维护费", Some(t.vehicle_operation)),
        ("公务接待费", Some(t.reception)),
        ("机关运行经费", b.admin_cost),
        ("政府采购货物", Some(p.goods)),
        ("政府采购工程", Some(p.works)),
        ("政府采购服务", Some(p.services)),
        ("面向中小企业预留", p.sme_reserved),
        ("预留给小型和微型企业", p.small_micro_reserved),
        ("上年收入合计", py.income_total),
        ("上年支出合计", py.expenditure_total),
        ("上年基本支出", py.basic),
        ("上年项目支出", py.project),
        ("上年机关运行经费", py.admin_cost),
    ];
    singles.extend(py.by_source.values().map(|v| ("上年分来源收入", Some(*v))));
    singles.extend(py.by_class.values().map(|v| ("上年分类支出", Some(*v))));
    for (what, v) in singles {
        if let Some(v) = v {
            negative(what.to_string(), v, String::new())?;
        }
    }
    // Names: a line's own (or the catalogue's for the year), and each 类 and 款 above it.
    let named = |scheme: Scheme, c: &Code| {
        cat.name(scheme, c, b.year).is_some() || b.code_names.contains_key(c)
    };
    for l in &b.expenditure {
        if l.name.trim().is_empty() && !named(Scheme::Function, &l.code) {
            return Err(BuildError::Unnamed {
                code: l.code.clone(),
                line: None,
                at: at(&l.prov),
            });
        }
        let mut up = l.code.parent();
        while let Some(p) = up {
            if !named(Scheme::Function, &p) {
                return Err(BuildError::Unnamed {
                    code: p.clone(),
                    line: Some(l.code.clone()),
                    at: at(&l.prov),
                });
            }
            up = p.parent();
        }
    }
    for l in &b.economic {
        if l.name.trim().is_empty() && !named(Scheme::Economic, &l.code) {
            return Err(BuildError::Unnamed {
                code: l.code.clone(),
                line: None,
                at: at(&l.prov),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{budget, Shape};
    use std::sync::Arc;

    #[test]
    fn negative_amounts_and_unnamed_codes_are_refused_with_their_place() {
        let cat = Catalog::embedded();
        let b = budget(
            7,
            Shape {
                quantum: 1,
                mixed_sources: false,
            },
        );
        assert!(validate(&b, cat).is_ok());

        let mut neg = b.clone();
        let file: Arc<str> = Arc::from("expenditure.csv");
        if let Some(l) = neg.expenditure.first_mut() {
            l.basic = Fen(-1);
            l.prov = Some(Provenance::at_line(&file, 3, None));
        }
        let e = validate(&neg, cat).unwrap_err().to_string();
        assert!(
            e.starts_with("expenditure.csv:3: 支出 ") && e.contains("-0.01"),
            "{e}"
        );

        let mut unnamed = b.clone();
        if let Some(l) = unnamed.expenditure.first_mut() {
            l.code = Code::parse("2999988").unwrap();
            l.name = "某某支出".into();
        }
        let e = validate(&unnamed, cat).unwrap_err().to_string();
        assert!(e.contains("科目 29999（2999988 的上级科目）"), "{e}");
        for (c, n) in [("299", "其他支出"), ("29999", "其他支出")] {
            unnamed.code_names.insert(Code::parse(c).unwrap(), n.into());
        }
        assert!(validate(&unnamed, cat).is_ok());
        if let Some(l) = unnamed.expenditure.first_mut() {
            l.name.clear();
        }
        let e = validate(&unnamed, cat).unwrap_err().to_string();
        assert!(e.contains("科目 2999988 不在"), "{e}");
    }
}
