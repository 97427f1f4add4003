"""Outlook messages (.msg): subject, sender and body, read from the OLE2 file with olefile.

A .msg is a compound file whose MAPI properties are streams named
`__substg1.0_PPPPTTTT` (property id, then type: 001F UTF-16, 001E 8-bit,
0102 binary). Only the message's own properties at the top level are read:
attachments and embedded messages are not (their storages are skipped).
olefile is a small pure-Python reader of the container, maintained, and all
this needs; extract-msg (built on it) would add a dozen dependencies.
"""

from __future__ import annotations

from pathlib import Path

import olefile

from .base import DAMAGED, Extracted, ExtractError, Limits
from .mail import html_text, message_sections

_SUBJECT, _SENDER_NAME, _SENDER_EMAIL, _SENDER_SMTP = "0037", "0C1A", "0C1F", "5D01"
_TO, _BODY, _HTML = "0E04", "1000", "1013"


def extract(path: Path, limits: Limits) -> Extracted:
    if not olefile.isOleFile(str(path)):
        raise ExtractError(DAMAGED, "not an Outlook message (no OLE2 container)")
    with olefile.OleFileIO(str(path)) as ole:
        subject = _string(ole, _SUBJECT)
        sender = _string(ole, _SENDER_NAME)
        address = _string(ole, _SENDER_SMTP) or _string(ole, _SENDER_EMAIL)
        to = _string(ole, _TO)
        body = _string(ole, _BODY)
        if not body.strip() and ole.exists(f"__substg1.0_{_HTML}0102"):
            body = html_text(ole.openstream(f"__substg1.0_{_HTML}0102").read().decode("utf-8", "replace"))
    if address and address not in sender:
        sender = f"{sender} <{address}>" if sender else address
    return message_sections(subject, sender, to, body, limits)


def _string(ole: olefile.OleFileIO, prop: str) -> str:
    """A top-level string property, whichever of the two string types it was stored as."""
    for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
        name = f"__substg1.0_{prop}{kind}"
        if ole.exists(name):
            return ole.openstream(name).read().decode(encoding, "replace").rstrip("\x00").strip()
    return ""
