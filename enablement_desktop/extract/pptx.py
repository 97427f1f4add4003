"""PowerPoint (.pptx, .pptm): one section per slide.

A slide's section holds its text boxes, tables, grouped shapes, charts (title,
axis titles, series names, categories) and speaker notes. Macros (.pptm) are
never run; only the slides' text is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pptx import Presentation
from pptx.shapes.group import GroupShape

from .base import Extracted, Limits, Section
from .office import core_properties
from .ooxml import chart_lines
from .zipguard import check_office_zip


def extract(path: Path, limits: Limits) -> Extracted:
    check_office_zip(path, limits)
    prs = Presentation(str(path))
    slides = list(prs.slides)
    sections = []
    for number, slide in enumerate(slides[: limits.max_pages], start=1):
        parts = list(_shape_texts(slide.shapes))
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            parts.append(slide.notes_slide.notes_text_frame.text)
        title = slide.shapes.title
        sections.append(
            Section(
                page=number,
                label=f"slide {number}",
                text="\n".join(parts),
                heading=title.text_frame.text if title is not None else "",
            )
        )
    return Extracted(
        sections=sections,
        properties=core_properties(prs.core_properties),
        page_count=len(slides),
    )


def _shape_texts(shapes: Iterable) -> Iterator[str]:
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _shape_texts(shape.shapes)
        elif shape.has_text_frame:
            yield shape.text_frame.text
        elif shape.has_table:
            for row in shape.table.rows:
                yield " | ".join(cell.text for cell in row.cells)
        elif shape.has_chart:
            yield from chart_lines(shape.chart._chartSpace)
