#!/usr/bin/env bash
# The bench's own test site: created once, migrated when the app's schema changed, and the only
# site the site tests ever write to (README command 2 never touches the user's site).
#
#   bash scripts/test_site.sh            prints the test site's name once it is ready
#
# Like `bench run-tests`, it needs `allow_tests` in the site config, which it sets on the site it
# creates and which tests/conftest.py requires of any site it is pointed at. The test site has
# ERPNext set up for Morocco, syndic_maroc and the demo data, so the tests find what a new user
# finds. Environment: SYNDIC_TEST_SITE (default test.syndic.localhost); the rest as install.sh.
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# install.sh's functions (site_state, site_call, bench_cmd, redis_up...), without running it
. "$REPO/scripts/install.sh"

PY=${PY:-$(command -v python3)} # new_secret
TEST_SITE=${SYNDIC_TEST_SITE:-test.syndic.localhost}
SITE=$TEST_SITE
STAMP="$REPO/sites/$TEST_SITE/.syndic_schema"

# What a migrate depends on: DocType/report/print-format JSON, hooks, patches, fixtures.
schema_hash() {
	(cd "$REPO/apps/syndic_maroc/syndic_maroc" &&
		find . \( -name '*.json' -o -name hooks.py -o -name patches.txt \) -not -path './locale/*' \
			-print0 | LC_ALL=C sort -z | xargs -0 sha1sum) | sha1sum | cut -d' ' -f1
}

create_test_site() {
	info "creating the test site $TEST_SITE (once; a few minutes)"
	local force=()
	[ -d "$REPO/sites/$TEST_SITE" ] && force=(--force)
	bench_cmd new-site "$TEST_SITE" "${force[@]}" \
		--db-root-username "$DB_ADMIN_USER" --db-root-password "$(head -1 "$DB_PW_FILE")" \
		--admin-password "$(new_secret)" >/dev/null || die "bench new-site $TEST_SITE failed"
	bench_cmd --site "$TEST_SITE" install-app erpnext >/dev/null || die "install-app erpnext failed on $TEST_SITE"
	local kwargs
	kwargs=$(python3 -c 'import json,sys; print(json.dumps({"company_name": sys.argv[1]}))' "$COMPANY_NAME")
	site_call syndic_maroc.setup.site.setup_morocco "$kwargs" >/dev/null || die "Morocco setup failed on $TEST_SITE"
	bench_cmd --site "$TEST_SITE" install-app syndic_maroc >/dev/null || die "install-app syndic_maroc failed on $TEST_SITE"
	bench_cmd --site "$TEST_SITE" set-config allow_tests true >/dev/null
	bench_cmd --site "$TEST_SITE" execute "$DEMO_MODULE.load" >/dev/null || die "demo data failed on $TEST_SITE"
}

main_test_site() {
	[ -s "$DB_PW_FILE" ] || die "no bench MariaDB account (sites/.db_admin_password): run scripts/install.sh first"
	redis_up
	local state
	if state=$(site_state) && [[ "$state" == *syndic_maroc* && "$state" == *setup=1* ]]; then
		if [ "$(cat "$STAMP" 2>/dev/null)" != "$(schema_hash)" ]; then
			info "migrating the test site $TEST_SITE (the app's schema changed)"
			bench_cmd --site "$TEST_SITE" migrate >/dev/null || die "bench migrate failed on $TEST_SITE"
		fi
	else
		create_test_site
	fi
	bench_cmd --site "$TEST_SITE" set-config allow_tests true >/dev/null
	schema_hash >"$STAMP"
	redis_down
	echo "$TEST_SITE"
}

main_test_site
