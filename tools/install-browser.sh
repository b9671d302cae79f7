#!/usr/bin/env bash
# Installs what the browser tests need from Debian's packages, if missing: Chromium and a CJK font
# (so that screenshots of Chinese labels show glyphs). Idempotent; uses sudo when not root.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    need+=(fonts-wqy-microhei)
fi
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing ${need[*]} (Debian packages) for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
