"""`python -m enablement_desktop.preview.page_texts PDF`: print each page's text as a JSON list.

Run as a child process by preview.locate: PDFium is not thread-safe, and the
window renders pages with QtPdf (its own PDFium) on other threads, so reading
a converted PDF's text inside the window's process crashed it (seen as a
segfault in pypdfium2's get_page while a preview rendered).
"""

from __future__ import annotations

import json
import sys

import pypdfium2 as pdfium


def page_texts(path: str) -> list[str]:
    doc = pdfium.PdfDocument(path)
    try:
        texts = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def main(argv: list[str]) -> int:
    try:
        texts = page_texts(argv[0])
    except (pdfium.PdfiumError, IndexError, OSError) as exc:
        print(f"cannot read the PDF: {exc}", file=sys.stderr)
        return 1
    json.dump(texts, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
