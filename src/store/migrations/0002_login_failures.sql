-- Schema 2: failed logins per account, shared by every instance (src/workspace/accounts.rs).
--
-- Keyed by the e-mail address tried (it need not be a user's: a wrong address counts too, and
-- logging in asks before any organisation is known). `times` holds the failures of the last
-- window (Unix nanoseconds, oldest first, at most the lock's count); `last_at` the newest of
-- them, so rows of accounts quiet for a whole window are deleted with one index range. Not
-- part of a backup: it describes the last 15 minutes only.
CREATE TABLE login_failures (
    email text COLLATE "C" PRIMARY KEY,
    last_at bigint NOT NULL,
    times bigint[] NOT NULL
);
CREATE INDEX login_failures_by_last_at ON login_failures (last_at);
