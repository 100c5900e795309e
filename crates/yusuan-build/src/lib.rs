//! Build the whole published disclosure (部门预算公开) of a unit from its canonical [`Budget`]:
//! the region's tables, the performance-goal tables and the narrative with the facts it states,
//! as a [`yusuan_model::Disclosure`] — what the checker checks and the renderers print.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let budget = yusuan_model::Budget::default();
//! let built = yusuan_build::build(&budget, yusuan_model::Region::Chongqing)?;
//! for note in &built.report {
//!     eprintln!("{}：{note}", note.level);
//! }
//! # Ok(()) }
//! ```
//!
//! # How
//!
//! - **One computation per number.** Every shown amount is a sum of *leaves* (a line's 基本支出,
//!   a 经济分类 款's 人员经费, a “三公” part …) declared as a [`values::Spec`]. The same quantity
//!   in two tables (表二's 合计 and 表一's 一般公共预算 column) is the same spec, hence the same
//!   number.
//! - **Rounding that foots.** Only leaves are rounded; the direction of each is chosen so that
//!   every shown aggregate stays within one unit of the last digit of its exact value
//!   ([`rounding`]: minimum-cost circulation, exact search where the structure needs it). So
//!   every table foots and cross-foots exactly, and no "可能存在小数点取舍差异" disclaimer is needed
//!   or written.
//! - **Two passes.** The builders run once to declare every spec they use (each becomes a
//!   constraint of the rounding), then once more to fill in the shown values.
//! - **No invented reasons.** A change against last year is stated with the unit's reason when
//!   the budget has one; when it does not, the report says which change lacks a reason.
//!
//! What is built is the profile's (`yusuan_profile`): its tables in its order, with its titles,
//! numbers, empty-table notes and units, in one of the table and narrative styles the generator
//! knows (重庆's: 表一–表十二, 万元 with 2 decimals; 上海's: 9 tables in 元, the “三公” table in 万元
//! with 机关运行经费, narrative 项目经费情况说明). Families the generator has no builder for (the
//! national template's 财政拨款支出预算表, 机关运行经费 table) are left out. The national profile
//! builds the eight tables of 财预〔2016〕143号 in the budget's display unit, plus the
//! performance-goal tables when the budget has goals.
//!
//! Nothing here reads or writes files.

pub mod context;
pub mod index;
pub mod narrative;
pub mod perf;
pub mod prior;
pub mod report;
pub mod rounding;
pub mod sample;
pub mod tables;
pub mod text;
mod validate;
pub mod values;

pub use report::{BuildError, BuildNote, NoteKind, NoteLevel};

use context::{Ctx, Layout};
use index::{Index, Part, Sources};
use prior::Prior;
use std::sync::Arc;
use values::{Declare, Fam, Fill, Leaves, Registry};
use yusuan_model::budget::Budget;
use yusuan_model::{
    Catalog, Coverage, Disclosure, DocKind, DocumentMeta, Fen, FundSource, Narrative,
    PerformanceTable, Region, SourceInfo, Table,
};
use yusuan_profile::Profile;
pub use yusuan_render::Style;

/// A built disclosure and what the build has to say about it.
#[derive(Clone, Debug)]
pub struct Built {
    pub disclosure: Disclosure,
    pub report: Vec<BuildNote>,
}

/// Derive the disclosure `region` publishes from a budget: the region's profile for the
/// budget's kind (上海: 部门预算 or 单位预算), see [`yusuan_profile::for_region`].
pub fn build(budget: &Budget, region: Region) -> Result<Built, BuildError> {
    build_profile(budget, yusuan_profile::for_region(region, budget.kind))
}

/// Derive the disclosure of a kind (profile) from a budget: the profile's tables, in its order,
/// with its titles and numbers, its table and narrative styles and units. Names of codes the
/// budget does not name come from the embedded catalogue.
pub fn build_profile(budget: &Budget, profile: &Profile) -> Result<Built, BuildError> {
    build_styled(budget, profile, &Style::default(), Catalog::embedded())
}

