"""Word 97-2003 (.doc) and PowerPoint 97-2003 (.ppt): named, never skipped in silence.

No maintained Python library reads these binary formats, so they are listed
in Problems with what to do. A file that is really a .docx or .pptx with the
old extension (a zip, not an OLE2 file) is read as what it is.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .base import OLD_FORMAT, Extracted, ExtractError, Limits

_MODERN = {".doc": ("docx", "Word", ".docx"), ".ppt": ("pptx", "PowerPoint", ".pptx")}


def extract(path: Path, limits: Limits) -> Extracted:
    module, app, _ = _MODERN[path.suffix.lower()]
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"PK":
        return importlib.import_module(f"{__package__}.{module}").extract(path, limits)
    # Why only: what to do is the Problem's help (save_as_help), shown beside it.
    raise ExtractError(OLD_FORMAT, f"old {app} 97–2003 format ({path.suffix.lower()}), which cannot be read")


def save_as_help(path: str) -> str | None:
    """What to do with an old-format file: which app, which format."""
    modern = _MODERN.get(Path(path).suffix.lower())
    if modern is None:
        return None
    _, app, suffix = modern
    return f"open it in {app} and save it as {suffix} to make it searchable"
