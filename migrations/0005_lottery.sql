-- 0005: the record of lottery draws (anju-lottery-v1, docs/lottery.md).
-- One row per draw, never changed or removed: the same lottery id can never
-- be drawn twice, and a re-draw is a new row with a new id that names the
-- draw it replaces and the reason. The draw's files (entrants.csv,
-- result.csv, manifest.json) are published; this row holds what is needed
-- to check that they are the ones drawn.
CREATE TABLE lottery_draw (
    id INTEGER PRIMARY KEY,
    lottery_id TEXT NOT NULL UNIQUE,
    list_sha256 TEXT NOT NULL,          -- hex SHA-256 of the entrant list file
    randomness TEXT NOT NULL,           -- the canonical string (RFC 3797 §4)
    seed TEXT NOT NULL,                 -- hex HMAC-SHA256(list_sha256, randomness)
    entrants INTEGER NOT NULL CHECK (entrants >= 1),
    result_sha256 TEXT NOT NULL,        -- hex SHA-256 of result.csv
    drawn_at TEXT NOT NULL,             -- UTC YYYY-MM-DDTHH:MM:SSZ
    actor TEXT NOT NULL,                -- username, or local:<user> for the CLI
    redraw_of TEXT REFERENCES lottery_draw (lottery_id),  -- NULL: a first draw
    reason TEXT NOT NULL DEFAULT '',    -- required for a re-draw
    CHECK (redraw_of IS NULL OR (reason <> '' AND redraw_of <> lottery_id))
) STRICT;
CREATE INDEX lottery_draw_redraw_of ON lottery_draw (redraw_of);
CREATE TRIGGER lottery_draw_no_update BEFORE UPDATE ON lottery_draw
BEGIN SELECT RAISE(ABORT, 'lottery draws are never changed'); END;
CREATE TRIGGER lottery_draw_no_delete BEFORE DELETE ON lottery_draw
BEGIN SELECT RAISE(ABORT, 'lottery draws are never removed'); END;
