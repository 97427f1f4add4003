"""A PDF page's text as people read it, repaired from what PDFium returns.

PDFs place glyphs, not words. PDFium rebuilds words and lines and inserts
"generated" spaces where glyphs stand apart; three things still come out
wrong often enough to lose search hits, and are repaired here:

- Letters spaced apart: a word set in pieces (kerned or tracked text, one
  piece per glyph run) comes out as "Crowle y Maritim e". Where the text
  shows a one-letter piece beside another word, each generated space is
  checked against the character boxes of its line: it stays only if the gap
  is wide for a word space there (60% of the line's gaps at real space
  characters; without those, the wide side of a clear jump between narrow and
  wide gaps; failing that, glyphs that nearly touch: 8% of the font size).
- Words hyphenated at a line end: PDFium joins the lines and marks the
  hyphen (U+FFFE); "pay-/ment" becomes "payment" when the word goes on in
  lower case, and keeps its hyphen otherwise ("Q3-/Report").
- Ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) are unfolded: "ﬁnance" is found by "finance".

Only pages where the text shows the one-letter pattern pay for the boxes
(measured: docs/benchmarks.md, "PDF text").
"""

from __future__ import annotations

import re
import statistics

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st"}
)  # fmt: skip
_LINE_END_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen it removed at a line end
_JOINED_HYPHEN = re.compile(r"(?<=[^\W\d_])\ufffe(?=[a-zà-ÿ])")
_REAL_SAMPLE = 8  # real spaces measured per line: enough for a median
_TOUCHING = 0.08  # of the font size: a gap this narrow is inside a word, whatever the font


def page_text(textpage: pdfium.PdfTextPage) -> str:
    text = textpage.get_text_range()
    if " " in text and len(text) == textpage.count_chars():
        # (Equal lengths: the text's indexes are PDFium's character indexes.)
        text = _rejoin(textpage, text)
    text = _JOINED_HYPHEN.sub("", text).replace(_LINE_END_HYPHEN, "-")
    return text.translate(_LIGATURES)


def _rejoin(textpage: pdfium.PdfTextPage, text: str) -> str:
    dropped: set[int] = set()
    start = 0
    for line in text.split("\n"):
        dropped |= _split_spaces(textpage, text, start, start + len(line))
        start += len(line) + 1
    return "".join(char for index, char in enumerate(text) if index not in dropped)


def _split_spaces(textpage: pdfium.PdfTextPage, text: str, start: int, end: int) -> set[int]:
    """The generated spaces of one line that stand inside a word."""
    raw = textpage.raw
    spaces = [
        index for index in range(max(start, 1), min(end, len(text) - 1))
        if text[index] == " " and text[index - 1].isalpha() and text[index + 1].isalpha()
    ]
    made = [index for index in spaces if pdfium_c.FPDFText_IsGenerated(raw, index) == 1]
    if not made:
        return set()  # every space is the PDF's own: nothing to doubt (the common case, and cheap)
    generated = [(index, gap) for index in made if (gap := _gap(textpage, index - 1, index + 1)) is not None]
    made_set = set(made)
    own = [index for index in spaces if index not in made_set][:_REAL_SAMPLE]
    real = [gap for index in own if (gap := _gap(textpage, index - 1, index + 1)) is not None]
    if not generated:
        return set()
    if len(real) >= 2:
        # Spaces the PDF itself holds show how wide a word space is on this line.
        limit = statistics.median(real) * 0.6
    else:
        font_size = pdfium_c.FPDFText_GetFontSize(raw, generated[0][0] - 1)
        # Without the PDF's own spaces or two clear kinds of gap, only glyphs that
        # nearly touch are one word: PDFium can report a font size twice the
        # printed one (16 pt for 8 pt capitals), and a quarter of it then glued
        # every word of a real audit report together.
        limit = _two_kinds(sorted(gap for _, gap in generated), font_size) or font_size * _TOUCHING
    return {index for index, gap in generated if gap < limit}


def _two_kinds(gaps: list[float], font_size: float) -> float | None:
    """Where narrow gaps (inside words) end and wide ones (between words) begin, if the line has both.

    The split that best separates the two groups (Otsu's method, in one
    dimension); None unless the wide group is clearly wider (1.5 times, and
    by a tenth of the font size), as it is when pieces of words and whole
    words sit on one line — and unless the narrow gaps are narrow for a word
    space and the wide ones not as wide as table columns, which must never
    glue the words between them.
    """
    best, split = 0.0, None
    total = sum(gaps)
    left = 0.0
    for count in range(1, len(gaps)):
        left += gaps[count - 1]
        low, high = left / count, (total - left) / (len(gaps) - count)
        spread = count * (len(gaps) - count) * (high - low) ** 2
        if spread > best:
            best, split = spread, count
    if split is None:
        return None
    low = sum(gaps[:split]) / split
    high = sum(gaps[split:]) / (len(gaps) - split)
    if high < 1.5 * max(low, 0.1) or high - low < font_size / 10:
        return None
    if low > 0.4 * font_size or high > font_size:
        return None
    return (gaps[split - 1] + gaps[split]) / 2


def _gap(textpage: pdfium.PdfTextPage, before: int, after: int) -> float | None:
    """Horizontal space between two characters on one line; None if they are on different lines."""
    left_a, bottom_a, right_a, top_a = textpage.get_charbox(before)
    left_b, bottom_b, right_b, top_b = textpage.get_charbox(after)
    if min(top_a, top_b) <= max(bottom_a, bottom_b):  # no vertical overlap: a line break
        return None
    return left_b - right_a
