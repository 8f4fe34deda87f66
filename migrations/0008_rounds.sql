-- 0008: rounds (配租/配售批次, docs/rounds.md): a set of units offered to
-- one programme's families, the families who registered interest, their
-- shortlist, re-check, lottery sequence, preferences and outcome, and the
-- offers made. Times are UTC YYYY-MM-DDTHH:MM:SSZ, dates YYYY-MM-DD.

-- A round. kind: general (all filed families of the programme), targeted
-- (专项配租: only families with target_category, all in bucket 1) or direct
-- (直配: only families waiting long_wait_years or more, all in bucket 1).
-- state: draft → open → shortlisted → rechecked → drawn → choosing →
-- closed → published. shortlist_ratio_permille: families shortlisted per
-- 1000 units (1200 = 1:1.2, the Beijing preset's ceiling; core/round.h).
CREATE TABLE round (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,            -- e.g. 2026-GZF-CY-01
    name TEXT NOT NULL,
    programme TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('general', 'targeted', 'direct')),
    target_category TEXT NOT NULL DEFAULT '',   -- targeted rounds: a priority category code
    district_code TEXT NOT NULL,          -- the scope: a district (6 digits) or the city
    state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'shortlisted', 'rechecked', 'drawn',
                                         'choosing', 'closed', 'published')),
    shortlist_ratio_permille INTEGER NOT NULL CHECK (shortlist_ratio_permille BETWEEN 1000 AND 1200),
    declines_max INTEGER NOT NULL CHECK (declines_max >= 1),  -- declines that lose the place
    choose_days INTEGER NOT NULL CHECK (choose_days >= 1),    -- an offer's deadline, days
    lottery_id TEXT REFERENCES lottery_draw (lottery_id),     -- set by the draw
    entrants_csv TEXT NOT NULL DEFAULT '',     -- the published entrant list (anju-lottery-v1)
    result_csv TEXT NOT NULL DEFAULT '',
    manifest TEXT NOT NULL DEFAULT '',
    as_of TEXT NOT NULL DEFAULT '',       -- the date the shortlist's queue order was computed on
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((kind = 'targeted') = (target_category <> ''))
) STRICT;

-- The units a round offers (reserved while the round runs).
CREATE TABLE round_unit (
    round_id INTEGER NOT NULL REFERENCES round (id),
    unit_id INTEGER NOT NULL REFERENCES unit (id),
    PRIMARY KEY (round_id, unit_id)
) STRICT;
CREATE INDEX round_unit_unit ON round_unit (unit_id);

-- A family that registered interest in a round.
CREATE TABLE round_entrant (
    round_id INTEGER NOT NULL REFERENCES round (id),
    application_id INTEGER NOT NULL REFERENCES application (id),
    application_no TEXT NOT NULL,         -- the lottery entrant id
    registered_at TEXT NOT NULL,
    queue_position INTEGER NOT NULL DEFAULT 0,  -- among the round's entrants, at shortlisting
    shortlisted INTEGER NOT NULL DEFAULT 0 CHECK (shortlisted IN (0, 1)),
    recheck TEXT NOT NULL DEFAULT '' CHECK (recheck IN ('', 'eligible', 'ineligible', 'no_policy')),
    decision_id INTEGER REFERENCES eligibility_decision (id),
    bucket INTEGER NOT NULL DEFAULT 0,
    sequence INTEGER NOT NULL DEFAULT 0,  -- from the lottery result (1 = chooses first)
    preferences TEXT NOT NULL DEFAULT '[]',  -- JSON: unit ids, best first ([] = any that fits)
    declines INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'offered', 'accepted', 'declined',
                                                        'unassigned', 'lost_place')),
    unit_id INTEGER REFERENCES unit (id),
    reason TEXT NOT NULL DEFAULT '',      -- why unassigned (core/allocation reason code)
    PRIMARY KEY (round_id, application_id)
) STRICT;
CREATE INDEX round_entrant_application ON round_entrant (application_id);

-- An offer of a unit to a family; declined offers are kept.
CREATE TABLE round_offer (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES round (id),
    unit_id INTEGER NOT NULL REFERENCES unit (id),
    application_id INTEGER NOT NULL REFERENCES application (id),
    state TEXT NOT NULL CHECK (state IN ('offered', 'accepted', 'declined', 'expired')),
    offered_at TEXT NOT NULL,
    deadline TEXT NOT NULL,               -- YYYY-MM-DD, the last day to answer
    answered_at TEXT NOT NULL DEFAULT '',
    decline_counted INTEGER NOT NULL DEFAULT 0 CHECK (decline_counted IN (0, 1))
) STRICT;
CREATE INDEX round_offer_round ON round_offer (round_id, state);
CREATE INDEX round_offer_application ON round_offer (application_id);
