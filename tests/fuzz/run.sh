#!/usr/bin/env bash
# Builds the libFuzzer targets (generator/*/*_fuzz.cc) with clang, ASan and
# UBSan in build-fuzz/, replays every kept crash input
# (tests/fuzz/regressions/<target>/), then fuzzes each target for a bounded
# time from its seed corpus (tests/fuzz/corpus/<target>/). A crash, leak,
# sanitizer report or timeout fails the run and its input is written to
# tests/fuzz/regressions/<target>/ — commit it with the fix, so it is replayed
# on every later run.
#
#   PORTAL_FUZZ_SECONDS  seconds of fuzzing per target (default 45; 0 = replay only)
#   PORTAL_FUZZ_BUILD    build folder (default build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/../.."

SECONDS_PER_TARGET=${PORTAL_FUZZ_SECONDS:-45}
BUILD=${PORTAL_FUZZ_BUILD:-build-fuzz}
CLANG=${PORTAL_CLANG:-clang-14}
CLANGXX=${PORTAL_CLANGXX:-clang++-14}
TARGETS=(front_matter_fuzz markdown_fuzz search_tokenizer_fuzz import_text_fuzz)

CC=$CLANG CXX=$CLANGXX cmake -S . -B "$BUILD" -DPORTAL_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j2 --target fuzzers

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
stats="$BUILD/fuzz-stats.txt"
: >"$stats"

# 1. Regressions: every kept input, once.
for t in "${TARGETS[@]}"; do
  mapfile -t inputs < <(find "tests/fuzz/regressions/$t" "tests/fuzz/corpus/$t" -type f ! -name .keep | sort)
  if ! "$BUILD/fuzz/$t" -runs=1 "${inputs[@]}" >"$BUILD/$t.replay.log" 2>&1; then
    echo "fuzz: $t fails on a kept input:" >&2
    tail -40 "$BUILD/$t.replay.log" >&2
    status=1
  fi
  echo "fuzz: $t replayed ${#inputs[@]} kept inputs"
done
[ "$status" -eq 0 ] || exit "$status"
[ "$SECONDS_PER_TARGET" -gt 0 ] || exit 0

# 2. Bounded fuzzing, two targets at a time (two cores). The working corpus in
# $BUILD/corpus/<target> grows from run to run; the seeds stay as they are.
fuzz_one() {
  local t=$1 work="$BUILD/corpus/$1" log="$BUILD/$1.log"
  mkdir -p "$work"
  if "$BUILD/fuzz/$t" "$work" "tests/fuzz/corpus/$t" -max_total_time="$SECONDS_PER_TARGET" \
      -max_len=8192 -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
      -artifact_prefix="tests/fuzz/regressions/$t/" >"$log" 2>&1; then
    local execs
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "$t $execs executions in ${SECONDS_PER_TARGET}s, corpus $(find "$work" -type f | wc -l) inputs, no crash" | tee -a "$stats"
  else
    echo "fuzz: $t found a crash; the input is in tests/fuzz/regressions/$t/:" >&2
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written|^ +#[0-9]+ ' "$log" | head -40 >&2
    return 1
  fi
}
for ((i = 0; i < ${#TARGETS[@]}; i += 2)); do
  pids=()
  for t in "${TARGETS[@]:i:2}"; do fuzz_one "$t" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || status=1; done
done
exit "$status"
