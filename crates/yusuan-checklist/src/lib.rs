//! The 公开情况检查表: the disclosure review checklist a district finance bureau fills for each
//! unit's published budget or final accounts, filled from yusuan's findings.
//!
//! The checklist has one item per thing the reviewer looks at: 及时性 (was it published in time),
//! 封面, 目录, each narrative part of the document's profile (主要职能, 机构设置, 名词解释,
//! 预算编制说明 …, some parts grouped under one item as the bureau's form does, see
//! `data/checklist.toml`), each table of the profile (《部门收入预算总表》 …). Each item is
//! 是 (meets the requirements: no error or warning points at it), 否 (with the findings as
//! remarks, each with its page), or left to the reviewer (待审核人判断) where the tool cannot
//! judge (及时性; the 公开网址 is left blank for the reviewer to fill).
//!
//! A finding lands on the item of the table its first location names, else on the part (or
//! cover, contents) whose place in the document comes last before the finding's page and line,
//! else on the item whose name its message states (a required table or part that is missing),
//! else on a last item 其他问题.
//!
//! [`render`] draws the page region of each finding (its boxes marked in red) from the PDF;
//! [`xlsx`] writes the checklist in the layout of the bureau's form.

pub mod render;
pub mod xlsx;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use yusuan_check::{Finding, Severity};
use yusuan_model::provenance::BBox;
use yusuan_model::{Disclosure, DocKind, TableKind};
use yusuan_profile::Profile;

/// Is the item in order?
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// 是: nothing found against it.
    Yes,
    /// 否: an error or warning points at it.
    No,
    /// 待审核人判断: the tool cannot judge it.
    ForReviewer,
}

impl Verdict {
    /// As the form writes it.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Yes => "是",
            Verdict::No => "否",
            Verdict::ForReviewer => "待审核人判断",
        }
    }
}

/// The form's two groups of items.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Group {
    /// 及时性
    Timeliness,
    /// 内容规范性
    Content,
}

impl Group {
    pub fn label(self) -> &'static str {
        match self {
            Group::Timeliness => "及时性",
            Group::Content => "内容规范性",
        }
    }
}

/// What an item covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// Published in time: for the reviewer.
    Timeliness,
    /// 封面: the first page.
    Cover,
    /// 目录: the pages between the cover and the first part or table.
    Contents,
    /// Narrative parts, by their profile names.
    Part(Vec<String>),
    /// A table family.
    Table(TableKind),
    /// Findings no other item takes.
    Other,
}

/// A page region a finding points at.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// The file as the finding's locations name it.
    pub file: Arc<str>,
    pub page: u32,
    /// In PDF points from the displayed page's bottom-left corner.
    pub boxes: Vec<BBox>,
}

/// A crop of a page, marked: PNG bytes and size in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Screenshot {
    pub page: u32,
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// One finding as a remark on an item.
#[derive(Clone, Debug, PartialEq)]
pub struct Remark {
    pub rule: String,
    pub severity: Severity,
    /// The pages its locations name, in order, once each.
    pub pages: Vec<u32>,
    pub message: String,
    /// The regions to show (errors and warnings only; a text source has none).
    pub marks: Vec<Mark>,
    /// The rendered crops, one per mark, after [`Checklist::render`].
    pub screenshots: Vec<Screenshot>,
    /// Why a crop could not be made.
    pub screenshot_problems: Vec<String>,
    /// Page and line of its first located place, for ordering.
    pub at: (u32, u32),
}

impl Remark {
    /// `第8页：比较的年份有误…（YS702）`; an info finding is marked 提示.
    pub fn text(&self) -> String {
        let pages = match self.pages.as_slice() {
            [] => String::new(),
            [p] => format!("第{p}页："),
            ps => format!(
                "第{}页：",
                ps.iter().map(u32::to_string).collect::<Vec<_>>().join("、")
            ),
        };
        let info = if self.severity == Severity::Info {
            "提示："
        } else {
            ""
        };
        let mut s = format!("{info}{pages}{}（{}）", self.message, self.rule);
        for p in &self.screenshot_problems {
            s.push_str(&format!("〔截图：{p}〕"));
        }
        s
    }
}

/// One line of the form.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub group: Group,
    /// As the form prints it (`预算编制说明`, `《部门收入预算总表》`).
    pub name: String,
    pub kind: ItemKind,
    pub verdict: Verdict,
    pub remarks: Vec<Remark>,
}

