"""The facet and query field names, without whoosh: the window's sidebar needs
them before the search engine is loaded (importing whoosh costs ~0.15 s)."""

from __future__ import annotations

# Facet fields, in the order the sidebar shows them. Their values come
# from the database (search/catalog.py), not from the index.
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
