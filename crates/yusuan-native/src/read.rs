//! Reading a budget folder. Every file is read and checked before the budget is built, so an
//! error anywhere gives an error and never half a budget.

use crate::values::{line_of, parse_kind, parse_region, parse_source, parse_yes_no, parse_yuan};
use crate::{
    NativeError, BUDGET_FILE, ECONOMIC_FILE, EXPENDITURE_FILE, INCOME_FILE, OVERALL_GOAL_FILE,
    PROJECTS_FILE,
};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;
use yusuan_model::budget::{
    Assets, ChangeReason, Display, EconomicLine, ExpenditureLine, Goal, IncomeLine,
    NarrativeInputs, PriorYear, Procurement, Project, ThreePublic,
};
use yusuan_model::{
    Budget, Catalog, Code, Fen, FundSource, Indicator, Level, MoneyUnit, Nature, Provenance,
    Scheme, UnitIdentity, Weight,
};

/// Read a budget folder written by [`crate::write_budget`] (or by hand).
pub fn read_budget(dir: &Path) -> Result<Budget, NativeError> {
    read(dir, None)
}

/// [`read_budget`], and fill blank line names (`name` column) from the catalogue.
pub fn read_budget_with_catalog(dir: &Path, catalog: &Catalog) -> Result<Budget, NativeError> {
    read(dir, Some(catalog))
}

fn read(dir: &Path, catalog: Option<&Catalog>) -> Result<Budget, NativeError> {
    let budget_path = dir.join(BUDGET_FILE);
    let budget_src = read_text(&budget_path, true)?.unwrap_or_default();
    let income_path = dir.join(INCOME_FILE);
    let income_src = read_text(&income_path, true)?.unwrap_or_default();
    let exp_path = dir.join(EXPENDITURE_FILE);
    let exp_src = read_text(&exp_path, true)?.unwrap_or_default();
    let econ_path = dir.join(ECONOMIC_FILE);
    let econ_src = read_text(&econ_path, true)?.unwrap_or_default();
    let projects_path = dir.join(PROJECTS_FILE);
    let projects_src = read_text(&projects_path, false)?;
    let goal_path = dir.join(OVERALL_GOAL_FILE);
    let goal_src = read_text(&goal_path, false)?;

    let mut b = budget_toml(&display(&budget_path), &budget_src)?;
    b.income = income_csv(&display(&income_path), &income_src)?;
    b.expenditure = expenditure_csv(&display(&exp_path), &exp_src)?;
    b.economic = economic_csv(&display(&econ_path), &econ_src)?;
    if let Some(src) = projects_src {
        b.projects = projects_toml(&display(&projects_path), &src)?;
    }
    if let Some(src) = goal_src {
        b.overall_goal = Some(goal_toml(&display(&goal_path), &src)?);
    }
    if let Some(cat) = catalog {
        for l in &mut b.expenditure {
            if l.name.trim().is_empty() {
                if let Some(n) = cat.name(Scheme::Function, &l.code, b.year) {
                    l.name = n.to_string();
                }
            }
        }
        for l in &mut b.economic {
            if l.name.trim().is_empty() {
                if let Some(n) = cat.name(Scheme::Economic, &l.code, b.year) {
                    l.name = n.to_string();
                }
            }
        }
    }
    Ok(b)
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// A file's text: UTF-8 checked, byte-order mark removed. `None` when an optional file is
/// missing.
fn read_text(path: &Path, required: bool) -> Result<Option<String>, NativeError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return if required {
                Err(NativeError::MissingFile {
                    path: display(path),
                })
            } else {
                Ok(None)
            };
        }
        Err(source) => {
            return Err(NativeError::Read {
                path: display(path),
                source,
            })
        }
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Some(match s.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => s,
        })),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = e
                .as_bytes()
                .iter()
                .take(valid)
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            Err(NativeError::Invalid {
                file: display(path),
                line,
                message: "文件不是 UTF-8 编码；在 Excel/WPS 中请另存为「CSV UTF-8」(the file is not UTF-8)".into(),
            })
        }
    }
}

// ----- TOML ----------------------------------------------------------------------------------