/// The filled form.
#[derive(Clone, Debug, PartialEq)]
pub struct Checklist {
    pub year: Option<u16>,
    pub kind: DocKind,
    pub profile: String,
    pub unit: Option<String>,
    pub unit_code: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(default)]
    group: Vec<GroupData>,
    #[serde(default)]
    tables_after: Vec<TablesAfter>,
}

#[derive(Deserialize)]
struct GroupData {
    item: String,
    sections: Vec<String>,
}

#[derive(Deserialize)]
struct TablesAfter {
    profile: String,
    section: String,
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        // Embedded and checked by a test; an unreadable file groups nothing.
        toml::from_str(include_str!("../data/checklist.toml")).unwrap_or(Data {
            group: Vec::new(),
            tables_after: Vec::new(),
        })
    })
}

/// Is the embedded grouping data readable? (For the tests.)
pub fn data_error() -> Option<String> {
    toml::from_str::<Data>(include_str!("../data/checklist.toml"))
        .err()
        .map(|e| e.to_string())
}

/// A part's name as the form prints it: without its 部门/单位 prefix (`部门主要职能` → `主要职能`).
fn part_label(name: &str) -> String {
    for prefix in ["部门", "单位"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if rest.chars().count() >= 2 {
                return rest.to_string();
            }
        }
    }
    name.to_string()
}

/// Words ending in 区 that name no administrative division (`上海市社区服务中心`).
const NOT_DISTRICTS: &[&str] = &[
    "社区", "园区", "景区", "小区", "校区", "片区", "街区", "辖区", "厂区", "营区", "矿区",
];

