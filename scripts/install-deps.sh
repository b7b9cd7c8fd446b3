#!/usr/bin/env bash
# Installs the Debian 12 packages refrain needs to build and test, if missing.
# Runs apt-get as root, or through sudo when not root.
set -euo pipefail
packages=(
  cmake make g++ pkg-config
  libxxhash-dev libboost-container-dev libtbb-dev libfmt-dev nlohmann-json3-dev
  catch2 libcli11-dev libutf8proc-dev
  graphviz python3 python3-jsonschema
  chromium  # the browser test of report.html
)
# The browser test drives Chromium from Node; use the machine's Node if it has one.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
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
