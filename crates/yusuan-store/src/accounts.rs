//! The portal's accounts (issue 12): users with argon2id password hashes, sessions by random
//! token (kept hashed), sign-in attempts for rate limiting, and a record of uploads. The same
//! statements on SQLite and PostgreSQL (`migrations/0004_accounts.sql`).
//!
//! Passwords are hashed with argon2id (the RustCrypto `argon2` crate, its default parameters:
//! 19 MiB, 2 passes, OWASP's recommendation) and stored as PHC strings; verifying is the
//! crate's (constant time). A sign-in with an unknown name verifies against a fixed hash all the
//! same, so the answer's timing does not tell which names exist.

// `Pool` and `Begin` are named by `on_pool!` and the transactions.
use crate::{now, Begin, Error, Pool, Result, Store};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use std::time::Duration;

/// What a signed-in user may do.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// 审核: records decisions on findings, uploads disclosures of any unit, downloads
    /// checklists and the league table.
    Reviewer,
    /// 单位: uploads its own unit's disclosures and budget workbook.
    Unit,
    /// 管理: everything, and the accounts.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Unit, Role::Admin];

    /// As stored and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Unit => "unit",
            Role::Admin => "admin",
        }
    }

    /// As pages show it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Reviewer => "审核",
            Role::Unit => "单位",
            Role::Admin => "管理",
        }
    }

    /// From the stored form or the Chinese word.
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| s.eq_ignore_ascii_case(r.as_str()) || s == r.label())
    }
}

/// An account as stored (without its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
    /// The unit a 单位 account speaks for.
    pub unit: Option<String>,
    pub created_at: i64,
}

/// A session just started: the token goes to the client once and is not kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    /// 64 hex digits (256 random bits).
    pub token: String,
    pub expires_at: i64,
}

/// A signed-in session, found by its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub created_at: i64,
    pub expires_at: i64,
}

/// How a sign-in ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Login {
    SignedIn(User),
    /// Wrong name or password (not said which).
    Refused,
    /// Too many failures for this name or from this address lately: not even checked.
    Limited,
}

/// At most `failures` refused sign-ins per account and per address within `window`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub failures: i64,
    pub window: Duration,
}

impl Default for RateLimit {
    /// 5 failures in 15 minutes.
    fn default() -> Self {
        RateLimit {
            failures: 5,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// A file uploaded through the portal, as recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UploadRecord {
    pub hash: String,
    pub user: String,
    pub unit: Option<String>,
    pub file_name: String,
    pub bytes: i64,
    /// `accepted` or `refused`.
    pub outcome: String,
    pub reason: Option<String>,
}

/// Names are 1–64 characters, no control characters, not blank at either end.
const MAX_NAME: usize = 64;
/// Passwords: at least 8 characters; at most 1024 bytes (hashing a megabyte is a denial of
/// service).
const MIN_PASSWORD: usize = 8;
const MAX_PASSWORD: usize = 1024;

fn check_name(name: &str) -> Result<()> {
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME || name.trim() != name || name.chars().any(char::is_control) {
        return Err(Error::Account(format!(
            "用户名须为 1–{MAX_NAME} 个字符，首尾无空白，无控制字符 (a user name is 1–{MAX_NAME} \
             characters, not blank at either end, no control characters)"
        )));
    }
    Ok(())
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD || password.len() > MAX_PASSWORD {
        return Err(Error::Account(format!(
            "密码须至少 {MIN_PASSWORD} 个字符 (a password has at least {MIN_PASSWORD} characters)"
        )));
    }
    Ok(())
}

fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Account(format!("无法计算密码散列 (cannot hash the password): {e}")))
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash nobody's password matches, verified against when the name is unknown (the same
/// work as for a known name).
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut pw = [0u8; 32];
        let _ = OsRng.try_fill_bytes(&mut pw);
        hash_password(&crate::hex(&pw)).unwrap_or_default()
    })
}

/// A fresh session token: 256 bits from the operating system, hex.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    OsRng.try_fill_bytes(&mut bytes).map_err(|e| {
        Error::Account(format!(
            "无法取得随机数 (no randomness from the system): {e}"
        ))
    })?;
    Ok(crate::hex(&bytes))
}

/// What the sessions table keeps of a token.
pub fn token_hash(token: &str) -> String {
    crate::hex(&Sha256::digest(token.as_bytes()))
}

