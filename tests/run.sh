#!/usr/bin/env bash
# tests/run.sh: the whole test suite from a fresh Debian machine: install
# the packages, configure the sanitizer build in build/ (and check that
# the release build compiles cleanly, in build/release, and that the
# SQLite-only build works, in build/sqlite-only), start the
# PostgreSQL and MariaDB test servers, run every test with ctest (CUnit
# suites, CLI, end-to-end and compat), stop the servers.  Exits non-zero
# on any failure.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash tests/deps.sh
cmake -S . -B build -DRETORT_SANITIZE=ON -DRETORT_BUILD_TESTS=ON \
	-DRETORT_WERROR=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build build -j"$(nproc)"
# the optimised build too: -O2 brings warnings (-Werror) that -O0 does
# not (tests included); and the SQLite-only build, without libpq and
# libmariadb, must build and pass its unit tests
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release \
	-DRETORT_BUILD_TESTS=ON -DRETORT_WERROR=ON >/dev/null
cmake --build build/release -j"$(nproc)"
cmake -S . -B build/sqlite-only -DCMAKE_BUILD_TYPE=Release \
	-DRETORT_WITH_POSTGRES=OFF -DRETORT_WITH_MYSQL=OFF \
	-DRETORT_BUILD_TESTS=ON -DRETORT_WERROR=ON >/dev/null
cmake --build build/sqlite-only -j"$(nproc)"
# neither build links libpq or libmariadb: the full one dlopen()s them
# when a command connects (drivers/dynload.c), so start-up stays cheap
for b in release sqlite-only; do
	if ldd "build/$b/retort" | grep -E 'libpq|libmariadb'; then
		echo "tests/run.sh: build/$b/retort links a driver library" >&2
		exit 1
	fi
done
(cd build/sqlite-only && ctest --output-on-failure -j2 -L unit)

if [ -f tests/db/start.sh ]; then
	trap 'bash "$top/tests/db/stop.sh" || true' EXIT
	bash tests/db/start.sh
	# shellcheck disable=SC1091
	. /tmp/retort-db/env
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd build
ctest --output-on-failure -j2 "$@"
