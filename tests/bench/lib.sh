# lib.sh: what the benchmark scripts share (sourced by compare.sh and
# search-compare.sh; needs ROOT, the repository).

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
