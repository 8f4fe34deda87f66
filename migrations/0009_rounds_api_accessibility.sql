-- 0009: what rounds over the web need (docs/rounds.md, docs/households.md).

-- A household that needs an accessible home (无障碍住房): a member uses a
-- wheelchair or cannot climb stairs. Rounds offer such families accessible
-- units only (core/allocation's accessibility constraint); others may take
-- an accessible unit only when no family that needs one is left to take it.
ALTER TABLE household ADD COLUMN needs_accessible INTEGER NOT NULL DEFAULT 0
    CHECK (needs_accessible IN (0, 1));

-- The entrant list of a round is published (its SHA-256 fixed and shown)
-- before the randomness of the draw exists; the draw then uses exactly the
-- published list (round.entrants_csv). '' = not published yet.
ALTER TABLE round ADD COLUMN list_published_at TEXT NOT NULL DEFAULT '';
