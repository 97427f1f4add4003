"""Front matter at the top of a Markdown/MDX file, read as document properties.

A deliberately small reader for the subset static-site generators write
(`key: value`, quoted values, `[a, b]` and `- item` lists; TOML's
`key = "value"` between `+++` lines): no YAML library, so a hostile file
cannot build objects, expand aliases or take long. Anything it does not
understand is left out, never an error.
"""

from __future__ import annotations

import re

_YAML_FENCE = "---"
_TOML_FENCE = "+++"
_MAX_LINES = 200  # front matter is a few lines; an unclosed fence must not swallow the document
_KEY = re.compile(r"^([A-Za-z_][\w-]{0,60})\s*[:=]\s*(.*)$")
_ITEM = re.compile(r"^\s+-\s+(.*)$|^-\s+(.*)$")

# Front-matter keys → the property names every extractor uses (extract/base.py).
_PROPERTY = {
    "title": "title",
    "description": "subject",
    "summary": "subject",
    "ogsummary": "subject",
    "excerpt": "subject",
    "tags": "keywords",
    "keywords": "keywords",
    "categories": "category",
    "category": "category",
    "author": "author",
    "authors": "author",
    "date": "date",
}


def split_front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """(properties, index of the first body line). No front matter: ({}, 0)."""
    if not lines or lines[0].strip() not in (_YAML_FENCE, _TOML_FENCE):
        return {}, 0
    fence = lines[0].strip()
    for end in range(1, min(len(lines), _MAX_LINES)):
        if lines[end].strip() == fence:
            return _properties(lines[1:end]), end + 1
    return {}, 0  # never closed: a horizontal rule, not front matter


def _properties(lines: list[str]) -> dict[str, str]:
    raw: dict[str, list[str]] = {}
    key = None
    for line in lines:
        item = _ITEM.match(line)
        if item and key is not None:
            raw[key].append(_unquote(item.group(1) or item.group(2) or ""))
            continue
        found = _KEY.match(line)
        if not found:
            key = None if line[:1] not in (" ", "\t") else key
            continue
        key = found.group(1).lower()
        raw[key] = _values(found.group(2).strip())
    properties: dict[str, str] = {}
    for name, values in raw.items():
        target = _PROPERTY.get(name)
        values = [v for v in values if v]
        if target is None or not values:
            continue
        joined = ", ".join(values)
        if target in properties:  # tags and keywords both given: keep both
            joined = f"{properties[target]}, {joined}"
        properties[target] = joined
    if "date" in properties:
        properties["date"] = properties["date"][:10]  # '2020-06-29T17:00:00.000Z' → the day
    return properties


def _values(text: str) -> list[str]:
    if text.startswith("[") and text.endswith("]"):
        return [_unquote(v) for v in text[1:-1].split(",")]
    if text in ("|", ">", "|-", ">-"):
        return []  # block scalars: rare in front matter, and their lines are not key: value
    return [_unquote(text)]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    return text
