"""Library HTML reduced to inert formatting the preview can render.

A document from the library folder is untrusted: its HTML may carry scripts,
remote or local images (`<img src="file:///…">`, CSS `url(…)`), forms, frames,
or styles that make a sentence look like a warning from the app. Qt's rich
text never runs scripts, but it does load images and style sheets, so only a
small set of structural and inline tags survives here, with no attributes
except table spans; text is re-escaped. Elements whose content is not text
for people (script, style, head, frames, SVG…) are dropped with their content;
unknown tags are dropped but their text kept; an image becomes its alt text.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

MAX_INPUT_CHARS = 2_000_000  # a preview; the whole text is searchable anyway
MAX_DEPTH = 60  # deeper nesting is flattened: Qt's layout slows down steeply past it

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
          "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
          "section", "article", "header", "footer", "main", "aside", "figure", "figcaption"}
_INLINE = {"b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "sub", "sup", "code", "kbd",
           "samp", "tt", "q", "cite", "span", "a", "small", "big", "mark", "abbr", "var"}
_VOID = {"br", "hr"}
# Qt knows these; the rest are drawn as their nearest Qt equivalent.
_RENAME = {"section": "div", "article": "div", "header": "div", "footer": "div", "main": "div",
           "aside": "div", "figure": "div", "figcaption": "p", "mark": "b", "strike": "s"}
_DROP_WITH_CONTENT = {"script", "style", "head", "title", "template", "iframe", "frame", "frameset",
                      "object", "embed", "applet", "noscript", "svg", "math", "canvas", "audio", "video",
                      "select", "textarea", "button"}
_SPAN_ATTRS = {"colspan", "rowspan"}


def sanitize_html(source: str) -> str:
    """`source` as HTML that loads nothing and runs nothing; see the module docstring."""
    parser = _Sanitizer()
    parser.feed(source[:MAX_INPUT_CHARS])
    parser.close()
    return parser.result()


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._open: list[str] = []  # allowed tags opened and not yet closed
        self._skipping: list[str] = []  # dropped elements we are inside of

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            if tag == self._skipping[-1] or tag in _DROP_WITH_CONTENT:
                self._skipping.append(tag)
            return
        if tag in _DROP_WITH_CONTENT:
            self._skipping.append(tag)
        elif tag == "img":
            alt = " ".join((dict(attrs).get("alt") or "").split())
            if alt:
                self._out.append(f"[{html.escape(alt)}]")
        elif tag in _VOID:
            self._out.append(f"<{tag}>")
        elif (tag in _BLOCK or tag in _INLINE) and len(self._open) < MAX_DEPTH:
            name = _RENAME.get(tag, tag)
            spans = "".join(f' {key}="{int(value)}"' for key, value in attrs
                            if key in _SPAN_ATTRS and value and value.isdigit() and int(value) <= 100)
            self._open.append(tag)
            self._out.append(f"<{name}{spans}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or tag == "img":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag not in self._open:
            return  # a stray end tag, or one of a tag that was not kept
        while self._open:
            opened = self._open.pop()
            self._out.append(f"</{_RENAME.get(opened, opened)}>")
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._out.append(html.escape(data, quote=False))

    def result(self) -> str:
        closing = [f"</{_RENAME.get(tag, tag)}>" for tag in reversed(self._open)]
        return "".join(self._out + closing)
