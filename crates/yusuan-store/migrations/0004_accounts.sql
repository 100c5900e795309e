-- The portal's accounts (issue 12): who may write (reviewers' decisions, uploads), signed in
-- by password. Same rules as 0001: TEXT and BIGINT only, times as Unix seconds.

-- A person (or a unit's office) who signs in to the portal.
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    -- argon2id, as a PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash): never the password.
    password_hash TEXT NOT NULL,
    -- 'reviewer' (审核), 'unit' (单位) or 'admin' (管理).
    role TEXT NOT NULL,
    -- For a unit's account, the unit's name as its disclosures print it; else NULL.
    unit TEXT,
    created_at BIGINT NOT NULL
);

-- A signed-in browser or program. The token itself (256 random bits) is only ever in the
-- cookie or the Authorization header; the table keeps its SHA-256, so a copy of the database
-- signs nobody in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_name);

-- Every sign-in attempt of the last window, for rate limiting by account and by address.
CREATE TABLE login_attempts (
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    at BIGINT NOT NULL,
    -- 1 signed in, 0 refused.
    ok BIGINT NOT NULL
);
CREATE INDEX login_attempts_name ON login_attempts(name, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);

-- Every file uploaded through the portal: who, for which unit, and the content (SHA-256; the
-- bytes are kept under that name beside the workspace, never under the name the browser sent).
CREATE TABLE uploads (
    hash TEXT NOT NULL,
    user_name TEXT NOT NULL,
    unit TEXT,
    -- The file name the browser sent, shown only (escaped); never used as a path.
    file_name TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    -- 'accepted' or 'refused', with the reason when refused.
    outcome TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX uploads_hash ON uploads(hash);
