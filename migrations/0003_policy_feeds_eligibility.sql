-- 0003: policy versions, shared-data feeds (核对), verification reports and
-- eligibility decisions. Policy rows are immutable: a new version is a new
-- row, so a decision that names a policy keeps meaning what it meant.

CREATE TABLE policy (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,                 -- "beijing", "beitun"
    version TEXT NOT NULL,              -- "2026.1"
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    effective TEXT NOT NULL,            -- YYYY-MM-DD: applies to as-of dates from this day
    document TEXT NOT NULL,             -- the preset, canonical JSON
    sha256 TEXT NOT NULL,               -- of document
    imported_at TEXT NOT NULL,
    UNIQUE (code, version)
) STRICT;
CREATE TRIGGER policy_immutable_update BEFORE UPDATE ON policy
BEGIN SELECT RAISE(ABORT, 'policy versions are immutable'); END;
CREATE TRIGGER policy_immutable_delete BEFORE DELETE ON policy
BEGIN SELECT RAISE(ABORT, 'policy versions are immutable'); END;

-- one import of one source's file; the source's rows are replaced by it
CREATE TABLE feed_batch (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    rows INTEGER NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX feed_batch_source ON feed_batch (source, id);

-- the current rows of every source (see core/verify.h, docs/feeds.md)
CREATE TABLE feed_record (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    batch_id INTEGER NOT NULL REFERENCES feed_batch (id),
    line INTEGER NOT NULL,
    id_number TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,                  -- certificate / plate / account / policy number
    label TEXT NOT NULL,                -- address / bank / insurer / employer
    region_code TEXT NOT NULL,
    status TEXT NOT NULL,               -- civil affairs: none|dibao|low_income|tekun
    has_amount INTEGER NOT NULL CHECK (has_amount IN (0, 1)),
    amount INTEGER NOT NULL,            -- fen
    area INTEGER NOT NULL,              -- 0.01 m2
    months INTEGER NOT NULL
) STRICT;
CREATE INDEX feed_record_person ON feed_record (id_number, source);
CREATE INDEX feed_record_source ON feed_record (source);

-- a verification report (核对报告) of one household at one time
CREATE TABLE verification (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    household_version INTEGER NOT NULL,
    sources TEXT NOT NULL,              -- "civil_affairs;property;..." (loaded and used)
    batches TEXT NOT NULL,              -- "civil_affairs:3;property:4;..." the data used
    discrepancies INTEGER NOT NULL,
    verified_at TEXT NOT NULL
) STRICT;
CREATE INDEX verification_household ON verification (household_id, id);

CREATE TABLE verification_discrepancy (
    verification_id INTEGER NOT NULL REFERENCES verification (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    member_seq INTEGER NOT NULL,        -- the member's seq in the household, from 1
    source TEXT NOT NULL,
    field TEXT NOT NULL,
    declared TEXT NOT NULL,
    found TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (verification_id, seq)
) STRICT;

-- `anju eligibility run`: one programme over every household
CREATE TABLE eligibility_run (
    id INTEGER PRIMARY KEY,
    programme TEXT NOT NULL,
    as_of TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    households INTEGER NOT NULL,
    eligible INTEGER NOT NULL
) STRICT;

-- a decision: which policy version decided what, and why
CREATE TABLE eligibility_decision (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES eligibility_run (id),  -- NULL for a single check
    household_id INTEGER NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    household_version INTEGER NOT NULL,
    district_code TEXT NOT NULL,
    programme TEXT NOT NULL,
    policy_id INTEGER NOT NULL REFERENCES policy (id),
    as_of TEXT NOT NULL,
    eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
    tier INTEGER NOT NULL,              -- 0: none
    amount INTEGER NOT NULL,            -- fen per month; -1: needs the rent
    priority TEXT NOT NULL,             -- "dibao;elderly"
    verified TEXT NOT NULL,             -- the sources used: "civil_affairs;property"
    -- the reasons, one line per criterion: code|pass|actual|limit
    criteria TEXT NOT NULL,
    decided_at TEXT NOT NULL
) STRICT;
CREATE INDEX eligibility_decision_run ON eligibility_decision (run_id);
CREATE INDEX eligibility_decision_household ON eligibility_decision (household_id, programme, id);
