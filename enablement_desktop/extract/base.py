"""What every extractor returns, and the reasons a file can fail.

Extractors are plain functions `extract(path: Path, limits: Limits) -> Extracted`
that raise `ExtractError(reason, detail)` for a file they cannot read. They run
inside worker processes (see `pool.py`), never in the app's own process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Reasons shown to people. Keep them short; `detail` carries the specifics.
ENCRYPTED = "encrypted"
DAMAGED = "damaged"
NO_TEXT = "no text"
UNSUPPORTED = "unsupported"
TOO_LARGE = "too large"
TIMED_OUT = "timed out"
CRASHED = "crashed"
UNREADABLE = "unreadable"  # permission denied, vanished while reading
SCANNED = "scanned"  # pictures of pages and no OCR to read them
OLD_FORMAT = "old format"  # .doc, .ppt: binary formats no maintained Python library reads
READER_FAILED = "reader failed"  # the library gave up: not proof that the file is damaged
INVALID_MESSAGING = "invalid messaging"  # messaging/*.json that doesn't validate (briefs/messaging.py)

# What to do about each reason: the Problems list's last column and `enablement problems`' last line
# (the detail says what is wrong; these say what to do about it).
REASON_HELP = {
    ENCRYPTED: "needs a password — ask the owner for an unprotected copy",
    DAMAGED: "the file is damaged or truncated — re-export it from its source",
    NO_TEXT: "if you can see words in it, they are drawn as shapes or pictures — export it again from its source",
    UNSUPPORTED: "save it as PDF, Word, PowerPoint, Excel, Markdown, HTML or text to make it searchable",
    TOO_LARGE: "raise “Largest file to read” in Settings, or save a smaller copy",
    TIMED_OUT: "save a fresh copy or export a PDF of it; a changed file is read again",
    CRASHED: "save a fresh copy or export a PDF of it; a changed file is read again",
    UNREADABLE: "could not be opened — check permissions",
    SCANNED: "scanned — install OCR to search it (Tesseract; see the README)",
    OLD_FORMAT: "open it in its own app and save it in the current format (.docx, .pptx)",
    READER_FAILED: "the reader could not handle something in this file; it may open fine in "
    "its own app — saving a fresh copy or exporting a PDF usually helps",
    INVALID_MESSAGING: "approved messaging that briefs can't use — fix the keys named, or run `enablement messaging check`",
    "bad synonyms": "some lines of synonyms.txt cannot be used and are skipped — see the detail",
}


@dataclass
class Section:
    page: int  # 1-based page / slide / sheet / heading-section number
    label: str  # how people cite it: 'p. 7', 'slide 3', 'sheet Pricing', 'Objections'
    text: str
    heading: str = ""


@dataclass
class Extracted:
    sections: list[Section]
    # Document properties, lower-case keys: title, subject, keywords, category, author.
    properties: dict[str, str] = field(default_factory=dict)
    page_count: int = 0
    # Pages that are pictures of text (scans, photos): read by OCR after the
    # text of every file is in (see ocr.py), each page its own section then.
    scanned_pages: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 5000  # extract at most this many pages/slides/sheets, record the rest as cut
    max_chars_per_section: int = 200_000
    max_unzipped_bytes: int = 1024 * 1024 * 1024  # Office files: total after decompression
    max_zip_ratio: int = 200  # Office files: per-member compression ratio
    # Tesseract's languages for scanned pages and pictures ("eng", "eng+deu");
    # empty turns OCR off. Travels with the limits because workers need it.
    ocr_languages: str = "eng"


class ExtractError(Exception):
    """Why a file cannot be searched.

    `detail` is a sentence for the person reading the Problems list;
    `technical` is what the library said (exception type and message), kept
    for the log and the Problems view's Details, never shown in its place.
    """

    def __init__(self, reason: str, detail: str = "", technical: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.technical = technical

    def __reduce__(self) -> tuple:
        # Workers send errors back pickled; the default would rebuild from the
        # joined message and lose `reason`/`detail`.
        return (type(self), (self.reason, self.detail, self.technical))
