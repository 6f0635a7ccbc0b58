#!/usr/bin/env bash
# tests/lib/run.sh CMAKE BUILD_DIR CC LIBDIR [CFLAGS...]: libretort as a
# user gets it.  `cmake --install` into a temporary prefix (binary, both
# libraries, header, retort.pc, man page); libretort.so exports only
# retort_* and has a versioned soname; docs/examples/migrate_on_start.c
# and tests/lib/check_api.c are built with CC CFLAGS and pkg-config
# against the installed shared library and run on a copy of
# fixtures/demo: the database ends at head (`retort current`), --sql
# output and errors match the command's.  CFLAGS: the sanitizer build's
# -fsanitize flags (an ASan-instrumented libretort.so needs an
# instrumented program).
set -euo pipefail
if [ $# -lt 4 ]; then
	echo "usage: tests/lib/run.sh CMAKE BUILD_DIR CC LIBDIR [CFLAGS...]" >&2
	exit 2
fi
cmake=$1 build=$2 cc=$3 libdir=$4
shift 4
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/retort-lib.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "library: $*" >&2
	exit 1
}
# same TEXT WANT GOT: the two strings are equal
same() {
	[ "$2" = "$3" ] && return 0
	diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") >&2 || true
	fail "$1 differs (< want, > got)"
}

prefix=$tmp/prefix
lib=$prefix/$libdir
"$cmake" --install "$build" --prefix "$prefix" >/dev/null
for f in bin/retort "$libdir/libretort.a" "$libdir/libretort.so" \
	include/retort.h "$libdir/pkgconfig/retort.pc" \
	share/man/man1/retort.1; do
	[ -e "$prefix/$f" ] || fail "cmake --install did not install $f"
done

# The public API is include/retort.h and nothing else.
extra=$(nm -D --defined-only "$lib/libretort.so" | awk '{ print $3 }' |
	grep -v '^retort_' || true)
[ -z "$extra" ] || fail "libretort.so exports more than retort_*: $extra"
# (no "| grep -q" under pipefail: grep may exit before nm has written
# everything, and nm's SIGPIPE then fails the pipeline)
syms=$(nm -D --defined-only "$lib/libretort.so")
grep -q ' T retort_migrate$' <<<"$syms" ||
	fail "libretort.so does not export retort_migrate"
soname=$(readelf -d "$lib/libretort.so" |
	sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
case $soname in
libretort.so.[0-9]*) [ -e "$lib/$soname" ] ||
	fail "no $soname next to libretort.so" ;;
*) fail "libretort.so has no versioned soname: '$soname'" ;;
esac

# Built as a user builds: pkg-config, the shared library (rpath).
export PKG_CONFIG_PATH=$lib/pkgconfig
# shellcheck disable=SC2207
flags=($(pkg-config --cflags --libs retort))
for prog in docs/examples/migrate_on_start tests/lib/check_api; do
	"$cc" "$@" -std=c11 -Wall -Wextra -Werror -o "$tmp/${prog##*/}" \
		"$top/$prog.c" "${flags[@]}" -Wl,-rpath,"$lib"
done
linked=$(ldd "$tmp/migrate_on_start")
grep -q "=> $lib/$soname " <<<"$linked" ||
	fail "migrate_on_start is not linked with $lib/$soname"

cp -r "$top/fixtures/demo" "$tmp/demo"
rm -f "$tmp/demo/demo.db"
cd "$tmp/demo"
retort=$prefix/bin/retort
head=$("$retort" heads)
same "heads" "3b9e2f0c5d71 (head)" "$head"

# migrate_on_start: from empty to head, then nothing to do.
out=$("$tmp/migrate_on_start" 2>"$tmp/log") ||
	fail "migrate_on_start failed: $(cat "$tmp/log")"
same "migrate_on_start's output" "libretort $("$retort" --version |
	cut -d' ' -f2)
database at: base (empty)
4 step(s) to run:
  upgrade  -> 1975ea83b712, create account table
  upgrade 1975ea83b712 -> ae1027a6acf6, add email column to account
  upgrade ae1027a6acf6 -> 27c6a30d7c24, index account email
  upgrade 27c6a30d7c24 -> 3b9e2f0c5d71, insert the admin account
database now at: 3b9e2f0c5d71" "$out"
grep -q '^INFO  \[alembic.runtime.migration\] Running upgrade 27c6a30d7c24 -> 3b9e2f0c5d71' \
	"$tmp/log" || fail "no log line of the last step: $(cat "$tmp/log")"
same "retort current after migrate_on_start" "$head" \
	"$("$retort" current 2>/dev/null)"
out=$("$tmp/migrate_on_start" 2>/dev/null) || fail "second run failed"
same "second run" "libretort $("$retort" --version | cut -d' ' -f2)
database at: 3b9e2f0c5d71
nothing to do: the database is at head" "$out"

# It fails clearly: the message, exit status 1.
if "$tmp/migrate_on_start" nosuch.ini >/dev/null 2>"$tmp/err"; then
	fail "migrate_on_start nosuch.ini succeeded"
fi
same "migrate_on_start nosuch.ini" "migrate_on_start: cannot migrate the \
database (error -4): No config file 'nosuch.ini' found, or file has no \
'[alembic]' section" "$(cat "$tmp/err")"

# The rest of the API against the command.
same "check_api heads" "3b9e2f0c5d71" "$("$tmp/check_api" heads)"
same "check_api current" "3b9e2f0c5d71" "$("$tmp/check_api" current)"
same "check_api pending" "" "$("$tmp/check_api" pending heads)"
"$tmp/check_api" migrate downgrade base 2>/dev/null
same "check_api current at base" "" "$("$tmp/check_api" current)"
same "check_api pending +1" "upgrade  -> 1975ea83b712, create account table" \
	"$("$tmp/check_api" pending +1)"
for args in "upgrade heads" "downgrade heads:base" "stamp 27c6a30d7c24"; do
	read -r op target <<<"$args"
	"$retort" "$op" --sql "$target" >"$tmp/want.out" 2>"$tmp/want.err"
	"$tmp/check_api" sql "$op" "$target" >"$tmp/got.out" 2>"$tmp/got.err" ||
		fail "check_api sql $args failed: $(cat "$tmp/got.err")"
	cmp -s "$tmp/want.out" "$tmp/got.out" ||
		same "check_api sql $args" "$(cat "$tmp/want.out")" \
			"$(cat "$tmp/got.out")"
	same "check_api sql $args: log" "$(cat "$tmp/want.err")" \
		"$(cat "$tmp/got.err")"
done
# Errors: Alembic's text, and the user's file:line:col when there is one.
if "$tmp/check_api" pending nosuch 2>"$tmp/err"; then
	fail "pending nosuch succeeded"
fi
same "pending nosuch" "error -2: Can't locate revision identified by \
'nosuch'" "$(cat "$tmp/err")"
f=migrations/versions/ae1027a6acf6_add_email_column_to_account.py
printf 'def upgrade(:\n' >>"$f"
if "$tmp/check_api" migrate upgrade heads 2>"$tmp/err"; then
	fail "migrate with a broken revision file succeeded"
fi
grep -q "^error -5: $(pwd -P)/$f:[0-9]*:[0-9]*: " "$tmp/err" ||
	fail "no file:line:col in the error: $(cat "$tmp/err")"
same "current after the failed upgrade" "" "$("$tmp/check_api" current)"
echo "library: ok"
