//! The narrative (情况说明): sections with their text, the amounts they state as [`Fact`]s and
//! the counts as [`CountFact`]s. Every amount comes from the same specs the tables show; every
//! change is this year's shown value minus last year's shown value (in a narrative unit of its
//! own, last year's exact value, the change rounded once); a reason is the unit's own words or
//! is missing (with a note), never invented.

use crate::context::Ctx;
use crate::index::{Part, Sources};
use crate::report::{BuildNote, NoteKind};
use crate::text::chinese;
use crate::text::{change_words, clause, money, percent, sentences, states_count, states_money};
use crate::values::{Fam, Spec};
use yusuan_model::{
    Amount, Change, Code, CountFact, CountKey, Direction, DocKind, Fact, FactKey, Fen, FundSource,
    Level, Narrative, Reason, Scheme, Section, SectionKind,
};
use yusuan_profile::Style;
use yusuan_render::style::{Choice, ItemForm};

/// A change against last year, as shown.
#[derive(Clone, Copy, Debug)]
struct Delta {
    /// Signed: this year − last year, as written.
    delta: Amount,
    /// The same from the figures the tables show, before the narrative's rounding: the
    /// percentage is this over last year's.
    exact: Fen,
    prior: Fen,
}

/// One contributor to a change (`一般公共服务支出增加 420.34 万元`).
struct Item {
    label: String,
    delta: Fen,
}

struct Nar<'c, 'a> {
    cx: &'c mut Ctx<'a>,
    sections: Vec<Section>,
    facts: Vec<Fact>,
    counts: Vec<CountFact>,
    /// Subjects of the budget's reasons that a stated change asked for.
    asked: Vec<String>,
}

