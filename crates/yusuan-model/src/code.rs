//! Classification codes: 支出功能分类 (类/款/项, 3/5/7 digits) and 部门预算支出经济分类 (类/款, 3/5 digits).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which classification a code belongs to.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// 支出功能分类
    Function,
    /// 部门预算支出经济分类
    Economic,
}

impl Scheme {
    pub fn label(self) -> &'static str {
        match self {
            Scheme::Function => "功能分类",
            Scheme::Economic => "经济分类",
        }
    }
}

/// 类 / 款 / 项.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 类 (3 digits)
    Class,
    /// 款 (5 digits)
    Section,
    /// 项 (7 digits, function classification only)
    Item,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Class => "类",
            Level::Section => "款",
            Level::Item => "项",
        }
    }

    pub fn from_label(s: &str) -> Option<Level> {
        match s.trim() {
            "类" => Some(Level::Class),
            "款" => Some(Level::Section),
            "项" => Some(Level::Item),
            _ => None,
        }
    }

    pub fn digits(self) -> usize {
        match self {
            Level::Class => 3,
            Level::Section => 5,
            Level::Item => 7,
        }
    }
}

/// A classification code written in full (`"2010507"`), ASCII digits only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(String);

impl Code {
    /// Parse a code as documents write it: `2010507`, `201 05 07` (Shanghai, split over
    /// columns), full-width digits. Only 3, 5 or 7 digits make a code.
    pub fn parse(s: &str) -> Option<Code> {
        let mut digits = String::with_capacity(7);
        for c in s.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                '０'..='９' => digits.push(char::from_u32(c as u32 - '０' as u32 + '0' as u32)?),
                ' ' | '\u{3000}' | '\t' => {}
                _ => return None,
            }
        }
        match digits.len() {
            3 | 5 | 7 => Some(Code(digits)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 类, 款 or 项 by length. Economic codes have no 项; a 7-digit economic code gives `None`.
    pub fn level(&self, scheme: Scheme) -> Option<Level> {
        match (self.0.len(), scheme) {
            (3, _) => Some(Level::Class),
            (5, _) => Some(Level::Section),
            (7, Scheme::Function) => Some(Level::Item),
            _ => None,
        }
    }

    /// The code one level up: `2010507` → `20105` → `201` → none.
    pub fn parent(&self) -> Option<Code> {
        let up = match self.0.len() {
            7 => 5,
            5 => 3,
            _ => return None,
        };
        self.0.get(..up).map(|s| Code(s.to_string()))
    }

    /// The 类 this code belongs to.
    pub fn class(&self) -> Code {
        Code(self.0.get(..3).unwrap_or(&self.0).to_string())
    }

    /// True when `self` is `other` or an ancestor of it.
    pub fn contains(&self, other: &Code) -> bool {
        other.0.starts_with(&self.0)
    }

    /// Shanghai writes codes split over columns: `201 05 07`.
    pub fn split_display(&self) -> String {
        let split = match self.0.len() {
            7 => self.0.split_at_checked(3).and_then(|(class, rest)| {
                let (section, item) = rest.split_at_checked(2)?;
                Some(format!("{class} {section} {item}"))
            }),
            5 => self
                .0
                .split_at_checked(3)
                .map(|(class, section)| format!("{class} {section}")),
            _ => None,
        };
        split.unwrap_or_else(|| self.0.clone())
    }
}

impl TryFrom<String> for Code {
    type Error = String;
    fn try_from(s: String) -> Result<Code, String> {
        Code::parse(&s).ok_or_else(|| format!("不是科目编码：「{s}」(expected 3, 5 or 7 digits)"))
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_joined_and_split() {
        assert_eq!(Code::parse("2010507").unwrap().as_str(), "2010507");
        assert_eq!(Code::parse("201 05 07").unwrap().as_str(), "2010507");
        assert_eq!(Code::parse("２０１").unwrap().as_str(), "201");
        assert!(Code::parse("2010").is_none());
        assert!(Code::parse("20a").is_none());
        assert!(Code::parse("").is_none());
    }

    #[test]
    fn hierarchy() {
        let c = Code::parse("2010507").unwrap();
        assert_eq!(c.level(Scheme::Function), Some(Level::Item));
        assert_eq!(c.parent().unwrap().as_str(), "20105");
        assert_eq!(c.parent().unwrap().parent().unwrap().as_str(), "201");
        assert_eq!(c.class().as_str(), "201");
        assert!(Code::parse("201").unwrap().contains(&c));
        assert_eq!(c.split_display(), "201 05 07");
        assert_eq!(
            Code::parse("30101").unwrap().level(Scheme::Economic),
            Some(Level::Section)
        );
    }
}
