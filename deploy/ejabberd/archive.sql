-- The tables ejabberd's mod_mam uses with `db_type: sql` on PostgreSQL (ejabberd 23.01, the single-host schema,
-- `new_sql_schema: false`). Applied once to an empty database, as its owner `ejabberd`, by bin/stack and by
-- docker-compose's PostgreSQL (deploy/postgres/init-ejabberd-archive.sh); both then grant SELECT on `archive` to the
-- read-only role `chat_reader`, which the gateway reads the archive with to close a gap (whatever ejabberd archived
-- while no gateway was connected).
CREATE TABLE IF NOT EXISTS archive (
    username text NOT NULL,
    timestamp BIGINT NOT NULL,
    peer text NOT NULL,
    bare_peer text NOT NULL,
    xml text NOT NULL,
    txt text,
    id SERIAL,
    kind text,
    nick text,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS i_username_timestamp ON archive USING btree (username, timestamp);
CREATE INDEX IF NOT EXISTS i_username_peer ON archive USING btree (username, peer);
CREATE INDEX IF NOT EXISTS i_username_bare_peer ON archive USING btree (username, bare_peer);
-- The gateway's backfill reads by time across all users and rooms.
CREATE INDEX IF NOT EXISTS i_timestamp ON archive USING btree (timestamp);

CREATE TABLE IF NOT EXISTS archive_prefs (
    username text NOT NULL PRIMARY KEY,
    def text NOT NULL,
    always text NOT NULL,
    never text NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);
