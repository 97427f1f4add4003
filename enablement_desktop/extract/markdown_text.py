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

# A fenced code block opens (and closes) with 3+ backticks or tildes, indented at most 3 spaces.
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")

# A tag: name, then attributes whose values may be "…", '…' or {…} (one level
# of nested braces, as in style={{…}}); it may span lines.
_ATTRIBUTE_VALUE = r'"[^"]{0,2000}"|\'[^\']{0,2000}\'|\{(?:[^{}]|\{[^{}]{0,2000}\}){0,2000}\}'
TAG = re.compile(r"</?([A-Za-z][\w.:-]{0,60})((?:[^<>\"'{}]|" + _ATTRIBUTE_VALUE + r"){0,4000})/?>")
KEPT_ATTRIBUTE = re.compile(r"\b(?:alt|title|label)\s*=\s*(?:\"([^\"]{0,500})\"|'([^']{0,500})')")
# Inline tags must not split a word; every other tag (and every JSX component) ends a line.
INLINE_TAGS = {"a", "b", "strong", "i", "em", "u", "s", "span", "code", "kbd", "mark", "sub", "sup",
                "small", "abbr", "del", "ins"}
# <style>/<script> blocks and comments: opener, the nearest closer within a bound (see _without_spans).
_HIDDEN_OPEN = re.compile(r"<(style|script)\b[^>]{0,2000}>", re.I)
_HIDDEN_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("style", "script")}
_HTML_COMMENT_OPEN = re.compile(r"<!--")
_HTML_COMMENT_CLOSE = {"": re.compile(r"-->")}
_MDX_COMMENT_OPEN = re.compile(r"\{/\*")
_MDX_COMMENT_CLOSE = {"": re.compile(r"\*/\}")}
LIQUID = re.compile(r"\{%-?\s*(\w+)([^%]{0,500})%\}")
_LIQUID_TITLE = re.compile(r"\btitle\s*=\s*\"([^\"]{0,200})\"")
ADMONITION = re.compile(r"^\s*:::+\s*\w*(?:\[([^\]]{0,200})\])?\s*(.*)$")
ESM = re.compile(r"^(?:import\s+(?:[\w*{}\s,]{0,500}\s+from\s+)?['\"]|export\s+(?:const|default|function|let)\b)")
ESM_START = re.compile(r"^import\s+\{[^}]{0,500}$")
EXPRESSION_LINE = re.compile(r"^\s*\{[^{}]{0,500}\}\s*$")

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HORIZONTAL_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]{1,200}\]:\s*\S+")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")

_IMAGE_OR_LINK = re.compile(r"!?\[([^[\]\n]{0,500})\](?:\([^)\s]{0,2000}(?:\s+\"[^\"\n]{0,200}\")?\)|\[[^\]\n]{0,200}\])")
AUTOLINK_BRACKETS = re.compile(r"<(https?://[^\s<>]{1,2000})>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.{1,500}?)(?<=[^\s*])\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.{1,500}?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.{1,500}?)(?<=\S)~~")
_CODE = re.compile(r"(`+)([^`]{1,2000}?)\1")
# CommonMark: "\." is a literal '.', and a backslash ending a line is a line break.
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|\\$")


def without_hidden_blocks(text: str, replacement: str) -> str:
    """Each <style>…</style> and <script>…</script> block (up to 100,000 characters) replaced."""
    return _without_spans(text, _HIDDEN_OPEN, _HIDDEN_CLOSE, 100_000, replacement)


def without_comments(text: str) -> str:
    """HTML <!-- … --> and MDX {/* … */} comments (up to 20,000 characters) taken out."""
    text = _without_spans(text, _HTML_COMMENT_OPEN, _HTML_COMMENT_CLOSE, 20_000, "")
    return _without_spans(text, _MDX_COMMENT_OPEN, _MDX_COMMENT_CLOSE, 20_000, "")


def _without_spans(text: str, opener: re.Pattern, closers: dict[str, re.Pattern], limit: int,
                  replacement: str) -> str:
    """What re.sub(opener + ".{0,limit}?" + closer, replacement, text, flags=re.S) does, in linear time.

    That regex looks for a closer again from every opener, quadratic on a file
    of unclosed "<!--" (a 2 MB one took minutes). Here the nearest closer is
    found once and kept while the openers come before it. `closers` is keyed
    by the opener's first group, lowercased ("" when it has none).
    """
    out: list[str] = []
    nearest: dict[str, re.Match | None] = {}
    done = pos = 0
    while (start := opener.search(text, pos)) is not None:
        key = start.group(1).lower() if opener.groups else ""
        close = nearest.get(key)
        if key not in nearest or (close is not None and close.start() < start.end()):
            close = nearest[key] = closers[key].search(text, start.end())
        if close is None or close.start() - start.end() > limit:
            pos = start.start() + 1  # unclosed, or closed too far away: left as it is
            continue
        out.append(text[done:start.start()])
        out.append(replacement)
        done = pos = close.end()
    out.append(text[done:])
    return "".join(out)


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
    text = without_hidden_blocks(text, "\n")
    text = without_comments(text)
    text = AUTOLINK_BRACKETS.sub(r"\1", text)
    text = TAG.sub(_tag_text, text)
    text = LIQUID.sub(liquid_text, text)
    out: list[str] = []
    in_import = False
    for line in text.split("\n"):
        if in_import:
            in_import = " from " not in line and not line.rstrip().endswith(";")
            continue
        if ESM.match(line):
            continue
        if ESM_START.match(line):
            in_import = True
            continue
        if (_TABLE_RULE.match(line) or _HORIZONTAL_RULE.match(line) or _REFERENCE_DEFINITION.match(line)
                or EXPRESSION_LINE.match(line)):
            continue
        admonition = ADMONITION.match(line)
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


def kept_attributes(tag: re.Match) -> str:
    """The alt/title/label text of a TAG match: what a reader sees of an image or a card."""
    return " ".join(a or b for a, b in KEPT_ATTRIBUTE.findall(tag.group(2)) if (a or b).strip())


def _tag_text(match: re.Match) -> str:
    kept = kept_attributes(match)
    if match.group(1).lower() in INLINE_TAGS:
        return kept
    return f"\n{kept}\n" if kept else "\n"


def liquid_text(match: re.Match) -> str:
    title = _LIQUID_TITLE.search(match.group(2))
    return f"\n{title.group(1)}\n" if title else "\n"
