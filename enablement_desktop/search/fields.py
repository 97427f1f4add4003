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
