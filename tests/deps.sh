#!/usr/bin/env bash
# tests/deps.sh [--build]: install the Debian packages retort needs.
# --build: only what building needs (the demo); default: also what the
# test suite needs (real Alembic 1.8.1 for the compat suite, CUnit, and
# the modern Alembic of tests/alembic-modern.sh).  The
# database servers are installed by tests/db/start.sh.  Runs as root or
# through sudo; needs no standard input.
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config libpcre2-dev
	libcyaml-dev libsqlite3-dev libpq-dev libmariadb-dev sqlite3)
test_pkgs=(libcunit1-dev python3-alembic python3-sqlalchemy python3-psycopg2
	python3-pymysql)

pkgs=("${build_pkgs[@]}")
[ "${1:-}" = --build ] || pkgs+=("${test_pkgs[@]}")

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "tests/deps.sh: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -q
	$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" \
		</dev/null
fi

# the second reference for the side-by-side suites: a modern Alembic in
# build/alembic-modern (tests/alembic-modern.sh)
[ "${1:-}" = --build ] || bash "$(dirname "$0")/alembic-modern.sh"
