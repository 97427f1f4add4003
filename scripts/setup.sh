#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine with Python 3.11+:
# the Debian libraries Qt needs, a .venv, and the project installed into it.
# Usage: scripts/setup.sh [--with-test] [--with-libreoffice]
#   --with-test         the test tools too (pytest, Xvfb, poppler-utils)
#   --with-libreoffice  LibreOffice (headless, ~400 MB), so Word, PowerPoint, Excel and
#                       OpenDocument files preview page by page inside the app
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=0
with_libreoffice=0
for arg in "$@"; do
  case "$arg" in
    --with-test) with_test=1 ;;
    --with-libreoffice) with_libreoffice=1 ;;
    *) echo "Unknown option: $arg (use --with-test, --with-libreoffice)"; exit 2 ;;
  esac
done

# Qt's xcb/offscreen plugins and the test/screenshot tools (DESIGN.md, "Dependencies"),
# and Tesseract for scanned pages and pictures (OCR; English, more with tesseract-ocr-LANG).
apt_packages=(libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 libxkbcommon-x11-0 libx11-xcb1
  libnss3 libxrandr2 libxcomposite1 libxdamage1 libxtst6 libasound2
  fonts-dejavu-core tesseract-ocr tesseract-ocr-eng)
# postgresql: the tests start a real server in a temp dir (tests/support/postgres.py).
[ "$with_test" = 1 ] && apt_packages+=(xvfb xauth poppler-utils postgresql)
# Only on request: it is large, and without it those files preview as formatted text.
[ "$with_libreoffice" = 1 ] && apt_packages+=(libreoffice-writer-nogui libreoffice-impress-nogui
  libreoffice-calc-nogui)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing system libraries: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Qt and OCR need these system packages. Run:"
    echo "  sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$candidate; break
  fi
done
if [ -z "$python" ]; then
  echo "Python 3.11 or newer is needed (apt-get install python3 python3-venv)."; exit 1
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv || { echo "Could not create .venv: apt-get install python3-venv"; exit 1; }
fi
# One stamp per install kind and pyproject version: the test install is a
# superset, so the app never reinstalls over it (and the reverse only once).
hash=$(sha256sum pyproject.toml | cut -c1-16)
test_stamp=.venv/.installed-test-$hash
app_stamp=.venv/.installed-app-$hash
if [ "$with_test" = 1 ]; then
  if [ ! -f "$test_stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    rm -f .venv/.installed-*
    touch "$test_stamp" "$app_stamp"
  fi
elif [ ! -f "$app_stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e .
  rm -f .venv/.installed-*
  touch "$app_stamp"
fi
