#!/usr/bin/env bash
# Runs every test of portal: installs what is missing, builds (warnings are
# errors), runs the unit and whole-site tests with CTest and the Node tests of
# the search module. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup.sh
BUILD=${PORTAL_TEST_BUILD:-build-test}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTAL_WERROR=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)"
if compgen -G "tests/search/*.test.mjs" >/dev/null; then
  PORTAL_BINARY="$PWD/$BUILD/portal" node --test tests/search/
fi

# Browser tests of the default theme: Debian's chromium, never a downloaded
# one (missing is a failure), the Nu HTML Checker and axe-core.
CHROMIUM=${PORTAL_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "run: $CHROMIUM not found; the browser tests need it (bash tests/setup.sh installs it)" >&2
  exit 1
fi
(cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
PORTAL_BINARY="$PWD/$BUILD/portal" node --test tests/browser/