type UserTuple = (String, String, Option<String>, i64);
type UploadTuple = (
    String,
    String,
    Option<String>,
    String,
    i64,
    String,
    Option<String>,
);

fn user_of((name, role, unit, created_at): UserTuple) -> Option<User> {
    Some(User {
        name,
        role: Role::parse(&role)?,
        unit,
        created_at,
    })
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 4)
}

impl Store {
    /// Create an account. A 单位 account names its unit; the others name none.
    pub fn create_user(
        &self,
        name: &str,
        password: &str,
        role: Role,
        unit: Option<&str>,
    ) -> Result<User> {
        check_name(name)?;
        check_password(password)?;
        let unit = unit.map(str::trim).filter(|u| !u.is_empty());
        match (role, unit) {
            (Role::Unit, None) => {
                return Err(Error::Account(
                    "单位账户须指明单位名称 (a unit's account names its unit: --unit)".into(),
                ))
            }
            (Role::Reviewer | Role::Admin, Some(_)) => {
                return Err(Error::Account(
                    "只有单位账户指明单位 (only a unit's account names a unit)".into(),
                ))
            }
            _ => {}
        }
        if self.user(name)?.is_some() {
            return Err(Error::Account(format!(
                "用户「{name}」已存在 (the user exists already)"
            )));
        }
        let hash = hash_password(password)?;
        let t = now();
        on_pool!(self, p => async {
            sqlx::query(
                "INSERT INTO users (name, password_hash, role, unit, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(name)
            .bind(&hash)
            .bind(role.as_str())
            .bind(unit)
            .bind(t)
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(User {
            name: name.to_string(),
            role,
            unit: unit.map(str::to_string),
            created_at: t,
        })
    }

    /// Replace an account's password; its sessions end. False when there is no such user.
    pub fn set_password(&self, name: &str, password: &str) -> Result<bool> {
        check_password(password)?;
        let hash = hash_password(password)?;
        let n = on_pool!(self, p => async {
            let mut tx = p.begin_with(Begin::statement(p)).await?;
            let n = sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
                .bind(&hash)
                .bind(name)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM sessions WHERE user_name = $1")
                .bind(name)
                .execute(&mut *tx)
                .await?;
            tx.commit().await.map(|()| n)
        })?;
        Ok(n > 0)
    }

    /// Delete an account and its sessions. False when there is no such user.
    pub fn delete_user(&self, name: &str) -> Result<bool> {
        let n = on_pool!(self, p => async {
            let mut tx = p.begin_with(Begin::statement(p)).await?;
            sqlx::query("DELETE FROM sessions WHERE user_name = $1")
                .bind(name)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM users WHERE name = $1")
                .bind(name)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await.map(|()| n)
        })?;
        Ok(n > 0)
    }

    /// One account by name.
    pub fn user(&self, name: &str) -> Result<Option<User>> {
        let row: Option<UserTuple> = on_pool!(self, p => async {
            sqlx::query_as("SELECT name, role, unit, created_at FROM users WHERE name = $1")
                .bind(name)
                .fetch_optional(p)
                .await
        })?;
        Ok(row.and_then(user_of))
    }

    /// Every account, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let rows: Vec<UserTuple> = on_pool!(self, p => async {
            sqlx::query_as("SELECT name, role, unit, created_at FROM users ORDER BY name")
                .fetch_all(p)
                .await
        })?;
        Ok(rows.into_iter().filter_map(user_of).collect())
    }

