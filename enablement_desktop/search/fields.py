"""The facet and query field names, without whoosh: the window's sidebar needs
them before the search engine is loaded (importing whoosh costs ~0.15 s)."""

from __future__ import annotations

# Facet fields, in the order the sidebar shows them. Their values come
# from the database (search/catalog.py), not from the index.
FACET_FIELDS: tuple[str, ...] = ("type", "kind", "product", "persona", "stage", "region", "industry", "tags",
                                 "owner")

# What people may type before a colon in a query, and the field it means.
QUERY_FIELDS: dict[str, str] = {
    "type": "type",
    "kind": "kind",
    "industry": "industry",
    "product": "product",
    "persona": "persona",
    "stage": "stage",
    "region": "region",
    "tag": "tags",
    "tags": "tags",
    "owner": "owner",
    "title": "title",
}

# How the window names each file type; `type:` in a query accepts these too (type:powerpoint).
TYPE_LABELS: dict[str, str] = {"pdf": "PDF", "pptx": "PowerPoint", "docx": "Word", "xlsx": "Excel",
                               "md": "Markdown", "html": "Web page", "txt": "Text",
                               "pptm": "PowerPoint with macros", "docm": "Word with macros",
                               "xlsm": "Excel with macros", "xls": "Excel 97-2003", "odt": "OpenDocument text",
                               "odp": "OpenDocument slides", "ods": "OpenDocument sheet", "rtf": "Rich text",
                               "eml": "E-mail", "image": "Picture"}


def type_value(typed: str) -> str:
    """The stored type for what someone typed after type: ("PowerPoint", "web page" → pptx, html)."""
    key = typed.strip().lower()
    for value, label in TYPE_LABELS.items():
        if key in (label.lower(), label.lower().replace(" ", "")):
            return value
    return key


def with_filters(text: str, filters: dict[str, list[str]] | tuple | None) -> str:
    """A query and its ticked filters as one query ("cilium product:Ledger"), for the usage log.

    A search that found nothing because of a filter must not read as "nobody
    has cilium" in Requests, nor be "answered" by any asset that says cilium.
    """
    items = filters.items() if isinstance(filters, dict) else (filters or ())
    parts = [text.strip()]
    for facet, values in sorted(items):
        field = "tag" if facet == "tags" else facet
        parts += [f'{field}:"{v}"' if " " in v else f"{field}:{v}" for v in values]
    return " ".join(p for p in parts if p)
