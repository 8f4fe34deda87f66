-- 0007: the waiting lists (轮候, docs/queue.md). Positions are never stored:
-- the order is computed on demand (core/queue) from one row per filed
-- application, which keeps what the order is computed from — the filing
-- date and the priority categories as last verified — and the
-- re-reporting (定期申报) state.

-- One row per filed application, written in the filing's own transaction.
-- application_no, household_id, region_code, district_code and filed_date
-- are the application's (never changed once filed), copied so that a queue
-- is one scan of this table. The category facts are those of the
-- eligibility re-run that filed it, or of the latest re-report (the
-- decision named by decision_id): the categories as stated (declared; 低保/
-- 低收入/特困 from civil affairs once checked) and the member figures that
-- 老龄, 重残 and 大病 are derived from on the queue's date.
CREATE TABLE queue_entry (
    application_id INTEGER PRIMARY KEY REFERENCES application (id),
    programme TEXT NOT NULL,
    application_no TEXT NOT NULL,
    household_id INTEGER NOT NULL REFERENCES household (id),
    region_code TEXT NOT NULL,
    district_code TEXT NOT NULL,
    filed_date TEXT NOT NULL,             -- the 备案 date = the waiting-list date
    categories TEXT NOT NULL,             -- "dibao;low_income" (stated)
    oldest_birth_date TEXT NOT NULL,      -- '' when unknown
    severe_disability INTEGER NOT NULL CHECK (severe_disability IN (0, 1)),
    serious_illness INTEGER NOT NULL CHECK (serious_illness IN (0, 1)),
    verified_on TEXT NOT NULL,            -- the date those facts were verified
    decision_id INTEGER REFERENCES eligibility_decision (id),
    last_report_on TEXT NOT NULL DEFAULT '',    -- the latest re-report ('' none)
    answered_through TEXT NOT NULL DEFAULT '',  -- the latest due date re-reports answered ('' none)
    overdue_due TEXT NOT NULL DEFAULT '',       -- the due date missed, when marked overdue
    overdue_marked_on TEXT NOT NULL DEFAULT ''  -- the as-of date of that marking
) STRICT;
CREATE INDEX queue_entry_programme ON queue_entry (programme, application_id);
CREATE INDEX queue_entry_household ON queue_entry (household_id);

-- Every re-report (定期申报), by the applicant or by an officer on their
-- behalf; never changed or removed.
CREATE TABLE queue_re_report (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES queue_entry (application_id),
    reported_on TEXT NOT NULL,            -- YYYY-MM-DD
    at TEXT NOT NULL,                     -- UTC time
    account_id INTEGER REFERENCES account (id),  -- NULL = the local operator
    actor TEXT NOT NULL,                  -- username, or local:<user>
    role TEXT NOT NULL,
    decision_id INTEGER REFERENCES eligibility_decision (id),  -- the re-verification
    eligible INTEGER CHECK (eligible IN (0, 1)),   -- its outcome (NULL: no policy covers it)
    cleared_overdue TEXT NOT NULL DEFAULT ''       -- the missed due date it cleared ('' none)
) STRICT;
CREATE INDEX queue_re_report_application ON queue_re_report (application_id, id);
CREATE TRIGGER queue_re_report_no_update BEFORE UPDATE ON queue_re_report
BEGIN SELECT RAISE(ABORT, 're-reports are never changed'); END;
CREATE TRIGGER queue_re_report_no_delete BEFORE DELETE ON queue_re_report
BEGIN SELECT RAISE(ABORT, 're-reports are never removed'); END;

-- Applications filed before this migration: the categories of the latest
-- eligibility decision on or before the filing date, the members' figures
-- as they are now.
INSERT INTO queue_entry (application_id, programme, application_no, household_id, region_code,
                         district_code, filed_date, categories, oldest_birth_date,
                         severe_disability, serious_illness, verified_on, decision_id)
SELECT a.id, a.programme, a.application_no, a.household_id, a.region_code, a.district_code,
       a.filed_date,
       coalesce((SELECT d.priority FROM eligibility_decision d
                 WHERE d.household_id = a.household_id AND d.programme = a.programme
                   AND d.as_of <= a.filed_date ORDER BY d.as_of DESC, d.id DESC LIMIT 1), ''),
       coalesce((SELECT min(m.birth_date) FROM member m WHERE m.household_id = a.household_id), ''),
       coalesce((SELECT max(m.disability_grade IN (1, 2)) FROM member m
                 WHERE m.household_id = a.household_id), 0),
       coalesce((SELECT max(m.serious_illness) FROM member m
                 WHERE m.household_id = a.household_id), 0),
       a.filed_date,
       (SELECT d.id FROM eligibility_decision d
        WHERE d.household_id = a.household_id AND d.programme = a.programme
          AND d.as_of <= a.filed_date ORDER BY d.as_of DESC, d.id DESC LIMIT 1)
FROM application a WHERE a.state = 'filed';