    /// A sign-in by name and password from `address` (the client's IP address), under the
    /// rate limit: more than `limit.failures` refusals for the name, or from the address,
    /// within the window and the password is not even checked. Every attempt is recorded;
    /// attempts older than the window are forgotten.
    pub fn login(
        &self,
        name: &str,
        password: &str,
        address: &str,
        limit: RateLimit,
    ) -> Result<Login> {
        let t = now();
        let since = t - secs(limit.window);
        let (by_name, by_address): ((i64,), (i64,)) = on_pool!(self, p => async {
            sqlx::query("DELETE FROM login_attempts WHERE at <= $1")
                .bind(since)
                .execute(p)
                .await?;
            let a = sqlx::query_as(
                "SELECT COUNT(*) FROM login_attempts WHERE name = $1 AND ok = 0 AND at > $2",
            )
            .bind(name)
            .bind(since)
            .fetch_one(p)
            .await?;
            let b = sqlx::query_as(
                "SELECT COUNT(*) FROM login_attempts WHERE address = $1 AND ok = 0 AND at > $2",
            )
            .bind(address)
            .bind(since)
            .fetch_one(p)
            .await?;
            Ok::<_, sqlx::Error>((a, b))
        })?;
        if by_name.0 >= limit.failures || by_address.0 >= limit.failures {
            return Ok(Login::Limited);
        }
        let row: Option<(String, String, Option<String>, i64, String)> =
            if password.len() > MAX_PASSWORD {
                None
            } else {
                on_pool!(self, p => async {
                    sqlx::query_as(
                        "SELECT name, role, unit, created_at, password_hash FROM users \
                         WHERE name = $1",
                    )
                    .bind(name)
                    .fetch_optional(p)
                    .await
                })?
            };
        let user = match row {
            Some((n, role, unit, created, phc)) => {
                if verify_password(password, &phc) {
                    user_of((n, role, unit, created))
                } else {
                    None
                }
            }
            None => {
                // The same work as for a known name.
                let _ = verify_password(password, decoy_hash());
                None
            }
        };
        let ok = i64::from(user.is_some());
        on_pool!(self, p => async {
            sqlx::query("INSERT INTO login_attempts (name, address, at, ok) VALUES ($1, $2, $3, $4)")
                .bind(name)
                .bind(address)
                .bind(t)
                .bind(ok)
                .execute(p)
                .await
                .map(|_| ())
        })?;
        Ok(match user {
            Some(u) => Login::SignedIn(u),
            None => Login::Refused,
        })
    }

    /// Start a session for a user, lasting `ttl`; the token is returned once, the table keeps
    /// its hash. Expired sessions are deleted on the way.
    pub fn start_session(&self, user: &str, ttl: Duration) -> Result<NewSession> {
        let token = new_token()?;
        let t = now();
        let expires_at = t.saturating_add(secs(ttl));
        let hash = token_hash(&token);
        on_pool!(self, p => async {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(t)
                .execute(p)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_name, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&hash)
            .bind(user)
            .bind(t)
            .bind(expires_at)
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(NewSession { token, expires_at })
    }

    /// The session a token opens, if it exists and has not expired. The token is looked up by
    /// its SHA-256 (an index lookup on a hash tells nothing about the token by its timing).
    pub fn session(&self, token: &str) -> Result<Option<Session>> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let hash = token_hash(token);
        let row: Option<(String, String, Option<String>, i64, i64, i64)> = on_pool!(self, p => async {
            sqlx::query_as(
                "SELECT u.name, u.role, u.unit, u.created_at, s.created_at, s.expires_at \
                 FROM sessions s JOIN users u ON u.name = s.user_name \
                 WHERE s.token_hash = $1 AND s.expires_at > $2",
            )
            .bind(&hash)
            .bind(now())
            .fetch_optional(p)
            .await
        })?;
        Ok(row.and_then(|(n, r, u, c, created_at, expires_at)| {
            Some(Session {
                user: user_of((n, r, u, c))?,
                created_at,
                expires_at,
            })
        }))
    }

    /// End a session (signing out). Nothing happens for an unknown token.
    pub fn end_session(&self, token: &str) -> Result<()> {
        let hash = token_hash(token);
        on_pool!(self, p => async {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(&hash)
                .execute(p)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Record an upload (accepted or refused).
    pub fn record_upload(&self, u: &UploadRecord) -> Result<()> {
        on_pool!(self, p => async {
            sqlx::query(
                "INSERT INTO uploads (hash, user_name, unit, file_name, bytes, uploaded_at, \
                 outcome, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&u.hash)
            .bind(&u.user)
            .bind(&u.unit)
            .bind(&u.file_name)
            .bind(u.bytes)
            .bind(now())
            .bind(&u.outcome)
            .bind(&u.reason)
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Every upload recorded, the newest first.
    pub fn uploads(&self) -> Result<Vec<UploadRecord>> {
        let rows: Vec<UploadTuple> = on_pool!(self, p => async {
            sqlx::query_as(
                "SELECT hash, user_name, unit, file_name, bytes, outcome, reason \
                 FROM uploads ORDER BY uploaded_at DESC, hash",
            )
            .fetch_all(p)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(hash, user, unit, file_name, bytes, outcome, reason)| UploadRecord {
                    hash,
                    user,
                    unit,
                    file_name,
                    bytes,
                    outcome,
                    reason,
                },
            )
            .collect())
    }
}
