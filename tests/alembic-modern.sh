#!/usr/bin/env bash
# tests/alembic-modern.sh [DIR]: the second reference, a modern Alembic
# (Debian 13's python3-alembic 1.13.2 with SQLAlchemy 2.0.40), fetched
# with `apt-get download` through a private apt configuration and
# unpacked into DIR (default build/alembic-modern), never installed over
# the system's Alembic 1.8.1.  Run it with the system interpreter:
#   PYTHONPATH=DIR/usr/lib/python3/dist-packages /usr/bin/python3 -m alembic
# (SQLAlchemy falls back to pure Python; bookworm's psycopg2 and pymysql
# work with it).  Idempotent: does nothing when DIR already holds the
# versions below.  Needs no standard input; runs as root or not.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$top/build/alembic-modern}
suite=trixie
pkgs=(python3-alembic python3-sqlalchemy python3-typing-extensions
	python3-mako)
want_alembic=1.13.2
want_sqlalchemy=2.0.40
site=$dest/usr/lib/python3/dist-packages

have() {
	PYTHONPATH=$site /usr/bin/python3 -c '
import sys, alembic, sqlalchemy
sys.exit(not (alembic.__version__ == sys.argv[1] and
              sqlalchemy.__version__ == sys.argv[2] and
              alembic.__file__.startswith(sys.argv[3])))' \
		"$want_alembic" "$want_sqlalchemy" "$site" 2>/dev/null
}
have && exit 0

work=$(mktemp -d "${TMPDIR:-/tmp}/retort-apt.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
	"http://deb.debian.org/debian $suite main" >"$work/sources.list"
opts=(-o "Dir::Etc::sourcelist=$work/sources.list"
	-o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists"
	-o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root")
echo "tests/alembic-modern.sh: fetching ${pkgs[*]} ($suite)" >&2
apt-get "${opts[@]}" update -qq </dev/null >&2
(cd "$work/debs" && apt-get "${opts[@]}" download -qq "${pkgs[@]}" \
	</dev/null >&2)
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
for deb in "$work"/debs/*.deb; do
	dpkg-deb -x "$deb" "$dest.tmp"
done
rm -rf "$dest"
mv "$dest.tmp" "$dest"
if ! have; then
	echo "tests/alembic-modern.sh: $dest does not hold Alembic" \
		"$want_alembic with SQLAlchemy $want_sqlalchemy" >&2
	exit 1
fi
echo "tests/alembic-modern.sh: Alembic $want_alembic in $dest" >&2
