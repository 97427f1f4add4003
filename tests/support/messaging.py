"""A small messaging library (messaging/*.json) for tests: Ledger blocks for a CFO, one expired."""

from __future__ import annotations

import json
from pathlib import Path

META = {"owner": "Aiko Tanaka", "approved": "2026-10-01", "expires": "2099-12-31"}
BLOCKS = [
    {"id": "who", "kind": "who_we_are", "text": "Tidewater builds finance software for 1,400 companies.", **META},
    {"id": "why-close", "kind": "why_care", "pain": "Close takes 11 days.", "outcome": "Close in 4 days.",
     "product": "Tidewater Ledger", "persona": "CFO", **META},
    {"id": "proof-halvorsen", "kind": "proof_point", "text": "Halvorsen Freight cut invoice cost 62%.",
     "product": "Tidewater Ledger", "source": {"path": "case-studies/halvorsen.pdf", "page": 3}, **META},
    {"id": "proof-old", "kind": "proof_point", "text": "A 2024 benchmark figure.",
     "product": "Tidewater Ledger", "owner": "Aiko Tanaka", "approved": "2024-01-01", "expires": "2025-12-31"},
    {"id": "diff-languages", "kind": "differentiator", "text": "Reads invoices in 38 languages.",
     "product": "Tidewater Ledger", **META},
    {"id": "ask-close", "kind": "discovery_question", "text": "How long does your close take?",
     "persona": "CFO", **META},
    {"id": "obj-erp", "kind": "objection", "objection": "Our ERP does this.",
     "response": "Scanning digitises paper; Ledger removes the work.", "product": "Tidewater Ledger", **META},
    {"id": "pulse-diff", "kind": "differentiator", "text": "Forecasts inside the CRM.",
     "product": "Tidewater Pulse", **META},
]


def write_messaging(root: Path, name: str = "ledger.json", blocks: list | None = None) -> Path:
    path = root / "messaging" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"blocks": BLOCKS if blocks is None else blocks}), encoding="utf-8")
    return path