/// The lowest administrative division a unit's name begins with: its province (`江苏省`, a
/// municipality `上海市`, an autonomous region), then a city (`南京市`, `…州`) and a district or
/// county (`普陀区`, `…县`, `…旗`) after it, each of two to four characters before its
/// suffix. `None` when the name begins with none (`财政局`). The party's prefix `中共`/`中国共产党`
/// is passed over, and `省委` (the province's party committee) counts as its province.
pub fn division(unit: &str) -> Option<String> {
    let name: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = name.as_str();
    for prefix in ["中国共产党", "中共"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    // (the division, what follows it) for the first suffix of `suffixes` after 2–4 characters
    // (1–4 for districts: 江北区 is two).
    let take = |s: &str, suffixes: &[&str], min: usize| -> Option<(String, usize)> {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        for n in min..=4 {
            let Some(&(at, _)) = chars.get(n) else { break };
            let Some(tail) = s.get(at..) else { break };
            if let Some(suffix) = suffixes.iter().find(|x| tail.starts_with(**x)) {
                let end = at + suffix.len();
                let found = s.get(..end)?;
                if NOT_DISTRICTS.iter().any(|w| found.ends_with(w)) {
                    return None;
                }
                return Some((found.to_string(), end));
            }
        }
        None
    };
    let mut lowest: Option<String> = None;
    for (suffixes, min) in [
        (&["省", "自治区"][..], 2),
        (&["市", "州", "盟"][..], 2),
        (&["区", "县", "旗"][..], 2),
    ] {
        if let Some((found, end)) = take(rest, suffixes, min) {
            rest = rest.get(end..).unwrap_or_default();
            lowest = Some(found);
        }
    }
    lowest
}

/// The items of a profile's checklist, all 是 (or for the reviewer), in the form's order.
pub fn items_for(profile: &Profile) -> Vec<Item> {
    let item = |group, name: String, kind| Item {
        group,
        name,
        kind,
        verdict: Verdict::Yes,
        remarks: Vec::new(),
    };
    let mut items = vec![Item {
        verdict: Verdict::ForReviewer,
        ..item(
            Group::Timeliness,
            format!("及时公开{}", profile.kind.label()),
            ItemKind::Timeliness,
        )
    }];
    items.push(item(Group::Content, "封面".into(), ItemKind::Cover));
    items.push(item(Group::Content, "目录".into(), ItemKind::Contents));
    let names: Vec<&str> = profile.sections.iter().map(|s| s.name.as_str()).collect();
    let groups: Vec<&GroupData> = data()
        .group
        .iter()
        .filter(|g| {
            g.sections
                .first()
                .is_some_and(|f| names.contains(&f.as_str()))
        })
        .collect();
    let mut parts: Vec<Item> = Vec::new();
    for s in &profile.sections {
        match groups.iter().find(|g| g.sections.contains(&s.name)) {
            Some(g) => {
                if let Some(existing) = parts.iter_mut().find(|i| i.name == g.item) {
                    if let ItemKind::Part(v) = &mut existing.kind {
                        v.push(s.name.clone());
                    }
                } else {
                    parts.push(item(
                        Group::Content,
                        g.item.clone(),
                        ItemKind::Part(vec![s.name.clone()]),
                    ));
                }
            }
            None => parts.push(item(
                Group::Content,
                part_label(&s.name),
                ItemKind::Part(vec![s.name.clone()]),
            )),
        }
    }
    let tables: Vec<Item> = profile
        .tables
        .iter()
        .filter_map(|t| {
            t.kind.map(|k| {
                item(
                    Group::Content,
                    format!("《{}》", t.name),
                    ItemKind::Table(k),
                )
            })
        })
        .collect();
    let after = data()
        .tables_after
        .iter()
        .find(|a| a.profile == profile.id)
        .and_then(|a| {
            parts
                .iter()
                .position(|i| matches!(&i.kind, ItemKind::Part(v) if v.contains(&a.section)))
        });
    let at = after.map_or(parts.len(), |i| i + 1);
    let rest = parts.split_off(at.min(parts.len()));
    items.extend(parts);
    items.extend(tables);
    items.extend(rest);
    items
}

/// Where in the document an item's pages begin: (page, line).
type Place = (u32, u32);

/// A location's place for ordering against the anchors; a location without a line stands for
/// its whole page (after every anchor on it).
fn place_of(page: Option<u32>, line: Option<u32>) -> Place {
    (page.unwrap_or(0), line.unwrap_or(u32::MAX))
}

impl Checklist {
    /// The checklist of a disclosure, filled from the findings of `yusuan check` on it.
    pub fn new(doc: &Disclosure, findings: &[Finding]) -> Checklist {
        let profile = yusuan_check::profile::of(doc);
        let mut items = items_for(profile);
        let anchors = anchors(doc, profile, &items);
        let mut other = Vec::new();
        for f in findings {
            let remark = remark(f);
            match item_of(f, doc, &items, &anchors) {
                Some(i) => {
                    if let Some(item) = items.get_mut(i) {
                        item.remarks.push(remark);
                    }
                }
                None => other.push(remark),
            }
        }
        if !other.is_empty() {
            items.push(Item {
                group: Group::Content,
                name: "其他问题".into(),
                kind: ItemKind::Other,
                verdict: Verdict::Yes,
                remarks: other,
            });
        }
        for item in &mut items {
            // In document order (the findings come rule by rule).
            item.remarks.sort_by_key(|r| r.at);
            if item.verdict != Verdict::ForReviewer
                && item.remarks.iter().any(|r| r.severity >= Severity::Warning)
            {
                item.verdict = Verdict::No;
            }
        }
        Checklist {
            year: doc.meta.year,
            kind: profile.kind,
            profile: profile.id.clone(),
            unit: doc.meta.unit.name.clone(),
            unit_code: doc.meta.unit.code.clone(),
            items,
        }
    }

    /// `2026年度普陀区部门预算公开情况检查表`: the year, the administrative division the unit's
    /// name places it in (the lowest one it names: 普陀区 of 上海市普陀区司法局, 江苏省 of
    /// 中共江苏省委办公厅), as the bureau's form does, and the kind; without a division when the
    /// name states none (`2026年度部门预算公开情况检查表`).
    pub fn title(&self) -> String {
        let year = self.year.map(|y| format!("{y}年度")).unwrap_or_default();
        let division = self.unit.as_deref().and_then(division).unwrap_or_default();
        format!("{year}{division}{}公开情况检查表", self.kind.label())
    }

    /// The content as plain text, one item a line and its remarks below (for tests and logs).
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}\n{}：{}\n",
            self.title(),
            self.who(),
            self.unit.as_deref().unwrap_or("")
        );
        for item in &self.items {
            s.push_str(&format!(
                "[{}] {} — {}\n",
                item.group.label(),
                item.name,
                item.verdict.label()
            ));
            for (n, r) in item.remarks.iter().enumerate() {
                s.push_str(&format!("    {}.{}\n", n + 1, r.text()));
            }
        }
        s
    }

    /// 部门 or 单位, as the form names who publishes.
    pub fn who(&self) -> &'static str {
        match self.kind {
            DocKind::UnitBudget | DocKind::UnitFinalAccounts => "单位名称",
            _ => "部门名称",
        }
    }

    /// Render the crops of every remark's marks from the PDFs `source` gives by file name (as
    /// the findings' locations name them); files it has no bytes for get no crops. Never fails:
    /// a crop that cannot be made is a problem noted on its remark.
    pub fn render(
        &mut self,
        source: &dyn Fn(&str) -> Option<Arc<Vec<u8>>>,
        limits: &render::Limits,
    ) {
        // One pass per file: a worker renders every crop of that file in turn.
        let mut by_file: BTreeMap<Arc<str>, Vec<(usize, usize, usize)>> = BTreeMap::new();
        for (i, item) in self.items.iter().enumerate() {
            for (r, remark) in item.remarks.iter().enumerate() {
                for (m, mark) in remark.marks.iter().enumerate() {
                    by_file
                        .entry(mark.file.clone())
                        .or_default()
                        .push((i, r, m));
                }
            }
        }
        for (file, at) in by_file {
            let Some(bytes) = source(&file) else { continue };
            let requests: Vec<render::Request> = at
                .iter()
                .filter_map(|&(i, r, m)| {
                    let mark = self.items.get(i)?.remarks.get(r)?.marks.get(m)?;
                    Some(render::Request {
                        page: mark.page,
                        boxes: mark.boxes.clone(),
                    })
                })
                .collect();
            let results = render::crops(bytes, requests, limits);
            for (&(i, r, _), result) in at.iter().zip(results) {
                let Some(remark) = self.items.get_mut(i).and_then(|it| it.remarks.get_mut(r))
                else {
                    continue;
                };
                match result {
                    Ok(shot) => remark.screenshots.push(shot),
                    Err(e) => remark.screenshot_problems.push(e),
                }
            }
        }
    }
}

