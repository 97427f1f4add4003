"""E-mail templates (.eml): subject, sender and body, read with the stdlib's email package.

One section holds the message as people see it ("Subject …, From …", then the
body); a long body continues in ~3,000-character parts. The subject becomes
the asset's title and the sender its author. Attachments are not read.
"""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from pathlib import Path

from lxml import html as lxml_html

from .base import Extracted, Limits, Section
from .text import split_parts


def extract(path: Path, limits: Limits) -> Extracted:
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=policy.default)
    assert isinstance(message, EmailMessage)  # policy.default builds these
    subject = _header(message, "subject")
    sender = _header(message, "from")
    to = _header(message, "to") if message.get("to") else ""
    return message_sections(subject, sender, to, _body(message), limits)


def message_sections(subject: str, sender: str, to: str, body: str, limits: Limits) -> Extracted:
    """An e-mail (.eml or .msg) as sections: the headers lead its first part, so a hit on the
    subject lands on "message"; the subject is the title and the sender the author."""
    head = [f"Subject: {subject}" if subject else "", f"From: {sender}" if sender else "",
            f"To: {to}" if to else ""]
    parts = split_parts(body)
    first = "\n".join(line for line in head if line)
    texts = [f"{first}\n\n{parts[0]}" if parts else first, *parts[1:]]
    sections = [
        Section(page=number, label="message" if number == 1 else f"part {number}", text=text,
                heading=subject if number == 1 else "")
        for number, text in enumerate(texts[: limits.max_pages], start=1)
    ]
    return Extracted(sections=sections, properties={"title": subject, "author": sender},
                     page_count=len(texts))


def _header(message: EmailMessage, name: str) -> str:
    try:
        return " ".join(str(message.get(name, "")).split())
    except Exception:  # noqa: BLE001 - a malformed header the parser chokes on costs that header only
        return ""


def _body(message: EmailMessage) -> str:
    """The plain-text body, or the HTML one as text; a template may have only either."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # unknown charset, broken transfer encoding
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if part.get_content_subtype() == "html" and content.strip():
        content = html_text(content)
    return content


def html_text(markup: str) -> str:
    """What a mail program shows of an HTML body: the text, without styles and scripts."""
    if not markup.strip():
        return ""
    document = lxml_html.fromstring(markup)
    for junk in document.xpath("//script|//style|//head"):
        junk.drop_tree()
    return "\n".join(line.strip() for line in document.text_content().splitlines())