/// Derive the disclosure of a kind in a print style ([`yusuan_render::style`]): the style's
/// money unit, table numbers, 合计 row position, zeros, summary columns and narrative forms
/// (what a style says about how the renderers print it is theirs). The default style is
/// [`build_profile`]'s output. `catalog` names the codes the budget does not name (and tells
/// which printed names differ from it).
pub fn build_styled(
    budget: &Budget,
    profile: &Profile,
    style: &Style,
    catalog: &Catalog,
) -> Result<Built, BuildError> {
    if budget.kind.is_final_accounts() {
        return Err(BuildError::UnsupportedKind(budget.kind));
    }
    let Some(spec) = profile.build.as_ref() else {
        return Err(BuildError::NotBuilt(profile.id.clone()));
    };
    if budget.year == 0 {
        return Err(BuildError::MissingYear);
    }
    // A 单位预算 profile builds a 单位预算 whatever the budget calls itself.
    let unit_budget;
    let budget = if profile.kind == DocKind::UnitBudget && budget.kind != DocKind::UnitBudget {
        unit_budget = Budget {
            kind: DocKind::UnitBudget,
            ..budget.clone()
        };
        &unit_budget
    } else {
        budget
    };
    validate::validate(budget, catalog)?;
    let ix = Index::new(budget, catalog)?;
    let layout = Layout::new(profile, spec, budget.display, style);
    let region = layout.region;
    let prior = Prior::new(budget);
    let leaves = leaves(budget, &prior, &layout);
    let gen: Arc<str> = Arc::from(format!(
        "{}{}年{}（由预算生成）",
        budget.unit.name.as_deref().unwrap_or(""),
        budget.year,
        budget.kind.label()
    ));
    let mut report = Vec::new();
    if layout.fixed_unit() && (budget.display.unit, budget.display.decimals) != layout.main {
        report.push(BuildNote::info(
            NoteKind::Layout,
            format!(
                "预算的显示单位为{}、{}位小数，{}的公开表用{}、{}位小数",
                budget.display.unit.label(),
                budget.display.decimals,
                profile.name,
                layout.main.0.label(),
                layout.main.1
            ),
        ));
    }

    // Pass 1: every spec the disclosure uses.
    let mut reg = Registry::default();
    {
        let mut r = Declare {
            reg: &mut reg,
            leaves: &leaves,
        };
        let mut cx = Ctx {
            ix: &ix,
            layout,
            prior: &prior,
            r: &mut r,
            gen: gen.clone(),
            notes: Vec::new(),
            line: 0,
        };
        let _ = generate(&mut cx);
    }
    report.extend(links(&ix, &prior, &leaves, &mut reg));

    // Rounding.
    let (shown, notes) = values::solve(&leaves, &reg);
    report.extend(notes);

    // Pass 2: the shown values.
    let mut fill = Fill {
        shown: &shown,
        leaves: &leaves,
        missing: Vec::new(),
    };
    let (tables, performance, narrative, cx_notes) = {
        let mut cx = Ctx {
            ix: &ix,
            layout,
            prior: &prior,
            r: &mut fill,
            gen: gen.clone(),
            notes: Vec::new(),
            line: 0,
        };
        let (t, p, n) = generate(&mut cx);
        (t, p, n, cx.notes)
    };
    report.extend(cx_notes);
    if !fill.missing.is_empty() {
        report.push(BuildNote::warning(
            NoteKind::Internal,
            format!(
                "有 {} 个金额未参与舍入（生成器缺陷），它们仍等于所含明细之和，但可能与精确值相差一个单位以上",
                fill.missing.len()
            ),
        ));
    }
    let contents = tables
        .iter()
        .map(|t| t.title.clone())
        .chain(performance.iter().map(|p| p.title.clone()).filter({
            let mut seen = std::collections::BTreeSet::new();
            move |t| seen.insert(t.clone())
        }))
        .collect();
    let disclosure = Disclosure {
        source: SourceInfo {
            file: gen.clone(),
            format: "generated".to_string(),
            pages: None,
            lines: 0,
            text: Vec::new(),
            cut_text: Vec::new(),
        },
        meta: DocumentMeta {
            kind: budget.kind,
            year: Some(budget.year),
            region,
            unit: budget.unit.clone(),
            title: Some(format!(
                "{}{}年{}",
                budget.unit.name.as_deref().unwrap_or(""),
                budget.year,
                budget.kind.label()
            )),
            contents,
            profile: Some(profile.id.clone()),
        },
        tables,
        performance,
        narrative,
        coverage: Coverage::default(),
        diagnostics: Vec::new(),
    };
    Ok(Built { disclosure, report })
}

fn generate(cx: &mut Ctx) -> (Vec<Table>, Vec<PerformanceTable>, Narrative) {
    let tables = tables::tables(cx);
    let perf = perf::tables(cx);
    let narrative = narrative::narrative(cx);
    (tables, perf, narrative)
}