/// The finding as a remark: its pages and the boxes of its locations by page (errors and
/// warnings only, at most three pages).
fn remark(f: &Finding) -> Remark {
    let mut pages: Vec<u32> = Vec::new();
    let mut marks: Vec<Mark> = Vec::new();
    for l in &f.locations {
        if let Some(p) = l.page {
            if !pages.contains(&p) {
                pages.push(p);
            }
            if let Some(b) = l.bbox {
                if f.severity >= Severity::Warning {
                    let full = marks.len() >= 3;
                    match marks.iter_mut().find(|m| m.page == p && m.file == l.file) {
                        Some(m) if !m.boxes.contains(&b) => m.boxes.push(b),
                        Some(_) => {}
                        None if !full => marks.push(Mark {
                            file: l.file.clone(),
                            page: p,
                            boxes: vec![b],
                        }),
                        None => {}
                    }
                }
            }
        }
    }
    Remark {
        rule: f.rule.to_string(),
        severity: f.severity,
        pages,
        message: f.message.clone(),
        marks,
        screenshots: Vec::new(),
        screenshot_problems: Vec::new(),
        at: f
            .locations
            .iter()
            .find(|l| l.page.is_some() || l.line.is_some())
            .map_or((u32::MAX, u32::MAX), |l| place_of(l.page, l.line)),
    }
}

/// Where each item's stretch of the document begins, in document order: the parts (the
/// outermost section naming one of an item's parts; the sections inside it stay with it) and
/// the tables. Pages before the first of them are the cover (page 1) and the contents.
fn anchors(doc: &Disclosure, profile: &Profile, items: &[Item]) -> Vec<(Place, usize)> {
    let mut out: Vec<(Place, usize)> = Vec::new();
    let mut level: Option<u8> = None;
    for s in &doc.narrative.sections {
        if level.is_some_and(|l| s.level > l) {
            continue;
        }
        let spec = profile.sections.iter().find(|p| p.named_in(&s.title));
        let item = spec.and_then(|spec| {
            items
                .iter()
                .position(|i| matches!(&i.kind, ItemKind::Part(v) if v.contains(&spec.name)))
        });
        if let Some(i) = item {
            level = Some(s.level);
            out.push((place_of(s.prov.page, s.prov.line.or(Some(0))), i));
        }
    }
    for t in &doc.tables {
        if let Some(i) = items.iter().position(|i| i.kind == ItemKind::Table(t.kind)) {
            out.push((place_of(t.prov.page, t.prov.line.or(Some(0))), i));
        }
    }
    out.sort_by_key(|&(p, i)| (p, i));
    out
}

