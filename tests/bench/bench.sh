#!/usr/bin/env bash
# tests/bench/bench.sh RETORT_BINARY: times retort against real Alembic 1.8.1
# on generated 1,000- and 10,000-revision projects (linear and branchy,
# tests/bench/genbench.py), measures retort's peak RSS, and checks the targets:
# every retort command < 50 ms and < 20 MB at 10,000 revisions.
# Not part of ctest.  See tests/bench/README.md for the knobs.
set -u
if [ $# -ne 1 ]; then
	echo "usage: tests/bench/bench.sh RETORT_BINARY" >&2
	exit 2
fi
retort=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
py=/usr/bin/python3
sizes=${BENCH_SIZES:-"1000 10000"}
shapes=${BENCH_SHAPES:-"linear branchy"}
rruns=${BENCH_RUNS:-20}		# retort runs per command
aruns_small=${BENCH_ALEMBIC_RUNS:-3}	# Alembic runs per command (< 10,000)
aruns_big=${BENCH_ALEMBIC_RUNS_BIG:-1}	# at 10,000+: one run takes a minute
limit_ms=${BENCH_LIMIT_MS:-50}
limit_kb=${BENCH_LIMIT_KB:-20480}
out=${BENCH_OUT:-$here/out}
mkdir -p "$out"
export PYTHONHASHSEED=0
# retort's header cache (docs/configuration.md) lives with the projects;
# the warm-up run fills it.  "no cache" times RETORT_CACHE=off.
export XDG_CACHE_HOME="$out/cache"
mkdir -p "$XDG_CACHE_HOME"	# retort creates only its retort/ in it
unset RETORT_CACHE
unset COLUMNS ALEMBIC_CONFIG

# median wall time in ms of "$@" run N times after W warm-up runs
# (hyperfine when installed)
median_ms() {
	local n=$1 w=$2; shift 2
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i -w "$w" -r "$n" --output=null \
			--export-json "$out/hf.json" "$(printf '%q ' "$@")" \
			>/dev/null 2>&1 || { echo "error"; return; }
		$py -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0];
print("%.1f" % (r["median"]*1000))' "$out/hf.json"
	else
		local i t0 t1 ts=()
		for ((i = 0; i < w; i++)); do "$@" >/dev/null 2>&1; done
		for ((i = 0; i < n; i++)); do
			t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
			ts+=($(( (t1 - t0) / 1000 )))
		done
		printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1}
			END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2;
			printf "%.1f\n", m/1000}'
	fi
}

peak_kb() {
	/usr/bin/time -f %M -o "$out/rss" "$@" >/dev/null 2>&1
	tail -n 1 "$out/rss"
}

fail=0
rows=()
for n in $sizes; do
	for shape in $shapes; do
		proj="$out/proj-$shape-$n"
		if [ ! -f "$proj/.complete" ]; then
			rm -rf "$proj"
			$py "$here/genbench.py" "$n" "$shape" "$proj" || exit 1
			touch "$proj/.complete"
		fi
		cd "$proj" || exit 1
		aruns=$aruns_small
		[ "$n" -ge 10000 ] && aruns=$aruns_big
		# sanity: both tools agree on the output before timing them
		for cmd in heads history; do
			if ! $py "$here/same.py" "$retort" $cmd; then
				echo "bench: $shape/$n: '$cmd' output differs from Alembic" >&2
				fail=1
			fi
		done
		for cmd in heads history "history -v" branches "show heads" \
		    "heads --resolve-dependencies"; do
			# shellcheck disable=SC2086
			rt=$(median_ms "$rruns" 1 "$retort" $cmd)
			# shellcheck disable=SC2086
			nc=$(median_ms "$rruns" 1 env RETORT_CACHE=off \
				"$retort" $cmd)
			# shellcheck disable=SC2086
			kb=$(peak_kb "$retort" $cmd)
			at="-"; ratio="-"
			case $cmd in
			heads|history)
				# shellcheck disable=SC2086
				at=$(median_ms "$aruns" 0 $py \
					"$top/compat/alembic_sorted.py" $cmd)
				ratio=$($py -c 'import sys; a,r=map(float,sys.argv[1:]);
print("%.0fx" % (a / r) if r > 0 else "-")' "$at" "$rt")
				;;
			esac
			verdict=ok
			if [ "$n" -ge 10000 ]; then
				if ! $py -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$rt" "$limit_ms" \
				    || [ "$kb" -ge "$limit_kb" ]; then
					verdict=FAIL
					fail=1
				fi
			fi
			rows+=("$(printf '%-8s %6s  %-30s %10s %10s %11s %8s %9s  %s' \
				"$shape" "$n" "$cmd" "$rt" "$nc" "$at" "$ratio" \
				"$kb" "$verdict")")
		done
	done
done
printf '%-8s %6s  %-30s %10s %10s %11s %8s %9s  %s\n' shape revs command \
	"retort ms" "no cache" "alembic ms" ratio "peak KB" "target"
printf '%s\n' "${rows[@]}"
echo "targets at 10,000 revisions: < ${limit_ms} ms and < ${limit_kb} KB peak RSS per retort command"
if [ $fail -ne 0 ]; then
	echo "bench: FAILED"
	exit 1
fi
echo "bench: all targets met"
