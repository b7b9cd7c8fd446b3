#!/usr/bin/env bash
# The browser test of report.html: scans the five seed letters of ../shared/seeds
# and loads DIR/report.html in headless Chromium (tests/browser/check_report.mjs).
#
#   tests/browser/run.sh REFRAIN_BIN SOURCE_DIR [SCREENSHOT_DIR]
#
# With SCREENSHOT_DIR (e.g. docs/screenshots) it also saves overview.png,
# family.png, letter.png, sources.png and timeline.png there.
# Skipped (exit 77, ctest's SKIP_RETURN_CODE) only when Chromium, Node or the
# seeds are missing and CI is not "true"; under CI=true that is a failure.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 REFRAIN_BIN SOURCE_DIR [SCREENSHOT_DIR]" >&2
  exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
shots=${3:-}

missing() {
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $1 (CI=true, so this cannot be skipped)"
    exit 1
  fi
  echo "SKIP: $1"
  exit 77
}

chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || missing "chromium is not installed (apt-get install chromium)"
command -v node >/dev/null || missing "node is not installed (apt-get install nodejs)"
[ -d "$src/../shared/seeds" ] || missing "no seed letters at $src/../shared/seeds"
shared=$(cd "$src/../shared" && pwd)
seeds="$shared/seeds"

# Node 22 has a WebSocket client built in; Node 20 behind a flag.
node_flags=()
if [ "$(node -e 'process.stdout.write(typeof WebSocket)')" != "function" ]; then
  node_flags=(--experimental-websocket)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/refrain-browser-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The five letters by name (EXPECTED.md in the same folder is not a letter),
# relative to shared/ so the page shows short paths.
if ! (cd "$shared" && "$bin" scan seeds/0*.txt --manifest "$src/tests/data/seeds-manifest.csv" --out "$tmp/out") \
    >"$tmp/scan.out" 2>"$tmp/scan.err"; then
  cat "$tmp/scan.err"
  echo "FAIL: refrain scan exited non-zero"
  exit 1
fi
if [ ! -f "$tmp/out/report.html" ]; then
  echo "FAIL: refrain scan wrote no $tmp/out/report.html"
  exit 1
fi
echo "PASS: refrain scan wrote report.html ($(wc -c <"$tmp/out/report.html") bytes)"

args=(--chromium "$chromium" --page "$tmp/out/report.html" --letters "$seeds")
[ -n "$shots" ] && args+=(--screenshots "$shots")
node "${node_flags[@]}" "$src/tests/browser/check_report.mjs" "${args[@]}"
