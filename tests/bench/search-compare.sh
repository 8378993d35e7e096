#!/usr/bin/env bash
# search-compare.sh - portal's search against Hugo + Pagefind 1.6 on the same
# Chinese corpus, in one run, side by side (issues 4 and 6). A benchmark, not
# part of the test command.
#
# Usage:
#   tests/bench/search-compare.sh [--docs N] [--work DIR] [--no-pagefind]
#   tests/bench/search-compare.sh --scale [--work DIR]    # 30,000 and 100,000 documents
#
# Corpus: ../shared/bench/make-corpus.py beside the repository (CI clones it
# there), or MAKE_CORPUS=/path/to/make-corpus.py, or CORPUS=DIR (an existing
# corpus with content/). Without any of them the script stops with exit 2.
#
# Environment: PORTAL (default: build-bench/portal, built here in Release),
# HUGO (hugo), CHROMIUM (/usr/bin/chromium), TIME (/usr/bin/time),
# PAGEFIND (default: npm pagefind@1.6.0 installed under WORK/pagefind),
# SKELETON (../shared/bench/hugo-site: Hugo's minimal site).
#
# Prints: corpus size; `portal build -v` wall time, peak RSS and the search
# stage's share; Hugo's wall time and peak RSS and the ratios; the search
# index build (ours: the search stage; Pagefind: its whole run) time and
# peak RSS and the ratios; total index bytes; per query bytes fetched (cold
# page incl. the library, then a second query) and time to results in
# headless Chromium (tests/bench/search-browser.mjs); result counts against
# `grep -rlF QUERY` over the source text, defined as the fields the index
# holds (title, tags, headings, body text; see tests/bench/source-text.mjs).
# Peak RSS is GNU time's "Maximum resident set size"; MB = 10^6 bytes.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
die() { echo "search-compare: $*" >&2; exit 2; }
. "$HERE/lib.sh"

DOCS=10000 WORK=${WORK:-/tmp/portal-bench} PAGEFIND_RUN=1 SCALE=0
while [ $# -gt 0 ]; do
  case $1 in
    --docs) DOCS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-pagefind) PAGEFIND_RUN=0; shift ;;
    --scale) SCALE=1; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (try --help)" ;;
  esac
done
QUERIES=(党风廉政建设 两个维护 三会一课 乡村振兴 基层党组织书记)
TIME=${TIME:-/usr/bin/time}
HUGO=${HUGO:-hugo}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SHARED=$ROOT/../shared/bench
MAKE_CORPUS=${MAKE_CORPUS:-$SHARED/make-corpus.py}
SKELETON=${SKELETON:-$SHARED/hugo-site}
[ -x "$TIME" ] || die "GNU time not found at $TIME (apt-get install time)"
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)

bytes() { { find "$@" -type f -printf '%s\n' 2>/dev/null || true; } | awk '{ s += $1 } END { printf "%d", s }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "-" }'; }
stage_ms() { awk -v s="$2" '$1 == s { print $2; exit }' "$1"; }

# --- portal binary ---
bench_portal

# corpus DIR N: makes (once) a corpus of N documents with a site-config.
corpus() {
  local dir=$1 n=$2
  if [ ! -d "$dir/content" ]; then
    [ -f "$MAKE_CORPUS" ] || die "no corpus generator: $MAKE_CORPUS is missing. Clone the shared
  benchmark folder beside the repository (../shared/bench/make-corpus.py), or set
  MAKE_CORPUS=/path/to/make-corpus.py, or CORPUS=DIR for an existing corpus with content/."
    echo "generating $n documents in $dir ..." >&2
    python3 "$MAKE_CORPUS" "$dir" --count "$n" >/dev/null
  fi
  mkdir -p "$dir/site-config"
  [ -f "$dir/site-config/site.yaml" ] || cp "$HERE/site.yaml" "$dir/site-config/site.yaml"
}

# Moves an old output out of the way (deleting 100,000 pages' files takes
# minutes on some disks): WORK/trash is left to delete.
aside() { [ -e "$1" ] || return 0; mkdir -p "$WORK/trash"; mv "$1" "$WORK/trash/$(basename "$1").$(date +%s%N)"; }

