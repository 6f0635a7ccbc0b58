#!/usr/bin/env bash
# compat/run.sh RETORT_BINARY: the Alembic side-by-side suite (compat/README.md).
# Generates COMPAT_SEEDS random projects (compat/gen.py), adds the hand-written
# projects of fixtures/, and compares retort with real Alembic 1.8.1 on each
# (compat/compare.py).  Last line: `compat: N passed, M failed`.
# Environment: COMPAT_SEEDS (default 30), COMPAT_SEED0 (first seed, default 1),
# COMPAT_JOBS (default 2), COMPAT_ALEMBIC (fork|subprocess), COMPAT_KEEP=1
# keeps the generated projects.
set -u
if [ $# -ne 1 ]; then
	echo "usage: compat/run.sh RETORT_BINARY" >&2
	exit 2
fi
retort=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
py=/usr/bin/python3
seeds=${COMPAT_SEEDS:-30}
seed0=${COMPAT_SEED0:-1}
jobs=${COMPAT_JOBS:-2}

if ! $py -c 'import alembic' 2>/dev/null; then
	echo "compat: $py cannot import alembic (apt-get install python3-alembic)" >&2
	exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/retort-compat.XXXXXX")
if [ "${COMPAT_KEEP:-0}" = 1 ]; then
	echo "compat: projects kept in $work"
else
	trap 'rm -rf "$work"' EXIT
fi

projects=()
for fx in demo dag_b dag_c dag_d branchy autogen; do
	cp -r "$top/fixtures/$fx" "$work/$fx"
	projects+=("$work/$fx")
done
s=$seed0
while [ "$s" -lt $((seed0 + seeds)) ]; do
	$py "$here/gen.py" "$s" "$work/seed$s" >/dev/null || exit 1
	projects+=("$work/seed$s")
	s=$((s + 1))
done

export PYTHONHASHSEED=0
exec $py "$here/compare.py" --jobs "$jobs" --usage "$work/dag_b" \
	"$retort" "${projects[@]}" </dev/null
