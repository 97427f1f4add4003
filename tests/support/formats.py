"""Writers of files that hide words where people put them: notes, charts, headers, text boxes.

Each writer builds a real file with the same tools a marketer's software
leaves behind (python-pptx and openpyxl charts, python-docx documents with
parts added the way Word stores them, OpenDocument zips, RTF, e-mail), so the
extractors meet the XML they will meet in a library.
"""

from __future__ import annotations

import zipfile
from email.message import EmailMessage
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def chart_data(series: str, categories: list[str]) -> CategoryChartData:
    data = CategoryChartData()
    data.categories = categories
    data.add_series(series, [float(i + 1) for i in range(len(categories))])
    return data


def pptx_with_hidden_words(path: Path, *, notes: str, chart_title: str, axis_title: str,
                           series: str, category: str, grouped: str, cell: str) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Quarterly results"
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1.5), Inches(6), Inches(4),
        chart_data(series, ["North", category]),
    )
    chart = frame.chart
    chart.has_title = True
    chart.chart_title.text_frame.text = chart_title
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = axis_title
    slide.notes_slide.notes_text_frame.text = notes

    second = prs.slides.add_slide(prs.slide_layouts[6])
    group = second.shapes.add_group_shape()
    inner = group.shapes.add_group_shape()
    inner.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(1)).text_frame.text = grouped
    table = second.shapes.add_table(2, 2, Inches(1), Inches(3), Inches(4), Inches(1)).table
    table.cell(1, 1).text = cell
    prs.save(str(path))
    return path


def docx_with_hidden_words(path: Path, *, header: str, footer: str, text_box: str, footnote: str,
                           table_cell: str, chart_title: str, comment: str = "") -> Path:
    doc = Document()
    doc.add_heading("Terms", level=1)
    host = doc.add_paragraph("The body text.")
    host._p.append(parse_xml(_text_box_run(text_box)))
    marker = doc.add_paragraph("A claim that needs a source")
    marker._p.append(parse_xml(
        f'<w:r xmlns:w="{_W}"><w:footnoteReference w:id="1"/></w:r>'
    ))
    table = doc.add_table(rows=2, cols=2)
    table.cell(1, 0).text = table_cell
    section = doc.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    if comment:
        doc.add_comment(marker.runs, text=comment, author="Reviewer")
    package = doc.part.package
    footnotes = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnotes_xml(footnote), package)
    doc.part.relate_to(footnotes, RT.FOOTNOTES)
    chart_xml = ChartXmlWriter(XL_CHART_TYPE.PIE, chart_data("Share", ["Ours", "Theirs"])).xml
    chart_xml = chart_xml.replace(
        "<c:chart>",
        "<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>"
        f"{chart_title}</a:t></a:r></a:p></c:rich></c:tx></c:title>",
        1,
    )
    chart = Part(PackURI("/word/charts/chart1.xml"), CHART_CT, chart_xml.encode(), package)
    doc.part.relate_to(chart, RT.CHART)
    doc.save(str(path))
    return path


def _text_box_run(text: str) -> str:
    """A text box as Word 2010+ writes it: DrawingML, with a VML copy for older Word."""
    box = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return (
        f'<w:r xmlns:w="{_W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:inline><wp:extent cx="1828800" cy="457200"/><wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>'
    )


def _footnotes_xml(text: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()


def xlsx_with_chart(path: Path, *, sheet: str, chart_title: str, series: str, cell: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["Region", series])
    ws.append(["North", 3])
    ws.append([cell, 5])
    chart = BarChart()
    chart.title = chart_title
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=3))
    ws.add_chart(chart, "D2")
    wb.save(str(path))
    return path


_MACRO_TYPES = {
    ".docm": ("document.main+xml", "application/vnd.ms-word.document.macroEnabled.main+xml",
              "wordprocessingml", "word"),
    ".pptm": ("presentation.main+xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
              "presentationml", "ppt"),
    ".xlsm": ("sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
              "spreadsheetml", "xl"),
}


def macro_enabled(source: Path, target: Path) -> Path:
    """The same file as its Office app saves it with macros: main part typed macroEnabled, plus a VBA part."""
    suffix, content_type, family, folder = _MACRO_TYPES[target.suffix.lower()]
    old = f"application/vnd.openxmlformats-officedocument.{family}.{suffix}"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(old.encode(), content_type.encode())
            out.writestr(item, data)
        # A macro project the readers must leave alone (and never run).
        out.writestr(f"{folder}/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return target


_ODF_MIME = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)


