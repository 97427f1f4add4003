#!/usr/bin/env bash
# Set up (idempotent) and launch the app; on first run it opens the bundled demo library.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python main.py "$@"
