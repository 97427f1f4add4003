"""Markdown, MDX and HTML: one section per heading, labelled with the heading text, no markup."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from .base import Extracted, Limits, Section
from .front_matter import split_front_matter
from .markdown_text import FENCE, heading_of, inline_text, prose_lines
from .sections import HeadingSections
from .text import read_text


def extract_markdown(path: Path, limits: Limits) -> Extracted:
    """Markdown and MDX: front matter as properties, headings as sections, markup stripped."""
    lines = read_text(path).split("\n")
    properties, start = split_front_matter(lines)
    builder = HeadingSections(limits)
    if properties.get("subject"):
        # The page's own summary (shown under its title on the site): words a reader sees.
        builder.add(inline_text(properties["subject"]))
    first_heading = ""
    title_heading = ""
    seen_text = False
    for kind, line in _blocks(lines[start:]):
        if kind == "code":
            builder.add(line)
            seen_text = seen_text or bool(line.strip())
            continue
        heading = heading_of(line)
        if heading is None:
            builder.add(line)
            seen_text = seen_text or bool(line.strip())
            continue
        level, text = heading
        if level == 1 and not title_heading:
            title_heading = text.strip()
        if not first_heading and not seen_text:
            first_heading = text.strip()
        builder.heading(text)
    sections = builder.finish()
    title = inline_text(properties.get("title", "")).strip() or title_heading or first_heading
    properties = {key: inline_text(value) for key, value in properties.items() if key != "title"}
    if title:
        properties["title"] = title
    return Extracted(sections=sections, properties=properties, page_count=builder.count)


def _blocks(lines: list[str]) -> Iterator[tuple[str, str]]:
    """("prose", line) with markup stripped, and ("code", line) for fenced code, in order."""
    fence = ""
    prose: list[str] = []
    for line in lines:
        line = line.rstrip("\r")
        opener = FENCE.match(line)
        if fence:
            # A fence closes with the same character, at least as long.
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            else:
                yield "code", line
            continue
        if opener:
            yield from (("prose", p) for p in prose_lines("\n".join(prose)))
            prose = []
            fence = opener.group(1)
            continue
        prose.append(line)
    yield from (("prose", p) for p in prose_lines("\n".join(prose)))


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
        self._first_h1 = ""
        self._heading_tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.HEADINGS:
            self._end_heading()  # tolerate an unclosed previous heading
            self._flush()
            self._heading = []
            self._heading_tag = tag
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
        # No <title>: the first level-1 heading names the page, as it does for Markdown.
        title = " ".join("".join(self._title).split()) or self._first_h1
        if title:
            self.properties["title"] = title
        return self.builder.finish()

    def _text(self, data: str) -> None:
        (self._heading if self._heading is not None else self._body).append(data)

    def _end_heading(self) -> None:
        if self._heading is not None:
            text = "".join(self._heading)
            if self._heading_tag == "h1" and not self._first_h1:
                self._first_h1 = " ".join(text.split())
            self.builder.heading(text)
            self._heading = None

    def _flush(self) -> None:
        if self._body:
            self.builder.add("".join(self._body))
            self._body = []
