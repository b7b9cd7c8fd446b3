#!/usr/bin/env bash
# Detection quality over generated corpora: for each seed and noise level, run
# `refrain gen`, `refrain scan` (with any extra scan flags given) and `refrain eval`,
# and print one line per run plus the mean per noise level.
#   scripts/quality-sweep.sh "SEEDS" "NOISE LEVELS" [scan flags...]
#   scripts/quality-sweep.sh "101 102 103" "light moderate heavy"
set -euo pipefail
seeds=${1:-"101 102 103"}
levels=${2:-"none light moderate heavy"}
shift 2 || true
bin=${REFRAIN_BIN:-build/bin/refrain}
letters=${LETTERS:-150}
sources=${SOURCES:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf "%-9s %-5s %7s %7s %7s %7s %7s\n" noise seed pairF1 bcubF1 ARI famrec merged
for noise in $levels; do
  sum_p=0; sum_b=0; sum_a=0; n=0
  for seed in $seeds; do
    dir="$work/$noise-$seed"
    "$bin" gen --out "$dir" --seed "$seed" --letters "$letters" --sources "$sources" --noise "$noise" >/dev/null
    "$bin" scan "$dir" --manifest "$dir/manifest.csv" --out "$dir/out" -q "$@" >/dev/null
    read -r p b a f m < <("$bin" eval --json --truth "$dir/truth.json" "$dir/out/clusters.json" |
      /usr/bin/python3 -c 'import json,sys; q=json.load(sys.stdin)["overall"]; print(q["pairwise"]["f1"], q["bcubed"]["f1"], q["adjusted_rand"], q["family_recall"], q["merged_families"])')
    printf "%-9s %-5s %7.3f %7.3f %7.3f %7.3f %7d\n" "$noise" "$seed" "$p" "$b" "$a" "$f" "$m"
    sum_p=$(echo "$sum_p + $p" | bc -l); sum_b=$(echo "$sum_b + $b" | bc -l); sum_a=$(echo "$sum_a + $a" | bc -l); n=$((n + 1))
  done
  printf "%-9s %-5s %7.3f %7.3f %7.3f\n" "$noise" mean "$(echo "$sum_p / $n" | bc -l)" "$(echo "$sum_b / $n" | bc -l)" "$(echo "$sum_a / $n" | bc -l)"
done
