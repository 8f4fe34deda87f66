-- 0001_init: regions and the household registry (家庭档案).
-- Conventions: money in integer fen, area in integer 0.01 m2, dates
-- YYYY-MM-DD, timestamps UTC YYYY-MM-DDTHH:MM:SSZ. Written in the SQL common
-- to SQLite and PostgreSQL; STRICT is SQLite's and is dropped for PostgreSQL.

CREATE TABLE region (
    code TEXT PRIMARY KEY,              -- GB/T 2260 (district) or statistical division code
    parent_code TEXT REFERENCES region (code),
    level TEXT NOT NULL CHECK (level IN ('city', 'district', 'street', 'community')),
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT ''       -- 市 / 区 / 街道 / 镇 / 乡 / 地区 / 开发区 / 社区
) STRICT;
CREATE INDEX region_parent ON region (parent_code);

CREATE TABLE household (
    id INTEGER PRIMARY KEY,
    household_no TEXT NOT NULL UNIQUE,  -- the bureau's household number
    region_code TEXT NOT NULL REFERENCES region (code),   -- street/township of residence
    district_code TEXT NOT NULL REFERENCES region (code), -- its district, for scoping
    contact_phone TEXT NOT NULL,
    housing_address TEXT NOT NULL,
    housing_area INTEGER NOT NULL CHECK (housing_area >= 0),  -- 0.01 m2
    housing_tenure TEXT NOT NULL,
    income_end_month TEXT NOT NULL,     -- YYYY-MM, the last of the 12 income months
    version INTEGER NOT NULL DEFAULT 1, -- optimistic concurrency
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX household_district ON household (district_code, id);
CREATE INDEX household_region ON household (region_code, id);

CREATE TABLE household_priority (
    household_id INTEGER NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    PRIMARY KEY (household_id, category)
) STRICT;
CREATE INDEX household_priority_category ON household_priority (category);

CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- order within the household, from 1
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,            -- 身份证号, GB 11643; unique (index below)
    id_reversed TEXT NOT NULL,          -- reversed, so a suffix search is an index range
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    relation TEXT NOT NULL,
    hukou_region_code TEXT NOT NULL,
    hukou_urban INTEGER NOT NULL CHECK (hukou_urban IN (0, 1)),
    marital_status TEXT NOT NULL,
    disability_grade INTEGER NOT NULL CHECK (disability_grade BETWEEN 0 AND 4),
    serious_illness INTEGER NOT NULL CHECK (serious_illness IN (0, 1)),
    veteran INTEGER NOT NULL CHECK (veteran IN (0, 1)),
    youfu INTEGER NOT NULL CHECK (youfu IN (0, 1)),
    employer TEXT NOT NULL,
    work_region_code TEXT NOT NULL,
    social_insurance_months INTEGER NOT NULL CHECK (social_insurance_months >= 0),
    income_01 INTEGER NOT NULL, income_02 INTEGER NOT NULL, income_03 INTEGER NOT NULL,
    income_04 INTEGER NOT NULL, income_05 INTEGER NOT NULL, income_06 INTEGER NOT NULL,
    income_07 INTEGER NOT NULL, income_08 INTEGER NOT NULL, income_09 INTEGER NOT NULL,
    income_10 INTEGER NOT NULL, income_11 INTEGER NOT NULL, income_12 INTEGER NOT NULL,
    home_count INTEGER NOT NULL CHECK (home_count >= 0),
    home_area INTEGER NOT NULL CHECK (home_area >= 0),
    home_value INTEGER NOT NULL CHECK (home_value >= 0),
    vehicle_count INTEGER NOT NULL CHECK (vehicle_count >= 0),
    vehicle_value INTEGER NOT NULL CHECK (vehicle_value >= 0),
    deposits INTEGER NOT NULL CHECK (deposits >= 0),
    securities INTEGER NOT NULL CHECK (securities >= 0),
    insurance INTEGER NOT NULL CHECK (insurance >= 0),
    UNIQUE (household_id, seq)
) STRICT;
-- a separate unique index (not an inline UNIQUE) so that a bulk import into
-- an empty registry can build it once at the end (see docs/architecture.md)
CREATE UNIQUE INDEX member_id_number ON member (id_number);
CREATE INDEX member_name ON member (name);
CREATE INDEX member_id_reversed ON member (id_reversed);
