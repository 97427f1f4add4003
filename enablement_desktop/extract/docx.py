"""Word: one section per heading, body (paragraphs and tables) in document order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from .base import Extracted, Limits
from .office import core_properties
from .sections import HeadingSections
from .zipguard import check_office_zip


def extract(path: Path, limits: Limits) -> Extracted:
    check_office_zip(path, limits)
    doc = Document(str(path))
    builder = HeadingSections(limits)
    # The body's children in order, so each table stays in its heading's section.
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for line in _table_lines(block):
                builder.add(line)
        elif _is_heading(block):
            builder.heading(block.text)
        else:
            builder.add(block.text)
    sections = builder.finish()
    return Extracted(
        sections=sections, properties=core_properties(doc.core_properties), page_count=builder.count
    )


def _is_heading(paragraph: Paragraph) -> bool:
    name = paragraph.style.name if paragraph.style is not None else ""
    return name.startswith("Heading") or name == "Title"


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans. The set
            # holds the elements themselves so their identity stays stable.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            text = " ".join(
                block.text if isinstance(block, Paragraph) else "\n".join(_table_lines(block))
                for block in cell.iter_inner_content()
            )
            cells.append(text.strip())
        yield " | ".join(cells)
