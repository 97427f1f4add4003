"""Writers of real collateral files: PDF (text or scanned), PowerPoint, Word, Excel, text, pictures.

Used by test fixtures, the demo-library builder and the benchmark generator,
so every writer is a plain function that produces a file the real readers
(pypdfium2, python-pptx, python-docx, openpyxl) open like any marketer's file.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from pptx import Presentation
from pptx.util import Emu, Inches
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer

_STYLES = getSampleStyleSheet()
_FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"
_MARGIN = 0.75 * inch
# python-pptx default template layouts
_LAYOUT_TITLE_AND_CONTENT = 1
_LAYOUT_TITLE_ONLY = 5


def _ready(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_pdf(
    path: str | Path,
    pages: list[str],
    *,
    title: str = "",
    subject: str = "",
    keywords: str = "",
    author: str = "",
) -> Path:
    """One string per page; a line starting with "# " is a heading, others paragraphs."""
    path = _ready(path)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=LETTER,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=title,
        subject=subject,
        keywords=keywords,
        author=author,
        creator="Enablement Desktop docgen",
    )
    story: list = []
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreak())
        flowables = [
            Paragraph(escape(line[2:]), _STYLES["Heading1"])
            if line.startswith("# ")
            else Paragraph(escape(line), _STYLES["BodyText"])
            for line in page.splitlines()
            if line.strip()
        ]
        # Shrink-to-fit keeps an overlong page on its own page: callers rely on
        # "text of pages[i] is on page i + 1". A spacer keeps blank pages real.
        story.append(
            KeepInFrame(doc.width, doc.height, flowables, mode="shrink")
            if flowables
            else Spacer(1, 1)
        )
    doc.build(story)
    return path


def write_pptx(
    path: str | Path,
    slides: list[dict],
    *,
    title: str = "",
    subject: str = "",
    keywords: str = "",
    author: str = "",
) -> Path:
    """Each slide: title, optional bullets, notes (speaker notes) and table (first row header)."""
    path = _ready(path)
    prs = Presentation()
    width, height = prs.slide_width, prs.slide_height
    for spec in slides:
        bullets = spec.get("bullets") or []
        table = spec.get("table") or []
        layout = _LAYOUT_TITLE_ONLY if table or not bullets else _LAYOUT_TITLE_AND_CONTENT
        slide = prs.slides.add_slide(prs.slide_layouts[layout])
        slide.shapes.title.text = spec.get("title", "")
        left, top = Inches(0.5), Inches(1.6)
        body_width = Emu(width - 2 * left)
        if bullets and layout == _LAYOUT_TITLE_AND_CONTENT:
            _fill_bullets(slide.placeholders[1].text_frame, bullets)
        elif bullets:
            box = slide.shapes.add_textbox(left, top, body_width, Inches(1.8))
            box.text_frame.word_wrap = True
            _fill_bullets(box.text_frame, bullets)
            top = Inches(3.6)
        if table:
            _add_table(slide, table, left, top, body_width, Emu(height - top - Inches(0.4)))
        if spec.get("notes"):
            slide.notes_slide.notes_text_frame.text = spec["notes"]
    props = prs.core_properties
    props.title, props.subject, props.keywords, props.author = title, subject, keywords, author
    prs.save(str(path))
    return path


def _fill_bullets(frame, bullets: list[str]) -> None:
    frame.text = bullets[0]
    for bullet in bullets[1:]:
        frame.add_paragraph().text = bullet


def _add_table(slide, rows: list[list[str]], left, top, width, height) -> None:
    cols = max(len(row) for row in rows)
    shape = slide.shapes.add_table(len(rows), cols, left, top, width, height)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            shape.table.cell(r, c).text = str(value)


def write_docx(
    path: str | Path,
    sections: list[dict],
    *,
    title: str = "",
    subject: str = "",
    keywords: str = "",
    author: str = "",
) -> Path:
    """Each section: heading, level (default 1; 0 is the Title style), paragraphs, optional table.

    An empty heading writes no heading paragraph: text before a document's first heading.
    """
    path = _ready(path)
    doc = Document()
    for spec in sections:
        if spec.get("heading"):
            doc.add_heading(spec["heading"], level=spec.get("level", 1))
        for text in spec.get("paragraphs") or []:
            doc.add_paragraph(text)
        rows = spec.get("table") or []
        if rows:
            table = doc.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = str(value)
    props = doc.core_properties
    props.title, props.subject, props.keywords, props.author = title, subject, keywords, author
    doc.save(str(path))
    return path


def write_xlsx(
    path: str | Path,
    sheets: dict[str, list[list]],
    *,
    title: str = "",
    subject: str = "",
    keywords: str = "",
    author: str = "",
) -> Path:
    """One sheet per key, rows of cell values in order; each column as wide as its longest value,
    as a person leaves a sheet (at the default width LibreOffice's page cut "Payback period
    (months)" to "Payback pe" under the next cell, in the README's viewer picture)."""
    path = _ready(path)
    # write_only streams rows straight to the file: several times faster for the benchmark set.
    wb = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(title=name)
        for column, width in enumerate(_column_widths(rows), start=1):
            ws.column_dimensions[get_column_letter(column)].width = width
        for row in rows:
            ws.append(list(row))
    props = wb.properties
    props.title, props.subject, props.keywords, props.creator = title, subject, keywords, author
    wb.save(str(path))
    return path


def _column_widths(rows: list[list]) -> list[float]:
    """Characters per column for the longest value in it (a little over, capped at 60)."""
    widths: list[int] = []
    for row in rows:
        for column, value in enumerate(row):
            size = len(str(value)) if value is not None else 0
            if column == len(widths):
                widths.append(size)
            else:
                widths[column] = max(widths[column], size)
    return [min(60, max(8, size) + 2) for size in widths]


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Markdown, HTML or plain text, byte-exact (no newline translation)."""
    path = _ready(path)
    path.write_bytes(text.encode(encoding))
    return path


def text_picture(lines: list[str], *, width: int = 1700, font_px: int = 44):
    """A white page with black text, as a scanner at 200 dpi sees it: a PIL image."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(_FONT), font_px)
    line_px = int(font_px * 1.5)
    picture = Image.new("L", (width, max(400, 120 + line_px * len(lines))), 255)
    draw = ImageDraw.Draw(picture)
    for number, line in enumerate(lines):
        draw.text((100, 80 + number * line_px), line, fill=0, font=font)
    return picture


def write_picture(path: str | Path, pages: list[list[str]]) -> Path:
    """PNG, JPEG or TIFF (by suffix) of text lines; a TIFF holds one frame per page."""
    path = _ready(path)
    pictures = [text_picture(lines) for lines in pages]
    if path.suffix.lower() in (".tif", ".tiff"):
        pictures[0].save(path, save_all=True, append_images=pictures[1:], compression="tiff_deflate")
    else:
        pictures[0].save(path)
    return path


def write_scanned_pdf(path: str | Path, pages: list[str | list[str]]) -> Path:
    """A PDF whose pages are text (a string) or scans: pictures of lines, no text layer."""
    from io import BytesIO

    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    path = _ready(path)
    canvas = Canvas(str(path), pagesize=LETTER)
    page_width, page_height = LETTER
    for page in pages:
        if isinstance(page, str):
            text = canvas.beginText(_MARGIN, page_height - _MARGIN)
            text.setFont("Helvetica", 12)
            for line in page.splitlines():
                text.textLine(line)
            canvas.drawText(text)
        else:
            buffer = BytesIO()
            text_picture(page).save(buffer, format="PNG")
            buffer.seek(0)
            canvas.drawImage(ImageReader(buffer), 0, 0, width=page_width, height=page_height,
                             preserveAspectRatio=True, anchor="n")
        canvas.showPage()
    canvas.save()
    return path
