"""XML read straight from Office and OpenDocument parts, where the libraries stop.

python-docx has no footnotes or text boxes, openpyxl's streaming reader no
charts, and OpenDocument has no library we need: these few helpers read the
part's XML with a parser that resolves no entities and fetches nothing.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree

# resolve_entities=False: no XXE; no_network: no fetches; huge_tree stays off,
# so lxml's own depth and size limits hold against nesting bombs.
SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
)

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
CHART_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"


def parse(blob: bytes) -> etree._Element:
    return etree.fromstring(blob, SAFE_PARSER)


def chart_lines(chart_space: etree._Element) -> list[str]:
    """What a reader sees on a chart: title, axis titles, series names, category labels.

    Names and labels come from the chart's own cached values (`c:strCache`),
    which every Office writer stores beside the cell reference; numbers are left out.
    """
    lines: list[str] = []
    for title in chart_space.iterfind(".//c:title", NS):
        if text := _joined(title.iterfind(".//a:t", NS)):
            lines.append(text)
    for series in chart_space.iterfind(".//c:ser", NS):
        name = series.find("c:tx", NS)
        if name is not None and (text := _joined(name.iterfind(".//c:v", NS), " ")):
            lines.append(text)
    seen: set[str] = set()
    categories: list[str] = []
    for point in chart_space.iterfind(".//c:cat//c:pt/c:v", NS):
        if point.text and point.text not in seen:  # every series repeats the categories
            seen.add(point.text)
            categories.append(point.text)
    if categories:
        lines.append(" · ".join(categories))
    return lines


def paragraph_lines(element: etree._Element) -> Iterator[str]:
    """One line per Word paragraph under `element`, each text box read once.

    A text box is stored twice, as DrawingML and as a VML fallback for old
    Word; the fallback (`mc:Fallback`) is skipped.
    """
    w = NS["w"]
    for paragraph in element.iter(f"{{{w}}}p"):
        if _in_fallback(paragraph):
            continue
        parts = []
        for node in paragraph.iter(f"{{{w}}}t", f"{{{w}}}tab", f"{{{w}}}br"):
            # A text box inside this paragraph is read as its own paragraphs.
            if next(node.iterancestors(f"{{{w}}}p"), None) is not paragraph:
                continue
            parts.append(node.text or "" if node.tag == f"{{{w}}}t" else " ")
        if text := "".join(parts).strip():
            yield text


def text_box_lines(element: etree._Element) -> Iterator[str]:
    """The paragraphs of the text boxes anchored in one body paragraph."""
    for box in element.iterfind(".//w:txbxContent", NS):
        if _in_fallback(box) or _ancestor(box, "txbxContent"):
            continue
        yield from paragraph_lines(box)


def _in_fallback(element: etree._Element) -> bool:
    return any(a.tag == f"{{{NS['mc']}}}Fallback" for a in element.iterancestors())


def _ancestor(element: etree._Element, local: str) -> bool:
    return any(a.tag == f"{{{NS['w']}}}{local}" for a in element.iterancestors())


def _joined(nodes: Iterator[etree._Element], sep: str = "") -> str:
    return " ".join(sep.join(node.text or "" for node in nodes).split())


def part_targets(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target part name inside the zip)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    try:
        root = parse(archive.read(rels_name))
    except KeyError:
        return {}
    found = {}
    for rel in root.iterfind("rel:Relationship", NS):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(target))
    return found


def charts_under(archive: zipfile.ZipFile, part: str, depth: int = 0) -> list[str]:
    """Text of the charts a sheet (or chart sheet) shows, through its drawing."""
    lines: list[str] = []
    for reltype, target in part_targets(archive, part).values():
        if reltype == CHART_RELTYPE:
            lines += chart_lines(parse(archive.read(target)))
        elif reltype.endswith("/drawing") and depth == 0:  # sheet -> drawing -> chart, no deeper
            lines += charts_under(archive, target, depth + 1)
    return lines


def workbook_sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) of every sheet and chart sheet, in tab order."""
    book = "xl/workbook.xml"
    targets = part_targets(archive, book)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheets = []
    for sheet in parse(archive.read(book)).iterfind(f"{{{main}}}sheets/{{{main}}}sheet"):
        rel = targets.get(sheet.get(f"{{{NS['r']}}}id", ""))
        if rel is not None:
            sheets.append((sheet.get("name", ""), rel[1]))
    return sheets
