//! User configuration: turn rules off or change their severity, like clippy's lints.
//!
//! ```toml
//! # yusuan.toml
//! [rules]
//! YS403 = "off"              # by code
//! name-matches-catalog = "info"  # or by name
//! ```

use crate::{RuleInfo, Severity};
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Rule code or name → severity, or `None` for off.
    overrides: HashMap<String, Option<Severity>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: 配置文件不是有效的 TOML (invalid TOML): {detail}")]
    Toml { file: String, detail: String },
    #[error("{file}: [rules] 中「{key}」的值「{value}」无效，应为 off / info / warning / error (invalid severity)")]
    Severity {
        file: String,
        key: String,
        value: String,
    },
    #[error("{file}: 没有名为「{key}」的规则 (no such rule)")]
    UnknownRule { file: String, key: String },
}

impl Config {
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        let value: toml::Table = toml::from_str(text).map_err(|e| ConfigError::Toml {
            file: file.into(),
            detail: e.to_string(),
        })?;
        let mut c = Config::default();
        if let Some(rules) = value.get("rules").and_then(|r| r.as_table()) {
            for (k, v) in rules {
                let known = crate::rules::all()
                    .iter()
                    .any(|r| r.info().code == k || r.info().name == k);
                if !known {
                    return Err(ConfigError::UnknownRule {
                        file: file.into(),
                        key: k.clone(),
                    });
                }
                let s = v.as_str().unwrap_or_default();
                let sev = match s {
                    "off" | "allow" | "关闭" => None,
                    other => Some(Severity::parse(other).ok_or_else(|| ConfigError::Severity {
                        file: file.into(),
                        key: k.clone(),
                        value: v.to_string(),
                    })?),
                };
                c.overrides.insert(k.clone(), sev);
            }
        }
        Ok(c)
    }

    /// Set a rule's severity (or turn it off with `None`).
    pub fn set(&mut self, rule: &str, severity: Option<Severity>) {
        self.overrides.insert(rule.to_string(), severity);
    }

    /// The severity a rule runs at, or `None` when turned off.
    pub fn severity_of(&self, info: &RuleInfo) -> Option<Severity> {
        self.overrides
            .get(info.code)
            .or_else(|| self.overrides.get(info.name))
            .copied()
            .unwrap_or(Some(info.severity))
    }
}
