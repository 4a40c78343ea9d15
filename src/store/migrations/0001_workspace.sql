-- padvinder's workspace store on PostgreSQL, schema 1 (src/store/pg_store.rs).
--
-- One table per record type, as the trees of the sled store: the same keys, compared byte by
-- byte (COLLATE "C", so they sort as sled sorts them and a backup of either store is the same
-- file), the record as stored (`{"v": schema version, "data": ...}`; the json type keeps its text
-- exactly), and the columns that scope a record by organisation or that a query selects on.
-- Every column is derived from the record and its key when it is written.

CREATE TABLE orgs (
    key text COLLATE "C" PRIMARY KEY,
    org text COLLATE "C" NOT NULL,
    record json NOT NULL
);

-- Keyed by e-mail: an address belongs to one organisation, and logging in finds it by address.
CREATE TABLE users (
    key text COLLATE "C" PRIMARY KEY,
    org text COLLATE "C" NOT NULL,
    record json NOT NULL
);
CREATE INDEX users_by_org ON users (org, key);

-- Keyed by the SHA-256 of the session's token; last_seen in Unix nanoseconds.
CREATE TABLE sessions (
    key text COLLATE "C" PRIMARY KEY,
    org text COLLATE "C" NOT NULL,
    email text COLLATE "C" NOT NULL,
    last_seen bigint NOT NULL,
    record json NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (org, email);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen);

-- Keyed org/client.
CREATE TABLE clients (
    key text COLLATE "C" PRIMARY KEY,
    org text COLLATE "C" NOT NULL,
    record json NOT NULL
);
CREATE INDEX clients_by_org ON clients (org, key);

-- Keyed org/seq (seq zero-padded to 20 digits, from audit_seq): newest first is one index scan.
CREATE TABLE audit (
    key text COLLATE "C" PRIMARY KEY,
    org text COLLATE "C" NOT NULL,
    seq bigint NOT NULL,
    client text COLLATE "C",
    record json NOT NULL
);
CREATE INDEX audit_by_org ON audit (org, seq);
CREATE INDEX audit_by_client ON audit (org, client, key) WHERE client IS NOT NULL;
CREATE SEQUENCE audit_seq;

-- Keyed org/client/plan, so a client's plans are one range.
CREATE TABLE plans (
    key text COLLATE "C" PRIMARY KEY,
    org text COLLATE "C" NOT NULL,
    client text COLLATE "C" NOT NULL,
    record json NOT NULL
);
CREATE INDEX plans_by_client ON plans (org, client, key);

-- Keyed org/plan: finds a plan (its client) by its id alone.
CREATE TABLE plan_ids (
    key text COLLATE "C" PRIMARY KEY,
    org text COLLATE "C" NOT NULL,
    record json NOT NULL
);

-- Keyed by the SHA-256 of the link's token; expires_at in Unix nanoseconds.
CREATE TABLE shares (
    key text COLLATE "C" PRIMARY KEY,
    org text COLLATE "C" NOT NULL,
    expires_at bigint NOT NULL,
    record json NOT NULL
);
CREATE INDEX shares_by_expiry ON shares (expires_at);
