"""Snippets: the best short passage of a section with the query's words marked.

Returns plain text plus (start, end) spans so each front end marks them its
own way: the window paints them, the CLI wraps them in **…**.

A table (lines of cells joined by " | ", as the Word, PowerPoint and Markdown
readers write them) gives the row that matches, labelled by its header cells
when they are short ("Objection: Too expensive · Response: …"), never the
header row itself.

Hand-rolled rather than whoosh.highlight: that re-runs the analyzer per
token and cost ~1.9 ms a snippet (a third of a search); here each distinct
word is analysed once per process (cached), ~0.05 ms a snippet.
"""

from __future__ import annotations

from enablement_desktop.search.analysis import WORD, word_forms

CELL = " | "  # how the readers join a table row's cells (extract/docx.py, pptx.py, markdown_text.py)
LABEL_MAX = 20  # header cells longer than this are not used as labels: the row alone reads better


def make_snippet(text: str, terms: frozenset[str], max_chars: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """Best passage of `text` for the analysed `terms` (stems), and the spans to mark."""
    if terms and CELL in text:
        prose, rows = _split_tables(text)
        if rows:
            row, (row_terms, _) = max(((r, _score(r, terms)) for r in rows), key=lambda pair: pair[1])
            prose_terms = _prose_coverage(prose, terms, max_chars)
            # The row when it holds at least as many of the words as any stretch of prose.
            if row_terms and row_terms >= prose_terms:
                return _passage(row, terms, max_chars, whole_if_it_fits=True)
            if prose_terms:
                return _passage(prose, terms, max_chars)
    return _passage(text, terms, max_chars)


def _split_tables(text: str) -> tuple[str, list[str]]:
    """The text outside tables, and each table body row as a snippet would show it.

    A table is two or more consecutive lines with the same number (2+) of cells;
    its first line is taken as the header.
    """
    lines = text.splitlines()
    prose: list[str] = []
    rows: list[str] = []
    n = 0
    while n < len(lines):
        width = lines[n].count(CELL) + 1
        end = n + 1
        while width > 1 and end < len(lines) and lines[end].count(CELL) + 1 == width:
            end += 1
        if end - n >= 2:
            header = lines[n].split(CELL)
            rows += [_render(header, line.split(CELL)) for line in lines[n + 1:end]]
        else:
            prose.extend(lines[n:end])
        n = end
    return "\n".join(prose), rows


def _render(header: list[str], cells: list[str]) -> str:
    labels = [h.strip() for h in header]
    if all(0 < len(label) <= LABEL_MAX for label in labels):
        return " · ".join(f"{label}: {cell.strip()}" for label, cell in zip(labels, cells, strict=True) if cell.strip())
    return CELL.join(cell.strip() for cell in cells)


def _matches(flat: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    # A word is marked when any term it is indexed under was searched ("e-mail" for email).
    if not terms:
        return []
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(flat)]  # one pass of the regex
    # Each distinct word is looked up once. A plain ASCII word's one term is its stem,
    # which keeps its first two letters (its first letter, for a word of two or three):
    # words that cannot match are skipped without analysing them, which was most of a
    # first search's snippet time (tests/test_snippet_words.py holds the stemmer to it).
    heads = {t[:2] for t in terms} | {t[:1] for t in terms}
    marked = {word: min(found) for word in {w for _, _, w in words}
              if (word[:2 if len(word) > 3 else 1].lower() in heads or not (word.isascii() and word.isalpha()))
              and (found := word_forms(word) & terms)}
    return [(start, end, marked[word]) for start, end, word in words if word in marked] if marked else []


def _score(text: str, terms: frozenset[str]) -> tuple[int, int]:
    """(distinct terms, matches) in `text`."""
    found = _matches(text, terms)
    return len({form for _, _, form in found}), len(found)


def _prose_coverage(prose: str, terms: frozenset[str], max_chars: int) -> int:
    """How many distinct terms the best passage of `prose` holds."""
    flat = " ".join(prose.split())
    matches = _matches(flat, terms)
    if not matches:
        return 0
    start, end = _best_window(flat, matches, max_chars)
    return len({form for s, e, form in matches if s >= start and e <= end})


def _passage(text: str, terms: frozenset[str], max_chars: int,
             whole_if_it_fits: bool = False) -> tuple[str, list[tuple[int, int]]]:
    flat = " ".join(text.split())
    matches = _matches(flat, terms)
    if not matches:
        return _lead(flat, max_chars), []
    if whole_if_it_fits and len(flat) <= max_chars:  # a table row reads from its first cell
        start, end = 0, len(flat)
    else:
        start, end = _best_window(flat, matches, max_chars)
    snippet = flat[start:end]
    spans = [(s - start, e - start) for s, e, _ in matches if s >= start and e <= end]
    if start > 0:
        snippet, spans = "…" + snippet, [(s + 1, e + 1) for s, e in spans]
    if end < len(flat):
        snippet += "…"
    return snippet, spans


def _best_window(text: str, matches: list[tuple[int, int, str]], max_chars: int) -> tuple[int, int]:
    """The window of `max_chars` around a match that covers the most distinct terms, then most matches."""
    best = (-1, -1, 0)
    best_start = 0
    for first, (s, _, _) in enumerate(matches):
        start = max(0, s - max_chars // 4)
        inside = [m for m in matches[first:] if m[1] <= start + max_chars]
        score = (len({form for _, _, form in inside}), len(inside), -s)
        if score > best:
            best, best_start = score, start
    start = best_start
    if start > 0:  # begin at a word boundary
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < matches[0][0] or space < start + 20 else start
    end = min(len(text), start + max_chars)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + max_chars // 2 else end
    return start, end


def _lead(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars)
    return text[: cut if cut > max_chars // 2 else max_chars] + "…"


def mark(snippet: str, spans: list[tuple[int, int]], before: str = "**", after: str = "**") -> str:
    """Wrap each span in `before`/`after` (for terminals and JSON)."""
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += [snippet[last:start], before, snippet[start:end], after]
        last = end
    parts.append(snippet[last:])
    return "".join(parts)
