#!/usr/bin/env bash
# Peak memory of one `refrain scan`, stage by stage: samples /proc/PID/status every
# 0.05 s and splits the resident set into anonymous memory (what the scan holds) and
# mapped file pages (letters read back from the spilled corpus, which the kernel may
# reclaim). The stage comes from the scan's --progress lines.
#   bench/rss_by_stage.sh CORPUS_DIR [THREADS]      (REFRAIN_BIN picks the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${REFRAIN_BIN:-build/bin/refrain}
corpus=${1:?usage: bench/rss_by_stage.sh CORPUS_DIR [THREADS]}
threads=${2:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
manifest=()
[ -f "$corpus/manifest.csv" ] && manifest=(--manifest "$corpus/manifest.csv")
"$bin" scan "$corpus" "${manifest[@]}" --out "$work/out" --threads "$threads" --progress >/dev/null 2>"$work/progress" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  stage=$(grep -o '^refrain: [a-z+ ]* \.\.\.$' "$work/progress" | tail -1 | sed 's/^refrain: //; s/ \.\.\.$//' || true)
  awk -v stage="${stage:-read}" '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} /^VmHWM/ {h=$2} END {if (a != "") print stage "\t" a "\t" f "\t" h}' \
    "/proc/$pid/status" 2>/dev/null >>"$work/samples" || true
  sleep 0.05
done
wait "$pid"
printf "%-20s %12s %12s %12s\n" stage anon_MiB file_MiB total_MiB
awk -F'\t' '{ if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 }
              if ($2 + $3 > tot[$1]) { tot[$1] = $2 + $3; an[$1] = $2; fi[$1] = $3 } }
            END { for (i = 0; i < n; i++) s = order[i]
                  for (i = 0; i < n; i++) { s = order[i]; printf "%-20s %12.0f %12.0f %12.0f\n", s, an[s]/1024, fi[s]/1024, tot[s]/1024 } }' \
  "$work/samples"
# The kernel's own high-water mark (what GNU time reports as %M), as last sampled.
awk -F'\t' '$4 > hwm {hwm = $4} END {printf "%-20s %38.0f MiB (%d KiB)\n", "peak RSS (VmHWM)", hwm/1024, hwm}' "$work/samples"
