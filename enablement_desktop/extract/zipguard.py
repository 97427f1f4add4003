"""Checks an Office file's zip container before any Office library opens it.

Why this is enough against decompression bombs: `zipfile` stops inflating a
member at the size its header declares (and then fails the CRC check), so the
declared sizes checked here bound what python-docx/pptx and openpyxl can
inflate. The worker's memory cap (see pool.py) is the second line.

XML inside the zip: python-docx and python-pptx parse with an lxml parser built
with `resolve_entities=False` (and lxml's default `no_network=True`); openpyxl
parses workbook parts the same way and sheets with the stdlib expat parser,
which never fetches external entities and (expat >= 2.4) caps entity
expansion. So neither external entities (XXE) nor "billion laughs" need a
guard of our own; tests/test_extract.py checks the XXE case.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .base import DAMAGED, ENCRYPTED, TOO_LARGE, ExtractError, Limits

# Encrypted OOXML files are OLE2 compound files holding the encrypted package.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK"
# Small members reach high ratios legitimately (runs of identical XML) and
# can't inflate to anything dangerous, so the ratio is judged only above this.
_RATIO_MIN_BYTES = 1024 * 1024


def check_office_zip(path: Path, limits: Limits) -> None:
    """Raise ExtractError unless `path` is a zip that is safe to inflate within `limits`."""
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic == _OLE2_MAGIC:
        raise ExtractError(
            ENCRYPTED,
            "password-protected Office file (or an old binary .doc/.ppt/.xls renamed)",
        )
    if not magic.startswith(_ZIP_MAGIC):
        raise ExtractError(DAMAGED, "not an Office file (no zip container)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ExtractError(DAMAGED, f"broken zip container ({exc})") from None
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= _RATIO_MIN_BYTES and ratio > limits.max_zip_ratio:
            raise ExtractError(
                TOO_LARGE,
                f"looks like a decompression bomb ({member.filename} inflates {ratio:.0f}×)",
            )
    if total > limits.max_unzipped_bytes:
        raise ExtractError(
            TOO_LARGE,
            f"looks like a decompression bomb ({total // 2**20} MB unzipped, "
            f"limit {limits.max_unzipped_bytes // 2**20} MB)",
        )
