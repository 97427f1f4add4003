"""Extractors on real generated files: numbering, labels, properties, and every bad-file reason."""

from __future__ import annotations

import pickle
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation
from pptx.util import Inches

from enablement_desktop import extract
from enablement_desktop.extract import (
    SUPPORTED_SUFFIXES,
    clean_text,
    extract_file,
    file_type,
    ocr,
    register_extractor,
)
from enablement_desktop.extract.base import (
    CRASHED,
    DAMAGED,
    ENCRYPTED,
    NO_TEXT,
    READER_FAILED,
    SCANNED,
    TOO_LARGE,
    UNREADABLE,
    UNSUPPORTED,
    Extracted,
    ExtractError,
    Limits,
    Section,
)
from enablement_desktop.extract.text import split_parts
from resources.docgen import write_docx, write_pdf, write_pptx, write_text, write_xlsx
from tests.support import bad_files

PROPS = {
    "title": "Acme Pricing Guide",
    "subject": "Pricing",
    "keywords": "pricing, cfo",
    "author": "Dana Marketer",
}


def by_page(result: Extracted) -> dict[int, Section]:
    return {section.page: section for section in result.sections}


def reason_of(path: Path, limits: Limits = Limits()) -> tuple[str, str]:  # noqa: B008
    with pytest.raises(ExtractError) as caught:
        extract_file(path, limits)
    return caught.value.reason, caught.value.detail


def test_pdf_one_section_per_page(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "guide.pdf",
        [
            "# Overview\nAcme helps sellers.",
            "",
            "# Pricing\nThe zebra discount applies.",
            "Closing words.",
        ],
        **PROPS,
    )
    result = extract_file(path)
    assert result.page_count == 4
    assert [(s.page, s.label) for s in result.sections] == [(1, "p. 1"), (3, "p. 3"), (4, "p. 4")]
    assert by_page(result)[3].text == "Pricing\nThe zebra discount applies."
    assert [s.page for s in result.sections if "zebra" in s.text] == [3]
    assert result.properties == PROPS


def test_pdf_extracts_first_pages_and_keeps_real_count(tmp_path: Path) -> None:
    path = bad_files.many_pages_pdf(tmp_path / "catalogue.pdf", pages=10_000)
    result = extract_file(path, Limits(max_pages=30))
    assert result.page_count == 10_000
    assert [s.page for s in result.sections] == list(range(1, 31))
    assert by_page(result)[30].text == "Catalogue page 30"


def test_pptx_slides_tables_groups_and_notes(tmp_path: Path) -> None:
    path = write_pptx(
        tmp_path / "deck.pptx",
        [
            {"title": "Why Acme", "bullets": ["Faster onboarding", "Lower churn"]},
            {
                "title": "Proof",
                "bullets": ["Customers say so"],
                "notes": "Mention the kangaroo case study",
                "table": [["Metric", "Value"], ["Ramp time", "-38%"]],
            },
            {"title": "Next steps"},
        ],
        **PROPS,
    )
    # python-pptx can't write a group through docgen's API; add one by hand.
    prs = Presentation(str(path))
    group = prs.slides[2].shapes.add_group_shape()
    group.shapes.add_textbox(
        Inches(1), Inches(2), Inches(4), Inches(1)
    ).text_frame.text = "Grouped walrus text"
    prs.save(str(path))

    result = extract_file(path)
    assert result.page_count == 3
    assert [(s.page, s.label, s.heading) for s in result.sections] == [
        (1, "slide 1", "Why Acme"),
        (2, "slide 2", "Proof"),
        (3, "slide 3", "Next steps"),
    ]
    slide2 = by_page(result)[2].text
    assert "Mention the kangaroo case study" in slide2
    assert "Ramp time | -38%" in slide2
    assert by_page(result)[1].text == "Why Acme\nFaster onboarding\nLower churn"
    assert "Grouped walrus text" in by_page(result)[3].text
    assert result.properties == PROPS


