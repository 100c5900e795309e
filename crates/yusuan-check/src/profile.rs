//! Region profiles: which tables and narrative sections a disclosure must contain. They are
//! data files (`profiles/*.toml`), embedded in the binary, not code.

use serde::Deserialize;
use yusuan_model::{PerformanceKind, Region, TableKind};

const NATIONAL: &str = include_str!("../profiles/national.toml");
const CHONGQING: &str = include_str!("../profiles/chongqing.toml");
const SHANGHAI: &str = include_str!("../profiles/shanghai.toml");

#[derive(Clone, Debug, Deserialize)]
pub struct RequiredTable {
    #[serde(default)]
    pub kind: Option<TableKind>,
    #[serde(default)]
    pub performance: Option<PerformanceKind>,
    /// The number the region prints (`表一`, `1`).
    #[serde(default)]
    pub number: Option<String>,
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RequiredSection {
    pub name: String,
    /// The section is present when a section title (or, failing that, the text) contains any
    /// of these words.
    pub any: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Profile {
    pub name: String,
    #[serde(default)]
    pub source: Option<String>,
    /// Tables carry printed numbers (表一 …) that must run in order.
    #[serde(default)]
    pub numbered: bool,
    pub tables: Vec<RequiredTable>,
    pub sections: Vec<RequiredSection>,
}

impl Profile {
    pub fn for_region(region: Region) -> Profile {
        let text = match region {
            Region::Chongqing => CHONGQING,
            Region::Shanghai => SHANGHAI,
            Region::National => NATIONAL,
        };
        // The embedded profiles are checked by a test; fall back to an empty profile rather than
        // panic if one were ever malformed.
        toml::from_str(text).unwrap_or_else(|_| Profile {
            name: "?".into(),
            source: None,
            numbered: false,
            tables: Vec::new(),
            sections: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_profiles_parse() {
        for (text, n) in [(NATIONAL, 8), (CHONGQING, 12), (SHANGHAI, 9)] {
            let p: Profile = toml::from_str(text).unwrap();
            assert_eq!(p.tables.len(), n, "{}", p.name);
        }
    }
}
