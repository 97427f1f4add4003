"""Which page of a converted PDF shows the hit: slides map one to one, Word and Excel pages do not.

A Word section or an Excel sheet can start anywhere in LibreOffice's pages,
so the page is found by its text: the page holding the most of the hit
section's word runs, then the most of the strings to mark, wins; the first
such page on a tie. The page texts are read once per converted PDF, in a
child process (~0.3 s, small beside the conversion itself).
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from enablement_desktop.preview.convert import SLIDE_TYPES

log = logging.getLogger(__name__)

_RUN_WORDS = 4  # a run this long is rarely on two pages by chance
_MAX_RUNS = 24
_WORD = re.compile(r"\w+")
PAGE_TEXT_TIMEOUT_S = 60.0


def pdf_page_texts(pdf: Path, *, timeout_s: float = PAGE_TEXT_TIMEOUT_S) -> list[str]:
    """The text of each page; [] when the PDF cannot be read.

    Read in a child process (see preview.page_texts: PDFium is not
    thread-safe) and kept beside the PDF as PDF.pages.json, so a cached
    conversion is read once.
    """
    sidecar = pdf.with_suffix(".pages.json")
    try:
        return json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    try:
        done = subprocess.run([sys.executable, "-m", "enablement_desktop.preview.page_texts", str(pdf)],
                              capture_output=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("could not read the pages of %s: %s", pdf, exc)
        return []
    if done.returncode != 0:
        log.warning("could not read the pages of %s: %s", pdf, done.stderr.decode(errors="replace")[-500:])
        return []
    texts = json.loads(done.stdout)
    try:
        sidecar.write_text(json.dumps(texts), encoding="utf-8")
    except OSError:
        pass  # a read-only cache only costs the next open another read
    return texts


def hit_page(pdf: Path, asset_type: str, page: int, section_text: str, marks: Sequence[str]) -> int:
    """The 1-based page of `pdf` to open for the hit on extracted page `page`."""
    if asset_type in SLIDE_TYPES:
        return max(page, 1)
    return best_page(pdf_page_texts(pdf), section_text, marks)


def best_page(page_texts: Sequence[str], section_text: str, marks: Sequence[str]) -> int:
    """The 1-based page whose text best matches the section (see the module docstring); 1 if none."""
    pages = [_words(text) for text in page_texts]
    runs = _runs(_words(section_text).split())
    wanted = [w for m in marks if (w := _words(m))]
    best, best_score = 1, (0, 0)
    for number, text in enumerate(pages, start=1):
        padded = f" {text} "
        score = (sum(f" {run} " in padded for run in runs), sum(f" {w} " in padded for w in wanted))
        if score > best_score:
            best, best_score = number, score
    return best


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _runs(words: list[str]) -> list[str]:
    """Up to _MAX_RUNS runs of _RUN_WORDS words, spread over the section (or the whole, if short)."""
    if len(words) <= _RUN_WORDS:
        return [" ".join(words)] if words else []
    starts = range(0, len(words) - _RUN_WORDS + 1)
    step = max(1, len(starts) // _MAX_RUNS)
    return [" ".join(words[i:i + _RUN_WORDS]) for i in starts[::step]][:_MAX_RUNS]