def test_docx_sections_follow_headings_and_keep_tables(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "brief.docx",
        [
            {"heading": "", "paragraphs": ["Confidential preface."]},
            {"heading": "Overview", "paragraphs": ["Acme helps sellers."]},
            {
                "heading": "Pricing",
                "paragraphs": ["Tiers below."],
                "table": [["Tier", "Price"], ["Gold", "$99"]],
            },
            {"heading": "Gold details", "level": 2, "paragraphs": ["Includes support."]},
        ],
        **PROPS,
    )
    result = extract_file(path)
    assert [(s.page, s.label) for s in result.sections] == [
        (1, "Introduction"),
        (2, "Overview"),
        (3, "Pricing"),
        (4, "Gold details"),
    ]
    assert by_page(result)[3].text == "Pricing\nTiers below.\nTier | Price\nGold | $99"
    assert by_page(result)[1].heading == ""
    assert result.page_count == 4
    assert result.properties == PROPS


def test_docx_without_preface_numbers_first_heading_one(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "b.docx", [{"heading": "Acme", "level": 0, "paragraphs": ["Body."]}]
    )
    assert [(s.page, s.label) for s in extract_file(path).sections] == [(1, "Acme")]


def test_xlsx_one_section_per_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "prices.xlsx",
        {
            "Pricing": [["SKU", "Price", None], ["Gold", 99.0], ["Silver", 49.5]],
            "Regions": [["EMEA"], [], ["APAC"]],
        },
        **PROPS,
    )
    result = extract_file(path)
    assert [(s.page, s.label, s.heading) for s in result.sections] == [
        (1, "sheet Pricing", "Pricing"),
        (2, "sheet Regions", "Regions"),
    ]
    assert by_page(result)[1].text == "SKU\tPrice\nGold\t99\nSilver\t49.5"
    assert by_page(result)[2].text == "EMEA\nAPAC"
    assert result.page_count == 2
    assert result.properties == PROPS


def test_xlsx_sheet_text_is_capped(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "big.xlsx", {"Data": [[f"row {n}", n] for n in range(500)]})
    text = extract_file(path, Limits(max_chars_per_section=100)).sections[0].text
    # Reading stops at the row that reaches the cap, not after all 500.
    assert text.startswith("row 0\t0\nrow 1\t1\n")
    assert text.endswith("\nrow 11\t11")


def test_markdown_headings_outside_code(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "notes.md",
        "Preface line.\n\n# Battle card\nSee [the deck](https://example.com/x).\n"
        "```python\n# not a heading\n```\n## Objections ##\nToo expensive.\n",
    )
    result = extract_file(path)
    assert [(s.page, s.label) for s in result.sections] == [
        (1, "Introduction"),
        (2, "Battle card"),
        (3, "Objections"),
    ]
    # The code stays searchable; its fence markers are not words of the document.
    assert by_page(result)[2].text == "Battle card\nSee the deck.\n# not a heading"
    assert by_page(result)[3].text == "Objections\nToo expensive."
    assert result.properties == {"title": "Battle card"}


def test_markdown_hostile_lines_stay_fast(tmp_path: Path) -> None:
    # Each line took tens of seconds with backtracking patterns.
    hostile = "# a" + " " * 40_000 + "x\n" + "[" * 200_000 + "\n## C#\n"
    started = time.monotonic()
    result = extract_file(write_text(tmp_path / "hostile.md", hostile))
    assert time.monotonic() - started < 10.0  # was 41 s with a backtracking pattern
    assert [s.label for s in result.sections] == ["a x", "C#"]


def test_html_sections_title_and_skipped_code(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "page.html",
        "<html><head><title>Acme &amp; Co</title><meta name='description' content='Why Acme'>"
        "<style>.x{color:red}</style><script>var secret = 1;</script></head><body>"
        "<p>Lead <b>in</b>.</p><h1>Value</h1><p>Faster ramp.</p><h4>Minor</h4><p>Still value.</p>"
        "<h2>Proof</h2><table><tr><td>Ramp</td><td>-38%</td></tr></table></body></html>",
    )
    result = extract_file(path)
    assert [(s.page, s.label) for s in result.sections] == [
        (1, "Introduction"),
        (2, "Value"),
        (3, "Proof"),
    ]
    assert by_page(result)[1].text == "Lead in."
    assert by_page(result)[2].text == "Value\n\nFaster ramp.\n\nMinor\n\nStill value."
    assert by_page(result)[3].text == "Proof\n\nRamp -38%"
    assert not any("secret" in s.text or "color" in s.text for s in result.sections)
    assert result.properties == {"title": "Acme & Co", "subject": "Why Acme"}


