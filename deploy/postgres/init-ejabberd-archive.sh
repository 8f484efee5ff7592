#!/bin/sh
# Creates ejabberd's message archive in docker-compose's PostgreSQL (the official image runs this once, from
# /docker-entrypoint-initdb.d, on an empty data folder), as bin/stack does for the local stack:
#   - the role `ejabberd` (EJABBERD_SQL_PASSWORD) owning the database `ejabberd`, which mod_mam writes to;
#   - the archive's tables (ARCHIVE_SQL, deploy/ejabberd/archive.sql), created as `ejabberd` so it owns them;
#   - the read-only role `chat_reader` (ARCHIVE_READER_PASSWORD), allowed to SELECT from `archive` and nothing
#     else: the gateways read it to close a gap (whatever ejabberd archived while no gateway was connected).
# The passwords go through psql variables (:'name'), so any character is quoted correctly here; the ones in
# docker-compose.yml are also used in a URL and in ejabberd.yml, hence their narrower alphabet there.
set -eu
: "${EJABBERD_SQL_PASSWORD:?set EJABBERD_SQL_PASSWORD}"
: "${ARCHIVE_READER_PASSWORD:?set ARCHIVE_READER_PASSWORD}"
ARCHIVE_SQL=${ARCHIVE_SQL:-/chat-config/archive.sql}
[ -r "$ARCHIVE_SQL" ] || { echo "init-ejabberd-archive: cannot read $ARCHIVE_SQL" >&2; exit 1; }

sql() { psql -X -q -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" "$@"; }

sql --dbname "${POSTGRES_DB:-postgres}" -v ejabberd_password="$EJABBERD_SQL_PASSWORD" \
  -v reader_password="$ARCHIVE_READER_PASSWORD" <<'SQL'
CREATE ROLE ejabberd LOGIN PASSWORD :'ejabberd_password';
CREATE ROLE chat_reader LOGIN PASSWORD :'reader_password';
CREATE DATABASE ejabberd OWNER ejabberd;
SQL

sql --dbname ejabberd -c 'SET ROLE ejabberd' -f "$ARCHIVE_SQL" -c 'GRANT SELECT ON archive TO chat_reader'
echo "init-ejabberd-archive: database ejabberd ready (owner ejabberd, chat_reader may read archive)"
