//! The names a unit prints for 类/款 codes where they differ from the catalogue's.

use crate::conv::*;
use crate::ConversionKind;
use std::collections::{BTreeMap, BTreeSet};
use yusuan_model::budget::Budget;
use yusuan_model::catalog::Known;
use yusuan_model::code::{Code, Level, Scheme};
use yusuan_model::disclosure::TableKind;

impl<'a> Conv<'a> {
    pub(crate) fn code_names(&mut self, b: &Budget) -> BTreeMap<Code, String> {
        let line_codes: BTreeSet<&Code> = b
            .expenditure
            .iter()
            .map(|l| &l.code)
            .chain(b.economic.iter().map(|l| &l.code))
            .collect();
        let mut names: BTreeMap<Code, (String, String)> = BTreeMap::new();
        let d = self.d;
        let kinds = [
            (TableKind::GeneralBudgetExpenditure, Scheme::Function),
            (TableKind::GovFundExpenditure, Scheme::Function),
            (TableKind::StateCapitalExpenditure, Scheme::Function),
            (TableKind::DepartmentExpenditure, Scheme::Function),
            (TableKind::DepartmentIncome, Scheme::Function),
            (TableKind::GeneralBudgetBasicEconomic, Scheme::Economic),
        ];
        for (kind, scheme) in kinds {
            let Some(t) = d.table(kind) else { continue };
            for r in &t.rows {
                let Some(code) = &r.code else { continue };
                if !matches!(
                    code.level(scheme),
                    Some(Level::Class) | Some(Level::Section)
                ) || line_codes.contains(code)
                {
                    continue;
                }
                let label = r.label.trim();
                if label.is_empty() {
                    continue;
                }
                if let Some((first, table)) = names.get(code) {
                    if yusuan_model::catalog::normalize_name(first)
                        != yusuan_model::catalog::normalize_name(label)
                    {
                        let msg = format!(
                            "科目 {code} 在{}中名为「{first}」，在{}中名为「{label}」；采用前者",
                            table,
                            t.display_name()
                        );
                        self.note(ConversionKind::Disagreement, msg, Some(&r.prov));
                    }
                    continue;
                }
                names.insert(code.clone(), (label.to_string(), t.display_name()));
            }
        }
        let mut out = BTreeMap::new();
        for (code, (name, _)) in names {
            let scheme = if code.as_str().starts_with('3') {
                Scheme::Economic
            } else {
                Scheme::Function
            };
            match self.catalog.check_name(scheme, &code, self.year, &name) {
                Known::Match => {}
                Known::NameDiffers { .. } | Known::Unknown => {
                    out.insert(code, name);
                }
            }
        }
        out
    }
}