/// A TOML value where an amount, a weight or a target is expected: kept as written so the
/// conversion can say exactly what is wrong (and floats are never used for money).
#[derive(Debug)]
enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Other,
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a quoted amount such as \"1234.50\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Str(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(i64::try_from(v).map(Scalar::Int).unwrap_or(Scalar::Other))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<Scalar, A::Error> {
                while m.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<Scalar, A::Error> {
                while s.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar {
    fn shown(&self) -> String {
        match self {
            Scalar::Str(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Other => "（表或数组）".into(),
        }
    }
}

/// Where a TOML value is, for errors and provenance.
struct Src<'s> {
    file: &'s str,
    text: &'s str,
}

impl Src<'_> {
    fn line<T>(&self, v: &Spanned<T>) -> usize {
        line_of(self.text, v.span().start)
    }

    fn invalid<T>(&self, at: &Spanned<T>, message: impl Into<String>) -> NativeError {
        NativeError::Invalid {
            file: self.file.to_string(),
            line: self.line(at),
            message: message.into(),
        }
    }

    /// An amount in 元; blank gives `None`.
    fn amount(&self, field: &str, v: &Spanned<Scalar>) -> Result<Option<Fen>, NativeError> {
        let bad = |reason: String| NativeError::BadAmount {
            file: self.file.to_string(),
            line: self.line(v),
            field: field.to_string(),
            text: v.get_ref().shown(),
            reason,
        };
        match v.get_ref() {
            Scalar::Str(s) => parse_yuan(s).map_err(bad),
            Scalar::Int(i) => i
                .checked_mul(100)
                .map(|f| Some(Fen(f)))
                .ok_or_else(|| bad("金额过大 (amount out of range)".into())),
            Scalar::Float(_) => Err(bad(
                "金额要写成带引号的字符串，如 \"1234.50\"；不带引号的小数是浮点数，不精确 (quote amounts: unquoted decimals are floats)".into(),
            )),
            Scalar::Bool(_) | Scalar::Other => Err(bad(
                "不是金额；应为元，最多两位小数，如 \"36368000.00\" (expected an amount)".into(),
            )),
        }
    }

    fn opt_amount(
        &self,
        field: &str,
        v: &Option<Spanned<Scalar>>,
    ) -> Result<Option<Fen>, NativeError> {
        match v {
            Some(v) => self.amount(field, v),
            None => Ok(None),
        }
    }

    /// A required amount: absent or blank is zero.
    fn zero_amount(&self, field: &str, v: &Option<Spanned<Scalar>>) -> Result<Fen, NativeError> {
        Ok(self.opt_amount(field, v)?.unwrap_or(Fen::ZERO))
    }

    /// Text where a weight or a target value is expected (`"10"`, or an unquoted integer).
    fn text(&self, field: &str, v: &Option<Spanned<Scalar>>) -> Result<String, NativeError> {
        match v {
            None => Ok(String::new()),
            Some(s) => match s.get_ref() {
                Scalar::Str(t) => Ok(t.clone()),
                Scalar::Int(i) => Ok(i.to_string()),
                other => Err(self.invalid(
                    s,
                    format!(
                        "{field} 应写成带引号的文字，如 \"12.5\"，而不是 {} (expected a quoted string)",
                        other.shown()
                    ),
                )),
            },
        }
    }

    fn count(&self, field: &str, v: &Option<Spanned<i64>>) -> Result<Option<i64>, NativeError> {
        match v {
            Some(c) if *c.get_ref() < 0 => Err(self.invalid(
                c,
                format!("{field} 是数量，不能为负 (a count cannot be negative)"),
            )),
            Some(c) => Ok(Some(*c.get_ref())),
            None => Ok(None),
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, NativeError> {
        toml::from_str(self.text).map_err(|e| NativeError::Invalid {
            file: self.file.to_string(),
            line: e.span().map(|s| line_of(self.text, s.start)).unwrap_or(1),
            message: format!("TOML: {}", e.message().trim().replace('\n', "；")),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    format: Option<Spanned<i64>>,
    year: Option<Spanned<i64>>,
    kind: Option<Spanned<String>>,
    region: Option<Spanned<String>>,
    admin_cost: Option<Spanned<Scalar>>,
    #[serde(default)]
    unit: RawUnit,
    display: Option<RawDisplay>,
    #[serde(default)]
    three_public: RawThreePublic,
    #[serde(default)]
    procurement: RawProcurement,
    #[serde(default)]
    assets: RawAssets,
    #[serde(default)]
    code_names: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    prior_year: RawPrior,
    #[serde(default)]
    narrative: RawNarrative,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    code: Option<String>,
    name: Option<String>,
    contact: Option<String>,
    #[serde(default)]
    subordinate_units: Vec<String>,
    #[serde(default)]
    internal_departments: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisplay {
    unit: Option<Spanned<String>>,
    decimals: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawThreePublic {
    overseas: Option<Spanned<Scalar>>,
    vehicle_purchase: Option<Spanned<Scalar>>,
    vehicle_operation: Option<Spanned<Scalar>>,
    reception: Option<Spanned<Scalar>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProcurement {
    goods: Option<Spanned<Scalar>>,
    works: Option<Spanned<Scalar>>,
    services: Option<Spanned<Scalar>>,
    sme_reserved: Option<Spanned<Scalar>>,
    small_micro_reserved: Option<Spanned<Scalar>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAssets {
    as_of: Option<String>,
    vehicles: Option<Spanned<i64>>,
    vehicles_to_buy: Option<Spanned<i64>>,
    expensive_equipment: Option<Spanned<i64>>,
    #[serde(default)]
    vehicles_by_kind: BTreeMap<String, Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPrior {
    income_total: Option<Spanned<Scalar>>,
    expenditure_total: Option<Spanned<Scalar>>,
    basic: Option<Spanned<Scalar>>,
    project: Option<Spanned<Scalar>>,
    admin_cost: Option<Spanned<Scalar>>,
    #[serde(default)]
    by_source: BTreeMap<String, Spanned<Scalar>>,
    #[serde(default)]
    by_class: BTreeMap<String, Spanned<Scalar>>,
    three_public: Option<RawThreePublic>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNarrative {
    #[serde(default)]
    functions: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    notes: BTreeMap<String, String>,
    #[serde(default)]
    reasons: Vec<RawReason>,
    #[serde(default)]
    glossary: Vec<RawTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReason {
    subject: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: String,
    text: String,
}

fn three_public(src: &Src, prefix: &str, t: &RawThreePublic) -> Result<ThreePublic, NativeError> {
    Ok(ThreePublic {
        overseas: src.zero_amount(&format!("{prefix}overseas"), &t.overseas)?,
        vehicle_purchase: src
            .zero_amount(&format!("{prefix}vehicle_purchase"), &t.vehicle_purchase)?,
        vehicle_operation: src
            .zero_amount(&format!("{prefix}vehicle_operation"), &t.vehicle_operation)?,
        reception: src.zero_amount(&format!("{prefix}reception"), &t.reception)?,
    })
}

fn budget_toml(file: &str, text: &str) -> Result<Budget, NativeError> {
    let src = Src { file, text };
    let raw: RawBudget = src.parse()?;
    if let Some(f) = &raw.format {
        if *f.get_ref() != 1 {
            return Err(src.invalid(
                f,
                format!(
                    "不支持的格式版本 {} (unsupported format; this yusuan reads format = 1)",
                    f.get_ref()
                ),
            ));
        }
    }
    let year = match &raw.year {
        Some(y) => u16::try_from(*y.get_ref())
            .map_err(|_| src.invalid(y, "year 应为四位年份，如 2025 (expected a year)"))?,
        None => {
            return Err(NativeError::Invalid {
                file: file.to_string(),
                line: 1,
                message: "缺少 year（预算年度），如 year = 2025 (missing year)".into(),
            })
        }
    };
    let kind = match &raw.kind {
        Some(k) => parse_kind(k.get_ref()).ok_or_else(|| {
            src.invalid(
                k,
                format!(
                    "未知的文件种类「{}」(expected 部门预算, 单位预算, 部门决算 or 单位决算)",
                    k.get_ref()
                ),
            )
        })?,
        None => Default::default(),
    };
    let region = match &raw.region {
        Some(r) => parse_region(r.get_ref()).ok_or_else(|| {
            src.invalid(
                r,
                format!(
                    "未知的地区「{}」(expected chongqing, shanghai or national)",
                    r.get_ref()
                ),
            )
        })?,
        None => Default::default(),
    };
    let mut display = Display::default();
    if let Some(d) = &raw.display {
        if let Some(u) = &d.unit {
            display.unit = match u.get_ref().trim() {
                "万元" | "wan_yuan" => MoneyUnit::WanYuan,
                "元" | "yuan" => MoneyUnit::Yuan,
                other => {
                    return Err(
                        src.invalid(u, format!("未知的金额单位「{other}」(expected 万元 or 元)"))
                    )
                }
            };
        }
        if let Some(dec) = &d.decimals {
            let max = display.unit.max_decimals();
            display.decimals = u8::try_from(*dec.get_ref())
                .ok()
                .filter(|v| *v <= max)
                .ok_or_else(|| {
                    src.invalid(
                        dec,
                        format!("decimals 应为 0 到 {max} (expected 0 to {max} decimals)"),
                    )
                })?;
        }
    }
    let three = three_public(&src, "three_public.", &raw.three_public)?;
    let p = &raw.procurement;
    let procurement = Procurement {
        goods: src.zero_amount("procurement.goods", &p.goods)?,
        works: src.zero_amount("procurement.works", &p.works)?,
        services: src.zero_amount("procurement.services", &p.services)?,
        sme_reserved: src.opt_amount("procurement.sme_reserved", &p.sme_reserved)?,
        small_micro_reserved: src
            .opt_amount("procurement.small_micro_reserved", &p.small_micro_reserved)?,
    };
    let a = &raw.assets;
    let mut vehicles_by_kind = BTreeMap::new();
    for (k, v) in &a.vehicles_by_kind {
        let n = src.count(&format!("assets.vehicles_by_kind.{k}"), &Some(v.clone()))?;
        vehicles_by_kind.insert(k.clone(), n.unwrap_or(0));
    }
    let assets = Assets {
        as_of: a.as_of.clone(),
        vehicles: src.count("assets.vehicles", &a.vehicles)?,
        vehicles_by_kind,
        vehicles_to_buy: src.count("assets.vehicles_to_buy", &a.vehicles_to_buy)?,
        expensive_equipment: src.count("assets.expensive_equipment", &a.expensive_equipment)?,
    };
    let mut code_names = BTreeMap::new();
    let mut code_lines: BTreeMap<Code, usize> = BTreeMap::new();
    for (k, v) in &raw.code_names {
        let line = src.line(v);
        let code = Code::parse(k)
            .filter(|c| {
                matches!(
                    c.level(Scheme::Function),
                    Some(Level::Class) | Some(Level::Section)
                )
            })
            .ok_or_else(|| NativeError::BadCode {
                file: file.to_string(),
                line,
                text: k.clone(),
                expected: "a 类 or 款 code of 3 or 5 digits".into(),
            })?;
        if let Some(first) = code_lines.insert(code.clone(), line) {
            return Err(NativeError::Duplicate {
                file: file.to_string(),
                line,
                first_line: first,
                what: format!("code_names 中科目 {code} 出现两次"),
            });
        }
        code_names.insert(code, v.get_ref().clone());
    }
    let pr = &raw.prior_year;
    let mut by_source = BTreeMap::new();
    let mut source_lines: BTreeMap<FundSource, usize> = BTreeMap::new();
    for (k, v) in &pr.by_source {
        let line = src.line(v);
        let s = parse_source(k).ok_or_else(|| NativeError::UnknownSource {
            file: file.to_string(),
            line,
            text: k.clone(),
        })?;
        if let Some(first) = source_lines.insert(s, line) {
            return Err(NativeError::Duplicate {
                file: file.to_string(),
                line,
                first_line: first,
                what: format!("prior_year.by_source 中{}出现两次", s.label()),
            });
        }
        by_source.insert(
            s,
            src.amount(&format!("prior_year.by_source.{k}"), v)?
                .unwrap_or(Fen::ZERO),
        );
    }
    let mut by_class = BTreeMap::new();
    let mut class_lines: BTreeMap<Code, usize> = BTreeMap::new();
    for (k, v) in &pr.by_class {
        let line = src.line(v);
        let code = Code::parse(k)
            .filter(|c| c.level(Scheme::Function) == Some(Level::Class))
            .ok_or_else(|| NativeError::BadCode {
                file: file.to_string(),
                line,
                text: k.clone(),
                expected: "a 3-digit 功能分类 类 code".into(),
            })?;
        if let Some(first) = class_lines.insert(code.clone(), line) {
            return Err(NativeError::Duplicate {
                file: file.to_string(),
                line,
                first_line: first,
                what: format!("prior_year.by_class 中科目 {code} 出现两次"),
            });
        }
        by_class.insert(
            code,
            src.amount(&format!("prior_year.by_class.{k}"), v)?
                .unwrap_or(Fen::ZERO),
        );
    }
    let prior_year = PriorYear {
        income_total: src.opt_amount("prior_year.income_total", &pr.income_total)?,
        expenditure_total: src.opt_amount("prior_year.expenditure_total", &pr.expenditure_total)?,
        by_source,
        by_class,
        basic: src.opt_amount("prior_year.basic", &pr.basic)?,
        project: src.opt_amount("prior_year.project", &pr.project)?,
        three_public: match &pr.three_public {
            Some(t) => Some(three_public(&src, "prior_year.three_public.", t)?),
            None => None,
        },
        admin_cost: src.opt_amount("prior_year.admin_cost", &pr.admin_cost)?,
    };
    let n = raw.narrative;
    let narrative = NarrativeInputs {
        functions: n.functions,
        organisation: n.organisation,
        reasons: n
            .reasons
            .into_iter()
            .map(|r| ChangeReason {
                subject: r.subject,
                text: r.text,
            })
            .collect(),
        glossary: n.glossary.into_iter().map(|t| (t.term, t.text)).collect(),
        notes: n.notes,
    };
    Ok(Budget {
        unit: UnitIdentity {
            code: raw.unit.code,
            name: raw.unit.name,
            subordinate_units: raw.unit.subordinate_units,
            internal_departments: raw.unit.internal_departments,
            contact: raw.unit.contact,
        },
        year,
        kind,
        region,
        display,
        income: Vec::new(),
        expenditure: Vec::new(),
        economic: Vec::new(),
        code_names,
        three_public: three,
        admin_cost: src.opt_amount("admin_cost", &raw.admin_cost)?,
        procurement,
        assets,
        overall_goal: None,
        projects: Vec::new(),
        prior_year,
        narrative,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    category: Option<String>,
    name: Option<String>,
    weight: Option<Spanned<Scalar>>,
    weight_text: Option<String>,
    nature: Option<String>,
    nature_text: Option<String>,
    value: Option<Spanned<Scalar>>,
    unit: Option<String>,
    core: Option<Spanned<Scalar>>,
}

fn indicators(
    src: &Src,
    prov_file: &Arc<str>,
    list: &[Spanned<RawIndicator>],
) -> Result<Vec<Indicator>, NativeError> {
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let r = s.get_ref();
        let line = src.line(s);
        let Some(name) = &r.name else {
            return Err(src.invalid(s, "指标缺少 name（指标名称）(indicator without a name)"));
        };
        let weight = src.text("weight", &r.weight)?;
        let nature = r.nature.clone().unwrap_or_default();
        let core = match &r.core {
            None => None,
            Some(c) => match c.get_ref() {
                Scalar::Bool(b) => Some(*b),
                Scalar::Str(t) => parse_yes_no(t).map_err(|_| {
                    src.invalid(
                        c,
                        format!("core 应为 是 或 否（true/false），而不是「{t}」"),
                    )
                })?,
                other => {
                    return Err(src.invalid(
                        c,
                        format!("core 应为 是 或 否（true/false），而不是 {}", other.shown()),
                    ))
                }
            },
        };
        out.push(Indicator {
            category: r.category.clone(),
            name: name.clone(),
            weight: Weight::parse(&weight),
            weight_text: r.weight_text.clone().unwrap_or_else(|| weight.clone()),
            nature: Nature::parse(&nature),
            nature_text: r.nature_text.clone().unwrap_or_else(|| nature.clone()),
            value: src.text("value", &r.value)?,
            unit: r.unit.clone().unwrap_or_default(),
            core,
            prov: Provenance::at_line(prov_file, u32::try_from(line).unwrap_or(u32::MAX), None),
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProjects {
    #[serde(default)]
    project: Vec<Spanned<RawProject>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    name: Option<String>,
    department: Option<String>,
    amount: Option<Spanned<Scalar>>,
    #[serde(default)]
    key: bool,
    #[serde(default)]
    overview: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    goal: String,
    #[serde(default)]
    indicators: Vec<Spanned<RawIndicator>>,
}

fn projects_toml(file: &str, text: &str) -> Result<Vec<Project>, NativeError> {
    let src = Src { file, text };
    let raw: RawProjects = src.parse()?;
    let prov_file: Arc<str> = Arc::from(file);
    let mut out = Vec::with_capacity(raw.project.len());
    for s in &raw.project {
        let p = s.get_ref();
        let Some(name) = &p.name else {
            return Err(src.invalid(s, "项目缺少 name（项目名称）(project without a name)"));
        };
        let amount = match &p.amount {
            Some(a) => src.amount("amount", a)?.unwrap_or(Fen::ZERO),
            None => {
                return Err(src.invalid(
                    s,
                    format!("项目「{name}」缺少 amount（当年预算，元）(project without an amount)"),
                ))
            }
        };
        out.push(Project {
            name: name.clone(),
            department: p.department.clone(),
            amount,
            key: p.key,
            overview: p.overview.clone(),
            basis: p.basis.clone(),
            goal: Goal {
                text: p.goal.clone(),
                indicators: indicators(&src, &prov_file, &p.indicators)?,
            },
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    #[serde(default)]
    text: String,
    #[serde(default)]
    indicators: Vec<Spanned<RawIndicator>>,
}

fn goal_toml(file: &str, text: &str) -> Result<Goal, NativeError> {
    let src = Src { file, text };
    let raw: RawGoal = src.parse()?;
    let prov_file: Arc<str> = Arc::from(file);
    Ok(Goal {
        text: raw.text,
        indicators: indicators(&src, &prov_file, &raw.indicators)?,
    })
}

// ----- CSV -----------------------------------------------------------------------------------

/// A column of a CSV file: its canonical name, the other headers accepted for it, and whether
/// the header must have it.
struct Col {
    key: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

/// The code column of the expenditure and economic CSVs.
const CODE_COL: Col = Col {
    key: "code",
    aliases: &["科目编码", "编码"],
    required: true,
};

/// The name column of the expenditure and economic CSVs.
const NAME_COL: Col = Col {
    key: "name",
    aliases: &["科目名称", "名称"],
    required: false,
};

/// One data record: its line and its fields by column (blank for a missing column).
struct Record {
    line: usize,
    fields: Vec<String>,
}

impl Record {
    fn get(&self, i: usize) -> &str {
        self.fields.get(i).map(String::as_str).unwrap_or("")
    }
}

/// Headers that hold comments and are ignored.
fn is_comment_column(h: &str) -> bool {
    h.is_empty()
        || h.starts_with('#')
        || matches!(
            h,
            "备注" | "说明" | "note" | "notes" | "comment" | "comments"
        )
}

fn read_csv(file: &str, text: &str, cols: &[Col]) -> Result<Vec<Record>, NativeError> {
    let expected = cols.iter().map(|c| c.key).collect::<Vec<_>>().join(",");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // For each CSV column, the index into `cols` (None for a comment column).
    let mut map: Option<(usize, Vec<Option<usize>>)> = None;
    let mut out = Vec::new();
    for result in rdr.records() {
        let rec = result.map_err(|e| NativeError::Invalid {
            file: file.to_string(),
            line: e
                .position()
                .map(|p| usize::try_from(p.line()).unwrap_or(usize::MAX))
                .unwrap_or(1),
            message: format!("CSV: {e}"),
        })?;
        let line = rec
            .position()
            .map(|p| usize::try_from(p.line()).unwrap_or(usize::MAX))
            .unwrap_or(0);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match &map {
            None => {
                let mut m = Vec::with_capacity(rec.len());
                for h in rec.iter() {
                    let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
                    let found = cols
                        .iter()
                        .position(|c| c.key == h || c.aliases.contains(&h.as_str()));
                    match found {
                        Some(i) => {
                            if m.contains(&Some(i)) {
                                return Err(NativeError::Invalid {
                                    file: file.to_string(),
                                    line,
                                    message: format!(
                                        "表头中「{h}」列出现两次 (column twice in the header)"
                                    ),
                                });
                            }
                            m.push(Some(i));
                        }
                        None if is_comment_column(&h) => m.push(None),
                        None => {
                            return Err(NativeError::UnknownColumn {
                                file: file.to_string(),
                                line,
                                column: h,
                                expected,
                            })
                        }
                    }
                }
                let missing = (0..cols.len())
                    .zip(cols)
                    .find(|(i, c)| c.required && !m.contains(&Some(*i)));
                if let Some((_, c)) = missing {
                    return Err(NativeError::MissingColumn {
                        file: file.to_string(),
                        line,
                        column: c.key.to_string(),
                        expected,
                    });
                }
                map = Some((line, m));
            }
            Some((_, m)) => {
                let mut fields = vec![String::new(); cols.len()];
                for (j, f) in rec.iter().enumerate() {
                    match m.get(j) {
                        Some(Some(i)) => {
                            if let Some(slot) = fields.get_mut(*i) {
                                *slot = f.to_string();
                            }
                        }
                        Some(None) => {}
                        None if f.trim().is_empty() => {}
                        None => {
                            return Err(NativeError::Invalid {
                                file: file.to_string(),
                                line,
                                message: format!(
                                    "这一行的字段比表头多：「{}」(more fields than the header {expected})",
                                    f
                                ),
                            })
                        }
                    }
                }
                out.push(Record { line, fields });
            }
        }
    }
    if map.is_none() {
        return Err(NativeError::MissingColumn {
            file: file.to_string(),
            line: 1,
            column: cols.first().map(|c| c.key).unwrap_or("").to_string(),
            expected,
        });
    }
    Ok(out)
}

fn csv_amount(file: &str, r: &Record, i: usize, field: &str) -> Result<Fen, NativeError> {
    let text = r.get(i);
    parse_yuan(text)
        .map(|a| a.unwrap_or(Fen::ZERO))
        .map_err(|reason| NativeError::BadAmount {
            file: file.to_string(),
            line: r.line,
            field: field.to_string(),
            text: text.to_string(),
            reason,
        })
}

fn csv_source(file: &str, r: &Record, i: usize) -> Result<FundSource, NativeError> {
    parse_source(r.get(i)).ok_or_else(|| NativeError::UnknownSource {
        file: file.to_string(),
        line: r.line,
        text: r.get(i).to_string(),
    })
}

fn csv_code(
    file: &str,
    r: &Record,
    i: usize,
    scheme: Scheme,
    expected: &str,
) -> Result<Code, NativeError> {
    let text = r.get(i).trim();
    Code::parse(text)
        .filter(|c| c.level(scheme).is_some())
        .ok_or_else(|| NativeError::BadCode {
            file: file.to_string(),
            line: r.line,
            text: text.to_string(),
            expected: expected.to_string(),
        })
}

fn prov(file: &Arc<str>, line: usize, row: &str) -> Option<Provenance> {
    Some(Provenance::at_line(file, u32::try_from(line).unwrap_or(u32::MAX), None).with_row(row))
}

const SOURCE_ALIASES: &[&str] = &["资金来源", "来源", "收入来源", "收入项目"];

fn income_csv(file: &str, text: &str) -> Result<Vec<IncomeLine>, NativeError> {
    let cols = [
        Col {
            key: "source",
            aliases: SOURCE_ALIASES,
            required: true,
        },
        Col {
            key: "amount",
            aliases: &["金额", "预算数", "收入"],
            required: true,
        },
        Col {
            key: "carried_forward",
            aliases: &["上年结转", "结转"],
            required: false,
        },
    ];
    let records = read_csv(file, text, &cols)?;
    let pfile: Arc<str> = Arc::from(file);
    let mut seen: BTreeMap<(FundSource, bool), usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(records.len());
    for r in &records {
        let source = csv_source(file, r, 0)?;
        let amount = csv_amount(file, r, 1, "amount")?;
        let carried = parse_yes_no(r.get(2))
            .map_err(|_| NativeError::Invalid {
                file: file.to_string(),
                line: r.line,
                message: format!(
                    "carried_forward 应为 是 或留空（上年结转），而不是「{}」(expected 是 or blank)",
                    r.get(2)
                ),
            })?
            .unwrap_or(false);
        if let Some(first) = seen.insert((source, carried), r.line) {
            return Err(NativeError::Duplicate {
                file: file.to_string(),
                line: r.line,
                first_line: first,
                what: format!(
                    "{}{}",
                    source.label(),
                    if carried { "（上年结转）" } else { "" }
                ),
            });
        }
        out.push(IncomeLine {
            source,
            amount,
            carried_forward: carried,
            prov: prov(&pfile, r.line, source.label()),
        });
    }
    Ok(out)
}

fn expenditure_csv(file: &str, text: &str) -> Result<Vec<ExpenditureLine>, NativeError> {
    let cols = [
        CODE_COL,
        NAME_COL,
        Col {
            key: "source",
            aliases: SOURCE_ALIASES,
            required: true,
        },
        Col {
            key: "basic",
            aliases: &["基本支出"],
            required: true,
        },
        Col {
            key: "project",
            aliases: &["项目支出"],
            required: true,
        },
    ];
    let records = read_csv(file, text, &cols)?;
    let pfile: Arc<str> = Arc::from(file);
    let mut seen: BTreeMap<(Code, FundSource), usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(records.len());
    for r in &records {
        let code = csv_code(
            file,
            r,
            0,
            Scheme::Function,
            "a 功能分类 code of 3, 5 or 7 digits, such as 2010301",
        )?;
        let source = csv_source(file, r, 2)?;
        let basic = csv_amount(file, r, 3, "basic")?;
        let project = csv_amount(file, r, 4, "project")?;
        if let Some(first) = seen.insert((code.clone(), source), r.line) {
            return Err(NativeError::Duplicate {
                file: file.to_string(),
                line: r.line,
                first_line: first,
                what: format!("科目 {code} {}", source.label()),
            });
        }
        out.push(ExpenditureLine {
            prov: prov(&pfile, r.line, code.as_str()),
            code,
            name: r.get(1).to_string(),
            source,
            basic,
            project,
        });
    }
    // A code and a code under it, from the same source, would count the money twice.
    for (i, a) in out.iter().enumerate() {
        for b in out.iter().skip(i + 1) {
            if a.source == b.source && a.code != b.code {
                let (parent, child) = if a.code.contains(&b.code) {
                    (a, b)
                } else if b.code.contains(&a.code) {
                    (b, a)
                } else {
                    continue;
                };
                let line_of = |l: &ExpenditureLine| {
                    l.prov.as_ref().and_then(|p| p.line).unwrap_or(0) as usize
                };
                return Err(NativeError::Invalid {
                    file: file.to_string(),
                    line: line_of(a).max(line_of(b)),
                    message: format!(
                        "科目 {} 与其下级科目 {}（{}）同时列出，金额会重复计算；每个科目只在最明细一级列出 (a code and its sub-code from the same source; lines {} and {})",
                        parent.code,
                        child.code,
                        child.source.label(),
                        line_of(a),
                        line_of(b)
                    ),
                });
            }
        }
    }
    Ok(out)
}

fn economic_csv(file: &str, text: &str) -> Result<Vec<EconomicLine>, NativeError> {
    let cols = [
        CODE_COL,
        NAME_COL,
        Col {
            key: "personnel",
            aliases: &["人员经费"],
            required: true,
        },
        Col {
            key: "operating",
            aliases: &["日常公用经费", "公用经费"],
            required: true,
        },
    ];
    let records = read_csv(file, text, &cols)?;
    let pfile: Arc<str> = Arc::from(file);
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    let mut out: Vec<EconomicLine> = Vec::with_capacity(records.len());
    for r in &records {
        let code = csv_code(
            file,
            r,
            0,
            Scheme::Economic,
            "an 经济分类 code of 3 or 5 digits, such as 30101",
        )?;
        let personnel = csv_amount(file, r, 2, "personnel")?;
        let operating = csv_amount(file, r, 3, "operating")?;
        if let Some(first) = seen.insert(code.clone(), r.line) {
            return Err(NativeError::Duplicate {
                file: file.to_string(),
                line: r.line,
                first_line: first,
                what: format!("科目 {code}"),
            });
        }
        if let Some((other, other_line)) = seen
            .iter()
            .find(|(c, _)| **c != code && (c.contains(&code) || code.contains(c)))
        {
            return Err(NativeError::Invalid {
                file: file.to_string(),
                line: r.line,
                message: format!(
                    "科目 {code} 与第 {other_line} 行的科目 {other} 是上下级，金额会重复计算；只列款（类下没有款时列类）(a 类 and its 款 both listed)"
                ),
            });
        }
        out.push(EconomicLine {
            prov: prov(&pfile, r.line, code.as_str()),
            code,
            name: r.get(1).to_string(),
            personnel,
            operating,
        });
    }
    Ok(out)
}
