"""OCR of scanned PDF pages and pictures with Tesseract, one page per job.

Runs inside an extraction worker (pool.py), so a page gets the worker's time
limit and memory cap: the `tesseract` child process inherits the cap
(rlimits pass through exec) and, on Linux, is killed with the worker when the
pool stops a job past its deadline (PR_SET_PDEATHSIG), so no OCR process
outlives its job.

Direct calls, not pytesseract: pytesseract writes each page to a temporary
PNG file and runs the same `tesseract` binary on it; piping an uncompressed
PGM to `tesseract stdin stdout` skips the PNG encoding and the disk, and
costs no dependency. What matters far more is OMP_THREAD_LIMIT=1: Tesseract's
own threads, left on (pytesseract's default), cost 4x the CPU per page on
our 2 busy cores (docs/benchmarks.md, "OCR").

Without Tesseract (or with OCR switched off in Settings) scanned files are
listed in Problems as "scanned", never as damaged.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .base import DAMAGED, SCANNED, TOO_LARGE, ExtractError, Limits

# Tesseract's documentation asks for at least 300 dpi. On our clean generated
# scans 200 dpi read the same words for ~70% of the CPU (docs/benchmarks.md),
# but real scans are noisier, so the advice stands.
DPI = 300
_MAX_PIXELS = 40_000_000  # a poster-sized page is read at a lower resolution, not at 1 GB
_LANGUAGE = re.compile(r"[a-z]{3}(_[a-z]+)?")  # Tesseract's codes: eng, deu, chi_sim
INSTALL_HINT = "install Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) to search it"


@dataclass(frozen=True)
class OcrJob:
    path: Path
    kind: str  # "pdf" or "image"
    page: int  # 1-based page or picture frame


def tesseract() -> str | None:
    return shutil.which("tesseract")


@functools.cache
def installed_languages() -> frozenset[str]:
    binary = tesseract()
    if binary is None:
        return frozenset()
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # The first line is a heading ("List of available languages in …").
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def unavailable_reason(languages: str) -> str:
    """Why OCR cannot read a scan now, as a sentence; "" when it can."""
    if not languages.strip():
        return "scanned pages, and OCR is switched off in Settings"
    if tesseract() is None:
        return f"scanned pages — {INSTALL_HINT}"
    missing = [lang for lang in languages.split("+") if lang not in installed_languages()]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        return f"scanned pages — the OCR language {', '.join(missing)} is not installed ({packages})"
    return ""


def read_page(job: OcrJob, limits: Limits) -> str:
    """The words Tesseract reads on one page or frame; raises ExtractError."""
    binary = tesseract()
    if binary is None:
        raise ExtractError(SCANNED, f"scanned pages — {INSTALL_HINT}")  # removed while the app ran
    image = _render(job)
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # PGM for a grey image: no compression to pay for
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # workers are the parallelism; threads fight them
    done = subprocess.run(
        [binary, "stdin", "stdout", "-l", limits.ocr_languages, "--psm", "3"],
        input=buffer.getvalue(),
        capture_output=True,
        env=env,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", errors="replace").strip()[-300:]
        if done.returncode < 0 and -done.returncode == signal.SIGKILL:
            raise ExtractError(TOO_LARGE, "the page is too large to read with OCR", detail)
        raise ExtractError(DAMAGED, "OCR could not read this page", detail or f"exit {done.returncode}")
    return done.stdout.decode("utf-8", errors="replace")


def _render(job: OcrJob):  # -> PIL.Image.Image
    if job.kind == "pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(job.path)
        try:
            page = doc[job.page - 1]
            try:
                width, height = page.get_size()  # points
                scale = min(DPI / 72, (_MAX_PIXELS / max(width * height, 1)) ** 0.5)
                return page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
        finally:
            doc.close()
    from PIL import Image

    with Image.open(job.path) as picture:
        picture.seek(job.page - 1)
        grey = picture.convert("L")
    if grey.width * grey.height > _MAX_PIXELS:
        factor = (_MAX_PIXELS / (grey.width * grey.height)) ** 0.5
        grey = grey.resize((int(grey.width * factor), int(grey.height * factor)))
    return grey


def _die_with_parent() -> None:
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)


def normalize_languages(text: str) -> str:
    """'eng, deu' or 'eng+deu' -> 'eng+deu'; anything that is no language code is dropped."""
    codes = [code for code in re.split(r"[\s,;+]+", text.strip()) if _LANGUAGE.fullmatch(code)]
    return "+".join(dict.fromkeys(codes))
