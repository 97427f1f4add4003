"""Every format, every place a word can hide: each test hides a unique word and finds it where it is."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlwt

from enablement_desktop.extract import extract_file
from enablement_desktop.extract.base import (
    DAMAGED,
    ENCRYPTED,
    OLD_FORMAT,
    TOO_LARGE,
    Extracted,
    ExtractError,
    Limits,
)
from enablement_desktop.extract.pool import ExtractPool
from enablement_desktop.extract.zipguard import BOMB
from enablement_desktop.library.problems import Problem
from resources.docgen import write_docx, write_pptx, write_text, write_xlsx
from tests.support import formats


def where(result: Extracted, word: str) -> list[str]:
    """The labels of the sections that hold `word`."""
    return [s.label for s in result.sections if word in s.text or word in s.heading]


def reason_of(path: Path, limits: Limits = Limits()) -> tuple[str, str]:  # noqa: B008
    with pytest.raises(ExtractError) as caught:
        extract_file(path, limits)
    return caught.value.reason, caught.value.detail


def test_pptx_notes_chart_groups_and_tables(tmp_path: Path) -> None:
    path = formats.pptx_with_hidden_words(
        tmp_path / "deck.pptx", notes="Say numbat here", chart_title="Wallaby growth",
        axis_title="Dingo dollars", series="Quoll revenue", category="Bilby region",
        grouped="Echidna inside a group", cell="Platypus cell",
    )
    result = extract_file(path)
    for word in ("numbat", "Wallaby", "Dingo", "Quoll", "Bilby"):
        assert where(result, word) == ["slide 1"], word
    assert where(result, "Echidna") == ["slide 2"]
    assert where(result, "Platypus") == ["slide 2"]


def test_docx_header_footer_text_box_footnote_table_chart(tmp_path: Path) -> None:
    path = formats.docx_with_hidden_words(
        tmp_path / "terms.docx", header="Kestrel header", footer="Osprey footer",
        text_box="Merlin in a box", footnote="Harrier footnote", table_cell="Buzzard cell",
        chart_title="Goshawk share", comment="Vulture remark",
    )
    result = extract_file(path)
    assert where(result, "Merlin") == ["Terms"]
    assert where(result, "Buzzard") == ["Terms"]
    assert where(result, "Kestrel") == ["Header and footer"]
    assert where(result, "Osprey") == ["Header and footer"]
    assert where(result, "Harrier") == ["Footnotes"]
    assert where(result, "Goshawk") == ["Charts"]
    # A text box is stored twice (DrawingML and its VML fallback) and read once.
    assert sum(s.text.count("Merlin") for s in result.sections) == 1
    # Reviewers' comments are not the document.
    assert where(result, "Vulture") == []


def test_xlsx_sheet_names_and_charts(tmp_path: Path) -> None:
    path = formats.xlsx_with_chart(tmp_path / "plan.xlsx", sheet="Marmot plan",
                                   chart_title="Beaver forecast", series="Otter units", cell="Lynx")
    result = extract_file(path)
    assert [s.label for s in result.sections] == ["sheet Marmot plan"]
    assert result.sections[0].heading == "Marmot plan"
    text = result.sections[0].text
    assert "Beaver forecast" in text and "Otter units" in text and "Lynx" in text


@pytest.mark.parametrize("suffix", [".docm", ".pptm", ".xlsm"])
def test_macro_enabled_files_give_their_text(tmp_path: Path, suffix: str) -> None:
    writers = {
        ".docm": lambda p: write_docx(p, [{"heading": "Intro", "paragraphs": ["Gecko clause."]}]),
        ".pptm": lambda p: write_pptx(p, [{"title": "Gecko slide", "bullets": ["point"]}]),
        ".xlsm": lambda p: write_xlsx(p, {"Sheet": [["Gecko", 1]]}),
    }
    plain = writers[suffix](tmp_path / ("plain" + suffix.replace("m", "x")))
    path = formats.macro_enabled(plain, tmp_path / f"macro{suffix}")
    with zipfile.ZipFile(path) as archive:
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
    result = extract_file(path)
    assert any("Gecko" in s.text for s in result.sections)


def test_xls_legacy_workbook(tmp_path: Path) -> None:
    book = xlwt.Workbook()
    book.add_sheet("Intro").write(0, 0, "nothing here")
    prices = book.add_sheet("Prices")
    prices.write(0, 0, "Tapir tier")
    prices.write(0, 1, 42.0)
    prices.write(1, 0, 2.5)
    path = tmp_path / "old.xls"
    book.save(str(path))
    result = extract_file(path)
    assert [s.label for s in result.sections] == ["sheet Intro", "sheet Prices"]
    assert result.sections[1].text == "Tapir tier\t42\n2.5"


def test_opendocument_text_slides_and_sheets(tmp_path: Path) -> None:
    odt = formats.write_odf(
        tmp_path / "brief.odt",
        '<office:text><text:h text:outline-level="1">Overview</text:h>'
        '<text:p>Ibex <text:span>span</text:span><text:s/>text'
        '<text:note><text:note-body><text:p>Chamois note</text:p></text:note-body></text:note></text:p>'
        '<office:annotation><text:p>Marten comment</text:p></office:annotation>'
        '<text:h text:outline-level="1">Pricing</text:h><table:table><table:table-row><table:table-cell>'
        '<text:p>Serow cell</text:p></table:table-cell></table:table-row></table:table></office:text>',
        styles='<style:master-page><style:header><text:p>Takin header</text:p></style:header></style:master-page>',
        title="Goral brief",
    )
    result = extract_file(odt)
    assert where(result, "Ibex") == ["Overview"]
    assert where(result, "Chamois") == ["Overview"]
    assert where(result, "Serow") == ["Pricing"]
    assert where(result, "Takin") == ["Header and footer"]
    assert where(result, "Marten") == []
    assert result.properties["title"] == "Goral brief"

    odp = formats.write_odf(
        tmp_path / "deck.odp",
        '<office:presentation><draw:page draw:name="one"><draw:frame><draw:text-box>'
        '<text:p>Saiga title</text:p></draw:text-box></draw:frame></draw:page>'
        '<draw:page draw:name="two"><draw:frame><draw:text-box><text:p>Second</text:p></draw:text-box>'
        '</draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>Okapi notes</text:p>'
        '</draw:text-box></draw:frame></presentation:notes></draw:page></office:presentation>',
    )
    result = extract_file(odp)
    assert where(result, "Saiga") == ["slide 1"]
    assert where(result, "Okapi") == ["slide 2"]

    ods = formats.write_odf(
        tmp_path / "rates.ods",
        '<office:spreadsheet><table:table table:name="Addax rates"><table:table-row>'
        '<table:table-cell><text:p>Oryx</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        '</table:table></office:spreadsheet>',
    )
    result = extract_file(ods)
    assert [(s.label, s.text) for s in result.sections] == [("sheet Addax rates", "Oryx")]


def test_rtf(tmp_path: Path) -> None:
    path = tmp_path / "letter.rtf"
    path.write_bytes(rb"{\rtf1\ansi{\fonttbl\f0 Arial;}\f0 Dear {\b Civet} caf\'e9 owner\par Second line\par}")
    result = extract_file(path)
    assert "Dear Civet café owner" in result.sections[0].text
    assert reason_of(write_text(tmp_path / "fake.rtf", "just text"))[0] == DAMAGED


def test_eml_subject_sender_and_body(tmp_path: Path) -> None:
    path = formats.write_eml(tmp_path / "follow-up.eml", subject="Meerkat follow-up",
                             sender="Dana Seller <dana@example.com>", body="Thanks for the mongoose call.")
    result = extract_file(path)
    assert result.properties == {"title": "Meerkat follow-up", "author": "Dana Seller <dana@example.com>"}
    assert where(result, "Meerkat") == ["message"]
    assert where(result, "dana@example.com") == ["message"]
    assert where(result, "mongoose") == ["message"]

    html = formats.write_eml(tmp_path / "html.eml", subject="Hyrax", sender="m@example.com",
                             body="Body of the aardvark template", html=True)
    text = extract_file(html).sections[0].text
    assert "aardvark" in text
    assert "color" not in text  # the style sheet is not text people see


def test_old_binary_formats_are_named_not_skipped(tmp_path: Path) -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024
    (tmp_path / "old.doc").write_bytes(ole2)
    (tmp_path / "old.ppt").write_bytes(ole2)
    reason, detail = reason_of(tmp_path / "old.doc")
    assert (reason, detail) == (OLD_FORMAT, "old Word 97–2003 format (.doc), which cannot be read")
    # Problems shows why and what to do side by side: the fix is said once, in the help.
    problem = Problem("old.doc", reason, detail, "", "2026-12-01T00:00:00Z")
    assert problem.help == "open it in Word and save it as .docx to make it searchable"
    reason, detail = reason_of(tmp_path / "old.ppt")
    assert (reason, "save" in detail) == (OLD_FORMAT, False)
    assert Problem("old.ppt", reason, detail, "", "").help == "open it in PowerPoint and save it as .pptx to make it searchable"
    # A .docx someone renamed to .doc is read as what it is.
    renamed = write_docx(tmp_path / "new.docx", [{"heading": "Real", "paragraphs": ["Jerboa."]}])
    result = extract_file(renamed.rename(tmp_path / "renamed.doc"))
    assert where(result, "Jerboa") == ["Real"]


def test_encrypted_opendocument(tmp_path: Path) -> None:
    path = formats.write_odf(tmp_path / "locked.odt", "<office:text/>", encrypted=True)
    assert reason_of(path)[0] == ENCRYPTED


def lying_zip_bomb(path: Path, declared: int = 200, inflated: int = 2**30) -> Path:
    """A real .docx whose document part declares `declared` bytes and inflates to `inflated`."""
    import struct
    import zlib

    base = write_docx(path.with_name("base.docx"), [{"heading": "Fine", "paragraphs": ["Small."]}])
    # A full flush makes each compressed block stand alone, so one block
    # repeated is a valid stream: 1 GB of XML in about 1 MB, in no time.
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunk = b"<w:p/>" * (2**20 // 6)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    bomb = block * (inflated // len(chunk)) + packer.flush()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item.filename))
    # Append the lying member by hand: zipfile would write the true size.
    data = path.read_bytes()
    end = data.rindex(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack("<HII", data[end + 10 : end + 20])
    name = b"word/document.xml"
    crc = zlib.crc32(b"x" * declared)
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(bomb), declared,
                        len(name), 0) + name
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(bomb),
                          declared, len(name), 0, 0, 0, 0, 0, cd_offset) + name
    entries = data[cd_offset : cd_offset + cd_size]
    new_cd_offset = cd_offset + len(local) + len(bomb)
    tail = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count + 1, count + 1,
                       cd_size + len(central), new_cd_offset, 0)
    path.write_bytes(data[:cd_offset] + local + bomb + entries + central + tail)
    return path


def test_zip_bomb_with_a_lying_header_is_stopped(tmp_path: Path) -> None:
    path = lying_zip_bomb(tmp_path / "bomb.docx")
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("word/document.xml")
        assert member.file_size == 200  # the lie
        assert member.compress_size < 5 * 2**20  # about 1 MB that would inflate to 1 GB
    # In a worker with a 400 MB cap: inflating the bomb whole would crash it.
    outcomes = []
    with ExtractPool(workers=1, timeout_s=60, memory_mb=400) as pool:
        pool.run([path], Limits(), lambda _path, outcome: outcomes.append(outcome))
    [error] = outcomes
    assert isinstance(error, ExtractError)
    assert (error.reason, error.detail) == (TOO_LARGE, BOMB)
    assert "word/document.xml declares 200 bytes" in error.technical


def test_pdf_text_as_people_read_it(tmp_path: Path) -> None:
    """Words set in pieces, hyphenated at line ends, or in ligatures are found whole."""
    from tests.support.formats import write_layout_pdf

    path = tmp_path / "layout.pdf"
    truth = write_layout_pdf(path, seed=3, lines=20)
    words = " ".join(s.text for s in extract_file(path).sections).lower().split()
    missing = [word for word in set(truth) if word not in words]
    assert missing == []
    # PDFium's own text splits some of them: the test PDF really has the defects.
    import pypdfium2 as pdfium

    raw = " ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path)).lower()
    assert [word for word in set(truth) if word not in raw.split()] != []


def test_crowley_maritime_and_table_columns(tmp_path: Path) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "pieces.pdf"
    canvas = Canvas(str(path))
    x = 72.0
    for piece in ("Crowle", "y", "Maritim", "e"):  # each piece its own run, 0.2 em apart
        canvas.setFont("Helvetica", 12)
        canvas.drawString(x, 700, piece)
        x += stringWidth(piece, "Helvetica", 12) + (0.2 if piece != "y" else 0.6) * 12
    for column, word in enumerate(("Region", "Quarter", "Total")):  # a table row: columns stay apart
        canvas.drawString(72 + column * 120, 650, word)
    text = canvas.beginText(72, 600)
    text.setFont("Helvetica", 12)
    text.textLine("Payment is due after the pay-")
    text.textLine("ment schedule; see the Q3-")
    text.textLine("Report.")
    canvas.drawText(text)
    canvas.save()
    page = extract_file(path).sections[0].text
    assert "Crowley Maritime" in page
    assert "Region Quarter Total" in page
    assert "payment schedule" in page
    assert "Q3Report" not in page  # a hyphen before a capital is kept


def test_words_set_one_by_one_in_a_scaled_font_keep_their_spaces(tmp_path: Path) -> None:
    """A real audit report's pages came out as "Thisreportdetailsafuzzingaudit…": each word its
    own run, no space characters, and PDFium reporting the font at twice its printed size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "scaled.pdf"
    canvas = Canvas(str(path))
    canvas.scale(0.5, 0.5)  # 16 pt type printed at 8 pt
    x = 144.0
    for word in "This report details a fuzzing audit commissioned by the foundation".split():
        canvas.setFont("Helvetica", 16)
        canvas.drawString(x, 1400, word)
        x += stringWidth(word, "Helvetica", 16) + 7  # 3.5 pt on the page: a word space at 8 pt
    canvas.save()
    page = extract_file(path).sections[0].text
    assert "This report details a fuzzing audit commissioned by the foundation" in page


def test_msg_subject_sender_and_body(tmp_path: Path) -> None:
    path = formats.write_msg(tmp_path / "offer.msg", subject="Kookaburra offer", sender="Dana Seller",
                             address="dana@example.com", body="Body with the lorikeet price.")
    result = extract_file(path)
    assert result.properties == {"title": "Kookaburra offer", "author": "Dana Seller <dana@example.com>"}
    assert where(result, "Kookaburra") == ["message"]
    assert where(result, "dana@example.com") == ["message"]
    assert where(result, "lorikeet") == ["message"]
    assert reason_of(write_text(tmp_path / "fake.msg", "not a message"))[0] == DAMAGED
