#!/usr/bin/env bash
# Restore a backup (Frappe's: scheduled, or `bench --site S backup --with-files`) into a NEW site:
#
#   bash scripts/restore.sh BACKUP_PREFIX NEW_SITE
#
# BACKUP_PREFIX is the common start of the backup's files, e.g.
#   sites/syndic.localhost/private/backups/20261202_040000-syndic_localhost
# (…-database.sql.gz, …-files.tar, …-private-files.tar, …-site_config_backup.json).
# The new site gets the database, the public and private files, and the old site's
# encryption_key (passwords stored in the database stay readable). It refuses an existing site.
# Afterwards: re-render nginx (`bash scripts/add_site.sh NEW_SITE --nginx-only`) to serve it.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$REPO/scripts/lib.sh"
BENCH_USER=$(bench_user_default)

[ $# = 2 ] || die "usage: bash scripts/restore.sh BACKUP_PREFIX NEW_SITE"
prefix=$(realpath -m "$1")
site=$2
[[ "$site" =~ ^[a-z0-9][a-z0-9.-]*$ ]] || die "invalid site name: $site"
[ ! -e "$REPO/sites/$site" ] || die "site $site exists: restore into a new name"
sql=
for f in "$prefix-database.sql.gz" "$prefix-database.sql"; do
	[ -f "$f" ] && sql=$f && break
done
[ -n "$sql" ] || die "no $prefix-database.sql(.gz)"
args=()
[ ! -f "$prefix-files.tar" ] || args+=(--with-public-files "$prefix-files.tar")
[ ! -f "$prefix-private-files.tar" ] || args+=(--with-private-files "$prefix-private-files.tar")
[ ${#args[@]} = 4 ] || warn "backup without its files (public and/or private): database only for the missing ones"

DB_PW_FILE="$REPO/sites/.db_admin_password"
[ -f "$DB_PW_FILE" ] || die "no sites/.db_admin_password: run scripts/install.sh first"
ADMIN_PW_FILE="$REPO/sites/.admin_password"
log "restoring $sql into new site $site"
# a new site initialised from the dump (bench's `restore` only works on an existing site)
bench_cmd new-site "$site" --source-sql "$sql" \
	--db-root-username "${DB_ADMIN_USER:-syndic_admin}" --db-root-password "$(head -1 "$DB_PW_FILE")" \
	--admin-password "$(head -1 "$ADMIN_PW_FILE" 2>/dev/null || echo admin)" >/dev/null
# the files the way bench's restore extracts them (frappe.installer.extract_files)
for tar in "${args[@]}"; do
	case "$tar" in --*) continue ;; esac
	(cd "$REPO/sites" && as_bench "$REPO/env/bin/python" -c \
		'import sys; from frappe.installer import extract_files; extract_files(sys.argv[1], sys.argv[2])' \
		"$site" "$tar") >/dev/null
done
conf="$prefix-site_config_backup.json"
if [ -f "$conf" ]; then
	key=$("$REPO/env/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("encryption_key",""))' "$conf")
	[ -z "$key" ] || bench_cmd --site "$site" set-config encryption_key "$key" >/dev/null
fi
# a backup taken before the code's last schema change: brought up to it (SKIP_MIGRATE=1: as taken)
[ "${SKIP_MIGRATE:-0}" = 1 ] || bench_cmd --site "$site" migrate >/dev/null
log "restored: $site"