def test_text_parts_break_at_paragraphs(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {n} " + "word " * 150 for n in range(12)]  # ~760 chars each
    result = extract_file(write_text(tmp_path / "long.txt", "\n\n".join(paragraphs)))
    assert [s.label for s in result.sections] == ["part 1", "part 2", "part 3", "part 4"]
    assert all(len(s.text) <= 3000 for s in result.sections)
    assert result.sections[1].text.startswith("Paragraph 3 ")
    assert result.page_count == 4


def test_cp1252_and_nul_text(tmp_path: Path) -> None:
    text = extract_file(bad_files.cp1252_text(tmp_path / "fr.txt")).sections[0].text
    assert text.startswith(
        "Café crème pricing: 12 € per seat — “premium” support included.\n\nLes équipes"
    )
    nul = extract_file(bad_files.nul_text(tmp_path / "nul.txt")).sections[0].text
    assert nul == "Battlecard for the renewal call."


BAD_FILES = [
    (bad_files.empty_file, "empty.pdf", DAMAGED),
    (bad_files.empty_file, "empty.docx", DAMAGED),
    (bad_files.empty_file, "empty.md", NO_TEXT),
    (bad_files.truncated_pdf, "truncated.pdf", DAMAGED),
    (bad_files.encrypted_pdf, "locked.pdf", ENCRYPTED),
    (bad_files.self_referencing_pdf, "loop.pdf", DAMAGED),
    (bad_files.zip_bomb_docx, "bomb.docx", TOO_LARGE),
    (bad_files.not_a_zip_pptx, "fake.pptx", DAMAGED),
    (bad_files.ole2_docx, "locked.docx", ENCRYPTED),
    (bad_files.incomplete_xlsx, "incomplete.xlsx", DAMAGED),
]


@pytest.mark.parametrize(
    ("writer", "name", "reason"), BAD_FILES, ids=[case[1] for case in BAD_FILES]
)
def test_bad_file_reasons(tmp_path: Path, writer, name: str, reason: str) -> None:
    got, detail = reason_of(writer(tmp_path / name))
    assert got == reason
    assert detail  # a person can read why


def test_reason_details(tmp_path: Path) -> None:
    assert "decompression bomb" in reason_of(bad_files.zip_bomb_docx(tmp_path / "b.docx"))[1]
    # The sentence is for people; what the library said is kept apart for Details and the log.
    with pytest.raises(ExtractError) as caught:
        extract_file(bad_files.incomplete_xlsx(tmp_path / "i.xlsx"))
    assert caught.value.detail.startswith("parts of the file are missing")
    assert "KeyError" not in caught.value.detail
    assert caught.value.technical.startswith("KeyError: ")


def test_scan_without_ocr_is_scanned_not_damaged(tmp_path: Path) -> None:
    scan = bad_files.image_only_pdf(tmp_path / "s.pdf")
    assert reason_of(scan, Limits(ocr_languages="")) == (
        SCANNED,
        "scanned pages, and OCR is switched off in Settings",
    )


def test_scan_without_tesseract_says_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    reason, detail = reason_of(bad_files.image_only_pdf(tmp_path / "s.pdf"))
    assert reason == SCANNED
    assert "install Tesseract" in detail


def test_library_failure_is_not_called_damaged(tmp_path: Path, registry: None) -> None:
    register_extractor(".odd", "tests.support.bad_files:library_bug")
    with pytest.raises(ExtractError) as caught:
        extract_file(write_text(tmp_path / "x.odd", "x"))
    assert caught.value.reason == READER_FAILED
    assert caught.value.detail == "the .odd reader could not handle this file"
    assert caught.value.technical == "AttributeError: 'NoneType' object has no attribute 'text'"


def test_owner_password_pdf_opens(tmp_path: Path) -> None:
    result = extract_file(bad_files.owner_password_pdf(tmp_path / "owner.pdf"))
    assert result.sections[0].text == "Protected\nThe protected phrase is marmalade."
    assert result.properties["title"] == "Protected deck"


def test_xml_external_entity_is_not_resolved(tmp_path: Path) -> None:
    path = bad_files.xxe_docx(tmp_path / "xxe.docx", tmp_path / "secret.txt")
    # The file is a real attack: a parser that resolves entities reads the secret.
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml")
    resolving = etree.XMLParser(resolve_entities=True, load_dtd=True)
    assert bad_files.SECRET in etree.tostring(etree.fromstring(xml, resolving), encoding="unicode")

    result = extract_file(path)
    assert result.sections[0].label == "Terms"
    assert not any(bad_files.SECRET in s.text for s in result.sections)


def test_unzipped_total_is_capped(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "ok.docx", [{"heading": "Fine", "paragraphs": ["Small."]}])
    reason, detail = reason_of(path, Limits(max_unzipped_bytes=1000))
    assert reason == TOO_LARGE
    assert "unzipped" in detail


def test_size_cap_unsupported_and_unreadable(tmp_path: Path) -> None:
    big = write_text(tmp_path / "big.txt", "x" * 2000)
    assert reason_of(big, Limits(max_bytes=1000))[0] == TOO_LARGE
    assert reason_of(write_text(tmp_path / "tool.exe", "MZ"))[0] == UNSUPPORTED
    assert reason_of(tmp_path / "gone.pdf")[0] == UNREADABLE
    (tmp_path / "folder.docx").mkdir()
    assert reason_of(tmp_path / "folder.docx")[0] == UNREADABLE


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test register extractors without leaking them into other tests."""
    monkeypatch.setattr(extract, "_FILE_TYPES", dict(extract._FILE_TYPES))
    monkeypatch.setattr(extract, "_EXTRACTORS", dict(extract._EXTRACTORS))


def test_memory_error_is_reported_not_raised(tmp_path: Path, registry: None) -> None:
    register_extractor(".oom", "tests.support.bad_files:out_of_memory")
    assert reason_of(write_text(tmp_path / "x.oom", "x")) == (CRASHED, "ran out of memory")


def test_file_types() -> None:
    assert {file_type(Path(f"a{s}")) for s in SUPPORTED_SUFFIXES} == {
        "pdf", "pptx", "pptm", "docx", "docm", "xlsx", "xlsm", "xls", "odt", "odp", "ods",
        "rtf", "eml", "msg", "doc", "ppt", "image", "md", "html", "txt",
    }  # fmt: skip
    assert file_type(Path("DECK.PPTX")) == "pptx"
    assert file_type(Path("scan.TIFF")) == "image"
    assert file_type(Path("tool.exe")) is None


def test_outcomes_survive_pickling() -> None:
    error = pickle.loads(pickle.dumps(ExtractError(ENCRYPTED, "needs a password", "FPDF_ERR 4")))
    assert (error.reason, error.detail, error.technical, str(error)) == (
        ENCRYPTED,
        "needs a password",
        "FPDF_ERR 4",
        "encrypted: needs a password",
    )
    result = Extracted([Section(1, "p. 1", "text")], {"title": "T"}, 1)
    assert pickle.loads(pickle.dumps(result)) == result


def test_importing_extract_loads_no_format_library() -> None:
    import subprocess
    import sys

    code = "import sys, enablement_desktop.extract; print(sorted({'pypdfium2','docx','pptx','openpyxl','PySide6'} & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_clean_text_is_idempotent_and_clean(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert "\x00" not in cleaned and "\r" not in cleaned and "  " not in cleaned
    assert "\n\n\n" not in cleaned


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab \n"), max_size=400), st.integers(min_value=5, max_value=50)
)
def test_split_parts_keeps_every_word_within_size(text: str, size: int) -> None:
    parts = split_parts(text, size)
    assert all(len(part) <= size for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


def test_generated_sheets_are_as_wide_as_their_longest_value(tmp_path: Path) -> None:
    """The demo's sheets preview through LibreOffice: at the default column width a label was cut
    ("Payback pe" under the next cell) on the page the README shows."""
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "roi.xlsx", {"Payback": [["Month", "Cumulative cash position (USD)"], [1, -102000],
                                                          ["Payback period (months)", 6.3]]})
    widths = {k: v.width for k, v in load_workbook(path)["Payback"].column_dimensions.items()}
    assert widths["A"] >= len("Payback period (months)") and widths["B"] >= len("Cumulative cash position (USD)")
