#!/usr/bin/env bash
# compare.sh - portal build against Hugo on the same Chinese corpus, in one
# run, side by side (issue 6). A benchmark, not part of the test command.
#
# Usage:
#   tests/bench/compare.sh [--docs N] [--runs R] [--jobs J] [--work DIR]
#   tests/bench/compare.sh --scale [--work DIR]     # 1k, 10k, 30k, 100k: growth
#
# What it does (default: 10,000 documents, 3 runs of each):
#   1. makes the corpus once (../shared/bench/make-corpus.py when it is there,
#      so figures compare with the issue's; else tests/bench/make-corpus.py,
#      which recombines the demo portal) and warms the page cache;
#   2. alternates clean builds: `portal build -v` (full site: pages, lists,
#      tags, archives, knowledge pages, feeds, sitemap, search index) and
#      `hugo` on the equivalent minimal site in tests/bench/hugo-site/, each
#      into a fresh folder, under GNU time; prints every run, the medians and
#      the ratios (goal: wall and peak RSS at most 1/4 of Hugo's);
#   3. rebuilds with portal: nothing changed (twice: the first reuses nothing
#      yet, the second is the steady state), then one page edited; checks the
#      edited build is byte-identical to a clean build of the same tree.
# --scale builds 1k, 10k, 30k and 100k documents once each with portal and
# prints time, peak RSS and the stage table, so growth is visible.
#
# Environment: PORTAL (default build-bench/portal, built here in Release),
# HUGO (hugo), TIME (/usr/bin/time), MAKE_CORPUS (a corpus generator).
# Wall seconds and peak RSS come from GNU time -v; MB = 10^6 bytes.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
die() { echo "compare: $*" >&2; exit 2; }
. "$HERE/lib.sh"

DOCS=10000 RUNS=3 JOBS="" WORK=${WORK:-/tmp/portal-compare} SCALE=0
while [ $# -gt 0 ]; do
  case $1 in
    --docs) DOCS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --scale) SCALE=1; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (try --help)" ;;
  esac
done
TIME=${TIME:-/usr/bin/time}
HUGO=${HUGO:-hugo}
[ -x "$TIME" ] || die "GNU time not found at $TIME (apt-get install time)"
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
TRASH=$WORK/trash; mkdir -p "$TRASH"

default_make_corpus
bench_portal
JOBS_ARG=(); [ -n "$JOBS" ] && JOBS_ARG=(-j "$JOBS")

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
# Moves a finished output (and its staging tree and manifests) out of the
# way; deleting tens of thousands of files is left to the end.
discard() { local d=$1 n; n=$(date +%s%N); for x in "$d" "$(dirname "$d")/.$(basename "$d").staging" "$(dirname "$d")/.$(basename "$d").trees"; do
              [ -e "$x" ] && mv "$x" "$TRASH/$(basename "$x").$n"; done; return 0; }

# portal_run CORPUS OUT LOG: one build under GNU time (LOG.time), -v table in LOG.
portal_run() {
  "$TIME" -v -o "$3.time" "$PORTAL" build -s "$1" -d "$2" -v "${JOBS_ARG[@]}" >"$3" 2>&1 ||
    { cat "$3" >&2; die "portal build failed"; }
}

