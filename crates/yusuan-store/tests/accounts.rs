//! Accounts, sessions and the sign-in rate limit, the same tests on SQLite and on a throwaway
//! PostgreSQL server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Duration;
use yusuan_store::testing::TempPostgres;
use yusuan_store::{Login, RateLimit, Role, Store, Target, UploadRecord};

type Body = fn(&Target);

const BODIES: &[(&str, Body)] = &[
    ("users_and_passwords", users_and_passwords),
    ("sessions", sessions),
    ("rate_limit", rate_limit),
    ("hostile_input_is_data", hostile_input_is_data),
    ("uploads", uploads),
];

#[test]
fn sqlite() {
    for (name, body) in BODIES {
        let dir = tempfile::tempdir().unwrap();
        eprintln!("sqlite: {name}");
        body(&Target::Sqlite(dir.path().join("ws.sqlite")));
    }
}

#[test]
fn postgres() {
    let Some(pg) = TempPostgres::start().unwrap() else {
        return;
    };
    for (name, body) in BODIES {
        eprintln!("postgres: {name}");
        body(&Target::Postgres(pg.new_database().unwrap()));
    }
}

const LOOSE: RateLimit = RateLimit {
    failures: 100,
    window: Duration::from_secs(900),
};

fn users_and_passwords(t: &Target) {
    let s = Store::open(t).unwrap();
    let u = s
        .create_user("张审核", "correct horse", Role::Reviewer, None)
        .unwrap();
    assert_eq!(u.role, Role::Reviewer);
    s.create_user(
        "江北城街道",
        "街道的密码很长很长",
        Role::Unit,
        Some("重庆市江北区江北城街道办事处"),
    )
    .unwrap();
    // A unit's account names its unit; the others do not; names are unique; passwords long.
    assert!(s.create_user("x", "12345678", Role::Unit, None).is_err());
    assert!(s
        .create_user("y", "12345678", Role::Admin, Some("某局"))
        .is_err());
    assert!(s
        .create_user("张审核", "another one", Role::Admin, None)
        .is_err());
    assert!(s
        .create_user("short", "1234567", Role::Admin, None)
        .is_err());
    assert!(s
        .create_user(" padded", "12345678", Role::Admin, None)
        .is_err());
    assert!(s.create_user("", "12345678", Role::Admin, None).is_err());
    // The hash is argon2id, never the password.
    let users = s.users().unwrap();
    assert_eq!(
        users.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        ["张审核", "江北城街道"]
    );
    assert_eq!(
        s.user("江北城街道").unwrap().unwrap().unit.as_deref(),
        Some("重庆市江北区江北城街道办事处")
    );
    s.close();
    if let Target::Sqlite(path) = t {
        let raw = std::fs::read(path).unwrap();
        let raw = String::from_utf8_lossy(&raw);
        assert!(!raw.contains("correct horse"));
        assert!(raw.contains("$argon2id$v=19$"), "a PHC string");
    }
    let s = Store::open(t).unwrap();
    let ok = s
        .login("张审核", "correct horse", "127.0.0.1", LOOSE)
        .unwrap();
    assert!(matches!(ok, Login::SignedIn(ref u) if u.name == "张审核"));
    assert_eq!(
        s.login("张审核", "Correct horse", "127.0.0.1", LOOSE)
            .unwrap(),
        Login::Refused
    );
    assert_eq!(
        s.login("nobody", "correct horse", "127.0.0.1", LOOSE)
            .unwrap(),
        Login::Refused
    );
    assert!(s.set_password("张审核", "battery staple").unwrap());
    assert_eq!(
        s.login("张审核", "correct horse", "127.0.0.1", LOOSE)
            .unwrap(),
        Login::Refused
    );
    assert!(matches!(
        s.login("张审核", "battery staple", "127.0.0.1", LOOSE)
            .unwrap(),
        Login::SignedIn(_)
    ));
    assert!(!s.set_password("nobody", "battery staple").unwrap());
    assert!(s.delete_user("张审核").unwrap());
    assert!(!s.delete_user("张审核").unwrap());
    assert_eq!(s.users().unwrap().len(), 1);
}

