"""The whoosh schema: one document per asset.

The body holds the title, tags and file/folder words, then every section (page, slide, sheet)
in order, joined with analysis.SECTION_BREAK so that a term's positions tell
which page it is on. Facet values are not indexed: filters and facet counts
come from the database catalog as bitsets (matchsets.py), which is faster
than any whoosh field and keeps the index smaller. `asset` is a column so a
docnum maps to its asset without touching stored fields.
"""

from __future__ import annotations

from whoosh import analysis, fields

from enablement_desktop.search.analysis import StemmingTokenizer
from enablement_desktop.search.fields import FACET_FIELDS


def text_analyzer() -> analysis.Analyzer:
    return StemmingTokenizer()


def build_schema() -> fields.Schema:
    analyzer = text_analyzer()
    return fields.Schema(
        asset=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(analyzer=analyzer),
        body=fields.TEXT(analyzer=analyzer),
        # The words of the file's folders and name: ranked beside the body
        # (matchsets.FIELD_WEIGHTS); no phrases, so no positions to store.
        path=fields.TEXT(analyzer=analyzer, phrase=False),
        # The asset's strongest words and their counts, for search feedback (search/word_counts.py).
        words=fields.STORED,
    )


def build_query_schema() -> fields.Schema:
    """The index schema plus the facet fields, so the parser knows product:ledger;
    the engine answers those leaves from the catalog, not the index."""
    schema = build_schema()
    for name in FACET_FIELDS:
        schema.add(name, fields.KEYWORD(lowercase=True, commas=True))
    return schema
