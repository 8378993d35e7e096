#!/usr/bin/env bash
# Runs every test of portal: installs what is missing, builds (warnings are
# errors), runs the unit and whole-site tests with CTest, the Node tests of
# the search module and the browser tests of the default theme (chromium via
# playwright-core, Nu HTML Checker, axe-core). This is the README's test
# command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup.sh
BUILD=${PORTAL_TEST_BUILD:-build-test}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTAL_WERROR=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)"
if compgen -G "tests/search/*.test.mjs" >/dev/null; then
  PORTAL_BINARY="$PWD/$BUILD/portal" PORTAL_SEARCH_TEST_BINARY="$PWD/$BUILD/search_test" node --test tests/search/
fi

# Browser tests: Debian's chromium, never a downloaded one; missing is a failure.
CHROMIUM=${PORTAL_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "run: $CHROMIUM not found; the browser tests need it (bash tests/setup.sh installs it)" >&2
  exit 1
fi
(cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
PORTAL_BINARY="$PWD/$BUILD/portal" node --test tests/browser/

# Reliability (README "Reliability"): one clang-14 build with AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer coverage (-DPORTAL_FUZZ=ON) serves
# both the sanitizer run of the unit and whole-site tests and the fuzz targets
# (a separate g++ sanitizer build took three times as long to compile). The
# kill and concurrent-build tests are left out of the sanitizer run: they test
# process-level atomicity, which the sanitizers add nothing to, and take
# minutes there. Then tests/fuzz/run.sh replays every kept crash input and
# fuzzes each target for PORTAL_FUZZ_SECONDS.
SAN_BUILD=${PORTAL_FUZZ_BUILD:-build-fuzz}
CC=clang-14 CXX=clang++-14 cmake -S . -B "$SAN_BUILD" -DPORTAL_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$SAN_BUILD" -j"$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  GTEST_FILTER='-Reliability.BuildKilledAtRandomPointsNeverLosesTheSite:Reliability.TwoBuildsAtOnceAreRefusedOrSerializedNeverInterleaved' \
  ctest --test-dir "$SAN_BUILD" --output-on-failure -j"$(nproc)"
PORTAL_FUZZ_BUILD="$SAN_BUILD" bash tests/fuzz/run.sh
