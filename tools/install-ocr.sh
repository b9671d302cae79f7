#!/usr/bin/env bash
# Installs Debian's tesseract with its Simplified Chinese data, if missing, for the test of the OCR
# fallback used where RapidOCR (pip install 'ipgov-kg[ocr]') is not installed. Idempotent; uses sudo
# when not root.
set -euo pipefail
if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
    exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing tesseract-ocr and tesseract-ocr-chi-sim (Debian packages) for the OCR fallback test"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-chi-sim >/dev/null
