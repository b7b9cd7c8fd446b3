#!/usr/bin/env bash
# Installs the Debian 12 packages refrain needs to build and test, if missing.
# Runs apt-get as root, or through sudo when not root.
#
#   scripts/install-deps.sh        what `make build` and `make test` need
#   scripts/install-deps.sh --ci   also what .ci/run needs beyond that: clang
#                                  with libFuzzer and its sanitizer runtimes
#                                  (libclang-rt-14-dev) for the fuzz targets,
#                                  and util-linux's setpriv and prlimit for the
#                                  unwritable-output and full-disk tests (GCC's
#                                  sanitizer runtimes come with g++)
set -euo pipefail
packages=(
  cmake make g++ pkg-config
  libxxhash-dev libboost-container-dev libtbb-dev libfmt-dev nlohmann-json3-dev
  catch2 libcli11-dev libutf8proc-dev
  graphviz python3 python3-jsonschema
  chromium  # the browser test of report.html (tests/browser)
)
# The browser test drives Chromium from Node; use the machine's Node if it has one.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
case "${1:-}" in
  --ci) packages+=(clang libclang-rt-14-dev util-linux) ;;
  "") ;;
  *) echo "usage: $0 [--ci]" >&2; exit 2 ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