def write_odf(path: Path, body: str, *, styles: str = "", title: str = "", encrypted: bool = False) -> Path:
    """An OpenDocument zip as LibreOffice lays it out; `body` is the office:body's inner XML."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(zipfile.ZipInfo("mimetype"), _ODF_MIME[path.suffix.lower()])  # stored, first
        out.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                                    f'{_ODF_NS}><office:body>{body}</office:body></office:document-content>')
        out.writestr("styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_ODF_NS}>'
                                   f'<office:master-styles>{styles}</office:master-styles></office:document-styles>')
        out.writestr("meta.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_ODF_NS}>'
                                 f'<office:meta><dc:title>{title}</dc:title></office:meta></office:document-meta>')
        # A password-protected file names how content.xml is encrypted here.
        entry = ('<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
                 "</manifest:file-entry>" if encrypted else "")
        out.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                     f'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">{entry}</manifest:manifest>')
    return path


def write_eml(path: Path, *, subject: str, sender: str, body: str, html: bool = False) -> Path:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = "prospect@example.com"
    if html:
        message.set_content(f"<html><head><style>p {{color: red}}</style></head><body><p>{body}</p></body></html>",
                            subtype="html")
    else:
        message.set_content(body)
    path.write_bytes(bytes(message))
    return path


LAYOUT_WORDS = (
    "crowley maritime freight ledger renewal discount approval quarterly payment schedule "
    "procurement onboarding integration warehouse analytics forecast compliance invoice "
    "shipment customer pipeline partnership logistics benchmark workflow dashboard"
).split()
LIGATURE_WORDS = ["\ufb01nance", "o\ufb03ce", "\ufb02ow", "sta\ufb00", "e\ufb03cient", "pro\ufb01t"]


def write_layout_pdf(path: Path, seed: int = 0, lines: int = 24) -> list[str]:
    """A PDF page set the ways real PDFs set words, and the words a person reads on it.

    Lines alternate between: words typeset in pieces with small gaps (as
    kerned or per-glyph-run output does), words placed one by one with no
    space characters, letter-spaced (tracked) headings, a paragraph
    hyphenated at its line ends, and ligature glyphs. Returns the words in order.
    """
    import random

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    fonts = Path(__file__).resolve().parents[2] / "resources" / "fonts"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(fonts / "DejaVuSans.ttf")))
    rng = random.Random(seed)
    canvas = Canvas(str(path))
    truth: list[str] = []
    y = 780.0
    size = 11.0

    def width(text: str, font: str = "DejaVu") -> float:
        return pdfmetrics.stringWidth(text, font, size)

    def new_line(step: float = 18.0) -> None:
        nonlocal y
        y -= step
        if y < 60:
            canvas.showPage()
            y = 780.0

    for number in range(lines):
        kind = number % 5
        words = [rng.choice(LAYOUT_WORDS) for _ in range(6)]
        x = 60.0
        if kind in (0, 1):  # pieces: with real spaces (0) or words placed one by one (1)
            for word in words:
                cut = rng.randint(1, len(word) - 1)
                for piece in (word[:cut], word[cut:]):
                    canvas.setFont("DejaVu", size)
                    canvas.drawString(x, y, piece)
                    x += width(piece) + rng.uniform(0.12, 0.22) * size
                if kind == 0:
                    canvas.drawString(x, y, " ")
                    x += width(" ")
                else:
                    x += 0.45 * size
            truth += words
        elif kind == 2:  # a tracked heading
            text = canvas.beginText(60, y)
            text.setFont("DejaVu", size * 1.4)
            text.setCharSpace(rng.uniform(0.2, 0.6) * size)
            text.textLine(" ".join(w.upper() for w in words[:3]))
            canvas.drawText(text)
            truth += words[:3]
        elif kind == 3:  # hyphenated at line ends
            text = canvas.beginText(60, y)
            text.setFont("DejaVu", size)
            text.setCharSpace(0)
            long_word = rng.choice([w for w in LAYOUT_WORDS if len(w) >= 8])
            cut = len(long_word) // 2
            text.textLine(f"{words[0]} {words[1]} {long_word[:cut]}-")
            text.textLine(f"{long_word[cut:]} {words[2]}")
            canvas.drawText(text)
            truth += [words[0], words[1], long_word, words[2]]
            new_line()
        else:  # ligatures
            text = canvas.beginText(60, y)
            text.setFont("DejaVu", size)
            text.setCharSpace(0)
            chosen = [rng.choice(LIGATURE_WORDS) for _ in range(3)]
            text.textLine(" ".join([words[0], *chosen]))
            canvas.drawText(text)
            truth += [words[0], *(w.translate(_UNFOLD) for w in chosen)]
        new_line()
    canvas.save()
    return truth


_UNFOLD = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi"})


def write_msg(path: Path, *, subject: str, sender: str, address: str, body: str) -> Path:
    """An Outlook .msg: MAPI string properties as streams of an OLE2 compound file.

    A compound file (MS-CFB, version 3, 512-byte sectors) written from
    scratch: Python has no writer and Outlook is not here. Each stream is
    padded with NULs to 4,096 bytes so that it lives in regular sectors
    (smaller ones would need the mini stream); readers strip the NULs, as
    Outlook's own fixed-length property streams need too.
    """
    import struct

    properties = {
        "__substg1.0_0037001F": subject,
        "__substg1.0_0C1A001F": sender,
        "__substg1.0_5D01001F": address,
        "__substg1.0_1000001F": body,
    }
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = {}
    for name, value in properties.items():
        data = value.encode("utf-16-le")
        data += b"\0" * (max(4096, -(-len(data) // 512) * 512) - len(data))
        starts[name] = (len(sectors), len(data))
        count = len(data) // 512
        for n in range(count):
            sectors.append(data[n * 512 : (n + 1) * 512])
            fat.append(len(sectors) if n < count - 1 else end)

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    names = list(properties)
    entries = [entry("Root Entry", 5, 1, free, end, 0)]
    for number, name in enumerate(names, start=1):
        right = number + 1 if number < len(names) else free
        entries.append(entry(name, 2, free, right, *starts[name]))
    directory = b"".join(entries)
    directory += b"\0" * (-len(directory) % 512)
    dir_start = len(sectors)
    for n in range(len(directory) // 512):
        sectors.append(directory[n * 512 : (n + 1) * 512])
        fat.append(len(sectors) if n < len(directory) // 512 - 1 else end)
    fat_start = len(sectors)
    fat.append(fat_mark)  # the FAT's own sector (one is enough: 128 entries)
    fat_sector = b"".join(struct.pack("<I", v) for v in fat).ljust(512, b"\xff")
    sectors.append(fat_sector)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, dir_start, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", fat_start) + struct.pack("<I", free) * 108)
    path.write_bytes(header + b"".join(sectors))
    return path
