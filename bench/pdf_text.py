"""PDF text as people read it: our repaired text beside PDFium's own and `pdftotext`.

    .venv/bin/python bench/pdf_text.py [--files 10] [--lines 60]

Generates PDFs that set words the ways real ones do (tests/support/formats.py,
`write_layout_pdf`: words in pieces with and without space characters, tracked
headings, hyphenation at line ends, ligatures), and counts how many of the
words a person reads come out whole: recall over the words, as a multiset.
Also times the text step on an ordinary 40-page text PDF (all spaces are the
PDF's own, the common case) and on the layout PDFs.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from enablement_desktop.extract.pdf_text import page_text  # noqa: E402
from resources.docgen import write_pdf  # noqa: E402
from tests.support.formats import write_layout_pdf  # noqa: E402

WORD = re.compile(r"[a-z]+")


def recall(truth: list[str], text: str) -> tuple[int, int]:
    found = Counter(WORD.findall(text.lower()))
    wanted = Counter(truth)
    return sum(min(n, found[w]) for w, n in wanted.items()), sum(wanted.values())


def pdfium_text(path: Path, repaired: bool) -> str:
    doc = pdfium.PdfDocument(path)
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append(page_text(textpage) if repaired else textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        doc.close()


def poppler_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages_per_second(path: Path, repaired: bool, rounds: int = 5) -> float:
    pages = len(pdfium.PdfDocument(path))
    start = time.perf_counter()
    for _ in range(rounds):
        pdfium_text(path, repaired)
    return pages * rounds / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--lines", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        totals = {name: [0, 0] for name in ("pdftotext", "PDFium as is", "PDFium repaired (ours)")}
        for seed in range(args.files):
            path = folder / f"layout-{seed}.pdf"
            truth = write_layout_pdf(path, seed, args.lines)
            for name, text in (
                ("pdftotext", poppler_text(path)),
                ("PDFium as is", pdfium_text(path, False)),
                ("PDFium repaired (ours)", pdfium_text(path, True)),
            ):
                hit, total = recall(truth, text)
                totals[name][0] += hit
                totals[name][1] += total
        print(f"{args.files} generated PDFs, {args.lines} lines each")
        print("| reader | words read whole | recall |")
        print("|---|---|---|")
        for name, (hit, total) in totals.items():
            print(f"| {name} | {hit:,} of {total:,} | {hit / total:.1%} |")

        plain = write_pdf(folder / "plain.pdf",
                          [" ".join(["Renewal terms and discount approvals for the quarter."] * 40)] * 40)
        layout = folder / "layout-0.pdf"
        print("\n| PDF | PDFium as is, pages/s | repaired, pages/s |")
        print("|---|---|---|")
        for label, path in (("40 ordinary text pages", plain), ("layout test PDF", layout)):
            print(f"| {label} | {pages_per_second(path, False):,.0f} | {pages_per_second(path, True):,.0f} |")


if __name__ == "__main__":
    main()
