#!/usr/bin/env bash
# Another syndic firm on this bench: its own Frappe site (own database, files, users, queues'
# jobs and scheduler runs), served by nginx by its host name.
#
#   bash scripts/add_site.sh firm2.example.ma            new site: ERPNext set up for Morocco,
#                                                        syndic_maroc, production settings, nginx
#   COMPANY_NAME="Cabinet X" ADMIN_PASSWORD=... bash scripts/add_site.sh firm2.example.ma
#   bash scripts/add_site.sh firm2.example.ma --nginx-only   (a restored site: serve it too)
#
# No demo data unless SKIP_DEMO=0. The bench's default site (sites/currentsite.txt) stays as it
# was. The running services pick the new site up by themselves (workers and scheduler serve
# every site of the bench).
set -Eeuo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: bash scripts/add_site.sh SITE [--nginx-only]" >&2; exit 2; }
NEW_SITE=$1
# install.sh's functions, without running it
. "$REPO/scripts/install.sh"
[[ "$NEW_SITE" =~ ^[a-z0-9][a-z0-9.-]*$ ]] || die "invalid site name: $NEW_SITE"
PY=${PY:-$(command -v python3)}
SITE=$NEW_SITE
SKIP_DEMO=${SKIP_DEMO:-1}
ENV="$REPO/env"

if [ "${2:-}" != --nginx-only ]; then
	[ -s "$DB_PW_FILE" ] || die "no bench MariaDB account (sites/.db_admin_password): run scripts/install.sh first"
	current=$(cat "$REPO/sites/currentsite.txt" 2>/dev/null || true)
	running=0
	services_pid >/dev/null && running=1
	[ "$running" = 1 ] || redis_up
	step_site
	# step_site makes the site it installs the default one: the bench's first site stays so
	[ -z "$current" ] || as_bench bash -c 'printf "%s\n" "$1" > "$2"' _ "$current" "$REPO/sites/currentsite.txt"
	bench_cmd --site "$SITE" set-config host_name "http://$SITE" >/dev/null
	site_production
	[ "$running" = 1 ] || redis_down
fi
step_nginx
log "site $SITE ready: http://$SITE/app (point its DNS name at this machine)"
