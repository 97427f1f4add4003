"""Snippets: the best short passage of a section with the query's words marked.

Returns plain text plus (start, end) spans so each front end marks them its
own way: the window paints them, the CLI wraps them in **…**.

Hand-rolled rather than whoosh.highlight: that re-runs the analyzer per
token and cost ~1.9 ms a snippet (a third of a search); here each distinct
word is analysed once per process (cached), ~0.05 ms a snippet.
"""

from __future__ import annotations

from enablement_desktop.search.analysis import WORD, word_forms


def make_snippet(text: str, terms: frozenset[str], max_chars: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """Best passage of `text` for the analysed `terms` (stems), and the spans to mark."""
    flat = " ".join(text.split())
    # A word is marked when any term it is indexed under was searched ("e-mail" for email).
    matches = [(m.start(), m.end(), min(found)) for m in WORD.finditer(flat)
               if (found := word_forms(m.group()) & terms)] if terms else []
    if not matches:
        return _lead(flat, max_chars), []
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
