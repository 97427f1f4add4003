"""Text extraction from collateral files, one module per format family.

`extract_file` is the one entry point: it never lets a library exception out,
every failure becomes an `ExtractError` with a reason from `base`. Untrusted
files should go through `pool.ExtractPool`, which runs this in worker
processes with a timeout and a memory cap.

Format modules are imported on first use, so importing this package (e.g. for
`SUPPORTED_SUFFIXES` in the scanner) does not load pdfium, lxml or openpyxl.
"""

from __future__ import annotations

import errno
import importlib
import re
from pathlib import Path

from .base import (
    CRASHED,
    DAMAGED,
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

_FILE_TYPES = {
    ".pdf": "pdf",
    ".pptx": "pptx",
    ".pptm": "pptm",
    ".docx": "docx",
    ".docm": "docm",
    ".xlsx": "xlsx",
    ".xlsm": "xlsm",
    ".xls": "xls",
    ".odt": "odt",
    ".odp": "odp",
    ".ods": "ods",
    ".rtf": "rtf",
    ".eml": "eml",
    ".msg": "msg",
    ".doc": "doc",
    ".ppt": "ppt",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".md": "md",
    ".markdown": "md",
    ".mdx": "md",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".text": "txt",
    ".csv": "txt",
    ".tsv": "txt",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FILE_TYPES)
_TEXT_TYPES = {"md", "html", "txt", "rtf", "eml"}

# file type -> "module:function"; register_extractor() may add more.
_EXTRACTORS = {
    "pdf": f"{__name__}.pdf:extract",
    "pptx": f"{__name__}.pptx:extract",
    "pptm": f"{__name__}.pptx:extract",  # macros are never run: only the slides' XML is read
    "docx": f"{__name__}.docx:extract",
    "docm": f"{__name__}.docx:extract",
    "xlsx": f"{__name__}.xlsx:extract",
    "xlsm": f"{__name__}.xlsx:extract",
    "xls": f"{__name__}.xls:extract",
    "odt": f"{__name__}.odf:extract",
    "odp": f"{__name__}.odf:extract",
    "ods": f"{__name__}.odf:extract",
    "rtf": f"{__name__}.rtf:extract",
    "eml": f"{__name__}.mail:extract",
    "msg": f"{__name__}.msg:extract",
    "doc": f"{__name__}.legacy:extract",
    "ppt": f"{__name__}.legacy:extract",
    "image": f"{__name__}.image:extract",
    "md": f"{__name__}.markup:extract_markdown",
    "html": f"{__name__}.markup:extract_html",
    "txt": f"{__name__}.text:extract",
}
# Named in a reason when the library reading the file gives up on it.
_READERS = {
    "pdf": "PDF", "pptx": "PowerPoint", "pptm": "PowerPoint", "docx": "Word", "docm": "Word",
    "doc": "Word", "ppt": "PowerPoint", "xlsx": "Excel", "xlsm": "Excel", "xls": "Excel",
    "odt": "OpenDocument", "odp": "OpenDocument", "ods": "OpenDocument", "rtf": "rich text",
    "eml": "e-mail", "msg": "Outlook message", "image": "picture", "md": "Markdown", "html": "web page", "txt": "text",
}  # fmt: skip

# Bumped when an extractor's output changes, so that files read by an older
# one are read again on the next run although they did not change (types not
# listed are at 1). md 2: MDX, front matter, markup stripped. pdf 2: scanned
# pages found (for OCR). pptx 2: charts. docx 2: headers, footers, text boxes,
# footnotes, charts. xlsx 2: charts, chart sheets.
EXTRACTOR_VERSIONS: dict[str, int] = {"md": 3, "html": 2, "pdf": 3, "pptx": 2, "docx": 2, "xlsx": 2}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # everything but \t \n \r
_SPACES = re.compile(r"[^\S\t\n]+")  # runs of spaces, keeping tabs (sheet columns) and newlines
_LINE_EDGES = re.compile(r" ?\n ?")  # after _SPACES, at most one space sits on each side
_BLANK_LINES = re.compile(r"\n{3,}")


def file_type(path: Path) -> str | None:
    """'pdf', 'pptx', 'docx', 'xlsx', 'odt', 'image', 'md', … (see _FILE_TYPES); None when not indexed."""
    return _FILE_TYPES.get(Path(path).suffix.lower())


def extractor_version(kind: str) -> int:
    """The version of the extractor for file type `kind` (see EXTRACTOR_VERSIONS)."""
    return EXTRACTOR_VERSIONS.get(kind, 1)


def register_extractor(suffix: str, target: str) -> None:
    """Route files ending in `suffix` to `target`, "package.module:function".

    An extension point for format plugins; the pool's tests use it to add
    extractors that hang or crash. Not part of SUPPORTED_SUFFIXES.
    """
    kind = suffix.lower()
    _FILE_TYPES[kind] = kind
    _EXTRACTORS[kind] = target


# Limits is frozen, so one shared default instance is safe.
def extract_file(path: Path, limits: Limits = Limits()) -> Extracted:  # noqa: B008
    """Extract one file's sections and properties, or raise ExtractError."""
    path = Path(path)
    kind = file_type(path)
    if kind is None:
        raise ExtractError(
            UNSUPPORTED, f"{path.suffix or 'files without an extension'} not indexed"
        )
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ExtractError(TOO_LARGE, f"{_mb(size)}, the limit is {_mb(limits.max_bytes)}")
        if size == 0:
            raise ExtractError(NO_TEXT if kind in _TEXT_TYPES else DAMAGED, "empty file (0 bytes)")
        module, function = _EXTRACTORS[kind].split(":")
        result = getattr(importlib.import_module(module), function)(path, limits)
    except ExtractError:
        raise
    except MemoryError:
        raise ExtractError(CRASHED, "ran out of memory") from None
    except RecursionError:
        raise ExtractError(DAMAGED, "its structure is nested too deeply to read") from None
    except OSError as exc:
        raise _os_error(exc) from None
    except Exception as exc:  # any library's complaint about a bad file
        raise _library_error(exc, kind) from None
    return _cleaned(result, limits)


def _os_error(exc: OSError) -> ExtractError:
    # Libraries also raise OSError (EINVAL, no errno) for impossible seeks and
    # the like inside a damaged file; only real I/O failures mean unreadable.
    if exc.errno is None or exc.errno == errno.EINVAL:
        return ExtractError(DAMAGED, "the file is damaged: it points past its own end", _short(exc))
    return ExtractError(UNREADABLE, exc.strerror or _short(exc), _short(exc))


def _library_error(exc: Exception, kind: str) -> ExtractError:
    """A sentence for what a reader library raised; its own words go to `technical`.

    Only what shows the file itself is broken is called damaged; anything else
    may be a file the library cannot handle (a newer feature, an odd writer)
    that opens fine in its own app.
    """
    technical = _short(exc)
    name = type(exc).__name__
    if name == "BadZipFile":
        return ExtractError(DAMAGED, "the file's zip container is broken — it may have been cut short", technical)
    if isinstance(exc, KeyError) and "There is no item named" in str(exc):
        return ExtractError(
            DAMAGED,
            f"parts of the file are missing — it was cut short, or it is not really the {_READERS.get(kind, kind)} "
            "file its name says",
            technical,
        )
    if name == "XMLSyntaxError":
        return ExtractError(DAMAGED, "the text inside the file is garbled", technical)
    return ExtractError(
        READER_FAILED, f"the {_READERS.get(kind, kind)} reader could not handle this file", technical
    )


def _cleaned(result: Extracted, limits: Limits) -> Extracted:
    sections = []
    for section in result.sections:
        text = clean_text(section.text)[: limits.max_chars_per_section]
        if text:
            sections.append(
                Section(section.page, clean_text(section.label), text, clean_text(section.heading))
            )
    scanned = result.scanned_pages
    if scanned and not sections:
        from .ocr import unavailable_reason  # only files with scans need to know

        if why_not := unavailable_reason(limits.ocr_languages):
            raise ExtractError(SCANNED, why_not)
    # With text pages as well, the file is searchable now; its scanned pages
    # wait (assets.scanned_pages) for an OCR phase that can read them.
    if not sections and not scanned:
        raise ExtractError(NO_TEXT, "no text found")
    properties = {
        key: text for key, raw in result.properties.items() if (text := clean_text(str(raw)))
    }
    return Extracted(
        sections=sections, properties=properties, page_count=result.page_count, scanned_pages=scanned
    )


def clean_text(text: str) -> str:
    """Drop NUL and other control characters, collapse spaces, keep line and tab structure."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _short(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    detail = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return detail if len(detail) <= 160 else detail[:159] + "…"


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


__all__ = [
    "SUPPORTED_SUFFIXES",
    "Extracted",
    "ExtractError",
    "Limits",
    "Section",
    "clean_text",
    "extract_file",
    "extractor_version",
    "file_type",
    "register_extractor",
]
