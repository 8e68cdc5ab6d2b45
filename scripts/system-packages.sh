#!/usr/bin/env bash
# The Debian packages CCHC needs, shared by `make test`, `make demo` and `.ci/run`.
#
#   scripts/system-packages.sh [--test] [--postgresql]
#
# Without options: what `make demo` needs (python3-venv, the libraries WeasyPrint loads for PDF documents).
# --test adds what the test suite needs (Debian's Chromium for the browser tests, the fonts the PDFs are
# checked with, poppler-utils' pdftoppm, gettext's msgfmt); --postgresql adds the PostgreSQL server (.ci/run).
#
# Packages already installed (dpkg -s) are left alone. Missing ones are installed with apt-get when running as
# root; otherwise the one command to run is printed and the script exits with status 1.
set -euo pipefail

packages=(python3-venv libpango-1.0-0 libpangoft2-1.0-0)
for arg in "$@"; do
  case "$arg" in
    --test) packages+=(chromium fonts-liberation fonts-liberation2 poppler-utils gettext) ;;
    --postgresql) packages+=(postgresql) ;;
    *) echo "usage: $0 [--test] [--postgresql]" >&2; exit 2 ;;
  esac
done

if ! command -v dpkg >/dev/null 2>&1; then
  echo "Not a Debian system (no dpkg): make sure these are installed: ${packages[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
