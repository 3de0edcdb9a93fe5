# shellcheck shell=bash
# Shared helpers for scripts/install.sh, start.sh and stop.sh (sourced, not run).
# Expects REPO (the bench = the repository root) to be set by the caller.

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() {
	printf '\033[1;31merror:\033[0m %s\n' "$*" >&2
	exit 1
}

is_root() { [ "$(id -u)" = 0 ]; }

# The user that owns and runs the bench. Explicit BENCH_USER wins; else the owner of env/ when
# it exists (an installed bench); else "syndic" for root and the caller otherwise.
bench_user_default() {
	if [ -n "${BENCH_USER:-}" ]; then
		echo "$BENCH_USER"
	elif [ -d "$REPO/env" ] && [ "$(stat -c %U "$REPO/env")" != root ]; then
		stat -c %U "$REPO/env"
	elif is_root; then
		echo syndic
	else
		id -un
	fi
}

bench_home() { getent passwd "$BENCH_USER" | cut -d: -f6; }

# Environment variables that are passed through to the bench user (package registries,
# proxies, certificates).
_passenv() {
	local name
	while IFS='=' read -r name _; do
		case "$name" in
		PIP_* | UV_* | npm_config_* | NPM_CONFIG_* | YARN_* | http_proxy | https_proxy | no_proxy | \
			HTTP_PROXY | HTTPS_PROXY | NO_PROXY | SSL_CERT_FILE | SSL_CERT_DIR | REQUESTS_CA_BUNDLE | \
			NODE_EXTRA_CA_CERTS | CI | TERM)
			printf '%s=%s\0' "$name" "${!name}"
			;;
		esac
	done < <(env)
}

# Run a command as the bench user, from the current directory, with the bench env first in PATH.
# As root: runuser with a clean environment (Frappe's bench CLI refuses to run as root).
as_bench() {
	if is_root && [ "$BENCH_USER" != root ]; then
		local home extra=()
		home=$(bench_home)
		mapfile -d '' extra < <(_passenv)
		runuser -u "$BENCH_USER" -- env -i HOME="$home" USER="$BENCH_USER" LOGNAME="$BENCH_USER" \
			SHELL=/bin/bash LANG=C.UTF-8 LC_ALL=C.UTF-8 \
			PATH="$REPO/env/bin:$home/.local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
			"${extra[@]}" "$@"
	else
		env PATH="$REPO/env/bin:$HOME/.local/bin:$PATH" "$@"
	fi
}

# bench CLI of the env, run from the bench root.
bench_cmd() { (cd "$REPO" && as_bench "$REPO/env/bin/bench" "$@"); }

honcho_pidfile() { echo "$REPO/config/pids/honcho.pid"; }

services_pid() {
	local f pid
	f=$(honcho_pidfile)
	[ -f "$f" ] || return 1
	pid=$(cat "$f" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
	# the pid must still be our honcho, not a recycled pid
	grep -q honcho "/proc/$pid/cmdline" 2>/dev/null || return 1
	echo "$pid"
}

web_port() { echo 8000; } # Procfile `web`

ping_ok() { curl -fsS --max-time 5 "http://127.0.0.1:$(web_port)/api/method/ping" 2>/dev/null | grep -q pong; }

# nginx in front (issue 10): the installer renders config/nginx/syndic_maroc.conf.j2 there.
# Where systemd runs, Debian's nginx.service starts it at boot; elsewhere start.sh/stop.sh do.
NGINX_CONF=${NGINX_CONF:-/etc/nginx/conf.d/syndic_maroc.conf}
nginx_managed() { is_root && [ -f "$NGINX_CONF" ] && command -v nginx >/dev/null && [ ! -d /run/systemd/system ]; }
nginx_running() { [ -f /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid 2>/dev/null)" 2>/dev/null; }
nginx_up() { # start, or reload a running one (a site added, a certificate changed)
	nginx -t -q || die "nginx configuration broken: nginx -t"
	# detached from our stdout (nginx keeps its inherited descriptors open while daemonized)
	if nginx_running; then nginx -s reload; else nginx </dev/null >/dev/null 2>&1; fi
}
nginx_down() { ! nginx_running || nginx -s quit; }

# Where systemd runs and the installer wrote its unit, start.sh/stop.sh go through systemd.
SYSTEMD_UNIT=/etc/systemd/system/syndic-maroc.service
systemd_managed() { [ -d /run/systemd/system ] && [ -f "$SYSTEMD_UNIT" ] && command -v systemctl >/dev/null; }
