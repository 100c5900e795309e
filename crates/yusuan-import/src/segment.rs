//! Splitting a document into narrative and tables, by recognising table titles.
//!
//! Three things look like a table title and are not one: a table of contents without leaders
//! (`1. 2025年部门财务收支预算总表` on one line after another, or `一、收支预算总表` …), whose
//! entries are set apart as contents; a label line (`表一`, `公开01表`) that belongs to the
//! title after it; and a title broken over two lines (`“三公”经费、会议费、培训费支出预算` + `表`),
//! joined back.

use crate::context::Context;
use crate::source::{Line, SourceText};
use crate::titles::{classify_title, is_cn_digit, squash, strip_number, table_label, TitleKind};
use std::collections::HashSet;

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

/// The longest tail of a title broken over two lines (`表`, `出预算表`).
const MAX_TITLE_TAIL: usize = 6;

/// A title at `lines[i]`: its family, its text (joined when it runs onto the next line) and how
/// many lines it takes.
pub fn title_at(lines: &[Line], i: usize) -> Option<(TitleKind, String, usize)> {
    let line = lines.get(i)?;
    // The line without its spaces: what the title readers look at (they squash what they get).
    let t = line.squashed();
    if let Some(kind) = classify_title(t) {
        return Some((kind, t.to_string(), 1));
    }
    // `“三公”经费、会议费、培训费支出预算` + `表` on the next non-blank line.
    if t.is_empty() || t.ends_with('表') || table_label(t).is_some() {
        return None;
    }
    let (k, next) = lines
        .iter()
        .enumerate()
        .skip(i + 1)
        .find(|(_, l)| !l.is_blank())?;
    let tail = next.squashed();
    // A title is broken on its own page, and a tail that is a title by itself (`支出预算总表`
    // after a table's last row `其中：动用上年结转…`) is that title, not the end of this line.
    if tail.chars().count() > MAX_TITLE_TAIL
        || !tail.ends_with('表')
        || next.page != line.page
        || classify_title(tail).is_some()
    {
        return None;
    }
    let joined = format!("{t}{tail}");
    classify_title(&joined).map(|kind| (kind, joined, k - i + 1))
}

/// A part heading of the narrative (`第三部分 …部门决算情况说明`): no table runs past it.
fn is_part_heading(line: &str) -> bool {
    let t = squash(line);
    let Some(rest) = t.strip_prefix('第') else {
        return false;
    };
    let n = rest.chars().take_while(|c| is_cn_digit(*c)).count();
    n > 0 && rest.chars().skip(n).collect::<String>().starts_with("部分")
}

/// A contents entry's own number: `一、`, `十二、`, `1.`, `4．`, `1 `.
fn has_entry_number(line: &str) -> bool {
    let t = line.trim();
    let after_cn = t.trim_start_matches(is_cn_digit);
    if after_cn.len() < t.len() {
        return after_cn.starts_with('、');
    }
    let after_digits = t.trim_start_matches(|c: char| c.is_ascii_digit());
    // The digits are ASCII: one byte each.
    let digits = t.len() - after_digits.len();
    (1..=2).contains(&digits) && after_digits.starts_with(['.', '．', '、', ' ', '\u{3000}'])
}

