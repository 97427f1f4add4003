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
    args = parser.parse_args()
    limits = Limits()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scans = write_scanned_pdf(folder / "scans.pdf", [scan_lines(n) for n in range(args.pages)])
        jobs = [OcrJob(scans, "pdf", page) for page in range(1, args.pages + 1)]

        start = time.perf_counter()
        words = sum(len(read_page(job, limits).split()) for job in jobs)
        direct = args.pages / (time.perf_counter() - start)
        print(f"direct call, 1 process: {direct:.2f} pages/s ({words} words read)")

        try:
            import pytesseract
        except ImportError:
            print("pytesseract: not installed, not measured")
        else:
            start = time.perf_counter()
            for job in jobs:
                pytesseract.image_to_string(_render(job), lang="eng")
            print(f"pytesseract, 1 process: {args.pages / (time.perf_counter() - start):.2f} pages/s")

        done: list[object] = []
        start = time.perf_counter()
        with ExtractPool(workers=2) as pool:
            pool.run(jobs, limits, lambda _job, outcome: done.append(outcome),
                     task="enablement_desktop.extract.ocr:read_page")
        pooled = args.pages / (time.perf_counter() - start)
        print(f"extraction pool, 2 workers: {pooled:.2f} pages/s (worker start included)")

        library = folder / "library"
        scanned = max(1, args.pdfs // 10)
        for n in range(args.pdfs):
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
            summary = update_library(ctx.db, index, library, workers=2, limits=Limits(ocr_languages=languages))
            seconds = time.perf_counter() - start
            print(f"full index, {args.pdfs} PDFs ({scanned} scanned), {label}: {seconds:.1f} s, "
                  f"{args.pdfs / seconds:.1f} files/s, {summary.pages + summary.scanned_pages} pages "
                  f"({summary.scanned_pages} by OCR), {summary.failed} not searchable")
            ctx.db.close()
            shutil.rmtree(data)


if __name__ == "__main__":
    main()
