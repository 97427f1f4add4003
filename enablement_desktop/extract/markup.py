"""Markdown and HTML: one section per heading, labelled with the heading text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .base import Extracted, Limits, Section
from .sections import HeadingSections
from .text import read_text

# Patterns stay linear on hostile input: a lazy group before an optional
# closing "###" took 40 s on one 40 kB line, so that part is done in Python,
# and link parts are bounded.
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Link targets are noise in snippets and search terms: keep the link text only.
_LINK = re.compile(r"!?\[([^[\]\n]{0,500})\]\([^)\s]{0,2000}\)")


def extract_markdown(path: Path, limits: Limits) -> Extracted:
    builder = HeadingSections(limits)
    title = ""
    fence = ""
    for line in read_text(path).splitlines():
        opener = _FENCE.match(line)
        if fence:
            # A fence closes with the same character, at least as long.
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            builder.add(line)
            continue
        if opener:
            fence = opener.group(1)
            builder.add(line)
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            text = _LINK.sub(r"\1", _without_closing_hashes(heading.group(2) or ""))
            if len(heading.group(1)) == 1 and not title:
                title = text.strip()
            builder.heading(text)
        else:
            builder.add(_LINK.sub(r"\1", line))
    sections = builder.finish()
    return Extracted(sections=sections, properties={"title": title}, page_count=builder.count)


def _without_closing_hashes(text: str) -> str:
    text = text.strip()
    bare = text.rstrip("#")
    # "## Objections ##" closes; "## C#" does not: the run must follow a space.
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.rstrip()
    return text


def extract_html(path: Path, limits: Limits) -> Extracted:
    parser = _HtmlText(limits)
    parser.feed(read_text(path))
    parser.close()
    sections = parser.finish()
    return Extracted(
        sections=sections, properties=parser.properties, page_count=parser.builder.count
    )


class _HtmlText(HTMLParser):
    SKIP = {"script", "style", "template"}
    HEADINGS = {"h1", "h2", "h3"}
    # Tags that end a line of text; inline tags (b, a, span…) must not split words.
    BREAKS = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dd",
        "dt",
        "hr",
    }
    META = {"description": "subject", "keywords": "keywords", "author": "author"}

    def __init__(self, limits: Limits) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = HeadingSections(limits)
        self.properties: dict[str, str] = {}
        self._skipping = 0
        self._in_title = False
        self._heading: list[str] | None = None
        self._body: list[str] = []
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.HEADINGS:
            self._end_heading()  # tolerate an unclosed previous heading
            self._flush()
            self._heading = []
        elif tag == "meta":
            values = dict(attrs)
            key = self.META.get((values.get("name") or "").lower())
            if key and values.get("content"):
                self.properties[key] = values["content"]
        elif tag in ("td", "th"):
            self._text(" ")
        elif tag in self.BREAKS:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self.HEADINGS:
            self._end_heading()
        elif tag in self.BREAKS:
            self._text("\n")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_title:
            self._title.append(data)
        else:
            self._text(data)

    def finish(self) -> list[Section]:
        self._end_heading()
        self._flush()
        title = " ".join("".join(self._title).split())
        if title:
            self.properties["title"] = title
        return self.builder.finish()

    def _text(self, data: str) -> None:
        (self._heading if self._heading is not None else self._body).append(data)

    def _end_heading(self) -> None:
        if self._heading is not None:
            self.builder.heading("".join(self._heading))
            self._heading = None

    def _flush(self) -> None:
        if self._body:
            self.builder.add("".join(self._body))
            self._body = []