/// The standard glossary, used when the budget has none.
const GLOSSARY: [(&str, &str); 7] = [
    ("财政拨款收入", "指本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。"),
    ("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
    ("其他收入", "指单位取得的除“财政拨款收入”、“事业收入”、“事业单位经营收入”等以外的收入。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("“三公”经费", "指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行维护费、公务接待费。"),
    ("机关运行经费", "指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。"),
];

/// How many contributors a change lists by name; the rest are summed.
const TOP: usize = 5;

fn income_label(s: FundSource) -> String {
    match s {
        FundSource::GeneralBudget => "一般公共预算拨款收入".into(),
        FundSource::GovFund => "政府性基金预算拨款收入".into(),
        FundSource::StateCapital => "国有资本经营预算拨款收入".into(),
        other => other.label().to_string(),
    }
}

fn section_label(number: Option<&str>, level: u8, title: &str) -> String {
    match number {
        Some(n) if level == 1 => format!("{n}、{title}"),
        Some(n) => format!("{n}{title}"),
        None => title.to_string(),
    }
}

impl<'c, 'a> Nar<'c, 'a> {
    fn year(&self) -> u16 {
        self.cx.year()
    }

    /// A figure as the narrative writes it: in the tables' unit, or the style's narrative unit
    /// (rounded from the figure the tables show, as 上海 writes 万元 beside 元 tables).
    fn amount(&mut self, s: &Spec) -> Amount {
        let a = self.cx.amount(s);
        match self.cx.layout.knobs.narrative_unit {
            Choice::Profile => a,
            Choice::Set(_) => {
                let (u, d) = self.cx.layout.narrative;
                let n = Amount::new(a.fen, u, d);
                Amount::new(a.fen.round_to(n.quantum()), u, d)
            }
        }
    }

    /// A change (or a sum of changes) as the narrative writes it: in the tables' unit, the
    /// difference of figures as the rounding shows them ([`Self::prior_fen`]), so that every
    /// sum of changes foots exactly; in a unit of its own (a style's 万元 beside 元 tables),
    /// rounded once to that unit, so that a change differs from the exact one by at most half
    /// a unit, like every other figure, and the listed reasons of a change add up to it within
    /// their rounding.
    fn change_fen(&self, exact: Fen) -> Fen {
        match self.cx.layout.knobs.narrative_unit {
            Choice::Profile => exact,
            Choice::Set(_) => {
                let (u, d) = self.cx.layout.narrative;
                exact.round_to(Amount::new(exact, u, d).quantum())
            }
        }
    }

    /// Last year's figure a change is taken from: in the tables' unit as the rounding shows it
    /// (with the figures it foots with); in a unit of the narrative's own, exact (last year's
    /// figures are shown nowhere, so one figure counted in two ways, by class and by source,
    /// gives one change).
    fn prior_fen(&mut self, s: &Spec) -> Fen {
        match self.cx.layout.knobs.narrative_unit {
            Choice::Profile => self.cx.fen(s),
            Choice::Set(_) => self.cx.exact(s),
        }
    }

    fn section(&mut self, number: Option<String>, level: u8, title: &str, text: String) {
        self.section_of(None, number, level, title, text);
    }

    /// A section of a part whose text a budget keeps, typed as the importer types it when it
    /// reads the section back ([`Section::kind`]).
    fn section_of(
        &mut self,
        kind: Option<SectionKind>,
        number: Option<String>,
        level: u8,
        title: &str,
        text: String,
    ) {
        let label = section_label(number.as_deref(), level, title);
        let prov = self.cx.next_prov(&label);
        let line = prov.line.unwrap_or(0);
        self.sections.push(Section {
            number,
            level,
            title: title.to_string(),
            text,
            kind,
            prov,
            end_line: line,
        });
    }

    fn fact(
        &mut self,
        section: &str,
        key: FactKey,
        amount: Option<Amount>,
        change: Option<Change>,
        text: &str,
    ) {
        let prov = self.cx.next_prov(section);
        self.facts.push(Fact {
            figure: None,
            key,
            amount,
            change,
            text: text.to_string(),
            section: Some(section.to_string()),
            prov,
        });
    }

    fn count(&mut self, section: &str, key: CountKey, value: i64, text: &str) {
        let prov = self.cx.next_prov(section);
        self.counts.push(CountFact {
            key,
            value,
            text: text.to_string(),
            prov,
        });
    }

    /// This year's value and, when last year's is known, the change.
    fn compare(&mut self, cur: &Spec, prior: Option<&Spec>) -> (Amount, Option<Delta>) {
        let a = self.amount(cur);
        let shown = self.cx.fen(cur);
        let d = prior.map(|p| {
            let pv = self.prior_fen(p);
            Delta {
                delta: Amount::new(self.change_fen(shown - pv), a.unit, a.decimals),
                exact: shown - pv,
                prior: pv,
            }
        });
        (a, d)
    }

    fn change_words(&self, d: &Delta) -> String {
        change_words(d.delta, d.exact, d.prior, self.cx.last_year())
    }

    fn change(
        &mut self,
        section: &str,
        d: &Delta,
        why: Option<String>,
        reasons: Vec<Reason>,
    ) -> Change {
        let direction = Direction::of(d.delta.fen);
        let abs = Amount::new(d.delta.fen.abs(), d.delta.unit, d.delta.decimals);
        Change {
            direction,
            amount: (direction != Direction::Flat).then_some(abs),
            percent: if direction == Direction::Flat {
                None
            } else {
                percent(d.exact, d.prior)
            },
            versus_year: Some(self.cx.last_year()),
            reasons,
            reason_text: why,
            prov: self.cx.next_prov(section),
        }
    }

    /// The unit's reason for a change, when it is words: a text stating amounts is a
    /// breakdown, whose amounts must come from the budget's figures; it is not used.
    fn why(&mut self, subject: &str, what: &str) -> Option<String> {
        self.asked.push(subject.to_string());
        let r = self
            .cx
            .ix
            .b
            .narrative
            .reasons
            .iter()
            .find(|r| r.subject == subject)?;
        let text = clause(&r.text);
        if text.is_empty() {
            return None;
        }
        if states_money(&text) {
            self.cx.note(BuildNote::warning(
                NoteKind::ReasonNotUsed {
                    subject: subject.to_string(),
                },
                format!(
                    "{what}的增减原因「{text}」写的是金额，金额须由预算数得出，未照录；请填写上年分项数（工作簿「上年数」表；原生预算为 prior_year），由生成器算出增减构成，原因只写文字"
                ),
            ));
            return None;
        }
        Some(text)
    }

    fn need_reason(&mut self, subject: &str, what: &str, d: Option<&Delta>, explained: bool) {
        let Some(d) = d else { return };
        if d.delta.fen.is_zero() || explained {
            return;
        }
        let words = self.change_words(d);
        self.cx.note(BuildNote::warning(
            NoteKind::MissingReason {
                subject: subject.to_string(),
            },
            format!(
                "{what}{words}，预算没有写明原因，说明中未写原因（请在工作簿「说明」表加一行：项目「增减原因」、对象「{}」；原生预算为 narrative.reasons 中的 {subject}）",
                if subject.chars().all(|c| c.is_ascii_digit()) {
                    subject
                } else {
                    what
                }
            ),
        ));
    }

    /// `，主要原因是…` for a why-text.
    fn because(why: &Option<String>) -> String {
        match why {
            Some(w) if w.starts_with("主要") => format!("，{w}"),
            Some(w) => format!("，主要原因是{w}"),
            None => String::new(),
        }
    }

    /// The largest contributors by name, the rest summed, as reasons and as words.
    fn contributors(
        &mut self,
        section: &str,
        mut items: Vec<Item>,
        unit: Amount,
    ) -> (Vec<Reason>, String) {
        items.retain(|i| !i.delta.is_zero());
        items.sort_by_key(|i| std::cmp::Reverse(i.delta.0.abs()));
        // A contributor whose change the narrative's unit shows as nothing is one of the rest.
        let named = items
            .iter()
            .take_while(|i| !self.change_fen(i.delta).is_zero())
            .count();
        if items.len() > (TOP + 1).min(named) {
            let keep = TOP.min(named);
            let rest: Fen = items.iter().skip(keep).map(|i| i.delta).sum();
            items.truncate(keep);
            if !self.change_fen(rest).is_zero() {
                items.push(Item {
                    label: "其余各项".into(),
                    delta: rest,
                });
            }
        }
        let mut reasons = Vec::new();
        let mut words = Vec::new();
        for i in items {
            // Each contributor's change as its own sentence states it (the same rounding).
            let delta = self.change_fen(i.delta);
            let dir = Direction::of(delta);
            let a = Amount::new(delta.abs(), unit.unit, unit.decimals);
            words.push(format!("{}{}{}", i.label, dir.label(), money(a)));
            let prov = self.cx.next_prov(section);
            reasons.push(Reason {
                label: i.label,
                direction: dir,
                amount: Some(a),
                prov,
            });
        }
        let text = if words.is_empty() {
            String::new()
        } else {
            format!("，主要是{}", words.join("，"))
        };
        (reasons, text)
    }

    /// Classes with money this year, and those only last year had.
    fn all_classes(&self) -> Vec<Code> {
        let mut v = self.cx.ix.classes(Sources::All);
        for c in self.cx.prior.by_class.keys() {
            if !v.contains(c) && c.level(Scheme::Function) == Some(Level::Class) {
                v.push(c.clone());
            }
        }
        v.sort();
        v
    }

    /// Contributors by 类 (when last year's 类 add up to last year's total).
    fn class_items(&mut self, income: bool) -> Option<Vec<Item>> {
        if !self.cx.prior.class_complete {
            return None;
        }
        let mut items = Vec::new();
        for c in self.all_classes() {
            let cur = self.cx.ix.exp_under(Some(&c), Sources::All, Part::Both);
            let v = self.cx.fen(&cur);
            let p = match self.cx.prior.by_class.get(&c).cloned() {
                Some(s) => self.prior_fen(&s),
                None => Fen::ZERO,
            };
            let name = self.cx.ix.class_name(&c);
            let label = if income {
                let stem = name.trim_end_matches("支出");
                format!("{stem}经费拨款")
            } else {
                name
            };
            items.push(Item {
                label,
                delta: v - p,
            });
        }
        Some(items)
    }

    /// Contributors by source (when last year's sources add up to last year's income).
    fn source_items(&mut self) -> Option<Vec<Item>> {
        if !self.cx.prior.source_complete {
            return None;
        }
        let mut items = Vec::new();
        for s in FundSource::ALL {
            let cur = self.cx.ix.income(Sources::One(s), None);
            let v = if cur.is_empty() {
                Fen::ZERO
            } else {
                self.cx.fen(&cur)
            };
            let p = match self.cx.prior.by_source.get(&s).cloned() {
                Some(sp) => self.prior_fen(&sp),
                None => Fen::ZERO,
            };
            items.push(Item {
                label: income_label(s),
                delta: v - p,
            });
        }
        Some(items)
    }

    /// Contributors to the expenditure change by fund source: only when this year's income
    /// equals expenditure source by source and last year's sources add up to last year's
    /// expenditure too (so last year's income by source is last year's spending by source).
    fn source_spending_items(&mut self) -> Option<Vec<Item>> {
        let b = self.cx.ix.b;
        let by_source_balanced = FundSource::ALL.into_iter().all(|s| {
            b.income_from(s)
                == self
                    .cx
                    .exact(&self.cx.ix.exp_under(None, Sources::One(s), Part::Both))
        });
        if !by_source_balanced
            || !self.cx.prior.source_complete
            || b.prior_year.expenditure_total != b.prior_year.income_total
        {
            return None;
        }
        let mut items = self.source_items()?;
        for i in &mut items {
            i.label = i.label.trim_end_matches("收入").to_string() + "支出";
            i.label = i.label.replace("拨款支出", "财政拨款支出");
        }
        Some(items)
    }

    /// Income and expenditure totals balance exactly this year and last year (so that the
    /// income change can be explained by 类).
    fn balanced(&self) -> bool {
        let b = self.cx.ix.b;
        b.income_total() == b.expenditure_total()
            && b.prior_year.income_total.is_some()
            && b.prior_year.income_total == b.prior_year.expenditure_total
    }

    // ----- sections ---------------------------------------------------------------------

    /// 收入预算: total, by source, the change and what made it.
    /// `head` opens the paragraph and names the total (`2025年年初预算数`).
    fn income(&mut self, sec: &str, head: &str) -> String {
        let total = self.cx.ix.income(Sources::All, None);
        let prior_total = self.cx.prior.income_total.clone();
        let (a, d) = self.compare(&total, prior_total.as_ref());
        let mut parts = Vec::new();
        let with_money = self.cx.ix.sources_with_money();
        for s in FundSource::ALL {
            if !with_money.contains(&s) {
                continue;
            }
            let spec = self.cx.ix.income(Sources::One(s), Some(false));
            if spec.is_empty() {
                continue;
            }
            let prior = self.cx.prior.by_source.get(&s).cloned();
            let (sa, sd) = self.compare(&spec, prior.as_ref());
            let mut t = format!("{}{}", income_label(s), money(sa));
            let change = match &sd {
                Some(sd) => {
                    t.push_str(&format!("，{}", self.change_words(sd)));
                    Some(self.change(sec, sd, None, Vec::new()))
                }
                None => None,
            };
            self.fact(
                sec,
                FactKey::IncomeBySource { source: s },
                Some(sa),
                change,
                &t,
            );
            parts.push(t);
        }
        if self.cx.ix.has_carried() {
            let c = self.cx.ix.income(Sources::All, Some(true));
            let ca = self.amount(&c);
            parts.push(format!("上年结转{}", money(ca)));
        }
        let mut text = lead_sentence(head, &money(a), &parts, !self.cx.prior.by_source.is_empty());
        let mut fact_text = format!("{head}{}", money(a));
        let change = match &d {
            Some(d) => {
                let items = if self.balanced() {
                    self.class_items(true)
                } else {
                    None
                }
                .or_else(|| self.source_items());
                let (reasons, by) = match items {
                    Some(items) => self.contributors(sec, items, a),
                    None => (Vec::new(), String::new()),
                };
                let why = self.why("income_total", "收入");
                let explained = !reasons.is_empty() || why.is_some();
                self.need_reason("income_total", "收入", Some(d), explained);
                let words = format!(
                    "收入较{}年{}{}{}",
                    self.cx.last_year(),
                    self.change_words(d)
                        .trim_start_matches(&format!("比{}年", self.cx.last_year()))
                        .trim_start_matches(&format!("与{}年", self.cx.last_year())),
                    by,
                    Self::because(&why)
                );
                text.push_str(&words);
                text.push('。');
                fact_text = format!("{fact_text}。{words}");
                Some(self.change(sec, d, why, reasons))
            }
            None => None,
        };
        self.fact(sec, FactKey::IncomeTotal, Some(a), change, &fact_text);
        text
    }

    /// 支出预算: total, by 类 with each 类's change, the change and what made it.
    fn expenditure(&mut self, sec: &str, head: &str) -> String {
        let total = self.cx.ix.exp_under(None, Sources::All, Part::Both);
        let prior_total = self.cx.prior.expenditure_total.clone();
        let (a, d) = self.compare(&total, prior_total.as_ref());
        let mut parts = Vec::new();
        for c in self.all_classes() {
            let spec = self.cx.ix.exp_under(Some(&c), Sources::All, Part::Both);
            let prior = self.cx.prior.by_class.get(&c).cloned();
            let (ca, cd) = self.compare(&spec, prior.as_ref());
            let name = self.cx.ix.class_name(&c);
            let mut t = format!("{name}{}", money(ca));
            let change = match &cd {
                Some(cd) => {
                    t.push_str(&format!("，{}", self.change_words(cd)));
                    let why = self.why(c.as_str(), &name);
                    t.push_str(&Self::because(&why));
                    Some(self.change(sec, cd, why, Vec::new()))
                }
                None => None,
            };
            self.fact(
                sec,
                FactKey::ExpenditureByCode {
                    code: c.clone(),
                    name,
                },
                Some(ca),
                change,
                &t,
            );
            parts.push(t);
        }
        let mut text = lead_sentence(head, &money(a), &parts, !self.cx.prior.by_class.is_empty());
        let mut fact_text = format!("{head}{}", money(a));
        let change = match &d {
            Some(d) => {
                let items = self
                    .class_items(false)
                    .or_else(|| self.source_spending_items());
                let (reasons, by) = match items {
                    Some(items) => self.contributors(sec, items, a),
                    None => (Vec::new(), String::new()),
                };
                let why = self.why("expenditure_total", "支出");
                let explained = !reasons.is_empty() || why.is_some();
                self.need_reason("expenditure_total", "支出", Some(d), explained);
                let ly = self.cx.last_year();
                let words = format!(
                    "支出较{ly}年{}{}{}",
                    self.change_words(d)
                        .trim_start_matches(&format!("比{ly}年"))
                        .trim_start_matches(&format!("与{ly}年")),
                    by,
                    Self::because(&why)
                );
                text.push_str(&words);
                text.push('。');
                fact_text = format!("{fact_text}。{words}");
                Some(self.change(sec, d, why, reasons))
            }
            None => None,
        };
        self.fact(sec, FactKey::ExpenditureTotal, Some(a), change, &fact_text);
        text
    }

    /// One fiscal budget: its income and expenditure, the change and the reason.
    fn fiscal_source(&mut self, sec: &str, s: FundSource, subject: &str, name: &str) -> String {
        let y = self.year();
        let spent = self.cx.ix.exp_under(None, Sources::One(s), Part::Both);
        let got = self.cx.ix.income(Sources::One(s), None);
        if !self.cx.ix.any_money(&self.cx.ix.lines(Sources::One(s))) && got.is_empty() {
            return format!("{y}年无使用{name}拨款安排的支出。");
        }
        let ia = self.amount(&got);
        let it = format!("{y}年{name}财政拨款收入{}", money(ia));
        self.fact(
            sec,
            FactKey::IncomeBySource { source: s },
            Some(ia),
            None,
            &it,
        );
        let prior = self.cx.prior.by_source.get(&s).cloned();
        let (ea, d) = self.compare(&spent, prior.as_ref());
        let mut et = format!("{name}财政拨款支出{}", money(ea));
        let mut text = format!("{it}，{et}");
        let change = match &d {
            Some(d) => {
                let why = self.why(subject, name);
                let words = format!("，{}{}", self.change_words(d), Self::because(&why));
                et.push_str(&words);
                text.push_str(&words);
                let explained = why.is_some()
                    || (s == FundSource::GeneralBudget
                        && self.cx.prior.basic.is_some()
                        && self.cx.prior.project.is_some());
                self.need_reason(subject, name, Some(d), explained);
                Some(self.change(sec, d, why, Vec::new()))
            }
            None => None,
        };
        self.fact(
            sec,
            FactKey::ExpenditureBySource { source: s },
            Some(ea),
            change,
            &et,
        );
        text.push('。');
        if s == FundSource::GeneralBudget {
            let mut parts = Vec::new();
            for (key, part, subject, label) in [
                (FactKey::Basic, Part::Basic, "basic", "基本支出"),
                (FactKey::Project, Part::Project, "project", "项目支出"),
            ] {
                let spec = self.cx.ix.exp_under(None, Sources::One(s), part);
                let prior = match part {
                    Part::Basic => self.cx.prior.basic.clone(),
                    _ => self.cx.prior.project.clone(),
                };
                let (pa, pd) = self.compare(&spec, prior.as_ref());
                let mut t = format!("{label}{}", money(pa));
                let change = match &pd {
                    Some(pd) => {
                        let why = self.why(subject, label);
                        self.need_reason(subject, label, Some(pd), why.is_some());
                        t.push_str(&format!(
                            "，{}{}",
                            self.change_words(pd),
                            Self::because(&why)
                        ));
                        Some(self.change(sec, pd, why, Vec::new()))
                    }
                    None => None,
                };
                self.fact(sec, key, Some(pa), change, &t);
                parts.push(t);
            }
            text.push_str(&format!("其中：{}。", parts.join("；")));
        }
        text
    }

    fn three_public(&mut self, sec: &str) -> String {
        let y = self.year();
        let prior_known = self.cx.prior.three.is_some();
        let t = |l: &[usize]| Spec::new(Fam::Three, l.iter().copied());
        let p = |l: &[usize]| Spec::new(Fam::PriorThree, l.iter().copied());
        let items: [(&[usize], FactKey, &str, &str); 6] = [
            (
                &[0, 1, 2, 3],
                FactKey::ThreePublicTotal,
                "three_public",
                "“三公”经费预算",
            ),
            (&[0], FactKey::Overseas, "overseas", "因公出国（境）费"),
            (&[3], FactKey::Reception, "reception", "公务接待费"),
            (
                &[1, 2],
                FactKey::VehicleTotal,
                "vehicles",
                "公务用车购置及运行维护费",
            ),
            (
                &[1],
                FactKey::VehiclePurchase,
                "vehicle_purchase",
                "公务用车购置费",
            ),
            (
                &[2],
                FactKey::VehicleOperation,
                "vehicle_operation",
                "公务用车运行维护费",
            ),
        ];
        let mut clauses = Vec::new();
        let mut part_reasons = false;
        let mut total_delta = None;
        for (k, (leaves, key, subject, label)) in items.into_iter().enumerate() {
            let prior = prior_known.then(|| p(leaves));
            let (a, d) = self.compare(&t(leaves), prior.as_ref());
            let mut text = if k == 0 {
                format!("{y}年{label}{}", money(a))
            } else {
                format!("{label}{}", money(a))
            };
            let change = match &d {
                Some(d) => {
                    let why = self.why(subject, label);
                    if k > 0 && why.is_some() {
                        part_reasons = true;
                    }
                    text.push_str(&format!(
                        "，{}{}",
                        self.change_words(d),
                        Self::because(&why)
                    ));
                    if k == 0 {
                        total_delta = Some((*d, why.is_some()));
                    }
                    Some(self.change(sec, d, why, Vec::new()))
                }
                None => None,
            };
            self.fact(sec, key, Some(a), change, &text);
            clauses.push(text);
        }
        if let Some((d, has_why)) = total_delta {
            self.need_reason(
                "three_public",
                "“三公”经费",
                Some(&d),
                has_why || part_reasons,
            );
        }
        let [total, overseas, reception, vehicles, purchase, operation] =
            <[String; 6]>::try_from(clauses).unwrap_or_default();
        format!(
            "{total}。其中：{overseas}；{reception}；{vehicles}，其中：{purchase}，{operation}。"
        )
    }

    fn admin_cost(&mut self, sec: &str) -> String {
        let y = self.year();
        let Some(_) = self.cx.ix.b.admin_cost else {
            self.cx.note(BuildNote::warning(
                NoteKind::MissingData,
                "预算没有填写机关运行经费（工作簿「三公经费」表的「机关运行经费」；原生预算为 admin_cost），说明中写为未填报",
            ));
            return format!("{y}年机关运行经费预算数未填报。");
        };
        let cur = Spec::one(Fam::Admin, 0);
        let prior = self.cx.prior.admin.map(|_| Spec::one(Fam::Admin, 1));
        let (a, d) = self.compare(&cur, prior.as_ref());
        let mut t = format!("{y}年机关运行经费预算{}", money(a));
        let change = match &d {
            Some(d) => {
                let why = self.why("admin_cost", "机关运行经费");
                self.need_reason("admin_cost", "机关运行经费", Some(d), why.is_some());
                t.push_str(&format!(
                    "，{}{}",
                    self.change_words(d),
                    Self::because(&why)
                ));
                Some(self.change(sec, d, why, Vec::new()))
            }
            None => None,
        };
        self.fact(sec, FactKey::AdminCost, Some(a), change, &t);
        let mut text = format!("{t}。");
        text.push_str(&self.note_text("admin_cost", &["运行经费"]));
        text
    }

    fn procurement(&mut self, sec: &str) -> String {
        let y = self.year();
        let p = &self.cx.ix.b.procurement;
        let (sme, small) = (p.sme_reserved, p.small_micro_reserved);
        let s = |l: &[usize]| Spec::new(Fam::Proc, l.iter().copied());
        let total = s(&[0, 1, 2]);
        let ta = self.amount(&total);
        let mut text;
        if self.cx.exact(&total).is_zero() {
            text = format!("{y}年本部门无政府采购预算。");
            self.fact(sec, FactKey::ProcurementTotal, Some(ta), None, &text);
        } else {
            let tt = format!("{y}年政府采购预算总额{}", money(ta));
            self.fact(sec, FactKey::ProcurementTotal, Some(ta), None, &tt);
            let mut parts = Vec::new();
            for (leaf, key, label) in [
                (0, FactKey::ProcurementGoods, "政府采购货物预算"),
                (1, FactKey::ProcurementWorks, "政府采购工程预算"),
                (2, FactKey::ProcurementServices, "政府采购服务预算"),
            ] {
                let a = self.amount(&s(&[leaf]));
                let t = format!("{label}{}", money(a));
                self.fact(sec, key, Some(a), None, &t);
                parts.push(t);
            }
            text = format!("{tt}，其中：{}。", parts.join("，"));
        }
        if sme.is_some() {
            let a = self.amount(&s(&[3]));
            let t = format!("面向中小企业预留政府采购项目预算{}", money(a));
            self.fact(sec, FactKey::ProcurementSmeReserved, Some(a), None, &t);
            text.push_str(&t);
            if small.is_some() {
                let b = self.amount(&s(&[4]));
                let t2 = format!("其中预留给小型和微型企业的政府采购项目预算{}", money(b));
                self.fact(sec, FactKey::ProcurementSmallMicro, Some(b), None, &t2);
                text.push_str(&format!("，{t2}"));
            }
            text.push('。');
        } else if small.is_some() {
            let b = self.amount(&s(&[4]));
            let t2 = format!("预留给小型和微型企业的政府采购项目预算{}", money(b));
            self.fact(sec, FactKey::ProcurementSmallMicro, Some(b), None, &t2);
            text.push_str(&format!("{t2}。"));
        }
        text.push_str(&self.note_text("procurement", &["采购"]));
        text
    }

    fn performance(&mut self, sec: &str) -> String {
        let y = self.year();
        let b = self.cx.ix.b;
        let with_goals: Vec<usize> = (0..)
            .zip(&b.projects)
            .filter(|(_, p)| !p.goal.text.trim().is_empty() || !p.goal.indicators.is_empty())
            .map(|(k, _)| k)
            .collect();
        let mut text;
        let n = with_goals.len();
        if n == 0 {
            text = format!("{y}年本部门未编报项目绩效目标。");
            if self.cx.ix.any_money(&self.cx.ix.lines(Sources::All))
                && !self
                    .cx
                    .exact(&self.cx.ix.exp_under(None, Sources::All, Part::Project))
                    .is_zero()
            {
                self.cx.note(BuildNote::warning(
                    NoteKind::MissingData,
                    "有项目支出，但预算中没有编报绩效目标的项目",
                ));
            }
        } else {
            let covered = Spec::new(Fam::Proj, with_goals.iter().copied());
            let ca = self.amount(&covered);
            let project = self.cx.ix.exp_under(None, Sources::All, Part::Project);
            let pa = self.amount(&project);
            let t = format!(
                "{y}年本部门共{n}个项目编报了绩效目标，涉及项目预算{}",
                money(ca)
            );
            self.count(
                sec,
                CountKey::ProjectsWithGoals,
                n as i64,
                &format!("{n}个项目编报了绩效目标"),
            );
            self.fact(sec, FactKey::PerformanceCovered, Some(ca), None, &t);
            text = t;
            if ca.fen == pa.fen {
                text.push_str("，项目支出均实行了绩效目标管理");
            } else if let Some(p) = percent(ca.fen, pa.fen) {
                text.push_str(&format!("，占项目支出{}的{p}", money(pa)));
            }
            text.push('。');
        }
        text.push_str(&self.note_text("performance", &["绩效目标"]));
        text
    }

    fn assets(&mut self, sec: &str) -> String {
        let y = self.year();
        let a = &self.cx.ix.b.assets;
        let mut parts: Vec<String> = Vec::new();
        let mut prefix = a
            .as_of
            .as_deref()
            .map(|d| format!("截至{}，", d.trim()))
            .unwrap_or_default();
        let first_clause = |p: &mut String| std::mem::take(p);
        if let Some(v) = a.vehicles {
            let t = format!("{}本单位共有车辆{v}辆", first_clause(&mut prefix));
            self.count(sec, CountKey::Vehicles, v, &t);
            let mut s = t;
            let kinds: Vec<(String, i64)> = a
                .vehicles_by_kind
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            for (i, (kind, n)) in kinds.into_iter().enumerate() {
                let t = format!("{}{kind}{n}辆", if i == 0 { "其中" } else { "" });
                self.count(sec, CountKey::VehiclesOfKind { kind }, n, &t);
                s.push_str(if i == 0 { "，" } else { "、" });
                s.push_str(&t);
            }
            parts.push(s);
        } else if !a.vehicles_by_kind.is_empty() {
            let kinds: Vec<(String, i64)> = a
                .vehicles_by_kind
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            let mut s = Vec::new();
            for (kind, n) in kinds {
                let t = format!("{}本单位有{kind}{n}辆", first_clause(&mut prefix));
                self.count(sec, CountKey::VehiclesOfKind { kind }, n, &t);
                s.push(t);
            }
            parts.push(s.join("，"));
        }
        if let Some(e) = a.expensive_equipment {
            let t = format!(
                "{}单价100万元（含）以上设备（不含车辆）{e}台（套）",
                first_clause(&mut prefix)
            );
            self.count(sec, CountKey::ExpensiveEquipment, e, &t);
            parts.push(t);
        }
        let mut text = if parts.is_empty() {
            String::new()
        } else {
            format!("{}。", parts.join("；"))
        };
        if let Some(k) = a.vehicles_to_buy {
            let t = if k == 0 {
                format!("{}{y}年无购置车辆计划", first_clause(&mut prefix))
            } else {
                format!("{}{y}年安排购置车辆{k}辆", first_clause(&mut prefix))
            };
            self.count(sec, CountKey::VehiclesToBuy, k, &t);
            text.push_str(&format!("{t}。"));
        }
        if text.is_empty() {
            self.cx.note(BuildNote::warning(
                NoteKind::MissingData,
                "预算没有国有资产占有使用情况（车辆、单价100万元以上设备），说明中写为未填报",
            ));
            text = "国有资产占有使用情况未填报。".to_string();
        }
        text.push_str(&self.note_text("assets", &["车辆", "设备"]));
        text
    }

    /// The sentences of a `narrative.notes` text that state neither amounts nor counts nor what
    /// the generated text already says (words in `covered`); the others are dropped, with a
    /// note.
    fn note_text(&mut self, key: &str, covered: &[&str]) -> String {
        let Some(t) = self.cx.ix.b.narrative.notes.get(key) else {
            return String::new();
        };
        let mut kept = Vec::new();
        let mut dropped = Vec::new();
        for s in sentences(t) {
            if states_money(&s) || states_count(&s) || covered.iter().any(|w| s.contains(w)) {
                dropped.push(s);
            } else {
                let mut s = s;
                if !s.ends_with(['。', '！', '？']) {
                    s.push('。');
                }
                kept.push(s);
            }
        }
        if !dropped.is_empty() {
            self.cx.note(BuildNote::info(
                NoteKind::NoteSentencesDropped {
                    key: key.to_string(),
                },
                format!(
                    "说明「{}」中以下文字含金额、数量或生成的说明已有的内容，未照录（工作簿「说明」表：项目「情况说明」、对象「{0}」；原生预算为 narrative.notes.{key}）：{}",
                    note_label(key),
                    dropped.join("")
                ),
            ));
        }
        kept.concat()
    }

    fn glossary(&mut self, level: u8) {
        let g: Vec<(String, String)> = if self.cx.ix.b.narrative.glossary.is_empty() {
            GLOSSARY
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        } else {
            self.cx.ix.b.narrative.glossary.clone()
        };
        for (k, (term, text)) in g.into_iter().enumerate() {
            self.section(
                Some(format!("（{}）", chinese(k + 1))),
                level,
                term.trim(),
                text.trim().to_string(),
            );
        }
    }

    fn organisation(&mut self, sec: &str) -> String {
        let b = self.cx.ix.b;
        let own = b.narrative.organisation.trim();
        let name = self.cx.unit_name();
        let mut parts = Vec::new();
        // The unit's own text is kept; the lists it leaves out are data and are published
        // after it (a reader, and the importer, find them there).
        if !own.is_empty() {
            parts.push(own.trim_end_matches('。').to_string());
        }
        let deps = &b.unit.internal_departments;
        let subs = &b.unit.subordinate_units;
        let deps = if own.contains("内设机构") {
            &[][..]
        } else {
            &deps[..]
        };
        let subs = if own.contains("下属") || own.contains("二级预算单位") {
            &[][..]
        } else {
            &subs[..]
        };
        if !own.is_empty() && deps.is_empty() && subs.is_empty() {
            return own.to_string();
        }
        if !deps.is_empty() {
            let t = format!("{name}有内设机构{}个", deps.len());
            self.count(sec, CountKey::InternalDepartments, deps.len() as i64, &t);
            parts.push(format!("{t}：{}", deps.join("、")));
        }
        if !subs.is_empty() {
            let t = format!("下属{}个二级预算单位", subs.len());
            self.count(sec, CountKey::SubordinateUnits, subs.len() as i64, &t);
            parts.push(format!("{t}，分别是{}", subs.join("、")));
        }
        if parts.is_empty() {
            self.cx.note(BuildNote::warning(
                NoteKind::MissingData,
                "预算没有机构设置（narrative.organisation、内设机构、下属单位），说明中写为未填报",
            ));
            return "机构设置情况未填报。".to_string();
        }
        format!("{}。", parts.join("。"))
    }

    fn functions(&mut self) -> String {
        let f = self.cx.ix.b.narrative.functions.trim().to_string();
        if f.is_empty() {
            self.cx.note(BuildNote::warning(
                NoteKind::MissingData,
                "预算没有职能职责（narrative.functions），说明中留空",
            ));
        }
        f
    }

    fn prior_missing_note(&mut self) {
        let py = &self.cx.ix.b.prior_year;
        if py == &yusuan_model::budget::PriorYear::default() {
            self.cx.note(BuildNote::info(
                NoteKind::MissingData,
                "预算没有上年数（工作簿「上年数」表；原生预算为 prior_year），说明中未写与上年相比的增减",
            ));
        }
    }

    // ----- layouts -----------------------------------------------------------------------

    fn chongqing(&mut self) {
        self.prior_missing_note();
        let n = |k: usize| Some(chinese(k));
        let sub = |k: usize| Some(format!("（{}）", chinese(k)));
        self.section(n(1), 1, "单位基本情况", String::new());
        let f = self.functions();
        self.section_of(Some(SectionKind::Functions), sub(1), 2, "职能职责", f);
        let o = self.organisation("（二）单位构成");
        self.section_of(Some(SectionKind::Organisation), sub(2), 2, "单位构成", o);
        self.section(n(2), 1, "部门收支总体情况", String::new());
        let head = format!("{}年年初预算数", self.year());
        let t = self.income("（一）收入预算", &head);
        self.section(sub(1), 2, "收入预算", t);
        let t = self.expenditure("（二）支出预算", &head);
        self.section(sub(2), 2, "支出预算", t);
        let sec = "三、部门预算情况说明";
        let mut t = self.fiscal_source(
            sec,
            FundSource::GeneralBudget,
            "general_budget",
            "一般公共预算",
        );
        t.push('\n');
        t.push_str(&self.fiscal_source(sec, FundSource::GovFund, "gov_fund", "政府性基金预算"));
        t.push('\n');
        t.push_str(&self.fiscal_source(
            sec,
            FundSource::StateCapital,
            "state_capital",
            "国有资本经营预算",
        ));
        self.section(n(3), 1, "部门预算情况说明", t);
        let t = self.three_public("四、“三公”经费情况说明");
        self.section(n(4), 1, "“三公”经费情况说明", t);
        self.section(n(5), 1, "其他重要事项的情况说明", String::new());
        let t = self.admin_cost("（一）机关运行经费");
        self.section_of(Some(SectionKind::AdminCost), sub(1), 2, "机关运行经费", t);
        let t = self.procurement("（二）政府采购情况");
        self.section_of(Some(SectionKind::Procurement), sub(2), 2, "政府采购情况", t);
        let t = self.performance("（三）绩效目标设置情况");
        self.section_of(
            Some(SectionKind::Performance),
            sub(3),
            2,
            "绩效目标设置情况",
            t,
        );
        let t = self.assets("（四）国有资产占有使用情况");
        self.section_of(
            Some(SectionKind::Assets),
            sub(4),
            2,
            "国有资产占有使用情况",
            t,
        );
        self.section_of(
            Some(SectionKind::Glossary),
            n(6),
            1,
            "专业性名词解释",
            String::new(),
        );
        self.glossary(2);
    }

    fn shanghai(&mut self) {
        self.prior_missing_note();
        let y = self.year();
        let unit = self.cx.unit_name();
        // A 单位预算 speaks of 单位, a 部门预算 of 部门.
        let who = if self.cx.ix.b.kind == DocKind::UnitBudget {
            "单位"
        } else {
            "部门"
        };
        let f = self.functions();
        self.section_of(
            Some(SectionKind::Functions),
            None,
            0,
            &format!("{unit}（{who}）主要职能"),
            f,
        );
        let sec = format!("{unit}（{who}）机构设置");
        let o = self.organisation(&sec);
        self.section_of(Some(SectionKind::Organisation), None, 0, &sec, o);
        self.section_of(
            Some(SectionKind::Glossary),
            None,
            0,
            "名词解释",
            String::new(),
        );
        self.glossary(2);
        let sec = format!("{y}年{who}预算编制说明");
        let mut t = self.income(&sec, &format!("{y}年，{unit}收入预算"));
        t.push('\n');
        t.push_str(&self.expenditure(&sec, "支出预算"));
        for (s, subject, name) in [
            (FundSource::GeneralBudget, "general_budget", "一般公共预算"),
            (FundSource::GovFund, "gov_fund", "政府性基金预算"),
            (
                FundSource::StateCapital,
                "state_capital",
                "国有资本经营预算",
            ),
        ] {
            t.push('\n');
            t.push_str(&self.fiscal_source(&sec, s, subject, name));
        }
        let items = self.items(&sec);
        if !items.is_empty() {
            t.push_str("\n一般公共预算财政拨款支出主要内容如下：");
            for (k, i) in items.into_iter().enumerate() {
                t.push_str(&format!("\n{}. {i}", k + 1));
            }
        }
        self.section(None, 0, &sec, t);
        self.section(None, 0, "其他相关情况说明", String::new());
        let n = |k: usize| Some(chinese(k));
        let t = self.three_public(&format!("一、{y}年“三公”经费预算情况说明"));
        self.section(n(1), 1, &format!("{y}年“三公”经费预算情况说明"), t);
        let t = self.admin_cost("二、机关运行经费预算");
        self.section_of(Some(SectionKind::AdminCost), n(2), 1, "机关运行经费预算", t);
        let t = self.procurement("三、政府采购预算情况");
        self.section_of(
            Some(SectionKind::Procurement),
            n(3),
            1,
            "政府采购预算情况",
            t,
        );
        let t = self.performance("四、绩效目标设置情况");
        self.section_of(
            Some(SectionKind::Performance),
            n(4),
            1,
            "绩效目标设置情况",
            t,
        );
        let t = self.assets("五、国有资产占有使用情况");
        self.section_of(
            Some(SectionKind::Assets),
            n(5),
            1,
            "国有资产占有使用情况",
            t,
        );
        // The 部门预算 explains its projects; a 单位预算 does not (the profile says which).
        let projects = self
            .cx
            .layout
            .profile
            .sections
            .iter()
            .any(|s| s.named_in("项目经费情况说明"));
        if projects {
            self.projects();
        }
    }

    /// 上海's list of 一般公共预算 项 with their amounts, in the style's form: the path with its
    /// levels (`一般公共服务支出（类）人大事务（款）行政运行（项）`), the path joined by `-`, or
    /// one item per 类 (`“一般公共服务支出”科目…`).
    fn items(&mut self, sec: &str) -> Vec<String> {
        let form = self.cx.layout.items();
        if form == ItemForm::None {
            return Vec::new();
        }
        let ix = self.cx.ix;
        let lines: Vec<usize> = ix
            .lines(Sources::One(FundSource::GeneralBudget))
            .into_iter()
            .filter(|&i| ix.any_money(&[i]))
            .collect();
        let codes: Vec<Code> = if form == ItemForm::ClassOnly {
            let mut v: Vec<Code> = lines
                .iter()
                .filter_map(|&i| ix.b.expenditure.get(i))
                .map(|l| l.code.class())
                .collect();
            v.sort();
            v.dedup();
            v
        } else {
            ix.codes_of(&lines)
                .into_iter()
                .filter(|code| {
                    lines
                        .iter()
                        .any(|&i| ix.b.expenditure.get(i).is_some_and(|l| l.code == *code))
                })
                .collect()
        };
        let mut out = Vec::new();
        for code in codes {
            let mut chain = Vec::new();
            let mut c = Some(code.clone());
            while let Some(x) = c {
                let name = ix.fn_name(&x).unwrap_or_default();
                let (open, close) = if self.cx.layout.knobs.half_width_brackets {
                    ('(', ')')
                } else {
                    ('（', '）')
                };
                let lvl = x.level(Scheme::Function).map(|l| l.label()).unwrap_or("");
                chain.push(match form {
                    ItemForm::Levels => format!("{name}{open}{lvl}{close}"),
                    // The level's own digits: `201` for the 类, `01` for a 款 or 项.
                    ItemForm::CodedLevels => {
                        let own = x.parent().map_or(0, |p| p.as_str().len());
                        let digits = x.as_str().get(own..).unwrap_or_default();
                        format!("{name}{open}{digits}{lvl}{close}")
                    }
                    _ => name,
                });
                c = x.parent();
            }
            chain.reverse();
            let path = match form {
                ItemForm::Dashes => chain.join("-"),
                _ => chain.concat(),
            };
            let spec = ix.exp_under(
                Some(&code),
                Sources::One(FundSource::GeneralBudget),
                Part::Both,
            );
            let a = self.amount(&spec);
            let name = ix.fn_name(&code).unwrap_or_default();
            let t = format!("“{path}”科目{}", money(a));
            self.fact(
                sec,
                FactKey::ExpenditureByCode { code, name },
                Some(a),
                None,
                &t,
            );
            out.push(format!("{t}。"));
        }
        out
    }

    /// 上海's 项目经费情况说明.
    fn projects(&mut self) {
        let y = self.year();
        let b = self.cx.ix.b;
        if b.projects.is_empty() {
            self.section(
                None,
                0,
                "项目经费情况说明",
                format!("本部门{y}年无项目经费。"),
            );
            return;
        }
        self.section(None, 0, "项目经费情况说明", String::new());
        for (k, p) in b.projects.iter().enumerate() {
            let title = p.name.trim().to_string();
            let sec = format!("{}、{title}", chinese(k + 1));
            let a = self.amount(&Spec::one(Fam::Proj, k));
            let mut lines = Vec::new();
            if !p.overview.trim().is_empty() {
                lines.push(format!("项目概况：{}", p.overview.trim()));
            }
            if !p.basis.trim().is_empty() {
                lines.push(format!("立项依据：{}", p.basis.trim()));
            }
            let t = format!("{y}年预算{}", money(a));
            self.fact(
                &sec,
                FactKey::ProjectAmount {
                    name: title.clone(),
                },
                Some(a),
                None,
                &t,
            );
            lines.push(format!("年度预算安排：{t}。"));
            if !p.goal.text.trim().is_empty() {
                lines.push(format!("绩效目标：{}", p.goal.text.trim()));
            }
            self.section(Some(chinese(k + 1)), 1, &title, lines.join("\n"));
        }
    }
}

/// The narrative, in the profile's narrative style.
pub fn narrative(cx: &mut Ctx) -> Narrative {
    let style = cx.layout.build.narrative_style;
    let mut n = Nar {
        cx,
        sections: Vec::new(),
        facts: Vec::new(),
        counts: Vec::new(),
        asked: Vec::new(),
    };
    match style {
        Style::Shanghai => n.shanghai(),
        Style::Chongqing => n.chongqing(),
    }
    let unused: Vec<String> =
        n.cx.ix
            .b
            .narrative
            .reasons
            .iter()
            .filter(|r| !n.asked.contains(&r.subject))
            .map(|r| format!("{}（{}）", r.subject, r.text.trim()))
            .collect();
    if !unused.is_empty() {
        n.cx.note(BuildNote::info(
            NoteKind::MissingData,
            format!(
                "以下增减原因没有对应的与上年比较（缺少上年数或该项无数），未使用：{}",
                unused.join("；")
            ),
        ));
    }
    Narrative {
        sections: n.sections,
        facts: n.facts,
        counts: n.counts,
    }
}

/// `收入预算 X 万元，其中：A，B。`: a total and its parts. Parts that carry their own change
/// clauses (last year's figures are known) are separated by semicolons.
fn lead_sentence(head: &str, amount: &str, parts: &[String], with_changes: bool) -> String {
    let mut text = format!("{head}{amount}");
    if !parts.is_empty() {
        let sep = if with_changes { "；" } else { "，" };
        text.push_str(&format!("，其中：{}", parts.join(sep)));
    }
    text.push('。');
    text
}

/// The Chinese name of a `narrative.notes` key: the 对象 a unit writes on the workbook's 说明
/// sheet.
fn note_label(key: &str) -> &str {
    match key {
        "admin_cost" => "机关运行经费",
        "procurement" => "政府采购",
        "performance" => "绩效目标",
        "assets" => "国有资产",
        other => other,
    }
}
