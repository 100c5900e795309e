//! Compact builders for the small hand-made disclosures that rule tests check.
//!
//! Every value gets a line in the file `t.txt`, so tests can assert where a finding points.

use crate::{Cx, Finding, Rule};
use std::sync::Arc;
use yusuan_model::{
    parse_amount, AmountFact, Catalog, Cell, Code, Column, ColumnKey, Diagnostic,
    DiagnosticSeverity, Disclosure, Fact, FactKey, Indicator, Nature, Note, PerformanceKind,
    PerformanceTable, Provenance, Region, Row, RowKind, Scheme, Section, Side, SourceInfo, Table,
    TableKind, TextField, UnexplainedLine, Weight,
};

pub const FILE: &str = "t.txt";

pub fn file() -> Arc<str> {
    Arc::from(FILE)
}

/// Provenance of a whole line of `t.txt`.
pub fn at(line: u32) -> Provenance {
    Provenance::at_line(&file(), line, None)
}

/// An amount in 万元 as printed (`1,248.18`); blank or unreadable text gives `None`.
pub fn wan(s: &str) -> Option<yusuan_model::Amount> {
    parse_amount(s, yusuan_model::MoneyUnit::WanYuan)
        .ok()
        .flatten()
}

/// An empty disclosure read from `t.txt`.
pub fn doc() -> Disclosure {
    Disclosure {
        source: SourceInfo {
            file: file(),
            format: "test".into(),
            pages: None,
            lines: 0,
            text: Vec::new(),
            cut_text: Vec::new(),
        },
        ..Default::default()
    }
}

/// Run one rule over a disclosure with a region's profile (its departmental budget), the
/// embedded catalogue and 2025.
pub fn run(rule: &dyn Rule, doc: &Disclosure, region: Region) -> Vec<Finding> {
    run_with(rule, doc, crate::profile::for_region(region))
}

/// Run one rule over a disclosure with a profile, the embedded catalogue and 2025.
pub fn run_with(
    rule: &dyn Rule,
    doc: &Disclosure,
    profile: &crate::profile::Profile,
) -> Vec<Finding> {
    let cx = Cx::new(doc, Catalog::embedded(), 2025, profile);
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    out
}

/// The first line each finding points at.
pub fn lines(findings: &[Finding]) -> Vec<u32> {
    findings
        .iter()
        .filter_map(|f| f.primary().and_then(|p| p.line))
        .collect()
}

/// Builds a [`Table`]: title on `line`, each row on the next line.
pub struct TableBuilder {
    t: Table,
    next: u32,
    side: Side,
}

/// A table of `kind` titled with the kind's label, with one `合计` column.
pub fn table(kind: TableKind, line: u32) -> TableBuilder {
    let name: Arc<str> = Arc::from(kind.label());
    TableBuilder {
        t: Table {
            kind,
            number: None,
            title: kind.label().to_string(),
            unit: Some(yusuan_model::MoneyUnit::WanYuan),
            compiler: None,
            columns: vec![Column {
                figure: None,
                key: ColumnKey::Total,
                label: "合计".into(),
                side: Side::Single,
                year: None,
                part: 0,
            }],
            rows: Vec::new(),
            notes: Vec::new(),
            empty_note: None,
            prov: at(line).with_table(&name),
            end_line: line,
            doubt: None,
        },
        next: line + 1,
        side: Side::Single,
    }
}

impl TableBuilder {
    pub fn number(mut self, n: &str) -> Self {
        self.t.number = Some(n.to_string());
        self
    }

    pub fn title(mut self, title: &str) -> Self {
        self.t.title = title.to_string();
        self
    }

    /// Replace the columns (all on the current side).
    pub fn columns(mut self, keys: &[ColumnKey]) -> Self {
        self.t.columns = keys
            .iter()
            .map(|k| Column {
                figure: None,
                key: *k,
                label: k.label().into(),
                side: self.side,
                year: None,
                part: 0,
            })
            .collect();
        self
    }

