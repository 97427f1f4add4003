"""Which page of a converted PDF shows the hit: slides map one to one, Word and Excel pages do not.

A Word section or an Excel sheet can start anywhere in LibreOffice's pages,
so the page is found by its text: the page holding the most of the hit
section's word runs, then the most of the strings to mark, wins; the first
such page on a tie. Reading the text of a converted 100-page document takes
~50 ms with pypdfium2, small beside the conversion itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

from enablement_desktop.preview.convert import SLIDE_TYPES

log = logging.getLogger(__name__)

_RUN_WORDS = 4  # a run this long is rarely on two pages by chance
_MAX_RUNS = 24
_WORD = re.compile(r"\w+")


def pdf_page_texts(pdf: Path) -> list[str]:
    """The text of each page; [] when the PDF cannot be read."""
    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        log.warning("could not read %s: %s", pdf, exc)
        return []
    try:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


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
