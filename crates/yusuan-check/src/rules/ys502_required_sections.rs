use crate::profile::RequiredSection;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::catalog::normalize_name;
use yusuan_model::{Narrative, Provenance};

declare_rule! {
    /// 地区要求的情况说明各部分都有说明。
    ///
    /// ## 检查什么
    /// Every narrative part the region's profile requires — 职能/机构, 收支总体情况, 三公经费,
    /// 机关运行经费, 政府采购, 国有资产占有使用, 绩效目标, 名词解释 … — is present: a section
    /// whose title contains one of the part's key words, or, failing that, narrative text that
    /// does (some documents state 机关运行经费 in a paragraph of 其他重要事项 without a title of
    /// its own). A narrative that could not be found at all is reported once.
    ///
    /// ## 为什么
    /// The disclosure rules require these explanations alongside the tables; a missing part
    /// (no word on 政府采购, no 国有资产 figures) is an incomplete disclosure even when every
    /// table is right.
    ///
    /// ## 示例
    /// Fails: a 重庆 narrative without any 国有资产 paragraph. Passes: `（五）国有资产占有使用
    /// 情况。截止 2024 年 12 月，本单位共有车辆 5 辆 …`.
    pub RequiredSections, "YS502", "required-sections", Completeness, Error
}

/// Where a required part is stated: the section whose title names it, else the first
/// section whose text does.
fn find<'a>(n: &'a Narrative, req: &RequiredSection) -> Option<&'a Provenance> {
    let words: Vec<String> = req.any.iter().map(|w| normalize_name(w)).collect();
    let has = |s: &str| {
        let s = normalize_name(s);
        words.iter().any(|w| s.contains(w.as_str()))
    };
    n.sections
        .iter()
        .find(|s| has(&s.title))
        .or_else(|| n.sections.iter().find(|s| has(&s.text)))
        .map(|s| &s.prov)
}

impl Rule for RequiredSections {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let whole = Provenance::new(&cx.doc.source.file);
        let n = &cx.doc.narrative;
        if cx.profile.sections.is_empty() {
            return;
        }
        if n.sections.is_empty() {
            let names: Vec<&str> = cx
                .profile
                .sections
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            let zh = format!(
                "没有找到情况说明（{}要求：{}）",
                cx.profile.name,
                names.join("、")
            );
            let en = format!(
                "no narrative found; the {} profile requires: {}",
                cx.profile.name,
                names.join(", ")
            );
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&whole));
            return;
        }
        for req in &cx.profile.sections {
            if find(n, req).is_some() {
                continue;
            }
            let zh = format!(
                "情况说明缺少{}要求的部分：{}（未找到「{}」）",
                cx.profile.name,
                req.name,
                req.any.join("」「")
            );
            let en = format!(
                "the narrative lacks a part the {} profile requires: {} (none of \"{}\" found)",
                cx.profile.name,
                req.name,
                req.any.join("\", \"")
            );
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&whole));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, run, section};
    use yusuan_model::Region;

    fn shanghai(with_project_part: bool) -> yusuan_model::Disclosure {
        let mut d = doc();
        let s = &mut d.narrative.sections;
        s.push(section(
            None,
            1,
            "上海市普陀区财政局主要职能",
            "主要职能包括：",
            29,
        ));
        s.push(section(
            None,
            1,
            "上海市普陀区财政局机构设置",
            "本部门中，行政单位1家",
            66,
        ));
        s.push(section(None, 1, "名词解释", "（一）基本支出预算：…", 73));
        s.push(section(
            None,
            1,
            "2025年部门预算编制说明",
            "收入预算3,121.42万元",
            87,
        ));
        // 其他相关情况说明 named only in the text, not a title.
        s.push(section(
            Some("一"),
            1,
            "2025年“三公”经费预算情况说明",
            "见其他相关情况说明",
            400,
        ));
        if with_project_part {
            s.push(section(None, 1, "项目经费情况说明", "一、项目概述", 421));
        }
        d
    }

    #[test]
    fn missing_part_fails() {
        let f = run(&RequiredSections, &shanghai(false), Region::Shanghai);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.contains("项目经费情况说明"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn parts_found_by_title_or_text_pass() {
        assert!(run(&RequiredSections, &shanghai(true), Region::Shanghai).is_empty());
    }

    #[test]
    fn no_narrative_is_one_finding() {
        let f = run(&RequiredSections, &doc(), Region::Chongqing);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("没有找到情况说明"));
    }
}