if [ "$SCALE" = 1 ]; then
  printf '%-8s %9s %9s %10s %9s %s\n' docs source_MB wall_s peak_MB files "stages (wall ms)"
  for n in 1000 10000 30000 100000; do
    C=$WORK/c$n; corpus "$C" "$n"
    src=$(find -L "$C/content" -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')
    portal_run "$C" "$WORK/scale$n" "$WORK/scale$n.log"
    stages=$(awk '/^(content|site|knowledge|html|feeds|search|write) / { printf "%s %s, ", $1, $2 }' "$WORK/scale$n.log")
    files=$(grep -o 'wrote [0-9]* pages, [0-9]* files' "$WORK/scale$n.log" | awk '{ print $4 }')
    printf '%-8s %9s %9s %10s %9s %s\n' "$n" "$src" "$(wall_s "$WORK/scale$n.log.time")" \
      "$(rss_mb "$WORK/scale$n.log.time")" "$files" "${stages%, }"
    discard "$WORK/scale$n"
  done
  echo "(left to delete: $TRASH)"
  exit 0
fi

command -v "$HUGO" >/dev/null || die "hugo not found (apt-get install hugo, or set HUGO)"
C=$WORK/c$DOCS; corpus "$C" "$DOCS"
HSITE=$WORK/hugo-site; rm -rf "$HSITE"; mkdir -p "$HSITE"
cp -r "$HERE/hugo-site/." "$HSITE/"; ln -s "$C/content" "$HSITE/content"
docs=$(find -L "$C/content" -name '*.md' | wc -l)
src=$(find -L "$C/content" -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')
echo "== corpus: $docs documents, $src MB of Markdown ($(basename "$MAKE_CORPUS")), $(nproc) cores"
echo "   portal: $("$PORTAL" --version 2>&1 | head -1); hugo: $("$HUGO" version | awk '{ print $2 }')"

pw=() pr=() hw=() hr=()
for ((r = 1; r <= RUNS; r++)); do
  discard "$WORK/p$r"; discard "$WORK/h$r"  # left by an earlier run: a clean build starts empty
  portal_run "$C" "$WORK/p$r" "$WORK/p$r.log"
  pw+=("$(wall_s "$WORK/p$r.log.time")"); pr+=("$(rss_mb "$WORK/p$r.log.time")")
  HUGO_CACHEDIR=$WORK/hugo-cache "$TIME" -v -o "$WORK/h$r.time" "$HUGO" --quiet -s "$HSITE" -d "$WORK/h$r" \
    >"$WORK/h$r.log" 2>&1 || { cat "$WORK/h$r.log" >&2; die "hugo failed"; }
  hw+=("$(wall_s "$WORK/h$r.time")"); hr+=("$(rss_mb "$WORK/h$r.time")")
  echo "run $r: portal ${pw[-1]} s, ${pr[-1]} MB; hugo ${hw[-1]} s, ${hr[-1]} MB"
  [ "$r" -lt "$RUNS" ] && { discard "$WORK/p$r"; discard "$WORK/h$r"; }
done
PW=$(printf '%s\n' "${pw[@]}" | median) PR=$(printf '%s\n' "${pr[@]}" | median)
HW=$(printf '%s\n' "${hw[@]}" | median) HR=$(printf '%s\n' "${hr[@]}" | median)
echo "== clean build, median of $RUNS"
echo "portal: $PW s wall, $PR MB peak RSS ($(grep -o 'wrote [0-9]* pages, [0-9]* files' "$WORK/p$RUNS.log"))"
echo "hugo:   $HW s wall, $HR MB peak RSS ($(find "$WORK/h$RUNS" -type f | wc -l) files)"
echo "ratio portal/hugo: wall $(ratio "$PW" "$HW") (goal <= 0.25), peak RSS $(ratio "$PR" "$HR") (goal <= 0.25)"
echo "stage table of the last portal run:"
sed -n '/^stage/,/^wrote/p' "$WORK/p$RUNS.log" | grep -v '^wrote' | sed 's/^/  /'

echo "== rebuilds (portal, same destination)"
OUT=$WORK/p$RUNS
for label in "nothing changed (first rebuild)" "nothing changed (steady state)"; do
  portal_run "$C" "$OUT" "$WORK/noop.log"
  echo "$label: $(wall_s "$WORK/noop.log.time") s, $(rss_mb "$WORK/noop.log.time") MB; $(sed -n 's/^write .* MB  //p' "$WORK/noop.log")"
done
EDIT=$(find "$C/content/speeches" -name '*.md' | sort | sed -n 1p)  # not head: its early exit is a SIGPIPE under pipefail
cp "$EDIT" "$WORK/edit.orig"
# Four times: the first edit after a build into an empty folder has no
# previous tree to reuse yet; from the second on, the steady state, whose
# median is printed (this VM's speed moves by 10-20% from run to run).
ew=()
for k in 1 2 3 4; do
  printf '\n编辑追加的一段话（第%s次）：基准测试修改了这一页。\n' "$k" >>"$EDIT"
  portal_run "$C" "$OUT" "$WORK/edit.log"
  echo "one page edited ($k): $(wall_s "$WORK/edit.log.time") s, $(rss_mb "$WORK/edit.log.time") MB; $(sed -n 's/^write .* MB  //p' "$WORK/edit.log")"
  [ "$k" -gt 1 ] && ew+=("$(wall_s "$WORK/edit.log.time")")
done
echo "one page edited, steady state: median $(printf '%s\n' "${ew[@]}" | median) s of ${#ew[@]} edits (goal < 1 s)"
echo "stage table of the last edited rebuild (build cache in $(basename "$OUT")'s .trees/cache/):"
sed -n '/^stage/,/^wrote/p' "$WORK/edit.log" | grep -v '^wrote' | sed 's/^/  /'
discard "$WORK/clean-edit"
portal_run "$C" "$WORK/clean-edit" "$WORK/clean-edit.log"
if diff -r "$OUT" "$WORK/clean-edit" >/dev/null; then echo "edited rebuild is byte-identical to a clean build: yes"
else echo "edited rebuild is byte-identical to a clean build: NO"; diff -rq "$OUT" "$WORK/clean-edit" | head -5; fi
cp "$WORK/edit.orig" "$EDIT"
discard "$WORK/clean-edit"
echo "(outputs kept in $WORK; left to delete: $TRASH)"
