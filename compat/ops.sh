#!/usr/bin/env bash
# compat/ops.sh RETORT_BINARY: the op-script compat suite (compat/OPS.md):
# retort against real Alembic 1.8.1 on fixtures/opcorpus/ and the random
# projects of compat/opgen.py, offline (--sql, byte for byte) and online on
# SQLite, PostgreSQL and MariaDB (schemas, rows, mixed retort/Alembic).
# Environment: COMPAT_OPS_SEEDS (opgen seeds, default "1 2 ... 8"),
# COMPAT_OPS_PARTS (default offline,online,mixed), COMPAT_JOBS (2),
# RETORT_TEST_PG_URL / RETORT_TEST_MYSQL_URL (sourced from
# /tmp/retort-db/env when unset; required: tests/db/start.sh).
# Last line: `compat-ops: N passed, M failed`; exit 1 on any failure.
set -u
# The reference is Alembic 1.8.1 (docs/alembic-versions.md).
export RETORT_ALEMBIC_VERSION=1.8
if [ $# -ne 1 ]; then
	echo "usage: compat/ops.sh RETORT_BINARY" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
if ! $py -c 'import alembic, psycopg2, pymysql' 2>/dev/null; then
	echo "compat-ops: $py cannot import alembic, psycopg2 and pymysql" >&2
	echo "compat-ops: 0 passed, 1 failed"
	exit 1
fi
if [ -z "${RETORT_TEST_PG_URL:-}" ] && [ -r /tmp/retort-db/env ]; then
	. /tmp/retort-db/env
fi
export PYTHONHASHSEED=0
exec $py "$here/ops.py" --seeds "${COMPAT_OPS_SEEDS:-1 2 3 4 5 6 7 8}" "$1"
