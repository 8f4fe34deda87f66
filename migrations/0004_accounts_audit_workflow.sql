-- 0004: accounts and sessions, the tamper-evident audit log, and the
-- application workflow (申请 → 三级审核 → 公示 → 备案).
-- Timestamps are UTC YYYY-MM-DDTHH:MM:SSZ, dates YYYY-MM-DD; '' = not yet.

-- A person who signs in: staff with a role and a region scope, or an
-- applicant (username = their phone) bound to one household.
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('applicant', 'street_officer', 'district_officer',
                                       'city_officer', 'operator', 'auditor', 'admin')),
    -- region code the account may see: a street (9 digits) for a street
    -- officer, a district (6) for a district officer, a city (6, ending
    -- 0000) for a city officer or operator; '' for the others
    scope TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    id_number TEXT NOT NULL DEFAULT '',  -- applicants: the 身份证号 they bound with
    household_id INTEGER REFERENCES household (id),
    password_hash TEXT NOT NULL,         -- libsodium crypto_pwhash_str (argon2id)
    failed_logins INTEGER NOT NULL DEFAULT 0,  -- consecutive failures
    lockouts INTEGER NOT NULL DEFAULT 0,       -- times locked since the last success
    locked_until TEXT NOT NULL DEFAULT '',
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
-- one applicant account per household
CREATE UNIQUE INDEX account_household ON account (household_id) WHERE household_id IS NOT NULL;

-- A signed-in browser. Only the hash of the cookie token is kept, so a copy
-- of the database cannot be used to act as anyone; the CSRF token is derived
-- from the cookie token (keyed BLAKE2b), so it is not stored at all.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,         -- hex BLAKE2b-256 of the cookie's 32 random bytes
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL,             -- idle expiry counts from here
    expires_at TEXT NOT NULL             -- absolute expiry
) STRICT;
CREATE INDEX session_account ON session (account_id);

-- The audit log: one entry per state change, appended in the change's own
-- transaction. hash = BLAKE2b-256 over the entry's fields and prev_hash
-- (docs/audit.md gives the exact bytes); the database refuses to change or
-- remove an entry.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,             -- 1, 2, 3, ... without gaps
    at TEXT NOT NULL,
    actor_id INTEGER,                    -- account id; NULL = the local operator (CLI)
    actor TEXT NOT NULL,                 -- username, or local:<user> for the CLI
    role TEXT NOT NULL,
    action TEXT NOT NULL,                -- household.create, application.approve, ...
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_digest TEXT NOT NULL,         -- hex BLAKE2b-256 of the entity before ('' = none)
    after_digest TEXT NOT NULL,          -- and after ('' = none)
    detail TEXT NOT NULL,                -- a short note: a reason, a file digest; never an ID number
    prev_hash TEXT NOT NULL,             -- hash of entry seq - 1 (64 zeros for the first)
    hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_entity ON audit_log (entity_type, entity_id, seq);
CREATE INDEX audit_actor ON audit_log (actor, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- An application of one household for one programme and its place in the
-- workflow (core/workflow.h). region_code and district_code are copied from
-- the household when it is created, for scoping.
CREATE TABLE application (
    id INTEGER PRIMARY KEY,
    application_no TEXT NOT NULL UNIQUE, -- SQ<year>-<6 digits>: the lottery entrant id
    household_id INTEGER NOT NULL REFERENCES household (id),
    programme TEXT NOT NULL,
    region_code TEXT NOT NULL,
    district_code TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'street_review', 'district_review',
                                         'city_filing', 'publicity', 'filed', 'returned',
                                         'rejected', 'withdrawn')),
    returned_from TEXT NOT NULL DEFAULT '',      -- the review state that asked for 补正
    correction_request TEXT NOT NULL DEFAULT '', -- what is missing
    policy_id INTEGER REFERENCES policy (id),    -- version of the last eligibility re-run
    eligible INTEGER CHECK (eligible IN (0, 1)), -- its outcome (NULL = not yet run)
    submitted_at TEXT NOT NULL DEFAULT '',
    publicity_start TEXT NOT NULL DEFAULT '',    -- 公示 first day
    publicity_end TEXT NOT NULL DEFAULT '',      -- last day
    filed_date TEXT NOT NULL DEFAULT '',         -- 备案 date = waiting-list date
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX application_district ON application (district_code, state, id);
CREATE INDEX application_region ON application (region_code, state, id);
CREATE INDEX application_state ON application (state, id);
-- one live application per household and programme
CREATE UNIQUE INDEX application_live ON application (household_id, programme)
    WHERE state NOT IN ('rejected', 'withdrawn');

-- The history of an application: every transition, who, when and why.
CREATE TABLE application_event (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id),
    at TEXT NOT NULL,
    account_id INTEGER,                  -- NULL = the local operator
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'    -- JSON: missing items, failed criteria, eligibility
) STRICT;
CREATE INDEX application_event_app ON application_event (application_id, id);

-- Objections raised during 公示, and how they were resolved.
CREATE TABLE objection (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id),
    received_at TEXT NOT NULL,
    objector TEXT NOT NULL,              -- who objected (name or "匿名")
    content TEXT NOT NULL,
    recorded_by INTEGER REFERENCES account (id),
    resolved_at TEXT NOT NULL DEFAULT '',
    resolution TEXT NOT NULL DEFAULT '',
    upheld INTEGER CHECK (upheld IN (0, 1)),
    resolved_by INTEGER REFERENCES account (id)
) STRICT;
CREATE INDEX objection_application ON objection (application_id, id);
