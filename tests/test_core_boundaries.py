"""The core never imports Qt, whoosh stays inside enablement_desktop.search, and the window runs no SQL."""

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


_SQL = re.compile(
    r"""\.(execute|executemany|executescript|query)\(   # running a statement
      | \bSELECT\b[^"']*\bFROM\b | \bINSERT\s+INTO\b | \bDELETE\s+FROM\b | \bUPDATE\s+\w+\s+SET\b
      | \bPRAGMA\s+\w+ | \bCREATE\s+(TABLE|INDEX|VIEW)\b""",
    re.X,
)


def test_the_window_runs_no_sql_of_its_own():
    """One API for window and CLI: every query lives in a core function the CLI and tests can call.

    The whole ui/ tree, Insights and What's new included (they were checked on their own before).
    """
    offenders = sorted(
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in (ROOT / "ui").rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if _SQL.search(line)
    )
    assert offenders == []
