"""Plain text (.txt, .csv, …): charset detection, then ~3,000-character parts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from .base import DAMAGED, Extracted, ExtractError, Limits, Section

PART_CHARS = 3000  # short sections keep snippets and highlighting cheap
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def extract(path: Path, limits: Limits) -> Extracted:
    parts = split_parts(read_text(path).replace("\x00", ""))
    sections = [
        Section(page=number, label=f"part {number}", text=text)
        for number, text in enumerate(parts[: limits.max_pages], start=1)
    ]
    return Extracted(sections=sections, page_count=len(parts))


def read_text(path: Path) -> str:
    """Decode a text file whose encoding nobody recorded."""
    data = path.read_bytes()
    try:
        # Most files are UTF-8, and a strict decode that succeeds is near-proof of it.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    match = from_bytes(data).best()
    if match is None:
        raise ExtractError(DAMAGED, "not text: binary data or an unknown encoding")
    return str(match)


def split_parts(text: str, size: int = PART_CHARS) -> list[str]:
    """Group paragraphs into parts of at most about `size` characters."""
    parts: list[str] = []
    current: list[str] = []
    length = 0
    for paragraph in _paragraphs(text, size):
        if current and length + len(paragraph) > size:
            parts.append("\n\n".join(current))
            current, length = [], 0
        current.append(paragraph)
        length += len(paragraph) + 2
    if current:
        parts.append("\n\n".join(current))
    return parts


def _paragraphs(text: str, size: int) -> Iterator[str]:
    for paragraph in _PARAGRAPH_BREAK.split(text):
        # An overlong paragraph (or a file without blank lines) is cut at the
        # last whitespace before `size`, or hard when there is none. Indexes,
        # not re-slicing the rest, keep a huge one-line file linear.
        start = 0
        while len(paragraph) - start > size:
            end = start + size
            cut = max(paragraph.rfind(" ", start, end), paragraph.rfind("\n", start, end))
            cut = cut if cut > start else end
            if piece := paragraph[start:cut].strip():
                yield piece
            start = cut
        if piece := paragraph[start:].strip():
            yield piece
