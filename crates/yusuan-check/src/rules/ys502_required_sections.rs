use crate::profile::{Presence, SectionSpec};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};
use yusuan_model::{Disclosure, Provenance};

declare_rule! {
    /// 公开规范要求的情况说明各部分都有说明。
    ///
    /// ## 检查什么
    /// Every narrative part the document's kind of disclosure (its profile: `yusuan profiles`)
    /// requires — 职能/机构, 收支总体情况, 三公经费, 机关运行经费, 政府采购, 国有资产占有使用,
    /// 绩效目标, 名词解释, 上海 部门预算's 项目经费情况说明 … — is present: a section whose title
    /// contains one of the part's title variants (主要职能 / 职能职责; 机构设置 / 单位构成; …), or,
    /// failing that, narrative text that does (some documents state 机关运行经费 in a paragraph of
    /// 其他重要事项 without a title of its own). A part the reader may have missed — its words
    /// stand in a line it did not understand — is not reported. A part the profile only expects
    /// (the rules ask for it, but documents of the kind are known to leave it out) is a warning.
    /// A narrative that could not be found at all is reported once.
    ///
    /// ## 为什么
    /// The disclosure rules require these explanations alongside the tables; a missing part
    /// (no word on 政府采购, no 国有资产 figures) is an incomplete disclosure even when every
    /// table is right. The list is the document's own kind's: a 单位预算 has no 项目经费情况说明,
    /// a 部门决算 no 预算编制说明.
    ///
    /// ## 示例
    /// Fails: a 重庆 narrative without any 国有资产 paragraph. Passes: `（五）国有资产占有使用
    /// 情况。截止 2024 年 12 月，本单位共有车辆 5 辆 …`.
    pub RequiredSections, "YS502", "required-sections", Completeness, Error
}

/// Where a required part is stated: the section whose title names it, else the first
/// section whose text does.
fn find<'a>(doc: &'a Disclosure, req: &SectionSpec) -> Option<&'a Provenance> {
    let n = &doc.narrative;
    n.sections
        .iter()
        .find(|s| req.named_in(&s.title))
        .or_else(|| n.sections.iter().find(|s| req.named_in(&s.text)))
        .map(|s| &s.prov)
}

/// The part's words stand in a line the reader did not understand: it may be there.
fn maybe_unread(doc: &Disclosure, req: &SectionSpec) -> bool {
    doc.coverage
        .unexplained
        .iter()
        .any(|l| req.named_in(&l.text))
}

impl Rule for RequiredSections {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let whole = Provenance::new(&cx.doc.source.file);
        let n = &cx.doc.narrative;
        let wanted: Vec<&SectionSpec> = cx
            .profile
            .sections
            .iter()
            .filter(|s| s.presence == Presence::Required)
            .collect();
        if wanted.is_empty() {
            return;
        }
        if n.sections.is_empty() {
            let names: Vec<&str> = wanted.iter().map(|s| s.name.as_str()).collect();
            let zh = format!(
                "没有找到情况说明（{}要求：{}）",
                cx.profile.name,
                names.join("、")
            );
            let en = format!(
                "no narrative found; the {} profile requires: {}",
                cx.profile.name_en,
                names.join(", ")
            );
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&whole));
            return;
        }
        for req in &cx.profile.sections {
            let severity = match req.presence {
                Presence::Required => Self::INFO.severity,
                Presence::Expected => Severity::Warning,
                Presence::Optional => continue,
            };
            if find(cx.doc, req).is_some() || maybe_unread(cx.doc, req) {
                continue;
            }
            let (zh, en) = if req.presence == Presence::Required {
                (
                    format!(
                        "情况说明缺少{}要求的部分：{}（未找到「{}」）",
                        cx.profile.name,
                        req.name,
                        req.titles.join("」「")
                    ),
                    format!(
                        "the narrative lacks a part the {} profile requires: {} (none of \"{}\" found)",
                        cx.profile.name_en,
                        req.name,
                        req.titles.join("\", \"")
                    ),
                )
            } else {
                (
                    format!(
                        "情况说明没有{}通常说明的部分：{}（未找到「{}」）",
                        cx.profile.name,
                        req.name,
                        req.titles.join("」「")
                    ),
                    format!(
                        "the narrative has no part {} disclosures usually have: {} (none of \"{}\" found)",
                        cx.profile.name_en,
                        req.name,
                        req.titles.join("\", \"")
                    ),
                )
            };
            out.push(Finding::new(Self::INFO.code, severity, zh, en).at(&whole));
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
        for (title, line) in [
            ("机关运行经费预算", 405),
            ("政府采购预算情况", 407),
            ("绩效目标设置情况", 409),
            ("国有资产占有使用情况", 411),
        ] {
            s.push(section(Some("二"), 1, title, "", line));
        }
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
    fn a_unit_budget_has_no_project_part() {
        use crate::rules::testutil::run_with;
        let unit = yusuan_profile::by_id("shanghai-unit").expect("the profile");
        let d = shanghai(false);
        assert!(run_with(&RequiredSections, &d, unit).is_empty());
        let f = run(&RequiredSections, &d, Region::Shanghai);
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_part_in_a_line_not_understood_is_not_reported() {
        let mut d = shanghai(false);
        d.coverage.unexplained.push(yusuan_model::UnexplainedLine {
            line: 420,
            page: Some(20),
            text: "七、项目经费情况说明".into(),
            reason: "?".into(),
        });
        let f = run(&RequiredSections, &d, Region::Shanghai);
        assert!(!f.iter().any(|f| f.message.contains("项目经费")), "{f:?}");
    }

    #[test]
    fn expected_parts_are_warnings() {
        let mut d = doc();
        for (title, text) in [
            ("主要职能", ""),
            ("部门机构设置及预算单位构成情况", ""),
            ("收支预算总体情况说明", ""),
            ("一般公共预算“三公”经费、会议费、培训费支出预算情况说明", ""),
            ("一般公共预算机关运行经费支出预算情况说明", ""),
            ("政府采购支出预算情况说明", ""),
            ("名称解释", ""),
        ] {
            d.narrative
                .sections
                .push(section(Some("一"), 1, title, text, 10));
        }
        let f = run(&RequiredSections, &d, Region::National);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.severity == Severity::Warning), "{f:?}");
    }

    #[test]
    fn no_narrative_is_one_finding() {
        let f = run(&RequiredSections, &doc(), Region::Chongqing);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("没有找到情况说明"));
    }
}
