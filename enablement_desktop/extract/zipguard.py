"""Checks a zip container (Office, OpenDocument) before any library opens it.

Decompression bombs: a member's header declares its size, and a lying header
(declares 200 bytes, inflates to 1 GB) is not stopped by `zipfile`: reading a
member whole (`ZipFile.read`, which python-docx, python-pptx and openpyxl all
do) inflates everything the deflate stream holds and only then cuts it to the
declared size. So every member is inflated here first, in bounded chunks,
counting the bytes that really come out; one byte past its declared size
stops the check. After that, the declared sizes (capped in total and in
ratio below) bound what the libraries can inflate. The worker's memory cap
(see pool.py) is the second line, on systems that have one.

XML inside the zip: python-docx and python-pptx parse with an lxml parser built
with `resolve_entities=False` (and lxml's default `no_network=True`); openpyxl
parses workbook parts the same way and sheets with the stdlib expat parser,
which never fetches external entities and (expat >= 2.4) caps entity
expansion; our own XML reads use `xml.safe_parser`. So neither external
entities (XXE) nor "billion laughs" need a guard of our own;
tests/test_extract.py checks the XXE case.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from .base import DAMAGED, ENCRYPTED, READER_FAILED, TOO_LARGE, ExtractError, Limits

# Encrypted OOXML files are OLE2 compound files holding the encrypted package.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK"
# Small members reach high ratios legitimately (runs of identical XML) and
# can't inflate to anything dangerous, so the ratio is judged only above this.
_RATIO_MIN_BYTES = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes, then name and extra field
_CHUNK = 256 * 1024  # compressed bytes read at a time
_OUT_CHUNK = 1024 * 1024  # inflated bytes held at a time
BOMB = "a compressed part expands far beyond its declared size"


def check_office_zip(path: Path, limits: Limits) -> None:
    """Raise ExtractError unless `path` is a zip that is safe to inflate within `limits`."""
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic == OLE2_MAGIC:
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
        raise ExtractError(
            DAMAGED, "the file's zip container is broken — it may have been cut short", str(exc)
        ) from None
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
    with open(path, "rb") as f:
        for member in members:
            _check_member(f, member)


def _check_member(f: BinaryIO, member: zipfile.ZipInfo) -> None:
    """Inflate one member in bounded chunks; refuse it past its declared size."""
    if member.compress_type == zipfile.ZIP_STORED or member.is_dir():
        return  # stored bytes are what the header says: zipfile reads and cuts them there
    if member.compress_type != zipfile.ZIP_DEFLATED:
        # Office and OpenDocument writers only deflate; the libraries would
        # inflate anything else whole, unchecked.
        raise ExtractError(
            READER_FAILED,
            "it uses a compression method Office files don't use",
            f"{member.filename}: zip compression type {member.compress_type}",
        )
    f.seek(member.header_offset)
    header = f.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise ExtractError(DAMAGED, "the file's zip container is broken", member.filename)
    name_len, extra_len = _LOCAL_HEADER.unpack(header)[-2:]
    f.seek(name_len + extra_len, 1)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left_in = member.compress_size
    produced = 0
    allowed = member.file_size
    while left_in > 0 and not inflater.eof:
        data = f.read(min(_CHUNK, left_in))
        if not data:
            break  # cut short: zipfile will say so when the library reads it
        left_in -= len(data)
        while data:
            try:
                out = inflater.decompress(data, _OUT_CHUNK)
            except zlib.error as exc:
                raise ExtractError(
                    DAMAGED, "a part of the file is garbled", f"{member.filename}: {exc}"
                ) from None
            produced += len(out)
            if produced > allowed:
                raise ExtractError(
                    TOO_LARGE,
                    BOMB,
                    f"{member.filename} declares {allowed:,} bytes and inflated past "
                    f"{produced:,} before it was stopped",
                )
            data = inflater.unconsumed_tail
