"""Brief export time: render the CFO template and a far-too-long brief, median of 20.

    python bench/brief_export.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from enablement_desktop.briefs.model import Objection  # noqa: E402
from enablement_desktop.briefs.render import render_brief  # noqa: E402
from enablement_desktop.briefs.templates import load_template  # noqa: E402


def far_too_long():
    brief = load_template("cfo")
    brief.proof_points = [f"Proof point {n}: invoice cost down {n}% at a logistics customer" for n in range(50)]
    brief.discovery_questions = [f"Question {n}: how many invoices do you process each month?" for n in range(50)]
    brief.objections = [Objection(f"Objection {n}", "Response with a number: payback in 5.5 months") for n in range(50)]
    return brief


def median_ms(brief, runs: int = 20) -> tuple[float, str]:
    render_brief(brief)  # fonts registered, caches warm: what the seller's second export costs
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = render_brief(brief)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), f"{result.font_size} pt, {len(result.cut)} cut"


def main() -> int:
    for name, brief in (("typical (CFO template)", load_template("cfo")), ("far too long", far_too_long())):
        ms, detail = median_ms(brief)
        print(f"| brief export, {name} | {ms:.0f} ms ({detail}) | ≤ 300 ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
