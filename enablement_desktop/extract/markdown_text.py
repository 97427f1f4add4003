"""Markdown/MDX prose → the plain text a reader sees, for the index and snippets.

Removes what the page renders away: MDX `import`/`export` lines, JSX and
HTML tags (keeping their alt/title/label text), comments, site-generator
tags (`{% hint %}`, `:::note`), table rules, emphasis markers, link targets
and inline-code backticks. Every pattern is bounded or has disjoint
alternatives, so a hostile line stays linear (tests/test_extract.py).
"""

from __future__ import annotations

import html
import re

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")

# A tag: name, then attributes whose values may be "…", '…' or {…} (one level
# of nested braces, as in style={{…}}); it may span lines.
_ATTRIBUTE_VALUE = r'"[^"]{0,2000}"|\'[^\']{0,2000}\'|\{(?:[^{}]|\{[^{}]{0,2000}\}){0,2000}\}'
_TAG = re.compile(r"</?([A-Za-z][\w.:-]{0,60})((?:[^<>\"'{}]|" + _ATTRIBUTE_VALUE + r"){0,4000})/?>")
_KEPT_ATTRIBUTE = re.compile(r"\b(?:alt|title|label)\s*=\s*(?:\"([^\"]{0,500})\"|'([^']{0,500})')")
# Inline tags must not split a word; every other tag (and every JSX component) ends a line.
_INLINE_TAGS = {"a", "b", "strong", "i", "em", "u", "s", "span", "code", "kbd", "mark", "sub", "sup",
                "small", "abbr", "del", "ins"}
_HIDDEN_BLOCK = re.compile(r"<(style|script)\b[^>]{0,2000}>.{0,100000}?</\1\s*>", re.S | re.I)
_HTML_COMMENT = re.compile(r"<!--.{0,20000}?-->", re.S)
_MDX_COMMENT = re.compile(r"\{/\*.{0,20000}?\*/\}", re.S)
_LIQUID = re.compile(r"\{%-?\s*(\w+)([^%]{0,500})%\}")
_LIQUID_TITLE = re.compile(r"\btitle\s*=\s*\"([^\"]{0,200})\"")
_ADMONITION = re.compile(r"^\s*:::+\s*\w*(?:\[([^\]]{0,200})\])?\s*(.*)$")
_ESM = re.compile(r"^(?:import\s+(?:[\w*{}\s,]{0,500}\s+from\s+)?['\"]|export\s+(?:const|default|function|let)\b)")
_ESM_START = re.compile(r"^import\s+\{[^}]{0,500}$")
_EXPRESSION_LINE = re.compile(r"^\s*\{[^{}]{0,500}\}\s*$")

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HORIZONTAL_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]{1,200}\]:\s*\S+")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")

_IMAGE_OR_LINK = re.compile(r"!?\[([^[\]\n]{0,500})\](?:\([^)\s]{0,2000}(?:\s+\"[^\"\n]{0,200}\")?\)|\[[^\]\n]{0,200}\])")
_AUTOLINK_BRACKETS = re.compile(r"<(https?://[^\s<>]{1,2000})>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.{1,500}?)(?<=[^\s*])\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.{1,500}?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.{1,500}?)(?<=\S)~~")
_CODE = re.compile(r"(`+)([^`]{1,2000}?)\1")
# CommonMark: "\." is a literal '.', and a backslash ending a line is a line break.
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|\\$")


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, heading text without markup) when `line` is an ATX heading."""
    heading = _ATX_HEADING.match(line)
    if heading is None:
        return None
    return len(heading.group(1)), inline_text(_without_closing_hashes(heading.group(2) or ""))


def _without_closing_hashes(text: str) -> str:
    text = text.strip()
    bare = text.rstrip("#")
    # "## Objections ##" closes; "## C#" does not: the run must follow a space.
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.rstrip()
    return text


def prose_lines(text: str) -> list[str]:
    """Lines of prose (no fenced code) as a reader sees them; headings keep their '#'s."""
    text = _HIDDEN_BLOCK.sub("\n", text)
    text = _HTML_COMMENT.sub("", text)
    text = _MDX_COMMENT.sub("", text)
    text = _AUTOLINK_BRACKETS.sub(r"\1", text)
    text = _TAG.sub(_tag_text, text)
    text = _LIQUID.sub(_liquid_text, text)
    out: list[str] = []
    in_import = False
    for line in text.split("\n"):
        if in_import:
            in_import = " from " not in line and not line.rstrip().endswith(";")
            continue
        if _ESM.match(line):
            continue
        if _ESM_START.match(line):
            in_import = True
            continue
        if (_TABLE_RULE.match(line) or _HORIZONTAL_RULE.match(line) or _REFERENCE_DEFINITION.match(line)
                or _EXPRESSION_LINE.match(line)):
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            title = admonition.group(1) or admonition.group(2)
            if title:
                out.append(inline_text(title))
            continue
        if _ATX_HEADING.match(line):
            out.append(line)
            continue
        out.append(_block_line(line))
    return out


def _block_line(line: str) -> str:
    line = _QUOTE.sub("", line)
    bullet = _BULLET.match(line)
    if bullet:
        line = "• " + line[bullet.end():]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = [c.strip() for c in stripped[1:-1].split("|")]
        line = " | ".join(c for c in cells if c)
    return inline_text(line)


def inline_text(text: str) -> str:
    """Link text without targets, code without backticks, no emphasis markers, entities decoded."""
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)  # a badge: [![alt](image)](link) is a link around an image
    text = _CODE.sub(r"\2", text)
    text = _STRONG.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    text = _EMPHASIS_STAR.sub(r"\1", text)
    text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    if "\\" in text:
        text = _BACKSLASH_ESCAPE.sub(lambda m: m.group(1) or "", text)
    if "&" in text:
        text = html.unescape(text)
    # A backtick left over once a tag inside inline code was taken out.
    return text.replace("`", "").rstrip()


def _tag_text(match: re.Match) -> str:
    kept = " ".join(a or b for a, b in _KEPT_ATTRIBUTE.findall(match.group(2)) if (a or b).strip())
    if match.group(1).lower() in _INLINE_TAGS:
        return kept
    return f"\n{kept}\n" if kept else "\n"


def _liquid_text(match: re.Match) -> str:
    title = _LIQUID_TITLE.search(match.group(2))
    return f"\n{title.group(1)}\n" if title else "\n"