/// The item a finding belongs to (see the crate documentation); `None`: 其他问题.
fn item_of(
    f: &Finding,
    doc: &Disclosure,
    items: &[Item],
    anchors: &[(Place, usize)],
) -> Option<usize> {
    let find = |k: &ItemKind| items.iter().position(|i| &i.kind == k);
    // The table its first location names.
    if let Some(name) = f.locations.iter().find_map(|l| l.table.as_deref()) {
        let kind = doc
            .tables
            .iter()
            .find(|t| t.prov.table.as_deref() == Some(name) || t.title == name)
            .map(|t| t.kind);
        if let Some(i) = kind.and_then(|k| find(&ItemKind::Table(k))) {
            return Some(i);
        }
    }
    // The stretch of the document its first located place is in.
    if let Some(l) = f
        .locations
        .iter()
        .find(|l| l.page.is_some() || l.line.is_some())
    {
        let at = place_of(l.page, l.line);
        match anchors.iter().rev().find(|(p, _)| *p <= at) {
            Some(&(_, i)) => return Some(i),
            None if l.page.is_some() => {
                let kind = if l.page == Some(1) || doc.meta.contents.is_empty() {
                    ItemKind::Cover
                } else {
                    ItemKind::Contents
                };
                return find(&kind);
            }
            None => {}
        }
    }
    // The item its message names (a missing table or part).
    let message = yusuan_model::text::squash(&f.message);
    items.iter().position(|i| match &i.kind {
        ItemKind::Table(_) => message.contains(i.name.trim_matches(['《', '》'])),
        ItemKind::Part(names) => names.iter().any(|n| message.contains(n.as_str())),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_is_valid() {
        assert_eq!(data_error(), None);
        // Every grouped part is a part of some profile (a renamed part would silently ungroup).
        for g in &data().group {
            for s in &g.sections {
                assert!(
                    yusuan_profile::all()
                        .iter()
                        .any(|p| p.sections.iter().any(|x| &x.name == s)),
                    "{s} is no profile's part"
                );
            }
        }
        for a in &data().tables_after {
            let p = yusuan_profile::by_id(&a.profile).unwrap();
            assert!(
                p.sections.iter().any(|s| s.name == a.section),
                "{}",
                a.section
            );
        }
    }

    #[test]
    fn items_of_every_profile() {
        for p in yusuan_profile::all() {
            let items = items_for(p);
            assert_eq!(items[0].kind, ItemKind::Timeliness);
            assert_eq!(items[0].verdict, Verdict::ForReviewer);
            // Every table and every part has its item, once.
            let tables = items
                .iter()
                .filter(|i| matches!(i.kind, ItemKind::Table(_)))
                .count();
            assert_eq!(tables, p.tables.iter().filter(|t| t.kind.is_some()).count());
            let parts: usize = items
                .iter()
                .map(|i| match &i.kind {
                    ItemKind::Part(v) => v.len(),
                    _ => 0,
                })
                .sum();
            assert_eq!(parts, p.sections.len(), "{}", p.id);
        }
        let names: Vec<String> = items_for(yusuan_profile::by_id("shanghai-unit").unwrap())
            .into_iter()
            .map(|i| i.name)
            .collect();
        assert_eq!(
            names[..7],
            [
                "及时公开单位预算",
                "封面",
                "目录",
                "主要职能",
                "机构设置",
                "名词解释",
                "预算编制说明"
            ]
        );
        assert!(names[7].starts_with('《'));
        assert_eq!(names.last().map(String::as_str), Some("其他相关说明"));
    }

    #[test]
    fn divisions_of_unit_names() {
        let d = |s: &str| division(s);
        assert_eq!(d("上海市普陀区司法局").as_deref(), Some("普陀区"));
        assert_eq!(d("中共上海市普陀区委社会工作部").as_deref(), Some("普陀区"));
        assert_eq!(d("重庆市江北区江北城街道办事处").as_deref(), Some("江北区"));
        assert_eq!(d("上海市财政局").as_deref(), Some("上海市"));
        assert_eq!(d("中共江苏省委办公厅").as_deref(), Some("江苏省"));
        assert_eq!(d("中国共产党江苏省委员会办公厅").as_deref(), Some("江苏省"));
        assert_eq!(d("江苏省南京市鼓楼区教育局").as_deref(), Some("鼓楼区"));
        assert_eq!(d("广西壮族自治区财政厅").as_deref(), Some("广西壮族自治区"));
        assert_eq!(d("上海市社区服务中心").as_deref(), Some("上海市"));
        assert_eq!(d("财政局"), None);
        assert_eq!(d(""), None);
    }

    #[test]
    fn part_labels() {
        assert_eq!(part_label("部门主要职能"), "主要职能");
        assert_eq!(part_label("单位预算编制说明"), "预算编制说明");
        assert_eq!(part_label("名词解释"), "名词解释");
        assert_eq!(part_label("部门"), "部门");
    }
}