    /// Replace the columns with items each shown as two figures (the 决算's 三公 table):
    /// `(item, figure)` in column order, labelled `因公出国（境）费 预算数`.
    pub fn figure_columns(mut self, cols: &[(ColumnKey, yusuan_model::Figure)]) -> Self {
        self.t.columns = cols
            .iter()
            .map(|&(k, f)| Column {
                figure: Some(f),
                key: k,
                label: format!("{} {}", k.label(), f.label()),
                side: self.side,
                year: None,
                part: 0,
            })
            .collect();
        self
    }

    /// Rows added from now on are on this side.
    pub fn side(mut self, side: Side) -> Self {
        self.side = side;
        self
    }

    /// A row with amounts in column order (`""` for a blank cell).
    pub fn row(mut self, kind: RowKind, code: Option<&str>, label: &str, amounts: &[&str]) -> Self {
        let line = self.next;
        self.next += 1;
        let name: Arc<str> = Arc::from(self.t.display_name().as_str());
        let code = code.and_then(Code::parse);
        let row_name = code
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_else(|| label.to_string());
        let prov = at(line).with_table(&name).with_row(row_name);
        let cells = self
            .t
            .columns
            .iter()
            .enumerate()
            .zip(amounts)
            .map(|((i, c), text)| Cell {
                column: c.key,
                col: i,
                amount: wan(text),
                text: text.to_string(),
                prov: prov.clone().with_column(c.label.clone()),
                doubtful: false,
            })
            .collect();
        self.t.rows.push(Row {
            kind,
            side: self.side,
            code,
            label: label.to_string(),
            cells,
            prov,
            catalog: None,
            malformed_code: None,
            part: 0,
            funding: None,
            carried_forward: false,
            procurement: None,
        });
        self.t.end_line = line;
        self
    }

    pub fn coded(self, code: &str, label: &str, amounts: &[&str]) -> Self {
        self.row(RowKind::Coded, Some(code), label, amounts)
    }

    pub fn line(self, label: &str, amounts: &[&str]) -> Self {
        self.row(RowKind::Line, None, label, amounts)
    }

    pub fn total(self, amounts: &[&str]) -> Self {
        self.row(RowKind::Total, None, "合计", amounts)
    }

    fn note_at(&mut self, text: &str) -> Note {
        let line = self.next;
        self.next += 1;
        self.t.end_line = line;
        let name: Arc<str> = Arc::from(self.t.display_name().as_str());
        Note {
            text: text.to_string(),
            prov: at(line).with_table(&name),
        }
    }

    pub fn note(mut self, text: &str) -> Self {
        let n = self.note_at(text);
        self.t.notes.push(n);
        self
    }

    pub fn empty_note(mut self, text: &str) -> Self {
        let n = self.note_at(text);
        self.t.empty_note = Some(n);
        self
    }

    /// Mark coded rows against the embedded catalogue as the importer does.
    pub fn marked(mut self, year: u16) -> Self {
        let scheme = match self.t.kind {
            TableKind::GeneralBudgetBasicEconomic => Scheme::Economic,
            _ => Scheme::Function,
        };
        for r in &mut self.t.rows {
            if let Some(c) = &r.code {
                r.catalog = Some(Catalog::embedded().check_name(scheme, c, year, &r.label));
            }
        }
        self
    }

    pub fn build(self) -> Table {
        self.t
    }
}

/// Builds a [`PerformanceTable`]: title on `line`, each field or indicator on the next line.
pub struct PerfBuilder {
    p: PerformanceTable,
    next: u32,
}

pub fn perf(kind: PerformanceKind, line: u32) -> PerfBuilder {
    let title = match kind {
        PerformanceKind::Overall => "部门（单位）整体绩效目标表",
        PerformanceKind::KeyProject => "重点专项资金绩效目标表",
        PerformanceKind::Project => "一般性项目绩效目标表",
    };
    let name: Arc<str> = Arc::from(title);
    PerfBuilder {
        p: PerformanceTable {
            kind,
            number: None,
            title: title.to_string(),
            unit: Some(yusuan_model::MoneyUnit::WanYuan),
            compiler: None,
            name: None,
            department: None,
            budget: None,
            overview: None,
            basis: None,
            goal: None,
            indicators: Vec::new(),
            empty_note: None,
            prov: at(line).with_table(&name),
            end_line: line,
            doubt: None,
        },
        next: line + 1,
    }
}

