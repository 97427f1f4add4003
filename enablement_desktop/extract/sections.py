"""Sections shared by several extractors: one per heading (Word, Markdown, HTML,
OpenDocument text) and a sheet's rows as text (Excel, legacy Excel, OpenDocument sheets)."""

from __future__ import annotations

from collections.abc import Iterable

from .base import Limits, Section

INTRODUCTION = "Introduction"  # label of the text before the first heading
_LABEL_CHARS = 80  # labels are shown beside results; a paragraph styled as a heading is not a label


class HeadingSections:
    """Collects text in document order and starts a new section at each heading.

    Sections are numbered as they are found; text before the first heading
    becomes a section only when there is some, so a document that opens with a
    heading numbers that heading 1. Only the first `limits.max_pages` are kept,
    but all are counted.
    """

    def __init__(self, limits: Limits) -> None:
        self.sections: list[Section] = []
        self.count = 0
        self._max = limits.max_pages
        self._heading = ""
        self._lines: list[str] = []

    def heading(self, text: str) -> None:
        text = " ".join(text.split())
        if not text:  # an empty heading starts nothing people could cite
            return
        self._close()
        self._heading = text
        self._lines = [text]

    def add(self, text: str) -> None:
        self._lines.append(text)

    def part(self, label: str, lines: list[str]) -> None:
        """A section that is no heading's: headers and footers, notes, charts.

        `label` names it in results but, unlike a heading, is not part of its text.
        """
        if not any(line.strip() for line in lines):
            return
        self._close()
        self._heading = ""
        self._lines = list(lines)
        self._close(label)

    def finish(self) -> list[Section]:
        self._close()
        return self.sections

    def _close(self, label: str = "") -> None:
        if not self._heading and not any(line.strip() for line in self._lines):
            return
        self.count += 1
        if self.count <= self._max:
            label = self._heading or label or INTRODUCTION
            if len(label) > _LABEL_CHARS:
                label = label[: _LABEL_CHARS - 1].rstrip() + "…"
            self.sections.append(
                Section(
                    page=self.count, label=label, text="\n".join(self._lines), heading=self._heading
                )
            )
        self._lines = []


def sheet_text(rows: Iterable[list[str]], limits: Limits) -> str:
    """A sheet's rows as tab-separated lines, without trailing empty cells or empty rows.

    Stops reading, not just storing, at `limits.max_chars_per_section`: a sheet
    can hold millions of rows, so `rows` should be produced lazily.
    """
    lines: list[str] = []
    size = 0
    for cells in rows:
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        line = "\t".join(cells)
        lines.append(line)
        size += len(line) + 1
        if size >= limits.max_chars_per_section:
            break
    return "\n".join(lines)
