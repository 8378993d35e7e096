# lib.sh: what the benchmark scripts share (sourced by compare.sh and
# search-compare.sh and serve-edit.sh; needs ROOT, the repository, and HERE,
# tests/bench).

# wall_s TIMEFILE: wall seconds from GNU time -v's output.
wall_s() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
             for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"; }
# rss_mb TIMEFILE: peak RSS in MB (10^6 bytes) from GNU time -v's output.
rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 * 1024 / 1e6 }' "$1"; }

# Sets PORTAL, unless given, to build-bench/portal, built here in Release.
bench_portal() {
  if [ -z "${PORTAL:-}" ]; then
    PORTAL=$ROOT/build-bench/portal
    echo "building $PORTAL (Release) ..." >&2
    cmake -S "$ROOT" -B "$ROOT/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ROOT/build-bench" --target portal -j"$(nproc)" >/dev/null
  fi
  [ -x "$PORTAL" ] || die "no portal binary at $PORTAL"
}

# Sets MAKE_CORPUS, unless given, to the shared generator when present, else
# the repository's own.
default_make_corpus() {
  if [ -z "${MAKE_CORPUS:-}" ]; then
    MAKE_CORPUS=$HERE/make-corpus.py
    [ -f "$ROOT/../shared/bench/make-corpus.py" ] && MAKE_CORPUS=$ROOT/../shared/bench/make-corpus.py
  fi
  return 0
}

# corpus DIR N: makes (once) a corpus of N documents with a site-config.
corpus() {
  local dir=$1 n=$2
  if [ ! -d "$dir/content" ]; then
    echo "generating $n documents in $dir with $MAKE_CORPUS ..." >&2
    python3 "$MAKE_CORPUS" "$dir" --count "$n" >/dev/null
  fi
  mkdir -p "$dir/site-config"
  [ -f "$dir/site-config/site.yaml" ] || cp "$HERE/site.yaml" "$dir/site-config/site.yaml"
  find -L "$dir/content" -type f -exec cat {} + >/dev/null  # warm the page cache
}

