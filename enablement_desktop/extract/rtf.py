"""Rich Text Format (.rtf): control words stripped by striprtf, then ~3,000-character parts.

striprtf is one small pure-Python module (no dependencies of its own); RTF
has no pages a reader can count, so the text is cut into parts like a .txt.
"""

from __future__ import annotations

from pathlib import Path

from striprtf.striprtf import rtf_to_text

from .base import DAMAGED, Extracted, ExtractError, Limits, Section
from .text import split_parts


def extract(path: Path, limits: Limits) -> Extracted:
    raw = path.read_bytes()
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise ExtractError(DAMAGED, "not a rich text file (it does not start as RTF does)")
    # RTF is 7-bit: everything beyond ASCII arrives as \'hh or \uN escapes,
    # which striprtf decodes; cp1252 here only reads stray 8-bit bytes.
    text = rtf_to_text(raw.decode("cp1252", errors="replace"), errors="replace")
    parts = split_parts(text)
    sections = [
        Section(page=number, label=f"part {number}", text=part)
        for number, part in enumerate(parts[: limits.max_pages], start=1)
    ]
    return Extracted(sections=sections, page_count=len(parts))
