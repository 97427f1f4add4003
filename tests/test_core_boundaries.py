"""The core never imports Qt, and whoosh stays inside enablement_desktop.search."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import enablement_desktop

ROOT = Path(enablement_desktop.__file__).resolve().parent.parent


def test_importing_every_core_module_does_not_import_qt():
    names = [m.name for m in pkgutil.walk_packages(enablement_desktop.__path__, "enablement_desktop.")
             if not m.name.endswith("__main__")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert len(names) > 20
    assert out.stdout.strip() == ""


def test_whoosh_is_only_imported_by_the_search_package():
    pattern = re.compile(r"^\s*(from|import)\s+whoosh", re.M)
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("enablement_desktop", "ui")
        for p in (ROOT / folder).rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8")) and "search" not in p.relative_to(ROOT).parts[:2]
    ]
    assert offenders == []


def test_the_insights_and_whats_new_views_run_no_sql():
    """They call the core (usage/*), like the CLI; the rest of ui/ follows as issue 13.16 lands."""
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b|\.execute\(")
    files = [*(ROOT / "ui" / "insights").glob("*.py"), ROOT / "ui" / "whats_new.py"]
    offenders = [str(p.relative_to(ROOT)) for p in files if sql.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