/// The exact leaves of every family.
fn leaves(b: &Budget, prior: &Prior, layout: &Layout<'_>) -> Leaves {
    let mut l = Leaves::default();
    l.values.insert(
        Fam::Exp,
        b.expenditure
            .iter()
            .flat_map(|x| [x.basic.0, x.project.0])
            .collect(),
    );
    l.values.insert(
        Fam::Econ,
        b.economic
            .iter()
            .flat_map(|x| [x.personnel.0, x.operating.0])
            .collect(),
    );
    l.values
        .insert(Fam::Income, b.income.iter().map(|x| x.amount.0).collect());
    let p = &b.procurement;
    l.values.insert(
        Fam::Proc,
        vec![
            p.goods.0,
            p.works.0,
            p.services.0,
            p.sme_reserved.unwrap_or(Fen::ZERO).0,
            p.small_micro_reserved.unwrap_or(Fen::ZERO).0,
        ],
    );
    l.values
        .insert(Fam::Proj, b.projects.iter().map(|x| x.amount.0).collect());
    l.values.insert(Fam::Prior, prior.leaves.clone());
    let t = &b.three_public;
    l.values.insert(
        Fam::Three,
        vec![
            t.overseas.0,
            t.vehicle_purchase.0,
            t.vehicle_operation.0,
            t.reception.0,
        ],
    );
    l.values
        .insert(Fam::PriorThree, prior.three.unwrap_or([0; 4]).to_vec());
    l.values.insert(
        Fam::Admin,
        vec![
            b.admin_cost.unwrap_or(Fen::ZERO).0,
            prior.admin.unwrap_or(0),
        ],
    );
    for fam in Fam::ALL {
        let shown = match fam {
            Fam::Three | Fam::PriorThree | Fam::Admin => layout.three,
            _ => layout.main,
        };
        l.shown_as.insert(fam, shown);
    }
    l
}

/// Quantities two families both show: the 经济分类 total is the 一般公共预算 基本支出; a source's
/// income is its expenditure. Where the budget's exact figures disagree, there is nothing to
/// link: a note says so (and the checker will find the difference in the tables).
fn links(ix: &Index, prior: &Prior, leaves: &Leaves, reg: &mut Registry) -> Vec<BuildNote> {
    let mut notes = Vec::new();
    let unit = leaves.unit(Fam::Exp);
    let show = |f: Fen| {
        format!(
            "{} {}",
            f.format(unit.0, unit.0.max_decimals(), true)
                .trim_end_matches('0')
                .trim_end_matches('.'),
            unit.0.label()
        )
    };
    // 经济分类 = 一般公共预算 基本支出.
    let basic = ix.exp_under(None, Sources::One(FundSource::GeneralBudget), Part::Basic);
    let econ = ix.econ(None, Part::Both);
    let (eb, ee) = (leaves.exact(&basic), leaves.exact(&econ));
    if !econ.is_empty() && !basic.is_empty() {
        if eb == ee {
            reg.link(&econ, &basic);
        } else {
            notes.push(BuildNote::warning(
                NoteKind::Inconsistent,
                format!(
                    "经济分类合计 {} 与一般公共预算基本支出 {} 不相等（差 {}）：基本支出经济分类表的合计将与一般公共预算支出表的基本支出不一致，请核对预算",
                    show(ee),
                    show(eb),
                    show(ee - eb)
                ),
            ));
        }
    } else if econ.is_empty() && !eb.is_zero() {
        notes.push(BuildNote::warning(
            NoteKind::MissingData,
            format!(
                "一般公共预算基本支出 {}，但预算没有经济分类，基本支出表为空",
                show(eb)
            ),
        ));
    }
    // Income by source = expenditure by source.
    let mut unbalanced = Vec::new();
    for s in FundSource::ALL {
        let inc = ix.income(Sources::One(s), None);
        let exp = ix.exp_under(None, Sources::One(s), Part::Both);
        let (ei, ex) = (leaves.exact(&inc), leaves.exact(&exp));
        if ei != ex {
            unbalanced.push(format!("{}收入 {}、支出 {}", s.label(), show(ei), show(ex)));
        } else if !inc.is_empty() && !exp.is_empty() {
            reg.link(&inc, &exp);
        }
    }
    if !unbalanced.is_empty() {
        notes.push(BuildNote::warning(
            NoteKind::Inconsistent,
            format!(
                "收入与支出按资金来源不平衡：{}；收支总表的收入合计与支出合计将不相等，请核对预算",
                unbalanced.join("；")
            ),
        ));
    } else {
        let inc = ix.income(Sources::All, None);
        let exp = ix.exp_under(None, Sources::All, Part::Both);
        if !inc.is_empty() && !exp.is_empty() {
            reg.link(&inc, &exp);
        }
    }
    for (d, s) in &prior.links {
        reg.link(d, s);
    }
    notes
}
