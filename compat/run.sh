#!/usr/bin/env bash
# compat/run.sh RETORT_BINARY: the Alembic side-by-side suite (compat/README.md).
# Three parts, each comparing retort with real Alembic 1.8.1:
#   readonly  heads/branches/history/show on the hand-written projects of
#             fixtures/ and COMPAT_SEEDS random ones (compat/compare.py);
#   sql       upgrade/downgrade/stamp/ensure_version --sql for postgresql,
#             mysql, mariadb and sqlite URLs on the fixtures with
#             op.execute/pass bodies and COMPAT_SQL_SEEDS random projects,
#             and every `downgrade X:Y` / `upgrade Y:X` pair of dag_e
#             (issue 17), those downgrades also against the modern Alembic
#             in COMPAT_MODERN when it is there (compat/offline.py);
#   walk      the mixed team online: random upgrade/downgrade/stamp walks,
#             each step by retort or Alembic, on SQLite, PostgreSQL and
#             MariaDB, and the stops walk of dag_e (compat/walk.py; needs
#             the test servers, tests/db/start.sh, and sources
#             /tmp/retort-db/env if RETORT_TEST_PG_URL is not set).
# Last line: `compat: N passed, M failed` (the sum of the parts).
# Environment: COMPAT_PARTS (default "readonly sql walk"), COMPAT_SEEDS
# (30), COMPAT_SEED0 (1), COMPAT_SQL_SEEDS (10, the first ones of the
# random projects), COMPAT_SQL_FULL=1 (every --sql command for every
# dialect), COMPAT_WALK_SEEDS ("3 5 9": gen.py seeds of the walk projects,
# plus the walk fixtures; set and empty: none), COMPAT_WALK_STEPS (20),
# COMPAT_WALK_DBS
# ("sqlite,postgresql,mariadb"), COMPAT_JOBS (2), COMPAT_ALEMBIC
# (fork|subprocess), COMPAT_KEEP=1 keeps the generated projects,
# COMPAT_MODERN (build/alembic-modern: tests/alembic-modern.sh; when it is
# missing the sql part says so and compares with 1.8.1 only),
# COMPAT_SQL_PROJECTS / COMPAT_WALK_PROJECTS (the fixtures of the sql and
# walk parts; default "demo dag_b dag_c dag_d dag_e branchy runner_basic"
# and "dag_b dag_e"); e.g. COMPAT_PARTS="sql walk" COMPAT_SQL_PROJECTS=dag_e
# COMPAT_SQL_SEEDS=0 COMPAT_WALK_PROJECTS=dag_e COMPAT_WALK_SEEDS= runs
# only issue 17's project.
set -u
# The reference is Alembic 1.8.1 (docs/alembic-versions.md).
export RETORT_ALEMBIC_VERSION=1.8
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
parts=${COMPAT_PARTS:-readonly sql walk}
sql_seeds=${COMPAT_SQL_SEEDS:-10}
walk_seeds=${COMPAT_WALK_SEEDS-3 5 9}
walk_steps=${COMPAT_WALK_STEPS:-20}
walk_dbs=${COMPAT_WALK_DBS:-sqlite,postgresql,mariadb}
modern=${COMPAT_MODERN:-$top/build/alembic-modern}
# autogen's bodies use ops that retort does not run yet
sql_fixtures=${COMPAT_SQL_PROJECTS:-demo dag_b dag_c dag_d dag_e branchy \
runner_basic}
walk_fixtures=${COMPAT_WALK_PROJECTS:-dag_b dag_e}

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
export PYTHONHASHSEED=0

# gen SEED: the random project of SEED in $work/seedSEED (once)
gen() {
	[ -d "$work/seed$1" ] ||
		$py "$here/gen.py" "$1" "$work/seed$1" >/dev/null || exit 1
}

fixtures=()
# syntax_error: a revision with a SyntaxError; every command fails (exit 1)
for fx in demo dag_b dag_c dag_d dag_e branchy autogen syntax_error; do
	cp -r "$top/fixtures/$fx" "$work/$fx"
	fixtures+=("$work/$fx")
done
cp -r "$top/fixtures/runner/basic" "$work/runner_basic"

passed=0
failed=0
# part LOG: add the counts of the part's last line to the totals
part() {
	local last n m
	last=$(tail -n 1 "$1")
	n=$(sed -n 's/^[a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' \
		<<<"$last")
	m=$(sed -n 's/^[a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' \
		<<<"$last")
	if [ -z "$n" ]; then
		echo "compat: a part ended without its count line" >&2
		n=0
		m=1
	fi
	passed=$((passed + n))
	failed=$((failed + m))
}

for p in $parts; do
	t0=$SECONDS
	case $p in
	readonly)
		projects=("${fixtures[@]}")
		s=$seed0
		while [ "$s" -lt $((seed0 + seeds)) ]; do
			gen "$s"
			projects+=("$work/seed$s")
			s=$((s + 1))
		done
		$py "$here/compare.py" --jobs "$jobs" --label compat-readonly \
			--usage "$work/dag_b" "$retort" "${projects[@]}" \
			</dev/null | tee "$work/readonly.log"
		;;
	sql)
		projects=()
		for fx in $sql_fixtures; do
			projects+=("$work/$fx")
		done
		s=$seed0
		while [ "$s" -lt $((seed0 + sql_seeds)) ]; do
			gen "$s"
			projects+=("$work/seed$s")
			s=$((s + 1))
		done
		full=()
		[ "${COMPAT_SQL_FULL:-0}" = 1 ] && full=(--full)
		if [ -d "$modern" ]; then
			full+=(--modern "$modern")
		else
			echo "compat: no modern Alembic in $modern" \
				"(tests/alembic-modern.sh): dag_e's downgrade" \
				"pairs compared with 1.8.1 only"
		fi
		$py "$here/offline.py" --jobs "$jobs" "${full[@]}" \
			--full-projects demo,dag_b,runner_basic \
			--pairs-projects dag_e \
			"$retort" "${projects[@]}" </dev/null |
			tee "$work/sql.log"
		;;
	walk)
		if [ -z "${RETORT_TEST_PG_URL:-}" ] &&
			[ -f /tmp/retort-db/env ]; then
			# shellcheck disable=SC1091
			. /tmp/retort-db/env
		fi
		projects=()
		for fx in $walk_fixtures; do
			projects+=("$work/$fx")
		done
		for s in $walk_seeds; do
			gen "$s"
			projects+=("$work/seed$s")
		done
		$py "$here/walk.py" --jobs "$jobs" --steps "$walk_steps" \
			--dbs "$walk_dbs" --stops dag_e \
			"$retort" "${projects[@]}" </dev/null |
			tee "$work/walk.log"
		;;
	*)
		echo "compat: unknown part '$p' in COMPAT_PARTS" >&2
		exit 2
		;;
	esac
	part "$work/$p.log"
	echo "compat: part $p took $((SECONDS - t0)) s"
done

echo "compat: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
