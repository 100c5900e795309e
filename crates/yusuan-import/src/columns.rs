//! Recognising what a column holds from its header, however a region words it.

use crate::labels::funding_of;
use crate::titles::squash;
use yusuan_model::{ColumnKey, Funding};

/// The column a header names. `leaf` is the lowest non-empty header cell of the column (the
/// most specific: `基本支出`), `joined` all its header cells top to bottom (`2025年预算数 基本支出`).
/// Returns `None` for label columns (科目编码, 科目名称, 项目).
pub fn column_key(leaf: &str, joined: &str) -> Option<ColumnKey> {
    let (l, j) = (squash(leaf), squash(joined));
    // `小计` under `公务用车购置及运行费` is the vehicles subtotal, not the table's total; `小计`
    // under `“三公”经费` (beside 会议费 and 培训费, the table's `合计` holding all) the three
    // expenses' subtotal.
    if (l == "小计" || l == "合计") && j.contains("公务用车") {
        return Some(ColumnKey::VehicleTotal);
    }
    if l == "小计" && j.contains("三公") {
        return Some(ColumnKey::ThreePublicTotal);
    }
    key_of(&l).or_else(|| key_of(&j))
}

/// The vehicles' whole as headers name it (after `（维护）` is unbracketed).
const VEHICLES_WHOLE: [&str; 4] = [
    "购置及运行维护费",
    "购置及运行费",
    "购置和运行维护费",
    "购置和运行费",
];

fn key_of(h: &str) -> Option<ColumnKey> {
    use ColumnKey::*;
    if h.is_empty() {
        return None;
    }
    // `公务用车运行（维护）费`: the words a header may put in brackets are the item's name.
    let h = &h.replace("（维护）", "维护").replace("(维护)", "维护");
    let has = |k: &str| h.contains(k);
    // Label columns first: they often sit under a header that also names amounts.
    if has("编码")
        || has("科目名称")
        || h == "项目"
        || h == "科目"
        || h == "功能分类科目"
        || h == "经济分类科目"
    {
        return None;
    }
    let key = if has("上缴上级支出") {
        // 决算: expenditure columns beside 基本支出 and 项目支出, not sources of money.
        RemitToHigher
    } else if has("对附属单位补助") {
        SubsidyToSubordinate
    } else if has("经营支出") {
        BusinessExpenditure
    } else if has("会议费") {
        Meeting
    } else if has("培训费") {
        Training
    } else if has("预留机动") || has("机动经费") {
        Reserve
    } else if has("结转下年") || has("年末结转") {
        CarriedOut
    } else if has("人员经费") {
        Personnel
    } else if has("公用经费") {
        Operating
    } else if has("基本支出") {
        Basic
    } else if has("项目支出") {
        Project
    } else if has("因公出国") {
        Overseas
    } else if let Some(whole) = VEHICLES_WHOLE.iter().find(|w| has(w)) {
        // `公务用车购置及运行维护费` is the vehicles' whole, not its 运行维护费 part; a part
        // named after it (`公务用车购置及运行费 购置费`) is that part.
        let rest = h.replacen(whole, "", 1);
        if rest.contains("购置费") {
            VehiclePurchase
        } else if rest.contains("运行费") || rest.contains("运行维护费") {
            VehicleOperation
        } else {
            VehicleTotal
        }
    } else if has("购置费") {
        VehiclePurchase
    } else if has("运行费") || has("运行维护费") {
        VehicleOperation
    } else if has("公务用车") {
        VehicleTotal
    } else if has("公务接待") {
        Reception
    } else if has("机关运行经费") {
        AdminCost
    } else if has("上年结转") {
        CarriedForward
    } else if let Some(f) = funding_of(h) {
        // The sources, as income lines name them.
        match f {
            Funding::Source(s) => s.column(),
            Funding::Fiscal | Funding::All => Fiscal,
        }
    } else if has("合计") || has("总计") || has("小计") {
        Total
    } else if has("预算数") || has("决算数") || has("金额") || has("预算") {
        Amount
    } else {
        return None;
    };
    Some(key)
}

/// The year a header names, if any (`2024年预算数` → 2024).
pub fn header_year(joined: &str) -> Option<u16> {
    let t = squash(joined);
    let (before, _) = t.split_once('年')?;
    let digits: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.len() == 4 {
        digits.chars().rev().collect::<String>().parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnKey::*;

    #[test]
    fn headers() {
        let k = |s| column_key(s, s);
        assert_eq!(k("一般公共预算 财政拨款收入"), Some(GeneralBudget));
        assert_eq!(k("政府性基金预 算拨款收入"), Some(GovFund));
        assert_eq!(k("国有资本经营 预算拨款收入"), Some(StateCapital));
        assert_eq!(k("财政专户管理 资金收入"), Some(SpecialAccount));
        assert_eq!(k("事业单位经营 收入"), Some(BusinessRevenue));
        assert_eq!(k("事业收入"), Some(OperatingRevenue));
        assert_eq!(k("附属单位上缴 收入"), Some(SubordinateRemittance));
        assert_eq!(k("财政拨款收入"), Some(Fiscal));
        assert_eq!(k("日常公用经费"), Some(Operating));
        assert_eq!(k("公用经费"), Some(Operating));
        assert_eq!(k("公务用车购置费"), Some(VehiclePurchase));
        assert_eq!(k("公务用车运行费"), Some(VehicleOperation));
        assert_eq!(k("公务用车运行（维护）费"), Some(VehicleOperation));
        assert_eq!(k("运行维护费"), Some(VehicleOperation));
        assert_eq!(k("公务用车购置及运行维护费"), Some(VehicleTotal));
        assert_eq!(k("公务用车购置及运行（维护）费"), Some(VehicleTotal));
        assert_eq!(k("公务用车购置及运行费购置费"), Some(VehiclePurchase));
        assert_eq!(
            k("公务用车购置及运行维护费 运行维护费"),
            Some(VehicleOperation)
        );
        assert_eq!(k("因公出国(境)费"), Some(Overseas));
        assert_eq!(k("机关运行经费预算数"), Some(AdminCost));
        assert_eq!(k("科目编码"), None);
        assert_eq!(column_key("总计", "2025年预算数 总计"), Some(Total));
        assert_eq!(
            column_key("小计", "公务用车购置及运行费 小计"),
            Some(VehicleTotal)
        );
        assert_eq!(header_year("2024年预算数"), Some(2024));
        // 决算's other expenditure, the national template's 会议费 and 培训费.
        assert_eq!(k("对附属单位补助支出"), Some(SubsidyToSubordinate));
        assert_eq!(k("上缴上级支出"), Some(RemitToHigher));
        assert_eq!(k("经营支出"), Some(BusinessExpenditure));
        assert_eq!(k("会议费"), Some(Meeting));
        assert_eq!(k("培训费"), Some(Training));
        assert_eq!(
            column_key("小计", "“三公”经费 小计"),
            Some(ThreePublicTotal)
        );
    }
}
