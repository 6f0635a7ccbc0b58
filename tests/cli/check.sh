#!/usr/bin/env bash
# tests/cli/check.sh RETORT: retort's command-line surface against
# argparse_ref.py (Alembic 1.8.1's parser with prog "retort"), case by
# case from cases.txt.  Help, version and usage errors must match in
# stdout, stderr and exit status; a vector the reference accepts must
# reach the command (no usage error from retort).
set -u
retort=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
version=$("$retort" --version | sed 's/^retort //')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
unset ALEMBIC_CONFIG
pass=0 fail=0
# every case at the default width, the help cases again on a narrow one
{ sed 's/^/80 /' "$here/cases.txt"; grep -E -- '(^| )(-h|--help)( |$)' \
	"$here/cases.txt" | sed 's/^/52 /'; } >cases.run
while read -r COLUMNS line; do
	export COLUMNS
	case "$line" in ''|'#'*) continue ;; esac
	[ "$line" = '<empty>' ] && line=''
	eval "set -- $line"
	$py "$here/argparse_ref.py" "$version" "$@" >ref.out 2>ref.err
	ref_rc=$?
	"$retort" "$@" >got.out 2>got.err </dev/null
	got_rc=$?
	ok=1
	if [ "$ref_rc" = 100 ]; then
		# parsed: retort must have run the command, not a usage error
		{ [ "$got_rc" = 2 ] || grep -q '^usage:' got.err; } && ok=0
	else
		[ "$ref_rc" = "$got_rc" ] || ok=0
		cmp -s ref.out got.out || ok=0
		cmp -s ref.err got.err || ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: COLUMNS=$COLUMNS retort $line" \
			"(exit: reference $ref_rc, retort $got_rc)"
		diff -u ref.out got.out | sed 's/^/  stdout: /'
		diff -u ref.err got.err | sed 's/^/  stderr: /'
	fi
done <cases.run
echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