/// The lines of tables of contents written without leaders: three or more table titles in a
/// row (blank lines between them allowed), with the numbered titles that follow the run within
/// a few lines (`十二、政府采购支出预算表` after an entry the reader could not take for a title).
pub fn contents_lines(lines: &[Line]) -> HashSet<u32> {
    let mut out = HashSet::new();
    // The lines of the entries in a row, and how many entries.
    let mut run: Vec<u32> = Vec::new();
    let mut entries = 0usize;
    let mut run_numbered = false;
    // Non-blank lines since the last entry of a finished run, and whether one is open.
    let mut after_run: Option<usize> = None;
    let flush = |run: &mut Vec<u32>, entries: &mut usize, out: &mut HashSet<u32>| -> bool {
        let long = *entries >= 3;
        if long {
            out.extend(run.iter().copied());
        }
        run.clear();
        *entries = 0;
        long
    };
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if line.is_blank() {
            i += 1;
            continue;
        }
        if let Some((_, _, span)) = title_at(lines, i) {
            let numbered = has_entry_number(&line.text);
            if after_run.is_some() && numbered {
                // A straggler of the run just closed.
                out.extend(lines.iter().skip(i).take(span).map(|l| l.no));
                after_run = Some(0);
            } else {
                // Entries of one contents are numbered alike: an unnumbered title after
                // numbered entries is the first table (`收支预算总表` after `十二、…`).
                if entries > 0 && run_numbered && !numbered {
                    flush(&mut run, &mut entries, &mut out);
                }
                if entries == 0 {
                    run_numbered = numbered;
                }
                after_run = None;
                run.extend(lines.iter().skip(i).take(span).map(|l| l.no));
                entries += 1;
            }
            i += span;
            continue;
        }
        if flush(&mut run, &mut entries, &mut out) {
            after_run = Some(0);
        }
        if let Some(n) = after_run.as_mut() {
            *n += 1;
            if *n > 3 {
                after_run = None;
            }
        }
        i += 1;
    }
    flush(&mut run, &mut entries, &mut out);
    out
}

