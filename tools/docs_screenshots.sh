#!/bin/bash
# Regenerate the window screenshots in docs/ (the README's pictures), the way they were last made:
# the demo library with twelve weeks of seeded usage, a seller's copy for What's new, and a data
# dir with search by meaning on. Run from a checkout after scripts/setup.sh (Xvfb is started by
# tools/screenshot.py). Look at every PNG before committing it: a --row picks a result by
# its rank, so check the viewer pictures still show the PDF and the deck.
set -euo pipefail
cd "$(dirname "$0")/.."
P=.venv/bin/python
L=resources/demo_library
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
$P tools/seed_demo_usage.py --data-dir "$TMP/demo" > /dev/null
cp -r "$TMP/demo" "$TMP/seller"
rm -f "$TMP/seller/app.lock"
mkdir -p "$TMP/meaning"
echo '{"meaning_search": true}' > "$TMP/meaning/settings.json"
shoot() { $P tools/screenshot.py --out "docs/$1.png" "${@:2}"; }
shoot screenshot-search --library $L --data-dir "$TMP/demo" --query "pricing objection"
shoot screenshot-search-dark --library $L --data-dir "$TMP/demo" --query "pricing objection" --size 1024x700 --scheme dark
shoot screenshot-viewer --library $L --data-dir "$TMP/demo" --query "payback period" --row 0 --view viewer
shoot screenshot-problems --library $L --data-dir "$TMP/demo" --view problems
shoot screenshot-insights --library $L --data-dir "$TMP/demo" --view insights --section Opens
shoot screenshot-scorecard --library $L --data-dir "$TMP/demo" --view insights --section Scorecard
shoot screenshot-campaigns --library $L --data-dir "$TMP/demo" --view insights --section Campaigns --size 1024x700 --scheme dark
shoot screenshot-brief-editor --library $L --data-dir "$TMP/demo" --view briefs
shoot screenshot-whats-new --library $L --data-dir "$TMP/seller" --view whats-new --user sofia.rossi --size 1024x700
# The demo as a first run shows it (no library chosen: the banner), meaning on.
shoot screenshot-search-meaning --data-dir "$TMP/meaning" --query "cheaper if we pay up front for the year"
shoot screenshot-viewer-pptx --library $L --data-dir "$TMP/demo" --query "three-way" --row 4 --view viewer
shoot screenshot-preview-markdown --library $L --data-dir "$TMP/demo" --query '"implementation take"' --filter type=md
# docs/brief-example.png and docs/scorecard-example.png are PDFs rendered by pdftoppm:
# docs/briefs.md and docs/scorecard.md say how.
