-- The tables ejabberd's mod_mam uses with `db_type: sql` on PostgreSQL (ejabberd 23.01, the single-host schema,
-- `new_sql_schema: false`), and the read-only role the chat-backbone gateway reads the archive with to close a
-- gap (issue 11: whatever ejabberd archived while no gateway was connected). Applied once to an empty database
-- by bin/stack and by docker-compose's PostgreSQL.
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
