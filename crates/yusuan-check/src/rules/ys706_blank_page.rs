use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use std::collections::BTreeSet;
use yusuan_model::Provenance;

declare_rule! {
    /// 文件中间没有空白页。
    ///
    /// ## 检查什么
    /// A page with no text at all (running headers and page numbers aside) between the first
    /// page and the last, in a source that has pages (a PDF, or text with page breaks). A
    /// scan has no text on any page and is reported by the importer instead. Each blank page
    /// is one warning.
    ///
    /// ## 为什么
    /// A blank page in a published disclosure is a table or a part that was meant to be there
    /// and is not, or a page left over from the template; reviewers ask for it to be removed
    /// (`目录后有一页多余的空表页，建议删除`).
    ///
    /// ## 示例
    /// Fails: page 3 of 23, after the contents, empty. Passes: every page with text.
    pub BlankPage, "YS706", "blank-page", Completeness, Warning
}

impl Rule for BlankPage {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let text = &cx.doc.source.text;
        // Pages with text, by file (a disclosure in two files numbers each file's pages).
        let mut files: Vec<(&std::sync::Arc<str>, BTreeSet<u32>)> = Vec::new();
        for l in text {
            let Some(page) = l.prov.page else { continue };
            match files.iter_mut().find(|(f, _)| **f == l.prov.file) {
                Some((_, pages)) => {
                    pages.insert(page);
                }
                None => files.push((&l.prov.file, BTreeSet::from([page]))),
            }
        }
        for (file, pages) in files {
            let (Some(&first), Some(&last)) = (pages.first(), pages.last()) else {
                continue;
            };
            for page in first..last {
                if pages.contains(&page) {
                    continue;
                }
                let mut prov = Provenance::new(file);
                prov.page = Some(page);
                let zh = format!("第 {page} 页是空白页（没有任何文字）");
                let en = format!("page {page} is blank (no text at all)");
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&prov));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::run;
    use crate::rules::wording::test::narrative;
    use yusuan_model::Region;

    #[test]
    fn a_page_without_text_between_others_fails() {
        let mut d = narrative(&["目录", "一、部门主要职能", "主要职能"]);
        for (l, page) in d.source.text.iter_mut().zip([1, 2, 4]) {
            l.prov.page = Some(page);
        }
        let f = run(&BlankPage, &d, Region::Shanghai);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].primary().and_then(|p| p.page), Some(3));
    }

    #[test]
    fn every_page_with_text_passes() {
        let d = narrative(&["目录", "主要职能"]);
        assert!(run(&BlankPage, &d, Region::Shanghai).is_empty());
    }
}
