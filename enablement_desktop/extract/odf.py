"""OpenDocument (.odt, .odp, .ods): the zip's content.xml, read directly.

No library: the text is plain XML in a documented layout, and the readers
there are (odfpy) are unmaintained. Text documents get one section per
heading plus their headers and footers; presentations one per slide, speaker
notes included; spreadsheets one per sheet. Comments (office:annotation) are
left out, as in Word; charts, which ODF stores as embedded objects, are not read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .base import ENCRYPTED, Extracted, ExtractError, Limits, Section
from .ooxml import parse
from .sections import HeadingSections, sheet_text
from .zipguard import check_office_zip

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
_TEXT = _NS["text"]
_SKIPPED = {f"{{{_NS['office']}}}annotation", f"{{{_NS['presentation']}}}notes"}
_BREAKS = {f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break", f"{{{_TEXT}}}s"}
_BLOCKS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"}


def extract(path: Path, limits: Limits) -> Extracted:
    check_office_zip(path, limits)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read("META-INF/manifest.xml"):
            raise ExtractError(ENCRYPTED, "the document is protected with a password")
        content = parse(archive.read("content.xml"))
        styles = parse(archive.read("styles.xml")) if "styles.xml" in names else None
        meta = parse(archive.read("meta.xml")) if "meta.xml" in names else None
    body = content.find("office:body", _NS)
    if body is None:
        raise ValueError("content.xml has no office:body")
    properties = _properties(meta)
    if (doc := body.find("office:presentation", _NS)) is not None:
        sections, count = _slides(doc, limits)
    elif (doc := body.find("office:spreadsheet", _NS)) is not None:
        sections, count = _sheets(doc, limits)
    elif (doc := body.find("office:text", _NS)) is not None:
        sections, count = _text(doc, styles, limits)
    else:
        raise ValueError("content.xml holds no text, presentation or spreadsheet")
    return Extracted(sections=sections, properties=properties, page_count=count)


def _text(doc: etree._Element, styles: etree._Element | None, limits: Limits) -> tuple[list[Section], int]:
    builder = HeadingSections(limits)
    for block in _blocks(doc):
        if block.tag == f"{{{_TEXT}}}h":
            builder.heading(_inline(block))
        else:
            builder.add(_inline(block))
    if styles is not None:
        pages = styles.iterfind(".//style:master-page", _NS)
        builder.part("Header and footer", [_inline(b) for page in pages for b in _blocks(page)])
    return builder.finish(), builder.count


def _slides(doc: etree._Element, limits: Limits) -> tuple[list[Section], int]:
    pages = doc.findall("draw:page", _NS)
    sections = []
    for number, page in enumerate(pages[: limits.max_pages], start=1):
        lines = [_inline(b) for b in _blocks(page)]
        notes = page.find("presentation:notes", _NS)
        if notes is not None:
            lines += [_inline(b) for b in _blocks(notes, skip_notes=False)]
        sections.append(Section(page=number, label=f"slide {number}", text="\n".join(lines),
                                heading=lines[0] if lines else ""))
    return sections, len(pages)


def _sheets(doc: etree._Element, limits: Limits) -> tuple[list[Section], int]:
    tables = doc.findall("table:table", _NS)
    sections = []
    for number, table in enumerate(tables[: limits.max_pages], start=1):
        name = table.get(f"{{{_NS['table']}}}name", f"Sheet{number}")
        sections.append(Section(page=number, label=f"sheet {name}", text=_rows(table, limits), heading=name))
    return sections, len(tables)


def _rows(table: etree._Element, limits: Limits) -> str:
    # Repeated rows and cells (number-rows/columns-repeated) are read once:
    # a sheet styled to its last row declares a million empty ones.
    cell_tags = (f"{{{_NS['table']}}}table-cell", f"{{{_NS['table']}}}covered-table-cell")

    def cells(row: etree._Element) -> list[str]:
        return ["\n".join(_inline(b) for b in _blocks(cell)).replace("\n", " ")
                for cell in row if cell.tag in cell_tags]

    return sheet_text((cells(row) for row in table.iter(f"{{{_NS['table']}}}table-row")), limits)


def _blocks(element: etree._Element, skip_notes: bool = True) -> Iterator[etree._Element]:
    """Paragraphs and headings in document order, outside comments (and notes)."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _SKIPPED and (skip_notes or child.tag != f"{{{_NS['presentation']}}}notes"):
            continue
        if child.tag in _BLOCKS:
            yield child
        else:
            yield from _blocks(child, skip_notes)


def _inline(block: etree._Element) -> str:
    """A paragraph's text: spans and links as written, tabs and breaks as spaces."""
    parts: list[str] = [block.text or ""]
    for child in block:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            parts.append(child.tail or "")
            continue
        if child.tag in _BREAKS:
            parts.append(" ")
        elif child.tag in _BLOCKS:  # a note's body or a frame's paragraph inside this one
            parts.append(" " + _inline(child) + " ")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _properties(meta: etree._Element | None) -> dict[str, str]:
    if meta is None:
        return {}
    found = {}
    for key, path in (("title", "dc:title"), ("subject", "dc:subject"), ("author", "dc:creator"),
                      ("keywords", "meta:keyword")):
        values = [node.text for node in meta.iterfind(f".//{path}", _NS) if node.text]
        if values:
            found[key] = ", ".join(values)
    if "author" not in found:
        node = meta.find(".//meta:initial-creator", _NS)
        if node is not None and node.text:
            found["author"] = node.text
    return found
