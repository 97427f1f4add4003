"""What the result area says when there is no list to show — always with a next step.

Rich text with links the search view acts on: `q:<query>` searches for it,
`clear` clears the filters, `reindex` and `choose` start those actions.
"""

from __future__ import annotations

import html
from pathlib import Path

from enablement_desktop import paths
from ui.search_runner import SearchPage

# Written for the bundled demo library; any other library gets examples from its own facets.
EXAMPLES = ("pricing objection persona:CFO", '"payback period"', "case study region:EMEA",
            "SOC 2 type:pdf", "battlecard -2025")


def _term(value: str) -> str:
    return value if value.replace("-", "").isalnum() else f'"{value}"'


def example_queries(facets: dict[str, list[tuple[str, int]]], library: Path,
                    found: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Examples that find something in this library: the demo's own; else `found`, built by the
    engine from the library's facets and title words and checked to match (SearchEngine.examples);
    else built from the facet counts."""
    if library.resolve() == paths.DEMO_LIBRARY.resolve():
        return list(EXAMPLES)
    if found:
        return list(found)[:5]
    examples = [f"{field}:{_term(values[0][0])}" for field in ("product", "persona", "stage")
                if (values := facets.get(field))]
    examples += [_term(tag) for tag, _count in facets.get("tags", [])[:3]]
    types = facets.get("type", [])
    if len(types) > 1:  # the rarest type: a filter worth showing only when it narrows
        examples.append(f"type:{types[-1][0]}")
    return examples[:5]



def _query_link(query: str, bold: bool = False) -> str:
    text = f"<b>{html.escape(query)}</b>" if bold else html.escape(query)
    return f"<a href='q:{html.escape(query, quote=True)}'>{text}</a>"


def empty_html(library_assets: int | None, examples: list[str] | tuple[str, ...] = ()) -> str:
    """Nothing typed yet: what to type, and examples to click."""
    count = f"{library_assets:,} asset{'s' if library_assets != 1 else ''}" if library_assets else "your collateral"
    links = "<br>".join(_query_link(e) for e in examples)
    return (f"<h2>Search {count}</h2>"
            "<p>Type what the buyer asked about: assets with all the words come first; "
            "add <b>persona:</b>, <b>product:</b>, <b>stage:</b>, <b>region:</b> or <b>type:</b> "
            "to narrow, \"quotes\" for a phrase, -word to leave one out.</p>"
            + (f"<p>Try one of these:<br>{links}</p>" if examples else "") +
            "<p>Tick filters on the left to browse without typing. "
            "<b>Ctrl+K</b> comes back to the search field from anywhere.</p>")


def reading_text(progress: tuple[int, int] | None) -> str:
    """'still reading your library (977 of 1,122)' while an index run is going."""
    if progress and progress[1]:
        return f"still reading your library ({progress[0]:,} of {progress[1]:,})"
    return "still reading your library"


def no_result_html(page: SearchPage, indexing: bool, library: Path,
                   progress: tuple[int, int] | None = None) -> str:
    """An empty list: an empty library, a library still being read, or a query that found nothing."""
    request, result = page.request, page.result
    if not page.library_assets:
        if indexing:
            return ("<h3>Reading your library…</h3>"
                    "<p>Results appear here as soon as the first files are indexed.</p>")
        return ("<h3>No assets in this library yet</h3>"
                f"<p>{html.escape(str(library))}</p>"
                "<p><a href='choose'>Choose your library folder…</a> &nbsp;·&nbsp; "
                "<a href='reindex'>Re-index</a></p>")
    if request.is_blank:
        return empty_html(page.library_assets, example_queries(page.facets, library, page.examples))
    parts = [f"<h3>No asset matches “{html.escape(request.text.strip())}”{' yet' if indexing else ''}</h3>"]
    if indexing:
        parts.append(f"<p>The app is {reading_text(progress)}: this searched what is read so far, "
                     "and the results update when it is done.</p>")
    if result.suggestion:
        parts.append(f"<p>Did you mean {_query_link(result.suggestion, bold=True)}?</p>")
    if request.filters:
        parts.append("<p>Filters are on. <a href='clear'>Clear filters</a> to search the whole library.</p>")
    parts += [f"<p>{html.escape(n)}</p>" for n in result.notes]
    parts.append("<p>Try fewer or other words — a product name, a competitor, the buyer's role.</p>")
    return "".join(parts)


def summary_html(page: SearchPage, shown: int | None = None) -> str:
    """The line above the results: how many, and anything the seller should know about them.
    `shown`: rows in the list (more than the page's first rows once scrolling loaded more)."""
    result = page.result
    shown = len(page.rows) if shown is None else shown
    count = f"<b>{result.total:,} asset{'s' if result.total != 1 else ''}</b>"
    if result.total > shown:
        count += f" · showing the best {shown} (scroll for more)"
    parts = [count]
    rest = result.total - result.all_words
    if result.any_words:
        parts.append("no asset has all the words; showing assets with some of them")
    elif rest > 0 and result.all_words:
        parts.append(f"{result.all_words:,} with all the words, {rest:,} with some of them")
    if result.suggestion:
        parts.append(f"did you mean {_query_link(result.suggestion)}?")
    parts += [html.escape(n) for n in result.notes]
    return " · ".join(parts)


def error_html(message: str) -> str:
    return ("<h3>Search is not available right now</h3>"
            f"<p>{html.escape(message)}</p>"
            "<p><a href='reindex'>Re-index the library</a> to repair the search index.</p>")
