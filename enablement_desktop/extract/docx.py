"""Word (.docx, .docm): one section per heading, then what sits around the body.

The body (paragraphs, tables and the text boxes anchored in them) is read in
document order, so each keeps its heading's section. Headers and footers,
footnotes and endnotes, and charts follow as sections of their own: a word
there is found, and the hit names where it is. Comments are left out: they
are reviewers' talk, not the document. Macros (.docm) are never run; only the
document's text is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx.document import Document
from docx.opc.part import PartFactory
from docx.package import Package
from docx.parts.document import DocumentPart
from docx.table import Table
from docx.text.paragraph import Paragraph

from .base import Extracted, Limits
from .office import core_properties
from .ooxml import CHART_RELTYPE, chart_lines, paragraph_lines, parse, text_box_lines
from .sections import HeadingSections
from .zipguard import check_office_zip

_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
# python-docx only knows the .docx main part; the others share its XML.
for _content_type in _MAIN_TYPES:
    PartFactory.part_type_for.setdefault(_content_type, DocumentPart)
_NOTES_RELTYPES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes": "Footnotes",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes": "Endnotes",
}


def extract(path: Path, limits: Limits) -> Extracted:
    check_office_zip(path, limits)
    doc = _open(path)
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
            for line in text_box_lines(block._p):
                builder.add(line)
    builder.part("Header and footer", list(_header_footer_lines(doc)))
    rels = doc.part.rels.values()
    for rel in rels:
        if not rel.is_external and rel.reltype in _NOTES_RELTYPES:
            builder.part(_NOTES_RELTYPES[rel.reltype], list(paragraph_lines(parse(rel.target_part.blob))))
    charts = [
        line
        for rel in rels
        if not rel.is_external and rel.reltype == CHART_RELTYPE
        for line in chart_lines(parse(rel.target_part.blob))
    ]
    builder.part("Charts", charts)
    sections = builder.finish()
    return Extracted(
        sections=sections, properties=core_properties(doc.core_properties), page_count=builder.count
    )


def _open(path: Path) -> Document:
    part = Package.open(str(path)).main_document_part
    if part.content_type not in _MAIN_TYPES:
        raise ValueError(f"not a Word document (main part is {part.content_type})")
    return part.document


def _header_footer_lines(doc: Document) -> Iterator[str]:
    """Every distinct header and footer once (sections share them unless they differ)."""
    seen: set[str] = set()
    for section in doc.sections:
        for story in (
            section.header, section.first_page_header, section.even_page_header,
            section.footer, section.first_page_footer, section.even_page_footer,
        ):  # fmt: skip
            if story.is_linked_to_previous:
                continue
            name = str(story.part.partname)
            if name in seen:
                continue
            seen.add(name)
            yield from paragraph_lines(story._element)


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
