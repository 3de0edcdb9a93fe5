#!/usr/bin/env bash
# Stop the services started by scripts/start.sh: the honcho recorded in config/pids/honcho.pid and
# every process that carries start.sh's tag (SYNDIC_SERVICES=<this bench> in its environment):
# the Procfile processes and what they started, RQ job processes included; and nginx where
# start.sh started it (root, no systemd). Nothing else.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$REPO/scripts/lib.sh"

members() { # pids tagged with this bench
	local f pid
	for f in /proc/[0-9]*/environ; do
		pid=${f#/proc/}
		pid=${pid%/environ}
		[ "$pid" != $$ ] || continue
		grep -qzxF "SYNDIC_SERVICES=$REPO" "$f" 2>/dev/null && echo "$pid"
	done
	return 0
}

wait_gone() { # seconds
	local i
	for ((i = 0; i < $1 * 2; i++)); do
		if [ -z "$(members)" ] && { [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; }; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

if nginx_managed; then
	nginx_down
fi
if systemd_managed && systemctl is-active -q syndic-maroc.service; then
	log "stopping syndic-maroc.service (systemd)"
	systemctl stop syndic-maroc.service
fi
pid=$(services_pid) || pid=
if [ -z "$pid" ] && [ -z "$(members)" ]; then
	rm -f "$(honcho_pidfile)"
	log "services not running"
	exit 0
fi
# the service processes still alive, honcho itself included
survivors() {
	{
		members
		[ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null || echo "$pid"
	} | sort -un
}

log "stopping services${pid:+ (honcho pid $pid)}"
[ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true # honcho passes TERM on to its processes
if ! wait_gone 10; then
	mapfile -t left < <(survivors)
	warn "still running after 10s (a job in progress?): ${left[*]}: TERM"
	kill -TERM "${left[@]}" 2>/dev/null || true
	if ! wait_gone 5; then
		mapfile -t left < <(survivors)
		warn "still running: ${left[*]}: KILL"
		kill -KILL "${left[@]}" 2>/dev/null || true
		wait_gone 5 || warn "could not stop: $(members | tr '\n' ' ')"
	fi
fi
rm -f "$(honcho_pidfile)"
log "services stopped"
