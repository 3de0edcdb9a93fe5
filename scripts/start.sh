#!/usr/bin/env bash
# Start the bench services of the Procfile (web 127.0.0.1:8000, socketio :9000, scheduler, workers
# default/short/long/ocr, redis cache :13000 and queue :11000) detached, as the bench user.
# Each runs under scripts/supervise.sh (restarted when it crashes). As root on a machine
# without systemd it also starts nginx (port 80, /etc/nginx/conf.d/syndic_maroc.conf) when the
# installer configured it.
# Logs: logs/services.log (all processes, prefixed; capped, rotated to services.log.1..5) and
# Frappe's own logs in logs/.
# Waits until http://localhost:8000/api/method/ping answers (WAIT_SECONDS, default 180).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$REPO/scripts/lib.sh"
BENCH_USER=$(bench_user_default)

[ -x "$REPO/env/bin/honcho" ] || die "no bench here yet: run scripts/install.sh first"
[ -f "$REPO/config/redis_cache.conf" ] || die "config/redis_cache.conf missing: run scripts/install.sh"

if systemd_managed; then
	log "starting syndic-maroc.service (systemd)"
	systemctl start syndic-maroc.service
elif pid=$(services_pid); then
	log "services already running (honcho pid $pid)"
else
	# leftovers of services whose honcho is gone (they would hold the ports)
	bash "$REPO/scripts/stop.sh" >/dev/null
	as_bench mkdir -p "$REPO/logs" "$REPO/config/pids"
	log "starting services (Procfile) as $BENCH_USER; log: logs/services.log"
	# setsid: honcho leads its own process group, so stop.sh can end exactly that group.
	# SYNDIC_SERVICES tags every process of the services (RQ job processes too) for stop.sh.
	# The output goes through scripts/rotating_log.py: logs/services.log is capped (20 MB, 5 older
	# files; SYNDIC_LOG_MAX_BYTES / SYNDIC_LOG_KEEP), honcho keeps the recorded pid.
	(cd "$REPO" && as_bench setsid bash -c 'echo $$ > config/pids/honcho.pid; export SYNDIC_SERVICES="$PWD"; exec env/bin/honcho start -f Procfile > >(exec env/bin/python scripts/rotating_log.py logs/services.log) 2>&1' </dev/null >/dev/null 2>&1 &)
	for _ in $(seq 1 20); do
		pid=$(services_pid) && break
		sleep 0.5
	done
	[ -n "${pid:-}" ] || die "services did not start: see logs/services.log"
	info "honcho pid $pid"
fi

if nginx_managed; then
	nginx_up
	info "nginx: http://localhost/ ($NGINX_CONF)"
fi

wait_s=${WAIT_SECONDS:-180}
for ((i = 0; i < wait_s; i += 2)); do
	if ping_ok; then
		log "desk up: http://localhost:$(web_port)/app"
		exit 0
	fi
	systemd_managed || services_pid >/dev/null || die "services exited: see logs/services.log"
	sleep 2
done
die "http://localhost:$(web_port) did not answer within ${wait_s}s: see logs/services.log"
