#!/usr/bin/env bash
# Keep one service of the Procfile running: start COMMAND, and when it ends without being asked
# to (a crash, an OOM kill, kill -9), start it again after a pause (1 s, doubling up to 30 s
# while it keeps dying within 60 s of its start). honcho alone never restarts a process: it
# stops all of them when one ends. TERM/INT to this wrapper (honcho, scripts/stop.sh) is passed
# on to COMMAND and ends the loop. Restarts are logged on stderr (logs/services.log).
#
#   scripts/supervise.sh NAME COMMAND [ARGS...]
set -uo pipefail
name=$1
shift
child=
stopping=0
on_stop() {
	stopping=1
	[ -z "$child" ] || kill -TERM "$child" 2>/dev/null
}
trap on_stop TERM INT
pause=1
while :; do
	started=$(date +%s)
	"$@" &
	child=$!
	# wait returns early when a trapped signal arrives: wait again until the child has ended
	while :; do
		wait "$child"
		rc=$?
		kill -0 "$child" 2>/dev/null || break
	done
	[ "$stopping" = 0 ] || exit 0
	if (($(date +%s) - started >= 60)); then pause=1; fi
	echo "supervise: $name exited (status $rc): restarting in ${pause}s" >&2
	sleep "$pause" &
	wait $! || true
	[ "$stopping" = 0 ] || exit 0
	pause=$((pause * 2 > 30 ? 30 : pause * 2))
done
