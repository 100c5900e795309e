//! The classification catalogue: code → name, by scheme and year, with hierarchy look-ups.
//!
//! An embedded catalogue (built from codes seen in real documents, see
//! `scripts/build-catalog.py`) ships in the binary ([`Catalog::embedded`]). It is incomplete by
//! design: a code that is not in it is still accepted and marked [`Known::Unknown`]. Users add
//! an official catalogue for a year with [`Catalog::load_csv`] (the CLI's `--catalog FILE`) on a
//! copy of it. There is no catalogue in force for the process: whoever compares names with a
//! catalogue is given one (the CLI makes it once and passes it down).

use crate::code::{Code, Level, Scheme};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const FUNCTION_CSV: &str = include_str!("../catalog/function.csv");
const ECONOMIC_CSV: &str = include_str!("../catalog/economic.csv");

/// One code's name over a span of years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CatalogEntry {
    pub scheme: Scheme,
    pub code: Code,
    pub name: String,
    /// Other spellings seen for the same code (regional variants, truncations by PDF wrapping).
    pub alt_names: Vec<String>,
    pub first_year: u16,
    pub last_year: u16,
    /// Where the entry came from (`shanghai-observed`, `chongqing-2025`, a user's file …).
    pub source: String,
}

/// How a (code, name) pair compares with the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Known {
    /// The code is in the catalogue with this name (or an accepted variant of it).
    Match,
    /// The code is in the catalogue under another name.
    NameDiffers { expected: String },
    /// The code is not in the catalogue (which is incomplete), or its name in the document's
    /// year is not known: accepted, but unverified.
    Unknown,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}:{line}: {message}")]
    Row {
        file: String,
        line: usize,
        message: String,
    },
}

/// The catalogue: entries by scheme and code, each code possibly with several year spans.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entries: HashMap<(Scheme, Code), Vec<CatalogEntry>>,
}

/// Names compare equal after removing spaces and unifying brackets, as documents vary in both.
pub fn normalize_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect()
}

