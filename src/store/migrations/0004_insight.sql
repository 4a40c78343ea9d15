-- padvinder's store on PostgreSQL, schema 2: the insight counters of job centres (issue 12 §6,
-- src/store/insight.rs). One row per tenant, ISO week (year * 100 + week), kind and value; every
-- instance adds its counts with INSERT … ON CONFLICT DO UPDATE SET count = count + EXCLUDED.count,
-- so several instances add up. Counts only: no address, profile or typed text is a value.

CREATE TABLE insight (
    tenant text COLLATE "C" NOT NULL,
    week integer NOT NULL,
    kind text COLLATE "C" NOT NULL,
    value text COLLATE "C" NOT NULL,
    count bigint NOT NULL CHECK (count >= 0),
    PRIMARY KEY (tenant, week, kind, value)
);
