"""Snippets: the best short passage of a section with the query's words marked.

Returns plain text plus (start, end) spans so each front end marks them its
own way: the window paints them, the CLI wraps them in **…**.
"""

from __future__ import annotations

from whoosh import highlight

from enablement_desktop.search.schema import text_analyzer

_OPEN, _CLOSE = "\x02", "\x03"
_ANALYZER = text_analyzer()


class _MarkerFormatter(highlight.Formatter):
    between = " … "

    def format_token(self, text, token, replace=False):
        return _OPEN + highlight.get_text(text, token, replace) + _CLOSE


def make_snippet(text: str, terms: frozenset[str], max_chars: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """Best passage of `text` for the analysed `terms` (stems), and the spans to mark."""
    flat = " ".join(text.split())
    marked = ""
    if terms:
        fragmenter = highlight.ContextFragmenter(maxchars=max_chars, surround=max_chars // 3)
        marked = highlight.highlight(flat, terms, _ANALYZER, fragmenter, _MarkerFormatter(), top=1)
    if not marked:
        return _lead(flat, max_chars), []
    snippet, spans = _unmark(marked)
    if not flat.startswith(snippet[:20]):
        snippet, spans = "…" + snippet, [(s + 1, e + 1) for s, e in spans]
    if not flat.endswith(snippet[-20:]):
        snippet += "…"
    return snippet, spans


def _lead(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars)
    return text[: cut if cut > max_chars // 2 else max_chars] + "…"


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start = 0
    for ch in marked:
        if ch == _OPEN:
            start = pos
        elif ch == _CLOSE:
            spans.append((start, pos))
        else:
            out.append(ch)
            pos += 1
    return "".join(out), spans


def mark(snippet: str, spans: list[tuple[int, int]], before: str = "**", after: str = "**") -> str:
    """Wrap each span in `before`/`after` (for terminals and JSON)."""
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += [snippet[last:start], before, snippet[start:end], after]
        last = end
    parts.append(snippet[last:])
    return "".join(parts)