impl PerfBuilder {
    fn take_line(&mut self) -> Provenance {
        let line = self.next;
        self.next += 1;
        self.p.end_line = line;
        let name: Arc<str> = Arc::from(self.display().as_str());
        at(line).with_table(&name)
    }

    fn display(&self) -> String {
        match &self.p.number {
            Some(n) => format!("{n} {}", self.p.title),
            None => self.p.title.clone(),
        }
    }

    pub fn number(mut self, n: &str) -> Self {
        self.p.number = Some(n.to_string());
        self
    }

    pub fn name(mut self, name: &str) -> Self {
        let prov = self.take_line().with_row("项目名称");
        self.p.name = Some(TextField {
            text: name.to_string(),
            prov,
        });
        self
    }

    pub fn budget(mut self, amount: &str) -> Self {
        let prov = self.take_line().with_row("当年预算");
        if let Some(a) = wan(amount) {
            self.p.budget = Some(AmountFact { amount: a, prov });
        }
        self
    }

    /// An indicator: name, weight, nature, value, unit and 是否核心 as printed.
    pub fn indicator(
        mut self,
        name: &str,
        weight: &str,
        nature: &str,
        value: &str,
        unit: &str,
        core: &str,
    ) -> Self {
        let prov = self.take_line().with_row(name);
        self.p.indicators.push(Indicator {
            category: None,
            name: name.to_string(),
            weight: Weight::parse(weight),
            weight_text: weight.to_string(),
            nature: Nature::parse(nature),
            nature_text: nature.to_string(),
            value: value.to_string(),
            unit: unit.to_string(),
            core: match core {
                "是" => Some(true),
                "否" => Some(false),
                _ => None,
            },
            prov,
        });
        self
    }

    pub fn empty_note(mut self, text: &str) -> Self {
        let prov = self.take_line();
        self.p.empty_note = Some(Note {
            text: text.to_string(),
            prov,
        });
        self
    }

    pub fn build(self) -> PerformanceTable {
        self.p
    }
}

/// A narrative section on `line` (its text on the same line).
pub fn section(number: Option<&str>, level: u8, title: &str, text: &str, line: u32) -> Section {
    Section {
        number: number.map(str::to_string),
        level,
        title: title.to_string(),
        text: text.to_string(),
        kind: None,
        prov: at(line),
        end_line: line,
    }
}

/// A stated amount in 万元 on `line`.
pub fn fact(key: FactKey, amount: &str, text: &str, line: u32) -> Fact {
    Fact {
        figure: None,
        key,
        amount: wan(amount),
        change: None,
        text: text.to_string(),
        section: None,
        prov: at(line),
    }
}

pub fn diagnostic(severity: DiagnosticSeverity, message: &str, line: u32) -> Diagnostic {
    Diagnostic {
        severity,
        message: message.to_string(),
        prov: at(line),
    }
}

pub fn unexplained(line: u32, text: &str) -> UnexplainedLine {
    UnexplainedLine {
        line,
        page: None,
        text: text.to_string(),
        reason: "未识别的行 (not recognised)".into(),
    }
}

/// A stated change of an item, in one direction, for the reason given (`reason_text`).
pub fn change_with_reason(dir: yusuan_model::Direction, reason: &str, line: u32) -> Fact {
    Fact {
        figure: None,
        key: FactKey::Other {
            label: "项目".into(),
        },
        amount: None,
        change: Some(yusuan_model::Change {
            direction: dir,
            amount: None,
            percent: None,
            versus_year: None,
            reasons: Vec::new(),
            reason_text: Some(reason.into()),
            prov: at(line),
        }),
        text: format!("项目{line}"),
        section: None,
        prov: at(line),
    }
}
