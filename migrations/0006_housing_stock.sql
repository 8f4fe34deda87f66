-- 0006: the housing stock (房源): projects, their buildings and units
-- (core/stock.h, docs/stock.md). Timestamps are UTC YYYY-MM-DDTHH:MM:SSZ;
-- money is integer fen, area integer 0.01 m2, coordinates integer
-- micro-degrees (1e-6 degree: 116.447500 is 116447500).
--
-- Keys that make a re-import recognise what it has seen before: a project
-- by its code; a building by its name within its project; a unit by its
-- number within its building.

-- A project (项目): one programme's homes at one address, run by one
-- operator (产权单位). district_code is derived from region_code (the
-- street), for scoping, as for households.
CREATE TABLE project (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,          -- the bureau's project code, e.g. GZF-110105-001
    name TEXT NOT NULL,
    programme TEXT NOT NULL CHECK (programme IN ('public_rental', 'affordable_rental',
                                                 'shared_ownership', 'sale_type', 'talent')),
    district_code TEXT NOT NULL REFERENCES region (code),
    region_code TEXT NOT NULL REFERENCES region (code),    -- street/township
    address TEXT NOT NULL,
    -- as the operator gives them (Beijing's web maps: GCJ-02); both or neither
    longitude INTEGER CHECK (longitude BETWEEN -180000000 AND 180000000),
    latitude INTEGER CHECK (latitude BETWEEN -90000000 AND 90000000),
    operator TEXT NOT NULL,             -- 产权单位 / operating company, by name
    status TEXT NOT NULL CHECK (status IN ('construction', 'active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((longitude IS NULL) = (latitude IS NULL))
) STRICT;
CREATE INDEX project_district ON project (district_code, id);
CREATE INDEX project_region ON project (region_code, id);

-- A building (楼栋) of a project: its name or number ("3号楼") and floors.
CREATE TABLE building (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES project (id),
    name TEXT NOT NULL,
    floors INTEGER NOT NULL CHECK (floors BETWEEN 1 AND 200),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, name)
) STRICT;

-- A unit (套/间): what is let or sold. A rental programme's unit has a
-- monthly rent, a sale programme's a price (the whole unit's), never both.
CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    building_id INTEGER NOT NULL REFERENCES building (id),
    unit_no TEXT NOT NULL,              -- e.g. 2-1203
    layout TEXT NOT NULL CHECK (layout IN ('dormitory', 'studio', 'one_room', 'two_room',
                                           'three_room')),
    area INTEGER NOT NULL CHECK (area > 0),          -- 0.01 m2 (建筑面积)
    floor INTEGER NOT NULL CHECK (floor >= 1),
    accessible INTEGER NOT NULL CHECK (accessible IN (0, 1)),
    rent INTEGER CHECK (rent > 0),      -- fen a month (rental programmes)
    price INTEGER CHECK (price > 0),    -- fen (sale programmes)
    status TEXT NOT NULL CHECK (status IN ('vacant', 'reserved', 'offered', 'let', 'sold',
                                           'maintenance')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (building_id, unit_no),
    CHECK ((rent IS NULL) <> (price IS NULL))
) STRICT;
CREATE INDEX unit_building_status ON unit (building_id, status);
