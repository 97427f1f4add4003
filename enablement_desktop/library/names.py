"""The words of a file's name and folders, as a person would read them.

`decks/Q3_PricingFAQ-v2.pptx` → decks, Q3, Pricing, FAQ, v2: separators and
camelCase humps split words, the extension is not a word. Used by search
(file and folder names are searchable) and by the derived facets.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_SEPARATORS = re.compile(r"[\s_\-.+,;()\[\]{}&@#=~!'’]+")
# "PricingFAQ" → Pricing FAQ, "iOSApp" stays readable enough: split before an
# upper-case letter that follows a lower-case one, and before the last capital
# of a run that starts a new word.
_HUMPS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def name_words(rel_path: str) -> list[str]:
    """Words of the folders and the file name (without its extension), in path order."""
    path = PurePosixPath(rel_path)
    parts = [*path.parent.parts, path.stem] if path.suffix else list(path.parts)
    return [word for part in parts for word in part_words(part)]


def folder_words(rel_path: str) -> list[list[str]]:
    """The words of each folder of `rel_path`, outermost first."""
    return [part_words(folder) for folder in PurePosixPath(rel_path).parent.parts]


def part_words(part: str) -> list[str]:
    """The words of one folder or file name."""
    if part in (".", ""):
        return []
    return [word for piece in _SEPARATORS.split(part) for word in _HUMPS.split(piece) if word]


# File names that say nothing of their content: the folder names the document
# (site generators write posts/<slug>/index.md).
_GENERIC_STEMS = {"index", "readme", "default", "main", "page", "content"}


def file_name_words(rel_path: str) -> list[str]:
    """The words of the file's name; of its folder's when the name is index, README…"""
    path = PurePosixPath(rel_path)
    stem = path.stem if path.suffix else path.name
    if stem.lower() in _GENERIC_STEMS and len(path.parts) > 1:
        stem = path.parent.name
    return part_words(stem)
