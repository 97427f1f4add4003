"""The Markdown the preview renders: what a docs site renders away is gone, Markdown and code stay."""

from __future__ import annotations

import time
from pathlib import Path

from enablement_desktop.preview.markdown import preview_markdown
from enablement_desktop.preview.markup import read_markup
from resources.docgen import write_text

SAMPLE = """```jsx
import { Tabs } from '@site/components';
<div align="center"><Tabs /></div>
<!-- a comment in the sample -->
```"""

MDX_PAGE = """---
title: Role-based access control
description: Who sees which documents.
---

import { Tabs, Tab } from '@site/components';
import Figure from '../Figure.astro'
export const meta = { hidden: true };

{/* internal: check the wording with legal */}
<!-- draft note: remove before launch -->

# Access control

<Note>Admins see **every** document.</Note>

<CardGroup cols={2}>
  <Card title="Tenant tokens" href="/tokens">
    Tokens carry the user's teams.
  </Card>
</CardGroup>

Rates are on the <a href="https://example.com/pricing" target="_blank">pricing page</a>.<br/>
<div align="center"><img src="chart.png" alt="Access by team" /></div>

<script>track("view")</script>
<style>.banner { color: red }</style>

| Role | Sees |
| --- | --- |
| Viewer | <b>own</b> team<br/>only |

Write `<Tabs>` or `import x from 'y'` as code.

""" + SAMPLE + """

- one
- two
"""


def test_the_preview_shows_an_mdx_page_as_its_site_does(tmp_path: Path) -> None:
    markup = read_markup(write_text(tmp_path / "access.mdx", MDX_PAGE), "md")
    assert markup is not None and markup.format == "markdown"
    text = markup.text
    for gone in ("title: Role-based", "description:", "import { Tabs, Tab }", "import Figure", "export const",
                 "internal: check", "draft note", "<Note>", "</Note>", "CardGroup", "<Card", 'href="/tokens"',
                 "<a href", "target=", "<br/>", '<div align="center"><img', "track(", "color: red", "<b>"):
        assert gone not in text, gone
    lines = text.split("\n")
    assert "# Access control" in lines  # Markdown stays for Qt to render
    assert "Admins see **every** document." in text
    assert "**Tenant tokens**" in lines  # a card's title, as the site shows it
    assert "Tokens carry the user's teams." in lines  # moved left: not taken for indented code
    assert "Rates are on the pricing page. " in text
    assert "Access by team" in text  # an image's alt text
    assert "| Viewer | own team only |" in lines  # a table row stays one row
    assert "Write `<Tabs>` or `import x from 'y'` as code." in lines  # inline code as written
    assert SAMPLE in text  # fenced code exactly as written
    assert "- one\n- two" in text


def test_markdown_without_site_markup_is_unchanged() -> None:
    page = "# Pricing\n\nSee <https://example.com> and [plans](/plans).\n\n> quoted **words**\n\n* a\n  * b\n"
    assert preview_markdown(page) == page


def test_hostile_markdown_stays_linear() -> None:
    two_mb = 2 * 1024 * 1024
    hostile = {
        "<": "<" * two_mb,
        "<<<< lines": "<<<<\n" * (two_mb // 5),
        "unclosed tags": "<div " * (two_mb // 5),
        "unclosed script": "<script>" * (two_mb // 8),
        "unclosed comments": "<!--" * (two_mb // 4) + "{/*" * (two_mb // 6),
        "backticks": "".join("`" * (i % 7 + 1) + "a" for i in range(two_mb // 5)),
        "unclosed attributes": "<a " + 'x="' * (two_mb // 3),
        "unclosed template": "<div>\n{`" + "<b>\n" * (two_mb // 4),
    }
    for name, text in hostile.items():
        started = time.monotonic()
        preview_markdown(text)
        assert time.monotonic() - started < 20.0, name
    deep = "<div>\n" * 100_000 + "    deep text\n" + "</div>\n" * 100_000
    started = time.monotonic()
    out = preview_markdown(deep)
    assert time.monotonic() - started < 20.0
    assert "<div" not in out and "deep text" in out.split("\n")


def test_a_components_template_literal_shows_as_code() -> None:
    # railway's docs: <CodeTab> holding {`…`} over several lines, which the site shows as a code block.
    page = '<CodeBlock>\n  <CodeTab label="railway.toml">\n{`[deploy]\nstartCommand = "<start>"`}\n  </CodeTab>\n</CodeBlock>\n'
    out = preview_markdown(page)
    assert "```\n[deploy]\nstartCommand = \"<start>\"\n```" in out
    assert "**railway.toml**" in out and "CodeTab" not in out and "{`" not in out


def test_an_image_in_a_list_item_leaves_its_alt_text_in_the_item() -> None:
    # plausible's docs: a screenshot under a numbered step; the step after it must still be step 2.
    out = preview_markdown("1. Open settings.\n    <img alt=\"The settings page\" src={url('a.png')} />\n2. Save.\n")
    assert "    The settings page" in out.split("\n") and "<img" not in out
