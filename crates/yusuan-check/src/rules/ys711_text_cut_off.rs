use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};
use yusuan_model::CutText;

declare_rule! {
    /// 文字完整显示：没有被裁切、只显示一部分的字符。
    ///
    /// ## 检查什么
    /// Characters a PDF draws across the edge of its clipping path or of the page, so that a
    /// reader sees only part of each: the last line of a text box drawn half over its frame
    /// (the tops of the characters at the foot of the page, the line repeated on the next),
    /// a table cell's wrapped text running past the cell's border. One finding per run of cut
    /// characters on a line, with the page, how many characters and the box of the line.
    /// The PDF reader tells a character cut from one merely touching the clip: the clip's
    /// edge must cross the character's core (its box less 15% on each side, where the ink
    /// is). Only letters, digits and ideographs are evidence: their ink spans that core,
    /// where a dash's or a stop's lies in some band of its box the box does not tell (a page
    /// number's `-` drawn inside a clip one point high is whole). Characters drawn wholly out of sight (text a layout tool draws again beyond a
    /// page's frame) are not this rule's: a reader sees nothing of them, and the importer
    /// counts them as a reading diagnostic.
    ///
    /// Severity by how much a reader loses: an **error** when at least one character is
    /// less than half displayed (it cannot be read: `采购组织形` for 采购组织形式); a
    /// **warning** when every cut character is at least half displayed (readable, but
    /// visibly cut: the feet of `务支出` under a cell's lower border).
    ///
    /// ## 为什么
    /// Reviewers check what the published page shows, not the text behind it: characters cut
    /// off are "未正常显示" and the part is marked 否 (`主要职能部分有文字未正常显示`). The
    /// text layer still holds them, so no other check sees that the page does not.
    ///
    /// ## 示例
    /// Fails: page 4 ends with the top slivers of 60 characters of item （八）, cut by the
    /// text frame's clip (error: 7% of a character shown). Fails (warning): a cell's second
    /// line `务支出` with its lower 17% under the next row. Passes: text wholly inside its
    /// frame; text drawn wholly outside it.
    pub TextCutOff, "YS711", "text-cut-off", Completeness, Error
}

/// At most this many characters of a cut run are quoted in a message.
const QUOTE: usize = 24;

/// A cut run with less than this share of a character displayed is unreadable (an error).
const READABLE_PERCENT: u8 = 50;

fn quote(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > QUOTE {
        let head: String = t.chars().take(QUOTE).collect();
        format!("{head}…")
    } else {
        t.to_string()
    }
}

fn finding(c: &CutText) -> Finding {
    let page = c
        .prov
        .page
        .map(|p| format!("第 {p} 页"))
        .unwrap_or_default();
    let page_en = c
        .prov
        .page
        .map(|p| format!("page {p}: "))
        .unwrap_or_default();
    let (severity, zh, en) = if c.least_visible_percent < READABLE_PERCENT {
        (
            Severity::Error,
            format!(
                "{page}有 {} 个字符被裁切，未能显示（最少只显示 {}%）：「{}」",
                c.glyphs,
                c.least_visible_percent,
                quote(&c.text)
            ),
            format!(
                "{page_en}{} characters are cut off and cannot be read (as little as {}% shown): \"{}\"",
                c.glyphs,
                c.least_visible_percent,
                quote(&c.text)
            ),
        )
    } else {
        (
            Severity::Warning,
            format!(
                "{page}有 {} 个字符被裁切，显示不完整（最少只显示 {}%）：「{}」",
                c.glyphs,
                c.least_visible_percent,
                quote(&c.text)
            ),
            format!(
                "{page_en}{} characters are partly cut off (as little as {}% shown): \"{}\"",
                c.glyphs,
                c.least_visible_percent,
                quote(&c.text)
            ),
        )
    };
    Finding::new(TextCutOff::INFO.code, severity, zh, en).at(&c.prov)
}

impl Rule for TextCutOff {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        out.extend(cx.doc.source.cut_text.iter().map(finding));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, run};
    use yusuan_model::provenance::BBox;
    use yusuan_model::{Provenance, Region};

    fn cut(text: &str, percent: u8) -> CutText {
        let mut prov = Provenance::new(&doc().source.file);
        prov.page = Some(4);
        prov.bbox = Some(BBox {
            x0: 58.5,
            y0: 115.3,
            x1: 778.5,
            y1: 128.6,
        });
        CutText {
            text: text.into(),
            glyphs: text.chars().count() as u32,
            least_visible_percent: percent,
            prov,
        }
    }

    #[test]
    fn characters_cut_off_are_an_error_or_a_warning_by_what_is_shown() {
        let mut d = doc();
        d.source.cut_text = vec![cut("（八）负责本系统警车管理工作", 7), cut("务支出", 83)];
        let f = run(&TextCutOff, &d, Region::Shanghai);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].message,
            "第 4 页有 14 个字符被裁切，未能显示（最少只显示 7%）：「（八）负责本系统警车管理工作」"
        );
        let p = f[0].primary().unwrap();
        assert_eq!(p.page, Some(4));
        assert!(p.bbox.is_some());
        assert_eq!(f[1].severity, Severity::Warning);
        assert!(f[1].message.contains("显示不完整") && f[1].message.contains("83%"));
    }

    #[test]
    fn text_not_cut_passes() {
        assert!(run(&TextCutOff, &doc(), Region::Shanghai).is_empty());
    }

    #[test]
    fn long_runs_are_quoted_short() {
        assert_eq!(quote(&"字".repeat(30)).chars().count(), QUOTE + 1);
    }
}
