#!/usr/bin/env bash
# tests/e2e/run.sh RETORT_BINARY: runs the data-driven end-to-end cases
# (tests/e2e/NNNN-name/, see README.md).  Last line: `e2e: N passed, M failed`.
set -u
# The reference is Alembic 1.8.1 (docs/alembic-versions.md).
export RETORT_ALEMBIC_VERSION=1.8
if [ $# -lt 1 ]; then
	echo "usage: tests/e2e/run.sh RETORT_BINARY [NAME-SUBSTRING...]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/run.py" "$@" </dev/null