# expect_counts CORPUS TEXT_DIR: {"query": files whose source text holds it}
expect_counts() {
  aside "$2"; node "$HERE/source-text.mjs" "$1" "$2" >/dev/null
  local e="{" q
  for q in "${QUERIES[@]}"; do e+="\"$q\":$(grep -rlF -- "$q" "$2" | wc -l),"; done
  echo "${e%,}}"
}

# portal_build CORPUS OUT LOG: prints nothing, leaves GNU time + -v table in LOG
portal_build() {
  aside "$2"
  "$TIME" -v -o "$3.time" "$PORTAL" build -s "$1" -d "$2" -v >"$3" 2>&1 || { cat "$3" >&2; die "portal build failed"; }
}

report_portal() {  # CORPUS OUT LOG LABEL
  local in_bytes idx search_ms
  in_bytes=$(find -L "$1/content" -type f -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
  idx=$(bytes "$2/search")
  search_ms=$(stage_ms "$3" search)
  echo "$4 documents: $(find -L "$1/content" -name '*.md' | wc -l), source MB: $(mb "$in_bytes")"
  echo "$4 portal build: wall $(wall_s "$3.time") s, peak RSS $(rss_mb "$3.time") MB, search stage $(awk -v m="$search_ms" 'BEGIN { printf "%.2f", m / 1000 }') s ($(awk -v m="$search_ms" -v w="$(wall_s "$3.time")" 'BEGIN { printf "%.0f", m / 10 / w }')% of wall)"
  echo "$4 search index: $(mb "$idx") MB in $(find "$2/search" -type f | wc -l) files ($(ratio "$idx" "$in_bytes") of the source)"
}

if [ "$SCALE" = 1 ]; then
  for n in 30000 100000; do
    C=$WORK/c$n; corpus "$C" "$n"
    find "$C/content" -type f -exec cat {} + >/dev/null
    portal_build "$C" "$WORK/out$n" "$WORK/portal$n.log"
    report_portal "$C" "$WORK/out$n" "$WORK/portal$n.log" "[$n]"
    sed -n '/^stage/,/^wrote/p' "$WORK/portal$n.log" | sed "s/^/[$n]   /"
    # The same checks as at 10,000: result counts equal to the scan, bytes
    # fetched per query under the budget (ours only: Pagefind does not
    # finish at this size).
    node "$HERE/search-browser.mjs" --ours "$WORK/out$n" --chromium "$CHROMIUM" \
      --expect "$(expect_counts "$C" "$WORK/text$n")" "${QUERIES[@]}" | sed "s/^/[$n] /" ||
      echo "[$n] search-browser: counts differ from the scan (see above)"
    aside "$WORK/out$n"; aside "$WORK/text$n"
  done
  exit 0
fi

# --- corpus, source text ---
if [ -n "${CORPUS:-}" ]; then C=$(cd "$CORPUS" && pwd); [ -d "$C/content" ] || die "$C has no content/"; corpus "$C" 0
else C=$WORK/c$DOCS; corpus "$C" "$DOCS"; fi
find -L "$C/content" -type f -exec cat {} + >/dev/null   # warm the page cache
EXPECT=$(expect_counts "$C" "$WORK/text")

# --- portal ---
portal_build "$C" "$WORK/portal-out" "$WORK/portal.log"
# --- Hugo ---
command -v "$HUGO" >/dev/null || die "hugo not found (apt-get install hugo, or set HUGO)"
[ -f "$SKELETON/hugo.yaml" ] || die "no Hugo skeleton at $SKELETON (../shared/bench/hugo-site)"
rm -rf "$WORK/hugo-site" "$WORK/hugo-out"; mkdir -p "$WORK/hugo-site"
cp -r "$SKELETON/hugo.yaml" "$SKELETON/layouts" "$WORK/hugo-site/"
ln -s "$C/content" "$WORK/hugo-site/content"
HUGO_CACHEDIR=$WORK/hugo-cache "$TIME" -v -o "$WORK/hugo.time" "$HUGO" --quiet -s "$WORK/hugo-site" -d "$WORK/hugo-out" \
  >"$WORK/hugo.log" 2>&1 || { cat "$WORK/hugo.log" >&2; die "hugo failed"; }
# --- Pagefind ---
PF_OK=0
if [ "$PAGEFIND_RUN" = 1 ]; then
  if [ -z "${PAGEFIND:-}" ]; then
    PAGEFIND=$WORK/pagefind/node_modules/@pagefind/linux-x64/bin/pagefind_extended
    if [ ! -x "$PAGEFIND" ]; then
      echo "installing pagefind@1.6.0 into $WORK/pagefind ..." >&2
      mkdir -p "$WORK/pagefind"
      (cd "$WORK/pagefind" && npm install --no-audit --no-fund --loglevel=error pagefind@1.6.0 >/dev/null)
    fi
  fi
  [ -x "$PAGEFIND" ] || die "no pagefind binary at $PAGEFIND"
  if "$TIME" -v -o "$WORK/pagefind.time" "$PAGEFIND" --site "$WORK/hugo-out" >"$WORK/pagefind.log" 2>&1; then PF_OK=1
  else echo "pagefind FAILED (log: $WORK/pagefind.log)"; fi
fi

# --- figures ---
echo "== build (one run each; the machine's other load shows in wall times) =="
report_portal "$C" "$WORK/portal-out" "$WORK/portal.log" "ours"
echo "hugo build: wall $(wall_s "$WORK/hugo.time") s, peak RSS $(rss_mb "$WORK/hugo.time") MB"
echo "portal vs hugo: wall $(ratio "$(wall_s "$WORK/portal.log.time")" "$(wall_s "$WORK/hugo.time")") of Hugo's (goal <= 0.25), peak RSS $(ratio "$(rss_mb "$WORK/portal.log.time")" "$(rss_mb "$WORK/hugo.time")") of Hugo's (goal <= 0.25)"
sed -n '/^stage/,/^wrote/p' "$WORK/portal.log" | sed 's/^/  /'
S=$(awk -v m="$(stage_ms "$WORK/portal.log" search)" 'BEGIN { printf "%.2f", m / 1000 }')
IDX=$(bytes "$WORK/portal-out/search")
if [ "$PF_OK" = 1 ]; then
  PFW=$(wall_s "$WORK/pagefind.time") PFR=$(rss_mb "$WORK/pagefind.time")
  PFB=$(( $(bytes "$WORK/hugo-out/pagefind") - $(bytes "$WORK/hugo-out/pagefind"/pagefind-ui.* "$WORK/hugo-out/pagefind"/pagefind-modular-ui.* "$WORK/hugo-out/pagefind"/pagefind-component-ui.* "$WORK/hugo-out/pagefind"/pagefind-highlight.js) ))
  echo "== index =="
  echo "index build time: ours $S s (search stage of portal build) vs pagefind $PFW s: $(ratio "$PFW" "$S")x faster (goal >= 20x)"
  echo "index peak RSS: ours <= $(rss_mb "$WORK/portal.log.time") MB (whole portal build) vs pagefind $PFR MB: $(ratio "$PFR" "$(rss_mb "$WORK/portal.log.time")")x less (goal >= 20x)"
  echo "index bytes: ours $(mb "$IDX") MB vs pagefind $(mb "$PFB") MB (no UI assets); source text $(mb "$(find -L "$C/content" -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')") MB"
else
  echo "== index ==" ; echo "index: ours $S s, $(mb "$IDX") MB (pagefind not run)"
fi
echo "== queries (headless Chromium) =="
BROWSER_ARGS=(--ours "$WORK/portal-out" --chromium "$CHROMIUM" --expect "$EXPECT")
[ "$PF_OK" = 1 ] && BROWSER_ARGS+=(--pagefind "$WORK/hugo-out")
node "$HERE/search-browser.mjs" "${BROWSER_ARGS[@]}" --json "$WORK/queries.json" "${QUERIES[@]}"