impl Catalog {
    /// The catalogue embedded in the binary (built once, then shared): the one to pass where
    /// no user's catalogue was given. Extend a clone of it with [`Catalog::load_csv`].
    pub fn embedded() -> &'static Catalog {
        static CAT: OnceLock<Catalog> = OnceLock::new();
        CAT.get_or_init(|| {
            let mut c = Catalog::default();
            // The embedded files are checked by tests; a bad row there is a build defect.
            let _ = c.load_csv(
                FUNCTION_CSV,
                "embedded:function.csv",
                Some(Scheme::Function),
            );
            let _ = c.load_csv(
                ECONOMIC_CSV,
                "embedded:economic.csv",
                Some(Scheme::Economic),
            );
            c
        })
    }

    /// Load entries from CSV text with a header row. Columns (by name): `code`, `name`,
    /// optional `level`, `alt_names` (`|`-separated), `first_year`, `last_year` (or `year`),
    /// `scheme` (`function`/`economic`, or 功能/经济; needed unless `scheme` is given).
    /// Lines starting with `#` are comments. Returns the number of entries added.
    pub fn load_csv(
        &mut self,
        text: &str,
        file: &str,
        scheme: Option<Scheme>,
    ) -> Result<usize, CatalogError> {
        let mut header: Option<Vec<String>> = None;
        let mut added = 0;
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let trimmed = line.trim_start_matches('\u{feff}').trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<String> = split_csv_line(trimmed);
            let Some(h) = &header else {
                header = Some(
                    fields
                        .iter()
                        .map(|f| f.trim().to_ascii_lowercase())
                        .collect(),
                );
                continue;
            };
            let get = |name: &str| {
                h.iter()
                    .position(|x| x == name)
                    .and_then(|p| fields.get(p))
                    .map(|s| s.trim())
            };
            let err = |message: String| CatalogError::Row {
                file: file.to_string(),
                line: line_no,
                message,
            };
            let code_text =
                get("code").ok_or_else(|| err("缺少 code 列 (missing code column)".into()))?;
            let code = Code::parse(code_text).ok_or_else(|| {
                err(format!(
                    "不是科目编码：「{code_text}」(expected 3, 5 or 7 digits)"
                ))
            })?;
            let name = get("name")
                .filter(|n| !n.is_empty())
                .ok_or_else(|| err("缺少科目名称 (missing name)".into()))?;
            let sch = match get("scheme") {
                Some(s) if !s.is_empty() => match s {
                    "function" | "功能" | "功能分类" => Scheme::Function,
                    "economic" | "经济" | "经济分类" => Scheme::Economic,
                    other => {
                        return Err(err(format!(
                            "未知分类「{other}」(expected function or economic)"
                        )))
                    }
                },
                _ => scheme.ok_or_else(|| err("缺少 scheme 列 (missing scheme column)".into()))?,
            };
            if code.level(sch).is_none() {
                return Err(err(format!(
                    "{}没有 {} 位编码 (no such level)",
                    sch.label(),
                    code.as_str().len()
                )));
            }
            let year = |k: &str| -> Result<Option<u16>, CatalogError> {
                match get(k) {
                    Some(y) if !y.is_empty() => y
                        .parse::<u16>()
                        .map(Some)
                        .map_err(|_| err(format!("年份不对：「{y}」(expected a year)"))),
                    _ => Ok(None),
                }
            };
            let single = year("year")?;
            let first = year("first_year")?.or(single).unwrap_or(0);
            let last = year("last_year")?.or(single).unwrap_or(u16::MAX);
            let alt_names = get("alt_names")
                .map(|a| {
                    a.split('|')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let source = get("source")
                .filter(|s| !s.is_empty())
                .unwrap_or(file)
                .to_string();
            let entry = CatalogEntry {
                scheme: sch,
                code: code.clone(),
                name: name.to_string(),
                alt_names,
                first_year: first,
                last_year: last,
                source,
            };
            // A user's file is loaded after the embedded one and takes precedence.
            self.entries
                .entry((sch, code))
                .or_default()
                .insert(0, entry);
            added += 1;
        }
        Ok(added)
    }

    /// The entry for a code in a year: one whose span includes the year, else the nearest.
    pub fn lookup(&self, scheme: Scheme, code: &Code, year: u16) -> Option<&CatalogEntry> {
        let list = self.entries.get(&(scheme, code.clone()))?;
        list.iter()
            .find(|e| e.first_year <= year && year <= e.last_year)
            .or_else(|| {
                list.iter().min_by_key(|e| {
                    if year < e.first_year {
                        e.first_year - year
                    } else {
                        year.saturating_sub(e.last_year)
                    }
                })
            })
    }

    pub fn name(&self, scheme: Scheme, code: &Code, year: u16) -> Option<&str> {
        self.lookup(scheme, code, year).map(|e| e.name.as_str())
    }

    /// Compare a disclosed name with the catalogue.
    pub fn check_name(&self, scheme: Scheme, code: &Code, year: u16, name: &str) -> Known {
        let Some(e) = self.lookup(scheme, code, year) else {
            return Known::Unknown;
        };
        let n = normalize_name(name);
        // Before the first year the catalogue knows a code's name, the name of the document's
        // year is not known: names change (207 文化体育与传媒支出 until 2018).
        let before = year < e.first_year;
        if normalize_name(&e.name) == n || e.alt_names.iter().any(|a| normalize_name(a) == n) {
            Known::Match
        } else if before {
            Known::Unknown
        } else {
            Known::NameDiffers {
                expected: e.name.clone(),
            }
        }
    }

    /// Codes in the catalogue one level below `code`.
    pub fn children(&self, scheme: Scheme, code: &Code) -> Vec<&CatalogEntry> {
        let mut v: Vec<&CatalogEntry> = self
            .entries
            .iter()
            .filter(|((s, c), _)| *s == scheme && c.parent().as_ref() == Some(code))
            .filter_map(|(_, list)| current(list))
            .collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    }

    /// All entries of a level, sorted by code.
    pub fn all(&self, scheme: Scheme, level: Level) -> Vec<&CatalogEntry> {
        let mut v: Vec<&CatalogEntry> = self
            .entries
            .iter()
            .filter(|((s, c), _)| *s == scheme && c.level(scheme) == Some(level))
            .filter_map(|(_, list)| current(list))
            .collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    }

    /// Find a code by its name (for narrative text that names a 类 without its code).
    pub fn find_by_name(&self, scheme: Scheme, level: Level, name: &str) -> Option<&CatalogEntry> {
        let n = normalize_name(name);
        self.all(scheme, level).into_iter().find(|e| {
            normalize_name(&e.name) == n || e.alt_names.iter().any(|a| normalize_name(a) == n)
        })
    }

    /// Names a code of `scheme` had before `year` and no longer has in `year` (the 2018 类
    /// name 医疗卫生与计划生育支出 of 210 in a 2024 document), each with the code's entry in
    /// force in `year`. Sorted by code, then name.
    pub fn retired_names(&self, scheme: Scheme, year: u16) -> Vec<(&CatalogEntry, &CatalogEntry)> {
        let mut v: Vec<(&CatalogEntry, &CatalogEntry)> = Vec::new();
        for ((s, _), list) in &self.entries {
            if *s != scheme {
                continue;
            }
            // The name in force in `year`; after the catalogue's newest year, the newest name.
            let Some(now) = list
                .iter()
                .find(|e| e.first_year <= year && year <= e.last_year)
                .or_else(|| current(list).filter(|e| e.last_year < year))
            else {
                continue;
            };
            let current: Vec<String> = std::iter::once(&now.name)
                .chain(now.alt_names.iter())
                .map(|n| normalize_name(n))
                .collect();
            for old in list.iter().filter(|e| e.last_year < now.first_year) {
                if !current.contains(&normalize_name(&old.name)) {
                    v.push((old, now));
                }
            }
        }
        v.sort_by(|a, b| (&a.0.code, &a.0.name).cmp(&(&b.0.code, &b.0.name)));
        v
    }

    /// Entries, a code's names in different years counted apart.
    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A code's entry in force now: the one of the latest years (a code's older names are kept for
/// the years they were in force); among equals the first, which is the last loaded (a user's
/// file over the embedded one).
fn current(list: &[CatalogEntry]) -> Option<&CatalogEntry> {
    let latest = list.iter().map(|e| e.last_year).max()?;
    list.iter().find(|e| e.last_year == latest)
}

/// Split one CSV line with RFC 4180 quoting. The catalogue files are one record per line, so
/// this small reader avoids a CSV dependency in the model crate.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    #[test]
    fn embedded_loads_every_row() {
        let mut c = Catalog::default();
        let f = c
            .load_csv(FUNCTION_CSV, "function.csv", Some(Scheme::Function))
            .unwrap();
        let e = c
            .load_csv(ECONOMIC_CSV, "economic.csv", Some(Scheme::Economic))
            .unwrap();
        assert!(f > 150 && e > 60, "{f} {e}");
        assert_eq!(Catalog::embedded().len(), f + e);
    }

    #[test]
    fn retired_names_are_the_old_names_of_later_years() {
        let cat = Catalog::embedded();
        let names = |year| -> Vec<(String, String)> {
            cat.retired_names(Scheme::Function, year)
                .into_iter()
                .map(|(old, now)| (old.name.clone(), now.name.clone()))
                .collect()
        };
        let health = (
            "医疗卫生与计划生育支出".to_string(),
            "卫生健康支出".to_string(),
        );
        assert!(names(2024).contains(&health));
        // After the catalogue's newest year, the newest names are in force.
        assert!(names(2030).contains(&health));
        assert!(!names(2018).iter().any(|(old, _)| old == &health.0));
    }

    #[test]
    fn lookups() {
        let c = Catalog::embedded();
        assert_eq!(
            c.name(Scheme::Function, &code("2010507"), 2025),
            Some("专项普查活动")
        );
        assert_eq!(
            c.name(Scheme::Function, &code("201"), 2030),
            Some("一般公共服务支出")
        );
        assert_eq!(
            c.name(Scheme::Economic, &code("30101"), 2025),
            Some("基本工资")
        );
        assert_eq!(
            c.check_name(Scheme::Function, &code("201"), 2025, "一般公共服务支出"),
            Known::Match
        );
        assert_eq!(
            c.check_name(Scheme::Function, &code("201"), 2025, "一般公共预算服务支出"),
            Known::NameDiffers {
                expected: "一般公共服务支出".into()
            }
        );
        assert_eq!(
            c.check_name(Scheme::Function, &code("2999999"), 2025, "x"),
            Known::Unknown
        );
        // Names by year: the old name in its years, the new one after; before the first year
        // the catalogue knows, nothing is certain.
        assert_eq!(
            c.check_name(Scheme::Function, &code("207"), 2017, "文化体育与传媒支出"),
            Known::Match
        );
        assert_eq!(
            c.check_name(Scheme::Function, &code("207"), 2019, "文化体育与传媒支出"),
            Known::NameDiffers {
                expected: "文化旅游体育与传媒支出".into()
            }
        );
        assert_eq!(
            c.check_name(Scheme::Function, &code("20805"), 2017, "行政事业单位离退休"),
            Known::Unknown
        );
        // Listing and finding by name give a code's name in force now, whatever the order of
        // the rows.
        assert_eq!(
            c.find_by_name(Scheme::Function, Level::Class, "卫生健康支出")
                .map(|e| e.code.as_str()),
            Some("210")
        );
        assert!(c
            .all(Scheme::Function, Level::Class)
            .iter()
            .all(|e| e.name != "医疗卫生与计划生育支出"));
        assert_eq!(
            c.check_name(Scheme::Economic, &code("30213"), 2025, "维修(护)费"),
            Known::Match
        );
        assert!(c
            .children(Scheme::Function, &code("201"))
            .iter()
            .any(|e| e.code.as_str() == "20105"));
        assert_eq!(
            c.find_by_name(Scheme::Function, Level::Class, "城乡社区支出")
                .unwrap()
                .code
                .as_str(),
            "212"
        );
    }

    #[test]
    fn user_file_overrides_and_errors_name_the_line() {
        let mut c = Catalog::embedded().clone();
        let n = c
            .load_csv(
                "code,name,year\n2010507,专项普查活动（新）,2026\n",
                "official-2026.csv",
                Some(Scheme::Function),
            )
            .unwrap();
        assert_eq!(n, 1);
        assert_eq!(
            c.name(Scheme::Function, &code("2010507"), 2026),
            Some("专项普查活动（新）")
        );
        assert_eq!(
            c.name(Scheme::Function, &code("2010507"), 2025),
            Some("专项普查活动")
        );
        let err = c
            .load_csv("code,name\n20x,坏\n", "bad.csv", Some(Scheme::Function))
            .unwrap_err();
        assert!(err.to_string().starts_with("bad.csv:2:"), "{err}");
    }
}
