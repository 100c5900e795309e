//! Splitting a document into narrative and tables, by recognising table titles.

use crate::context::Context;
use crate::source::SourceText;
use crate::titles::{classify_title, strip_number, table_label, TitleKind};

/// A table's place in the document: its title and the lines up to the next table.
#[derive(Clone, Debug, PartialEq)]
pub struct TableBlock {
    pub kind: TitleKind,
    pub number: Option<String>,
    pub title: String,
    /// The title line (1-based).
    pub title_line: u32,
    /// The label line (`表一`) when the number stood on a line of its own.
    pub label_line: Option<u32>,
    /// Lines after the title up to (not including) the next block's first line.
    pub body: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Narrative(Vec<u32>),
    Table(TableBlock),
}

/// Split the document. Title and label lines are marked understood; body lines are left for
/// the table readers, which hand back what they do not use.
pub fn segment(src: &SourceText, ctx: &mut Context) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut narrative: Vec<u32> = Vec::new();
    let mut current: Option<TableBlock> = None;
    let mut pending_label: Option<(String, u32)> = None;
    let lines = &src.lines[src.header_lines as usize..];
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            if let Some(t) = current.as_mut() {
                t.body.push(line.no);
            } else {
                narrative.push(line.no);
            }
            continue;
        }
        if let Some(label) = table_label(&line.text) {
            // A label counts only when a title follows among the next few lines.
            let title_follows = lines[i + 1..]
                .iter()
                .filter(|l| !l.is_blank())
                .take(2)
                .any(|l| classify_title(&l.text).is_some());
            if title_follows {
                if let Some((old, old_line)) = pending_label.take() {
                    ctx.unexplained(
                        old_line,
                        format!("表号「{old}」后没有表题 (table label without a title)"),
                    );
                }
                pending_label = Some((label, line.no));
                continue;
            }
        }
        if let Some(kind) = classify_title(&line.text) {
            if let Some(t) = current.take() {
                blocks.push(Block::Table(t));
            } else if !narrative.is_empty() {
                blocks.push(Block::Narrative(std::mem::take(&mut narrative)));
            }
            let squashed = crate::titles::squash(&line.text);
            let (num_in_title, title) = strip_number(&squashed);
            let (number, label_line) = match pending_label.take() {
                Some((l, no)) => (Some(l), Some(no)),
                None => (num_in_title, None),
            };
            if let Some(no) = label_line {
                ctx.understood(no);
            }
            ctx.understood(line.no);
            current = Some(TableBlock {
                kind,
                number,
                title: title.to_string(),
                title_line: line.no,
                label_line,
                body: Vec::new(),
            });
            continue;
        }
        if let Some((old, old_line)) = pending_label.take() {
            ctx.unexplained(
                old_line,
                format!("表号「{old}」后没有表题 (table label without a title)"),
            );
        }
        match current.as_mut() {
            Some(t) => t.body.push(line.no),
            None => narrative.push(line.no),
        }
    }
    if let Some(t) = current.take() {
        blocks.push(Block::Table(t));
    }
    if !narrative.is_empty() {
        blocks.push(Block::Narrative(narrative));
    }
    blocks
}
