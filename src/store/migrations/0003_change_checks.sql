-- Schema 3: which instance compares the saved plans with a catalogue version
-- (src/workspace/changes.rs), so change alerts are computed once per catalogue version and day,
-- not once per instance.
--
-- Keyed `catalogue hash/rules version/day`; `claimed_at` in Unix nanoseconds. A claim is taken
-- with one INSERT … ON CONFLICT; claims older than a few days are deleted when a new one is
-- made. Not part of a backup.
CREATE TABLE change_checks (
    key text COLLATE "C" PRIMARY KEY,
    instance text NOT NULL,
    claimed_at bigint NOT NULL
);
CREATE INDEX change_checks_by_claimed_at ON change_checks (claimed_at);
