#!/usr/bin/env bash
# Set up (idempotent) and run every test, offscreen. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