fn sessions(t: &Target) {
    let s = Store::open(t).unwrap();
    s.create_user("管理员", "admin password", Role::Admin, None)
        .unwrap();
    let a = s
        .start_session("管理员", Duration::from_secs(3600))
        .unwrap();
    let b = s
        .start_session("管理员", Duration::from_secs(3600))
        .unwrap();
    assert_eq!(a.token.len(), 64);
    assert_ne!(a.token, b.token, "random tokens");
    let got = s.session(&a.token).unwrap().unwrap();
    assert_eq!(got.user.name, "管理员");
    assert_eq!(got.user.role, Role::Admin);
    assert!(got.expires_at > got.created_at);
    // The table keeps only the token's hash.
    s.end_session(&a.token).unwrap();
    assert!(s.session(&a.token).unwrap().is_none());
    assert!(s.session(&b.token).unwrap().is_some());
    // Malformed and unknown tokens open nothing.
    for bad in [
        "",
        "' OR 1=1 --",
        &"0".repeat(64),
        &b.token.to_uppercase()[..63],
    ] {
        assert!(s.session(bad).unwrap().is_none(), "{bad}");
    }
    // An expired session opens nothing.
    let c = s.start_session("管理员", Duration::ZERO).unwrap();
    assert!(s.session(&c.token).unwrap().is_none());
    // A new password ends every session.
    s.set_password("管理员", "new admin password").unwrap();
    assert!(s.session(&b.token).unwrap().is_none());
    // Deleting the user ends its sessions.
    let d = s
        .start_session("管理员", Duration::from_secs(3600))
        .unwrap();
    s.delete_user("管理员").unwrap();
    assert!(s.session(&d.token).unwrap().is_none());
}

fn rate_limit(t: &Target) {
    let s = Store::open(t).unwrap();
    s.create_user("审核员", "right password", Role::Reviewer, None)
        .unwrap();
    let limit = RateLimit {
        failures: 3,
        window: Duration::from_secs(900),
    };
    for _ in 0..3 {
        assert_eq!(
            s.login("审核员", "wrong", "10.0.0.1", limit).unwrap(),
            Login::Refused
        );
    }
    // By account: the right password from another address is not even checked.
    assert_eq!(
        s.login("审核员", "right password", "10.0.0.2", limit)
            .unwrap(),
        Login::Limited
    );
    // By address: another name from the same address is limited too.
    s.create_user("另一位", "right password", Role::Reviewer, None)
        .unwrap();
    assert_eq!(
        s.login("另一位", "right password", "10.0.0.1", limit)
            .unwrap(),
        Login::Limited
    );
    // Elsewhere and for others, sign-in goes on.
    assert!(matches!(
        s.login("另一位", "right password", "10.0.0.3", limit)
            .unwrap(),
        Login::SignedIn(_)
    ));
    // Failures older than the window are forgotten.
    let short = RateLimit {
        failures: 3,
        window: Duration::ZERO,
    };
    assert!(matches!(
        s.login("审核员", "right password", "10.0.0.1", short)
            .unwrap(),
        Login::SignedIn(_)
    ));
}

fn hostile_input_is_data(t: &Target) {
    let s = Store::open(t).unwrap();
    for name in [
        "a'; DROP TABLE users; --",
        "\" OR \"1\"=\"1",
        "<script>alert(1)</script>",
        "单位'||(SELECT password_hash FROM users)||'",
    ] {
        s.create_user(name, "a long password", Role::Reviewer, None)
            .unwrap();
        assert_eq!(s.user(name).unwrap().unwrap().name, name);
        assert_eq!(
            s.login(name, "' OR '1'='1", "::1", LOOSE).unwrap(),
            Login::Refused
        );
    }
    assert_eq!(s.users().unwrap().len(), 4);
    assert_eq!(
        s.login("' OR '1'='1' --", "' OR '1'='1' --", "::1", LOOSE)
            .unwrap(),
        Login::Refused
    );
}

fn uploads(t: &Target) {
    let s = Store::open(t).unwrap();
    let u = UploadRecord {
        hash: yusuan_store::content_hash(b"x"),
        user: "审核员".into(),
        unit: Some("某局".into()),
        file_name: "../../etc/passwd".into(),
        bytes: 1,
        outcome: "refused".into(),
        reason: Some("不是公开文件".into()),
    };
    s.record_upload(&u).unwrap();
    assert_eq!(s.uploads().unwrap(), vec![u]);
}
