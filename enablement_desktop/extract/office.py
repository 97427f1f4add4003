"""Shared by the Office extractors: document core properties."""

from __future__ import annotations

_KEYS = ("title", "subject", "keywords", "category")


def core_properties(props: object) -> dict[str, str]:
    """Read python-docx/python-pptx core properties or openpyxl's DocumentProperties.

    They agree on names except dc:creator: `author` in the first two, `creator` in openpyxl.
    """
    found = {key: getattr(props, key, None) or "" for key in _KEYS}
    found["author"] = getattr(props, "author", None) or getattr(props, "creator", None) or ""
    return found
