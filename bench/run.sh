#!/usr/bin/env bash
# End-to-end benchmark: generated FOI-like corpora of several sizes, `wc -w` as the
# yardstick, `refrain scan` timed with its peak RSS, at 1 and 2 threads.
#   bench/run.sh [SIZES_MB...]        default: 10 100
#   REFRAIN_BENCH_DIR=/tmp/rb bench/run.sh 10 100 1000
# Prints a table and, per run, a JSON line (bench/results/ keeps the ones worth keeping).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${REFRAIN_BIN:-build/bin/refrain}
dir=${REFRAIN_BENCH_DIR:-/tmp/refrain-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$dir"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

printf "%8s %8s %8s %7s %9s %9s %8s %9s %10s\n" MB letters wc_w_s threads scan_s MB_per_s x_wc_w peak_MB RSS/input
for mb in "${sizes[@]}"; do
  letters=$((mb * 1000000 / 6000))  # generated letters average about 6 KB
  corpus="$dir/corpus-$mb"
  if [ ! -f "$corpus/manifest.csv" ]; then
    "$bin" gen --out "$corpus" --letters "$letters" --sources 40 --seed 1 >/dev/null
  fi
  bytes=$(find "$corpus" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  # wc -w over the same files, median of three warm runs.
  wc_s=$(for i in 1 2 3; do
    /usr/bin/time -f "%e" -o "$dir/wc.time" sh -c "find '$corpus' -name '*.txt' -print0 | xargs -0 cat | wc -w >/dev/null"
    cat "$dir/wc.time"; done | median)
  for threads in 1 2; do
    /usr/bin/time -f "%e %M" -o "$dir/scan.time" "$bin" scan "$corpus" --manifest "$corpus/manifest.csv" \
      --out "$dir/out-$mb" --threads "$threads" -q >/dev/null
    read -r scan_s peak_kb < "$dir/scan.time"
    awk -v mb="$mb" -v letters="$letters" -v wc="$wc_s" -v t="$threads" -v s="$scan_s" -v kb="$peak_kb" -v bytes="$bytes" \
      'BEGIN { printf "%8d %8d %8.2f %7d %9.2f %9.1f %8.1f %9.0f %10.2f\n", mb, letters, wc, t, s, bytes/1e6/s, s/wc, kb/1024, kb*1024/bytes }'
    printf '{"mb":%s,"bytes":%s,"threads":%s,"wc_w_s":%s,"scan_s":%s,"peak_rss_kb":%s}\n' \
      "$mb" "$bytes" "$threads" "$wc_s" "$scan_s" "$peak_kb" >> "$dir/results.jsonl"
  done
done
echo "JSON lines: $dir/results.jsonl" >&2