/// Split the document. Title and label lines are marked understood; body lines are left for
/// the table readers, which hand back what they do not use. Contents entries are marked as
/// such and go to neither.
pub fn segment(src: &SourceText, ctx: &mut Context) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut narrative: Vec<u32> = Vec::new();
    let mut current: Option<TableBlock> = None;
    let mut pending_label: Option<(String, u32)> = None;
    let lines = src.body();
    let contents = contents_lines(lines);
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i += 1;
        if line.is_blank() {
            if let Some(t) = current.as_mut() {
                t.body.push(line.no);
            } else {
                narrative.push(line.no);
            }
            continue;
        }
        if contents.contains(&line.no) {
            ctx.ignored(line.no, "目录 (contents)");
            continue;
        }
        if let Some(label) = table_label(line.squashed()) {
            // A label counts only when a title follows among the next few lines.
            let title_follows = (i..)
                .zip(lines.iter().skip(i))
                .filter(|(_, l)| !l.is_blank())
                .take(2)
                .any(|(k, _)| title_at(lines, k).is_some());
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
        if let Some((kind, text, span)) = title_at(lines, i - 1) {
            if let Some(t) = current.take() {
                blocks.push(Block::Table(t));
            } else if !narrative.is_empty() {
                blocks.push(Block::Narrative(std::mem::take(&mut narrative)));
            }
            let (num_in_title, title) = strip_number(&text);
            let (number, label_line) = match pending_label.take() {
                Some((l, no)) => (Some(l), Some(no)),
                None => (num_in_title, None),
            };
            if let Some(no) = label_line {
                ctx.understood(no);
            }
            ctx.understood(line.no);
            let mut body = Vec::new();
            // The rest of a title broken over two lines.
            for l in lines.iter().skip(i).take(span.saturating_sub(1)) {
                if l.is_blank() {
                    body.push(l.no);
                } else {
                    ctx.understood(l.no);
                }
            }
            i += span - 1;
            current = Some(TableBlock {
                kind,
                number,
                title: title.to_string(),
                title_line: line.no,
                label_line,
                body,
            });
            continue;
        }
        if let Some((old, old_line)) = pending_label.take() {
            ctx.unexplained(
                old_line,
                format!("表号「{old}」后没有表题 (table label without a title)"),
            );
        }
        // The narrative's next part begins: the table before it has ended.
        if current.is_some() && is_part_heading(&line.text) {
            if let Some(t) = current.take() {
                blocks.push(Block::Table(t));
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::TableKind;

    fn blocks(text: &str) -> (Vec<Block>, Vec<u32>) {
        let src = SourceText::new("t.txt", text);
        let mut ctx = Context::new(&src);
        let b = segment(&src, &mut ctx);
        let contents: Vec<u32> = (1..=src.lines.len() as u32)
            .filter(|&no| {
                matches!(
                    ctx.use_of(no),
                    Some(crate::context::LineUse::Ignored("目录 (contents)"))
                )
            })
            .collect();
        (b, contents)
    }

    fn tables(b: &[Block]) -> Vec<(TitleKind, String)> {
        b.iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some((t.kind, t.title.clone())),
                Block::Narrative(_) => None,
            })
            .collect()
    }

    #[test]
    fn contents_without_leaders_are_not_tables() {
        // 江苏: the contents names every table with `一、`; the first real table follows.
        let text = "目录\n一、收支预算总表\n二、收入预算总表\n\n三、支出预算总表\n十一、一般公共预算“三公”经费、会议费、培训费支\n出预算表\n第三部分 说明\n十二、政府采购支出预算表\n收支预算总表\n部门：中共江苏省委办公厅 单位：万元\n一、财政拨款 27,664.22\n";
        let (b, contents) = blocks(text);
        assert_eq!(contents, vec![2, 3, 5, 6, 7, 9], "{b:?}");
        // No gap between the contents and the first table.
        let text = "一、收支预算总表\n二、收入预算总表\n三、支出预算总表\n收支预算总表\n部门：中共江苏省委办公厅 单位：万元\n一、财政拨款 27,664.22\n";
        let (b, contents) = blocks(text);
        assert_eq!(contents, vec![1, 2, 3], "{b:?}");
        assert_eq!(tables(&b).len(), 1);
        assert_eq!(
            tables(&b),
            vec![(
                TitleKind::Table(TableKind::DepartmentSummary),
                "收支预算总表".to_string()
            )]
        );
    }

    #[test]
    fn a_title_broken_over_two_lines_is_joined() {
        let text = "“三公”经费、会议费、培训费支出预算\n表\n部门：江苏省人大常委会办公厅 单位：万元\n合计 1.00\n";
        let (b, contents) = blocks(text);
        assert!(contents.is_empty());
        assert_eq!(
            tables(&b),
            vec![(
                TitleKind::Table(TableKind::ThreePublic),
                "“三公”经费、会议费、培训费支出预算表".to_string()
            )]
        );
    }

    #[test]
    fn two_tables_in_a_row_are_tables() {
        // A table title directly after another (an empty table without a body) is not a
        // contents list: that takes three.
        let text = "表一\n财政拨款收支总表\n表二\n一般公共预算财政拨款支出预算表\n合计 1.00\n";
        let (b, contents) = blocks(text);
        assert!(contents.is_empty());
        assert_eq!(tables(&b).len(), 2);
    }

    #[test]
    fn a_part_heading_ends_the_table_before_it() {
        let text = "国有资本经营预算财政拨款收入支出决算表\n合计 1.00\n第三部分 中共上海市普陀区委社会工作部 2024 年度部门决算情况\n说明\n一、收入支出决算总体情况说明\n";
        let (b, _) = blocks(text);
        assert_eq!(tables(&b).len(), 1);
        match b.last() {
            Some(Block::Narrative(lines)) => assert_eq!(lines, &vec![3, 4, 5]),
            other => panic!("{other:?}"),
        }
        assert!(is_part_heading("  第十二部分 名词解释"));
        assert!(!is_part_heading("第一季度部分收入"));
    }

    #[test]
    fn open_labels_number_the_title() {
        let text = "公开05表\n财政拨款支出预算表（功能科目）\n合计 1.00\n";
        let (b, _) = blocks(text);
        match &b[0] {
            Block::Table(t) => {
                assert_eq!(t.number.as_deref(), Some("公开05表"));
                assert_eq!(t.kind, TitleKind::Table(TableKind::FiscalExpenditure));
            }
            other => panic!("{other:?}"),
        }
    }
}
