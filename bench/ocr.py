"""OCR: pages per second, and a full index with OCR where 10% of the PDFs are scans.

    .venv/bin/python bench/ocr.py [--pages 12] [--pdfs 100]

1. Pages per second on generated scanned pages (a letter page at 300 dpi with
   15 lines of text), one worker, for our direct call (a PGM piped to
   `tesseract stdin stdout`) and, when pytesseract is installed, for
   pytesseract's temporary-PNG call on the same rendered pages.
2. The same pages through the extraction pool with 2 workers.
3. A full index of `--pdfs` PDFs (8 text pages each) of which 10% are
   scanned (3 pages each), with OCR off and on: files/s and wall time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from enablement_desktop.context import open_context, open_search_index  # noqa: E402
from enablement_desktop.extract.base import Limits  # noqa: E402
from enablement_desktop.extract.ocr import OcrJob, _render, read_page  # noqa: E402
from enablement_desktop.extract.pool import ExtractPool  # noqa: E402
from enablement_desktop.library.update import update_library  # noqa: E402
from resources.docgen import write_pdf, write_scanned_pdf  # noqa: E402
from tests.support.formats import LAYOUT_WORDS  # noqa: E402


def scan_lines(seed: int, count: int = 15) -> list[str]:
    words = LAYOUT_WORDS
    return [" ".join(words[(seed * 7 + n * 3 + k) % len(words)] for k in range(6)) for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--index-only", action="store_true", help="only the full-index rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.index_only:
            pages_per_second(folder, args.pages)
        full_index(folder, args.pdfs)


def pages_per_second(folder: Path, pages: int) -> None:
    limits = Limits()
    scans = write_scanned_pdf(folder / "scans.pdf", [scan_lines(n) for n in range(pages)])
    jobs = [OcrJob(scans, "pdf", page) for page in range(1, pages + 1)]

    start = time.perf_counter()
    words = sum(len(read_page(job, limits).split()) for job in jobs)
    print(f"direct call, 1 process: {pages / (time.perf_counter() - start):.2f} pages/s ({words} words read)")

    try:
        import pytesseract
    except ImportError:
        print("pytesseract: not installed, not measured")
    else:
        start = time.perf_counter()
        for job in jobs:
            pytesseract.image_to_string(_render(job), lang="eng")
        print(f"pytesseract, 1 process: {pages / (time.perf_counter() - start):.2f} pages/s")

    done: list[object] = []
    start = time.perf_counter()
    with ExtractPool(workers=2) as pool:
        pool.run(jobs, limits, lambda _job, outcome: done.append(outcome),
                 task="enablement_desktop.extract.ocr:read_page")
    print(f"extraction pool, 2 workers: {pages / (time.perf_counter() - start):.2f} pages/s "
          "(worker start included)")


def full_index(folder: Path, pdfs: int) -> None:
    library = folder / "library"
    scanned = max(1, pdfs // 10)
    for n in range(pdfs):
        if n < scanned:
            write_scanned_pdf(library / f"scan-{n:03}.pdf", [scan_lines(n + p) for p in range(3)])
        else:
            write_pdf(library / f"deck-{n:03}.pdf",
                      [f"Deck {n} page {p}: renewal terms, discount approvals, onboarding." for p in range(8)])
    for label, languages in (("OCR off", ""), ("OCR on", "eng")):
        data = folder / f"data-{label.replace(' ', '-')}"
        ctx = open_context(data)
        index = open_search_index(ctx)
        start = time.perf_counter()
        ocr_started: list[float] = []

        def progress(done: int, total: int, step: str, started: list[float] = ocr_started,
                     began: float = start) -> None:
            if step.startswith("Reading scanned pages") and not started:
                started.append(time.perf_counter() - began)

        summary = update_library(ctx.db, index, library, workers=2, progress=progress,
                                 limits=Limits(ocr_languages=languages))
        seconds = time.perf_counter() - start
        print(f"full index, {pdfs} PDFs ({scanned} scanned), {label}: {seconds:.1f} s, "
              f"{pdfs / seconds:.1f} files/s, {summary.pages + summary.scanned_pages} pages "
              f"({summary.scanned_pages} by OCR), {summary.failed} not searchable")
        if ocr_started:
            print(f"  every file's own text searchable, OCR phase starting, after {ocr_started[0]:.1f} s")
        ctx.db.close()
        shutil.rmtree(data)


if __name__ == "__main__":
    main()
