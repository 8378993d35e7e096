#!/usr/bin/env bash
# serve-edit.sh - how long `portal serve` takes to rebuild after a one-page
# edit (issue #5's target: under 100 ms on the 1,000-document corpus).
#
#   tests/bench/serve-edit.sh [--docs N] [--edits K] [--page N]
#
# Makes (once) a corpus of N documents (default 1000) in $PORTAL_BENCH_DIR
# (default /tmp/portal-bench), starts `portal serve -v` on it, and edits one
# page K times (default 12): each edit changes a word in the page's fourth
# paragraph, as an editor does, and waits for the rebuild. The page is the
# N-th case study (default 23); pages whose text the search plan samples take
# longer (the plan is made again), so try a few. Prints every rebuild's time
# with its slowest stages, then the median of the first edit and of the
# repeated ones. The rebuilt output equals a clean build's: the session tests
# (generator/build/session_test.cc) check that byte for byte.
#
#   PORTAL  the portal binary (default: build-bench/portal, built in Release)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
die() { echo "serve-edit.sh: $*" >&2; exit 1; }

DOCS=1000 EDITS=12 PAGE=23
while [ $# -gt 0 ]; do
  case $1 in
    --docs) DOCS=$2; shift 2 ;;
    --edits) EDITS=$2; shift 2 ;;
    --page) PAGE=$2; shift 2 ;;
    *) die "unknown argument $1 (see the comment at the top)" ;;
  esac
done
WORK=${PORTAL_BENCH_DIR:-/tmp/portal-bench}
mkdir -p "$WORK"
default_make_corpus
bench_portal
C=$WORK/c$DOCS; corpus "$C" "$DOCS"

EDIT=$(find "$C/content/cases" -name '*.md' | sort | sed -n "${PAGE}p")
[ -n "$EDIT" ] || die "no case study number $PAGE in $C/content/cases"
cp "$EDIT" "$WORK/serve-edit.orig"
LOG=$WORK/serve-edit.log
PORT=$((20000 + RANDOM % 20000))
"$PORTAL" serve -s "$C" --port "$PORT" -v >"$LOG" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; cp "$WORK/serve-edit.orig" "$EDIT"; }
trap cleanup EXIT

echo "portal serve on $DOCS documents; editing ${EDIT#"$C/"} $EDITS times" >&2
python3 - "$LOG" "$EDIT" "$EDITS" <<'EOF'
import re, statistics, sys, time

log, page, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])

def rebuilds():
    with open(log, encoding="utf-8") as f:
        text = f.read()
    return text, re.findall(r"rebuilt in (\d+) ms", text)

def wait_for(pred, what, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        text, done = rebuilds()
        if pred(text, done):
            return text, done
        time.sleep(0.02)
    sys.exit("serve-edit.sh: no %s within %d s; the log is %s" % (what, timeout, log))

wait_for(lambda t, d: "serving " in t, "first build")
original = open(page, encoding="utf-8").read()
paragraphs = [i for i, p in enumerate(original.split("\n\n")) if p.strip() and not p.startswith(("---", "#"))]
target = paragraphs[min(3, len(paragraphs) - 1)]
words = ["全面", "深入", "扎实", "持续", "切实", "大力"]
times = []
for n in range(edits):
    parts = original.split("\n\n")
    parts[target] = words[n % len(words)] + parts[target]
    before = len(rebuilds()[1])
    with open(page, "w", encoding="utf-8") as f:
        f.write("\n\n".join(parts))
    text, done = wait_for(lambda t, d: len(d) > before, "rebuild")
    ms = int(done[-1])
    block = text[text.rfind("stage ", 0, text.rfind("rebuilt in")):text.rfind("rebuilt in")]
    stages = sorted(((float(m.group(2)), m.group(1)) for m in
                     re.finditer(r"^(\w+) +([\d.]+) ms", block, re.M)), reverse=True)[:4]
    print("edit %2d: %4d ms  (%s)" % (n + 1, ms, ", ".join("%s %.0f" % (s, t) for t, s in stages)))
    times.append(ms)
    time.sleep(0.3)
with open(page, "w", encoding="utf-8") as f:
    f.write(original)
rest = times[1:] or times
print("first edit %d ms; repeated edits median %d ms (%d-%d ms, %d edits); target 100 ms"
      % (times[0], statistics.median(rest), min(rest), max(rest), len(rest)))
EOF
