#!/usr/bin/env bash
# tests/bench/bench_upgrade.sh RETORT_BINARY: times `upgrade head` of
# generated linear 1,000- and 5,000-revision projects
# (tests/bench/genupgrade.py) on a fresh SQLite database, in the same run,
# with retort, with real Alembic 1.8.1 and with the sqlite3 shell running
# the same SQL (from `retort upgrade head --sql` with a sqlite URL) in one
# transaction; checks first that the three leave the same schema and
# version rows; prints both ratios and the target: retort within 1.2x of
# the sqlite3 shell.  Not part of ctest; see tests/bench/README.md.
set -u
if [ $# -ne 1 ]; then
	echo "usage: tests/bench/bench_upgrade.sh RETORT_BINARY" >&2
	exit 2
fi
retort=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
sizes=${BENCH_UP_SIZES:-"1000 5000"}
rruns=${BENCH_UP_RUNS:-10}		# retort and sqlite3 runs per size
aruns=${BENCH_UP_ALEMBIC_RUNS:-3}	# Alembic runs below 5,000 revisions
aruns_big=${BENCH_UP_ALEMBIC_RUNS_BIG:-1}	# at 5,000 and more
limit=${BENCH_UP_LIMIT:-1.2}		# retort / sqlite3 target
out=${BENCH_OUT:-$here/out}
mkdir -p "$out"
export PYTHONHASHSEED=0
unset COLUMNS ALEMBIC_CONFIG RETORT_DATABASE_URL
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 shell missing" >&2; exit 1; }

# "WALL CPU": median wall time and mean CPU time (user + system) in ms
# of "$@" over N runs, each on a fresh database (the file DB is removed
# before every run).  hyperfine when installed; else a date loop (CPU -).
fresh_ms() {
	local n=$1 db=$2; shift 2
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -r "$n" --prepare "rm -f $db" --output=null \
			--export-json "$out/hf.json" "$(printf '%q ' "$@")" \
			>/dev/null 2>&1 || { echo "error -"; return; }
		$py -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0];
print("%.1f %.1f" % (r["median"]*1000, (r["user"]+r["system"])*1000))' \
			"$out/hf.json"
	else
		local i t0 t1 ts=()
		for ((i = 0; i < n; i++)); do
			rm -f "$db"
			t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
			ts+=($(( (t1 - t0) / 1000 )))
		done
		printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1}
			END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2;
			printf "%.1f -\n", m/1000}'
	fi
}

# state DB: the schema (blanks squeezed: the online version table DDL has
# TABs, the --sql one spaces), row counts and the version rows
state() {
	sqlite3 "$1" "SELECT type, name, sql FROM sqlite_master ORDER BY name;
		SELECT count(*) FROM sqlite_master;
		SELECT version_num FROM alembic_version;" 2>&1 | tr -s ' \t' ' '
}

fail=0
rows=()
for n in $sizes; do
	proj="$out/upgrade-$n"
	if [ ! -f "$proj/.complete" ]; then
		rm -rf "$proj"
		$py "$here/genupgrade.py" "$n" "$proj" >/dev/null || exit 1
		touch "$proj/.complete"
	fi
	cd "$proj" || exit 1
	sed 's|^sqlalchemy.url = .*|sqlalchemy.url = sqlite:///alembic.db|' \
		alembic.ini >alembic-bench.ini
	# the SQL of the run, in one transaction for the shell
	if ! "$retort" -q --url sqlite:///shell.db upgrade head --sql \
	    >script.sql; then
		echo "bench: $n: retort upgrade head --sql failed" >&2
		exit 1
	fi
	{ echo "BEGIN;"; cat script.sql; echo "COMMIT;"; } >shell.sql

	# one run of each, then the same schema and rows from all three
	rm -f retort.db alembic.db shell.db
	"$retort" -q --url sqlite:///retort.db upgrade head ||
		{ echo "bench: $n: retort upgrade head failed" >&2; exit 1; }
	$py -m alembic -c alembic-bench.ini upgrade head 2>/dev/null ||
		{ echo "bench: $n: alembic upgrade head failed" >&2; exit 1; }
	sqlite3 -bail shell.db ".read shell.sql" >/dev/null ||
		{ echo "bench: $n: sqlite3 failed on shell.sql" >&2; exit 1; }
	if [ "$(state retort.db)" != "$(state alembic.db)" ] ||
	    [ "$(state retort.db)" != "$(state shell.db)" ]; then
		echo "bench: $n: retort, Alembic and sqlite3 leave different databases" >&2
		diff <(state alembic.db) <(state retort.db) | head -5 >&2
		diff <(state shell.db) <(state retort.db) | head -5 >&2
		fail=1
	fi

	ar=$aruns
	[ "$n" -ge 5000 ] && ar=$aruns_big
	st=$(fresh_ms "$rruns" shell.db sqlite3 shell.db ".read shell.sql")
	rt=$(fresh_ms "$rruns" retort.db "$retort" -q --url \
		sqlite:///retort.db upgrade head)
	at=$(fresh_ms "$ar" alembic.db $py -m alembic -c alembic-bench.ini \
		upgrade head)
	# shellcheck disable=SC2086
	line=$($py - $st $rt $at "$limit" <<'PY'
import sys
def f(x):
    try:
        return float(x)
    except ValueError:
        return None
sw, sc, rw, rc, aw, ac = map(f, sys.argv[1:7])
lim = float(sys.argv[7])
def ratio(a, b, fmt):
    return fmt % (a / b) if a is not None and b else "-"
ok = rw is not None and sw is not None and rw <= lim * sw
print("%10s %10s %10s %15s %15s %8s %8s  %s" % (
    sw, rw, aw,
    ratio(rw, sw, "%.2fx"), ratio(aw, rw, "%.1fx"),
    ratio(rc, sc, "%.2fx"), ratio(ac, rc, "%.1fx"),
    "ok" if ok else "FAIL"))
PY
	) || line="error FAIL"
	case $line in *FAIL) fail=1 ;; esac
	rows+=("$(printf '%6s ' "$n")$line")
	rm -f retort.db alembic.db shell.db
done
printf '%6s %10s %10s %10s %15s %15s %8s %8s  %s\n' revs "sqlite3 ms" \
	"retort ms" "alembic ms" "retort/sqlite3" "alembic/retort" "cpu r/s" \
	"cpu a/r" target
printf '%s\n' "${rows[@]}"
echo "upgrade head on a fresh SQLite file; wall: median of $rruns runs" \
	"(Alembic: $aruns, $aruns_big at 5,000+); cpu: mean user+system time."
echo "target: retort <= ${limit}x the sqlite3 shell running the same SQL" \
	"in one transaction (wall)"
if [ $fail -ne 0 ]; then
	echo "bench_upgrade: FAILED"
	exit 1
fi
echo "bench_upgrade: target met"
