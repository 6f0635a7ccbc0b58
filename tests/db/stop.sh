#!/bin/bash
# tests/db/stop.sh: stop the test servers started by tests/db/start.sh and
# remove their directories under /tmp/retort-db.  Needs no stdin.
set -uo pipefail

ROOT=${RETORT_DB_ROOT:-/tmp/retort-db}
PGBIN=/usr/lib/postgresql/15/bin

[ -d "$ROOT" ] || exit 0
exec 9>"$ROOT/.lock"
flock 9
if [ -f "$ROOT/pg/data/postmaster.pid" ]; then
	runuser -u postgres -- "$PGBIN/pg_ctl" -D "$ROOT/pg/data" -m fast \
		-w stop >/dev/null 2>&1 </dev/null
fi
pidf=$ROOT/mariadb/run/mysqld.pid
if [ -f "$pidf" ]; then
	pid=$(cat "$pidf")
	kill "$pid" 2>/dev/null
	for _ in $(seq 1 120); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
fi
rm -rf "$ROOT"
