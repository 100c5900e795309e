//! How the budget shows money: the unit most data tables are in, and its decimals.

use crate::conv::*;
use crate::ConversionKind;
use yusuan_model::budget::Display;
use yusuan_model::disclosure::Table;
use yusuan_model::money::MoneyUnit;

impl<'a> Conv<'a> {
    pub(crate) fn choose_display(&mut self) -> Display {
        let d = self.d;
        let data_tables: Vec<&Table> = d
            .tables
            .iter()
            .filter(|t| t.unit.is_some() && !t.has_no_data())
            .collect();
        let wan = data_tables
            .iter()
            .filter(|t| t.unit == Some(MoneyUnit::WanYuan))
            .count();
        let yuan = data_tables.len() - wan;
        let unit = if wan == 0 && yuan == 0 {
            let any = d
                .tables
                .iter()
                .filter_map(|t| t.unit)
                .chain(d.performance.iter().filter_map(|p| p.unit))
                .next();
            match any {
                Some(u) => u,
                None => {
                    self.note(
                        ConversionKind::Assumption,
                        "各表都没有写明金额单位，显示单位按万元、2 位小数",
                        None,
                    );
                    return Display::default();
                }
            }
        } else if wan >= yuan {
            MoneyUnit::WanYuan
        } else {
            MoneyUnit::Yuan
        };
        if wan > 0 && yuan > 0 {
            let others: Vec<String> = data_tables
                .iter()
                .filter(|t| t.unit != Some(unit))
                .map(|t| t.display_name())
                .collect();
            self.note(
                ConversionKind::Disagreement,
                format!(
                    "各表金额单位不一致（{}用{}），显示单位采用多数表的{}",
                    others.join("、"),
                    if unit == MoneyUnit::WanYuan {
                        "元"
                    } else {
                        "万元"
                    },
                    unit.label()
                ),
                None,
            );
        }
        let decimals = match unit {
            MoneyUnit::WanYuan => 2,
            MoneyUnit::Yuan => {
                let fractional = d
                    .tables
                    .iter()
                    .filter(|t| t.unit == Some(MoneyUnit::Yuan))
                    .flat_map(|t| t.rows.iter())
                    .flat_map(|r| r.cells.iter())
                    .any(|c| c.amount.is_some_and(|a| a.decimals > 0));
                if fractional {
                    2
                } else {
                    0
                }
            }
        };
        Display { unit, decimals }
    }
}
