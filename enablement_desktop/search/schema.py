"""The whoosh schema: one document per section, carrying its asset's fields.

Title and facet fields are repeated on every section so that a title match
or a filter works on any page of the asset; `asset` is a sortable column so
results can collapse to one row per asset and facets can map docnums to
assets without touching stored fields.
"""

from __future__ import annotations

from whoosh import analysis, fields

from enablement_desktop.search.analysis import StemmingTokenizer

# Facet fields, in the order the sidebar shows them. Values are stored
# lower-cased in the index; the original spelling comes from the database.
FACET_FIELDS: tuple[str, ...] = ("type", "product", "persona", "stage", "region", "tags", "owner")

# What people may type before a colon in a query, and the field it means.
QUERY_FIELDS: dict[str, str] = {
    "type": "type",
    "product": "product",
    "persona": "persona",
    "stage": "stage",
    "region": "region",
    "tag": "tags",
    "tags": "tags",
    "owner": "owner",
    "title": "title",
}


def text_analyzer() -> analysis.Analyzer:
    return StemmingTokenizer()


def build_schema() -> fields.Schema:
    analyzer = text_analyzer()
    facet = {name: fields.KEYWORD(lowercase=True, commas=True) for name in FACET_FIELDS}
    return fields.Schema(
        asset=fields.ID(stored=True, sortable=True),
        ordinal=fields.STORED,
        title=fields.TEXT(analyzer=analyzer),
        body=fields.TEXT(analyzer=analyzer),
        **facet,
    )
