"""The Markdown the preview renders: the page as a docs site shows it, its Markdown kept for Qt.

Qt reads Markdown with raw HTML off (nothing from the library reaches it as
markup), so everything a docs site renders away would show as literal text:
front matter, MDX `import`/`export` lines, JSX components, inline HTML,
comments, `<script>`/`<style>` blocks. They go here, through the index's own
bounded patterns (extract/markdown_text.py); tags leave their text and their
alt/title/label. Headings, lists, tables, emphasis and links stay for Qt to
render, and fenced code blocks and inline code spans stay exactly as written
(a sample showing `<div>` must show it). Linear on hostile input
(tests/test_preview_markdown.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from enablement_desktop.extract.front_matter import split_front_matter
from enablement_desktop.extract.markdown_text import (
    ADMONITION,
    AUTOLINK_BRACKETS,
    ESM,
    ESM_START,
    EXPRESSION_LINE,
    FENCE,
    INLINE_TAGS,
    LIQUID,
    TAG,
    kept_attributes,
    liquid_text,
    without_comments,
    without_hidden_blocks,
)

# Code spans and autolinks are set aside as \ue000<n>\ue001 while tags go, then put back.
_PRIVATE = re.compile("[\ue000\ue001]")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_TAG = re.compile(r"[ \t]*<(/?)([A-Za-z][\w.:-]{0,60})")
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
              "wbr"}
_NEAR = 200  # how far around a tag to look for the ends of its line


def preview_markdown(text: str) -> str:
    """`text` (a Markdown/MDX file) without what a docs site renders away; Markdown and code kept."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    _, start = split_front_matter(lines)
    out: list[str] = []
    prose: list[str] = []
    for kind, line in _blocks(lines[start:]):
        if kind == "prose":
            prose.append(line)
            continue
        if prose:
            out.append(_without_site_markup("\n".join(prose)))
            prose = []
        out.append(line)
    if prose:
        out.append(_without_site_markup("\n".join(prose)))
    return "\n".join(out)


def _blocks(lines: list[str]) -> Iterator[tuple[str, str]]:
    """("prose", line) and ("code", line) for fenced code and its fences, in order."""
    fence = ""
    template = False
    region = _Region()
    for raw in lines:
        line = region.dedent(raw)
        if template:
            template = not line.rstrip().endswith("`}")
            yield "code", line if template else line.rstrip()[:-2]
            if not template:
                yield "code", "```"
            continue
        if region.depth and line.startswith("{`") and not line.rstrip().endswith("`}"):
            # A component's {`…`} template literal over several lines: the site shows it as code.
            template = True
            yield "code", "```"
            yield "code", line[2:]
            continue
        opener = FENCE.match(line)
        if fence:
            # A fence closes with the same character, at least as long.
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            yield "code", line
            continue
        if opener:
            fence = opener.group(1)
            yield "code", line
            continue
        region.track(line)
        yield "prose", line


