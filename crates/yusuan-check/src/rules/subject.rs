//! What a reason's words are about (`项目支出预算增加` → 项目支出).

use crate::Cx;
use yusuan_model::catalog::normalize_name;
use yusuan_model::{FactKey, Level, Scheme};

/// The figure a listed reason names, when it names one the narrative also states on its own.
pub fn subject_of_reason(label: &str, cx: &Cx) -> Option<FactKey> {
    let l = normalize_name(label);
    let key = if l.contains("基本支出") {
        FactKey::Basic
    } else if l.contains("项目支出") {
        FactKey::Project
    } else if l.contains("人员经费") {
        FactKey::Personnel
    } else if l.contains("公用经费") {
        FactKey::Operating
    } else if l.contains("三公") {
        FactKey::ThreePublicTotal
    } else if l.contains("因公出国") {
        FactKey::Overseas
    } else if l.contains("购置费") {
        FactKey::VehiclePurchase
    } else if l.contains("运行费") || l.contains("运行维护费") {
        FactKey::VehicleOperation
    } else if l.contains("公务接待") {
        FactKey::Reception
    } else {
        // A 类 named by its name (`城乡社区支出`, `一般公共服务经费拨款`).
        let stem = l
            .trim_end_matches("预算")
            .trim_end_matches("拨款")
            .trim_end_matches("经费")
            .trim_end_matches("支出");
        let e = cx
            .catalog
            .all(Scheme::Function, Level::Class)
            .into_iter()
            .find(|e| {
                !stem.is_empty() && normalize_name(&e.name).trim_end_matches("支出") == stem
            })?;
        FactKey::ExpenditureByCode {
            code: e.code.clone(),
            name: e.name.clone(),
        }
    };
    Some(key)
}
