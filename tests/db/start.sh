#!/bin/bash
# tests/db/start.sh: install (Debian packages), initialise and start the
# test PostgreSQL 15 cluster and MariaDB server under /tmp/retort-db, and
# write /tmp/retort-db/env with the test URLs.  Idempotent; needs no stdin.
set -euo pipefail

ROOT=${RETORT_DB_ROOT:-/tmp/retort-db}
PG_PORT=${RETORT_DB_PG_PORT:-55432}
MY_PORT=${RETORT_DB_MYSQL_PORT:-33306}
USER_NAME=retort
USER_PW=retort_pw
DB_NAME=retort_test
PG_DIR=$ROOT/pg
MY_DIR=$ROOT/mariadb

log() { echo "tests/db/start.sh: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and " \
	"starts the servers as their own users)"

mkdir -p "$ROOT"
chmod 755 "$ROOT"
exec 9>"$ROOT/.lock"
flock 9			# one start.sh at a time

# --- install -----------------------------------------------------------
pg_bin() {
	local d
	for d in /usr/lib/postgresql/15/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	return 1
}
need=()
pg_bin >/dev/null || need+=(postgresql-15 postgresql-client-15)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] ||
	need+=(mariadb-server mariadb-client)
if [ ${#need[@]} -gt 0 ]; then
	log "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq </dev/null >&2
	apt-get install -y -qq --no-install-recommends "${need[@]}" \
		</dev/null >&2
fi
PGBIN=$(pg_bin) || die "PostgreSQL 15 binaries not found after install"
MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)
id mysql >/dev/null 2>&1 || die "user 'mysql' missing (mariadb-server)"

# --- PostgreSQL ----------------------------------------------------------
as_pg() { runuser -u postgres -- "$@"; }
pg_psql() {
	as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR/run" \
		-p "$PG_PORT" -d postgres "$@"
}
mkdir -p "$PG_DIR"
chown postgres:postgres "$PG_DIR"
if ! as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
	if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
		log "initialising PostgreSQL in $PG_DIR/data"
		as_pg mkdir -p "$PG_DIR/run"
		as_pg "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres \
			--auth-local=peer --auth-host=scram-sha-256 \
			-E UTF8 --locale=C.UTF-8 >/dev/null
		cat >>"$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR/run'
fsync = off
CONF
		# TCP and the socket both use passwords, except for the
		# postgres superuser on the socket (setup below).
		cat >"$PG_DIR/data/pg_hba.conf" <<CONF
local all postgres peer
local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
CONF
	fi
	log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
	# 9>&-: the server must not inherit (and keep) our lock.
	as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
		-t 60 start >/dev/null 9>&- ||
		{ cat "$PG_DIR/log" >&2; exit 1; }
fi
pg_psql <<SQL
SELECT 'CREATE ROLE $USER_NAME LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME')
\gexec
ALTER ROLE $USER_NAME PASSWORD '$USER_PW';
SELECT 'CREATE DATABASE $DB_NAME OWNER $USER_NAME'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME')
\gexec
SQL

# --- MariaDB ------------------------------------------------------------
# The server runs as the `mysql` user (--user=mysql), not as root.
MY_SOCK=$MY_DIR/run/mysqld.sock
my_sql() { mariadb --no-defaults -uroot --socket="$MY_SOCK" "$@"; }
my_alive() {
	mariadb-admin --no-defaults -uroot --socket="$MY_SOCK" \
		--connect-timeout=2 ping >/dev/null 2>&1 </dev/null
}
mkdir -p "$MY_DIR/run"
chown -R mysql:mysql "$MY_DIR"
if ! my_alive; then
	if [ ! -d "$MY_DIR/data/mysql" ]; then
		log "initialising MariaDB in $MY_DIR/data"
		mariadb-install-db --no-defaults --user=mysql \
			--datadir="$MY_DIR/data" --auth-root-authentication-method=socket \
			--skip-test-db >"$MY_DIR/install.log" 2>&1 </dev/null ||
			{ cat "$MY_DIR/install.log" >&2; exit 1; }
	fi
	log "starting MariaDB on 127.0.0.1:$MY_PORT"
	setsid "$MARIADBD" --no-defaults --user=mysql \
		--datadir="$MY_DIR/data" --socket="$MY_SOCK" \
		--pid-file="$MY_DIR/run/mysqld.pid" --port="$MY_PORT" \
		--bind-address=127.0.0.1 --log-error="$MY_DIR/error.log" \
		--innodb-flush-log-at-trx-commit=0 --skip-name-resolve \
		</dev/null >/dev/null 2>&1 9>&- &
	for _ in $(seq 1 120); do
		my_alive && break
		sleep 0.5
	done
	my_alive || { cat "$MY_DIR/error.log" >&2; die "MariaDB did not start"; }
fi
my_sql <<SQL
CREATE DATABASE IF NOT EXISTS $DB_NAME;
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$USER_PW';
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$USER_PW';
GRANT ALL ON \`${DB_NAME}\`.* TO '$USER_NAME'@'localhost';
GRANT ALL ON \`${DB_NAME}\`.* TO '$USER_NAME'@'127.0.0.1';
GRANT ALL ON \`retort\\_%\`.* TO '$USER_NAME'@'localhost';
GRANT ALL ON \`retort\\_%\`.* TO '$USER_NAME'@'127.0.0.1';
SQL

cat >"$ROOT/env.tmp" <<ENV
export RETORT_TEST_PG_URL='postgresql://$USER_NAME:$USER_PW@127.0.0.1:$PG_PORT/$DB_NAME'
export RETORT_TEST_MYSQL_URL='mysql://$USER_NAME:$USER_PW@127.0.0.1:$MY_PORT/$DB_NAME'
ENV
mv "$ROOT/env.tmp" "$ROOT/env"
log "ready: . $ROOT/env"
