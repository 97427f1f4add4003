#!/usr/bin/env bash
# Set up (idempotent) and run every test, offscreen. Extra arguments go to pytest.
# --with-libreoffice (first) also installs LibreOffice, and the conversion tests
# then fail instead of skipping when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
setup_options=(--with-test)
if [ "${1:-}" = "--with-libreoffice" ]; then
  shift
  setup_options+=(--with-libreoffice)
  export ENABLEMENT_REQUIRE_LIBREOFFICE=1
fi
scripts/setup.sh "${setup_options[@]}"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
