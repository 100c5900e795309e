//! Book-keeping while importing: what each line was used for, and the problems found.
//! At the end every non-blank line is either understood, deliberately ignored, or reported as
//! unexplained, so nothing is dropped silently.

use crate::source::SourceText;
use std::collections::HashMap;
use yusuan_model::{Coverage, Diagnostic, DiagnosticSeverity, Provenance, UnexplainedLine};

#[derive(Clone, Debug, PartialEq)]
pub enum LineUse {
    Unused,
    Understood,
    /// Skipped on purpose: a running header, a page number, contents leaders …
    Ignored(&'static str),
    /// Looked at but not understood, with why.
    Unexplained(String),
}

pub struct Context<'a> {
    pub src: &'a SourceText,
    uses: Vec<LineUse>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where each cell of a line is in a structured source (`工作表「表一」C5`), by line and grid
    /// column: set by the reader that knows, written into the cells' provenance.
    cell_places: HashMap<(u32, usize), String>,
}

impl<'a> Context<'a> {
    pub fn new(src: &'a SourceText) -> Context<'a> {
        let mut uses = vec![LineUse::Unused; src.lines.len()];
        for u in uses.iter_mut().take(src.header_lines as usize) {
            *u = LineUse::Ignored("来源说明 (provenance header)");
        }
        Context {
            src,
            uses,
            diagnostics: Vec::new(),
            cell_places: HashMap::new(),
        }
    }

    /// Record where the cell at grid column `col` of line `line` is in the source.
    pub fn set_cell_place(&mut self, line: u32, col: usize, place: String) {
        self.cell_places.insert((line, col), place);
    }

    /// Where the cell at grid column `col` of line `line` is in the source, where known.
    pub fn cell_place(&self, line: u32, col: usize) -> Option<&str> {
        self.cell_places.get(&(line, col)).map(String::as_str)
    }

    /// Provenance of a whole line.
    pub fn prov(&self, line: u32) -> Provenance {
        let page = self.src.line(line).and_then(|l| l.page);
        Provenance::at_line(&self.src.file, line, page)
    }

    fn slot(&mut self, line: u32) -> Option<&mut LineUse> {
        self.uses.get_mut(line.checked_sub(1)? as usize)
    }

    pub fn understood(&mut self, line: u32) {
        if let Some(u) = self.slot(line) {
            *u = LineUse::Understood;
        }
    }

    pub fn ignored(&mut self, line: u32, why: &'static str) {
        if let Some(u) = self.slot(line) {
            *u = LineUse::Ignored(why);
        }
    }

    pub fn unexplained(&mut self, line: u32, why: impl Into<String>) {
        if let Some(u) = self.slot(line) {
            *u = LineUse::Unexplained(why.into());
        }
    }

    pub fn use_of(&self, line: u32) -> Option<&LineUse> {
        self.uses.get(line.checked_sub(1)? as usize)
    }

    pub fn is_unused(&self, line: u32) -> bool {
        matches!(self.use_of(line), Some(LineUse::Unused))
    }

    pub fn diag(
        &mut self,
        severity: DiagnosticSeverity,
        prov: Provenance,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            severity,
            message: message.into(),
            prov,
        });
    }

    pub fn warn(&mut self, prov: Provenance, message: impl Into<String>) {
        self.diag(DiagnosticSeverity::Warning, prov, message)
    }

    pub fn error(&mut self, prov: Provenance, message: impl Into<String>) {
        self.diag(DiagnosticSeverity::Error, prov, message)
    }

    /// The coverage report: counts, and every non-blank line not understood or ignored.
    pub fn coverage(&self) -> Coverage {
        let mut c = Coverage {
            total_lines: self.src.lines.len() as u32,
            ..Default::default()
        };
        for (line, u) in self.src.lines.iter().zip(&self.uses) {
            if line.is_blank() {
                c.blank_lines += 1;
                continue;
            }
            match u {
                LineUse::Understood => c.understood_lines += 1,
                LineUse::Ignored(_) => c.ignored_lines += 1,
                LineUse::Unused => c.unexplained.push(UnexplainedLine {
                    line: line.no,
                    page: line.page,
                    text: line.trimmed().to_string(),
                    reason: "未识别的行 (not recognised)".into(),
                }),
                LineUse::Unexplained(why) => c.unexplained.push(UnexplainedLine {
                    line: line.no,
                    page: line.page,
                    text: line.trimmed().to_string(),
                    reason: why.clone(),
                }),
            }
        }
        c
    }
}