class _Region:
    """Lines inside a JSX/HTML element, moved left.

    MDX indents a component's content (`  <Card …>` then `    text`); once the
    tags are gone, Markdown would take four spaces for an indented code block.
    Lines keep their indentation relative to the element's first line of content,
    so a list inside a card still nests.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.base: int | None = None  # indentation of the element's first line of content

    def dedent(self, line: str) -> str:
        if not self.depth:
            return line
        indent = len(line) - len(line.lstrip(" \t"))
        if self.base is None and line.strip() and not _LINE_TAG.match(line):
            self.base = indent
        return line[indent if self.base is None else min(indent, self.base):]

    def track(self, line: str) -> None:
        """Count the element a line opens or closes (only a tag starting the line: linear, and enough)."""
        tag = _LINE_TAG.match(line)
        if tag is None:
            if line.strip() == "/>" and self.depth:  # the end of a multi-line self-closing tag
                self._close()
            return
        name = tag.group(2)
        if tag.group(1):
            self._close()
        elif (name.lower() not in _VOID_TAGS and not line.rstrip().endswith("/>")
              and f"</{name}" not in line):
            self.depth += 1

    def _close(self) -> None:
        self.depth = max(0, self.depth - 1)
        if not self.depth:
            self.base = None


def _without_site_markup(prose: str) -> str:
    set_aside: list[str] = []
    prose = _set_aside_code(_PRIVATE.sub("", prose), set_aside)
    prose = AUTOLINK_BRACKETS.sub(lambda m: _aside(m.group(0), set_aside), prose)  # <https://…> is Markdown
    prose = without_hidden_blocks(prose, "")
    prose = without_comments(prose)
    prose = TAG.sub(_tag_text, prose)
    prose = LIQUID.sub(liquid_text, prose)
    prose = "\n".join(_without_site_lines(prose.split("\n")))
    return _PLACEHOLDER.sub(lambda m: set_aside[int(m.group(1))], prose)


def _aside(text: str, set_aside: list[str]) -> str:
    set_aside.append(text)
    return f"\ue000{len(set_aside) - 1}\ue001"


def _set_aside_code(prose: str, set_aside: list[str]) -> str:
    """Inline code spans replaced by placeholders: a run of backticks up to the next run as long,
    in the same paragraph (CommonMark). Pairing through a next-run table keeps it linear."""
    runs = list(_BACKTICKS.finditer(prose))
    if len(runs) < 2:
        return prose
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i].end() - runs[i].start()
        following[i] = last.get(length)
        last[length] = i
    blank_lines = [m.start() for m in _BLANK_LINE.finditer(prose)]
    out: list[str] = []
    done = 0
    i = 0
    while i < len(runs):
        j = following[i]
        if j is not None and (bisect.bisect(blank_lines, runs[i].start())
                              == bisect.bisect(blank_lines, runs[j].start())):
            out.append(prose[done:runs[i].start()])
            out.append(_aside(prose[runs[i].start():runs[j].end()], set_aside))
            done = runs[j].end()
            i = j + 1
        else:
            i += 1
    out.append(prose[done:])
    return "".join(out)


def _tag_text(match: re.Match) -> str:
    kept = kept_attributes(match)
    if match.group(1).lower() in INLINE_TAGS:
        return kept
    indent = _indent_if_alone(match)
    if indent is not None:
        if kept and match.group(1)[:1].isupper():
            kept = f"**{kept}**"  # a JSX card's or tab's title, shown as the site shows it: a title
        # A paragraph of its own, at the tag's indentation: an image's alt stays in its list item.
        return f"\n\n{indent}{kept}\n\n" if kept else ""
    return f" {kept} " if kept else " "  # never split a table row or a list item


def _indent_if_alone(match: re.Match) -> str | None:
    """The whitespace before a tag that is alone on its line; None when the line holds more."""
    text, start, end = match.string, match.start(), match.end()
    before = text[max(0, start - _NEAR):start]
    line_start = before.rfind("\n")
    indent = before[line_start + 1:]
    if (line_start < 0 and start > _NEAR) or indent.strip():
        return None
    after = text[end:end + _NEAR]
    line_end = after.find("\n")
    if line_end < 0:
        return indent if end + _NEAR >= len(text) and not after.strip() else None
    return None if after[:line_end].strip() else indent


def _without_site_lines(lines: list[str]) -> Iterator[str]:
    """MDX import/export lines, `{expression}` lines and `:::` admonition fences (their title kept) left out."""
    in_import = False
    for line in lines:
        if in_import:
            in_import = " from " not in line and not line.rstrip().endswith(";")
            continue
        if ESM.match(line) or EXPRESSION_LINE.match(line):
            continue
        if ESM_START.match(line):
            in_import = True
            continue
        admonition = ADMONITION.match(line)
        if admonition:
            title = admonition.group(1) or admonition.group(2)
            if title and title.strip():
                yield title.strip()
            continue
        yield line
