#!/usr/bin/env bash
# Installs LibreOffice Writer from Debian's packages, if missing, for the tests that convert .doc and
# .wps files (soffice --headless). Idempotent; uses sudo when not root.
set -euo pipefail
command -v soffice >/dev/null 2>&1 && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing libreoffice-writer (Debian package) for the Word conversion tests"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends libreoffice-writer >/dev/null
