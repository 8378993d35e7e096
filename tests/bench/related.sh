#!/usr/bin/env bash
# Related reading must not grow quadratically (issue 8). Builds generated
# corpora of 1k and 10k documents and prints the related stage's time (from
# the "knowledge" line of `portal build -v`), so the growth is visible.
#
#   bash tests/bench/related.sh [PORTAL_BINARY]
# Corpora: WORK/c1000 and WORK/c10000 (WORK defaults to /tmp/portal-related),
# made when missing with ../shared/bench/make-corpus.py if it is there, else
# tests/bench/make-corpus.py (PORTAL_CORPUS_SCRIPT overrides the script).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
portal=${1:-}
if [[ -z $portal ]]; then
  for d in build-know build-test build; do
    [[ -x $here/$d/portal ]] && { portal=$here/$d/portal; break; }
  done
fi
[[ -x ${portal:-} ]] || { echo "no portal binary; pass its path" >&2; exit 2; }
make=${PORTAL_CORPUS_SCRIPT:-}
if [[ -z $make ]]; then
  make=$here/tests/bench/make-corpus.py
  [[ -f $here/../shared/bench/make-corpus.py ]] && make=$here/../shared/bench/make-corpus.py
fi
work=${WORK:-/tmp/portal-related}
mkdir -p "$work"

printf '%-8s %8s %12s %14s %s\n' docs related_s knowledge per_doc_ms stage
prev=""
for n in 1000 10000; do
  dir=$work/c$n
  if [[ ! -d $dir/content ]]; then
    [[ -f $make ]] || { echo "missing $dir and $make" >&2; exit 2; }
    python3 "$make" "$dir" --count "$n" >/dev/null
  fi
  if [[ ! -f $dir/site-config/site.yaml ]]; then
    mkdir -p "$dir/site-config"
    cp "$here/tests/bench/site.yaml" "$dir/site-config/site.yaml"
  fi
  dest=$(mktemp -d "$work/out.XXXXXX")
  out=$("$portal" build -s "$dir" -d "$dest/public" -v 2>&1) || { echo "$out" >&2; rm -rf "$dest"; exit 1; }
  rm -rf "$dest"
  line=$(grep -E '^knowledge ' <<<"$out")
  related=$(sed -E 's/.*related ([0-9.]+) s.*/\1/' <<<"$line")
  stage=$(awk '{print $2 $3}' <<<"$line")
  per=$(awk -v r="$related" -v n="$n" 'BEGIN { printf "%.4f", r * 1000 / n }')
  printf '%-8s %8s %12s %14s %s\n' "$n" "$related" "$stage" "$per" "$(sed -E 's/^knowledge +[0-9.]+ [a-z]+ +//' <<<"$line")"
  [[ -n $prev ]] && awk -v a="$prev" -v b="$related" 'BEGIN { if (a > 0) printf "growth 1k -> 10k: %.1fx (linear: 10x, quadratic: 100x)\n", b / a }'
  prev=$related
done
