"""Markdown, MDX and HTML are indexed as the text a reader sees (issue 12.5)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from enablement_desktop.extract import SUPPORTED_SUFFIXES, extract_file, file_type
from enablement_desktop.extract.front_matter import split_front_matter
from resources.docgen import write_text

MDX_STORY = """---
title: 'How **Northwind** cut onboarding time'
description: "A customer story: onboarding in 2 days, not 2 weeks."
date: '2024-03-05T09:00:00.000Z'
author: Dana Kim
tags:
  - Case Study
  - Onboarding
categories: [Customers, Retail]
ogImage: cover.png
---

import { Card, CardGroup } from '@site/components';
import Figure from '../Figure.astro'
export const meta = { hidden: true };

{/* internal: check the numbers with finance */}

<Banner type="info">Customer story</Banner>

Northwind **reduced** onboarding from _two weeks_ to `2 days`.

<CardGroup cols={2}>
  <Card title="Faster ramp" href="/ramp" style={{color: "red"}}>
    New sellers closed their first deal in a month.
  </Card>
</CardGroup>

## Results in **numbers**

| Metric | Before | After |
| --- | :---: | ---: |
| Ramp | 6 months | 1 month |

<ul><li>Fewer tickets</li><li>Happier admins</li></ul>

<meta name="robots" content="noindex">
<img src="chart.png" alt="Ramp time by quarter" />

:::tip[Ask the account team]
Reference calls are available.
:::

{% hint style="info" %}
Numbers are from the customer's own report.
{% endhint %}

```bash
kubectl get pods   # code stays searchable
```

---

See the [pricing page](https://example.com/pricing "Pricing") and ![logo](logo.png).
"""

_MARKUP = re.compile(r"<[A-Za-z/]|\*\*|\{/?\*|^import |^export |\| ?-{3}|:::|\{%|```|\]\(", re.M)


def _all_text(result) -> str:
    return "\n".join(s.text for s in result.sections)


def test_mdx_is_read_not_skipped(tmp_path: Path) -> None:
    assert ".mdx" in SUPPORTED_SUFFIXES
    assert file_type(Path("story.MDX")) == "md"
    result = extract_file(write_text(tmp_path / "story.mdx", MDX_STORY))
    assert "Northwind reduced onboarding from two weeks to 2 days." in _all_text(result)


def test_front_matter_becomes_properties_not_text(tmp_path: Path) -> None:
    result = extract_file(write_text(tmp_path / "story.mdx", MDX_STORY))
    assert result.properties == {
        "title": "How Northwind cut onboarding time",
        "subject": "A customer story: onboarding in 2 days, not 2 weeks.",
        "date": "2024-03-05",
        "author": "Dana Kim",
        "keywords": "Case Study, Onboarding",
        "category": "Customers, Retail",
    }
    text = _all_text(result)
    assert "ogImage" not in text and "cover.png" not in text
    # The page's summary is words a reader sees: searchable, in the first section.
    assert result.sections[0].text.startswith("A customer story: onboarding in 2 days")


def test_markup_is_stripped_and_readable_text_kept(tmp_path: Path) -> None:
    result = extract_file(write_text(tmp_path / "story.mdx", MDX_STORY))
    text = _all_text(result)
    assert not _MARKUP.search(text), _MARKUP.search(text)
    for kept in ("Customer story", "Faster ramp", "New sellers closed their first deal in a month.",
                 "Metric | Before | After", "Ramp | 6 months | 1 month", "Fewer tickets", "Happier admins",
                 "Ramp time by quarter", "Ask the account team", "Reference calls are available.",
                 "Numbers are from the customer's own report.", "kubectl get pods",
                 "See the pricing page and logo."):
        assert kept in text, kept
    for dropped in ("internal: check", "hidden: true", "@site/components", "robots", "noindex",
                    "https://example.com", "chart.png", "style", "cols"):
        assert dropped not in text, dropped


def test_headings_are_sections_without_markup(tmp_path: Path) -> None:
    result = extract_file(write_text(tmp_path / "story.mdx", MDX_STORY))
    assert [s.label for s in result.sections] == ["Introduction", "Results in numbers"]
    assert result.sections[1].heading == "Results in numbers"


def test_title_falls_back_to_the_first_heading(tmp_path: Path) -> None:
    first = extract_file(write_text(tmp_path / "a.md", "## **Pricing** FAQ\n\nText.\n\n# Later\n"))
    assert first.properties["title"] == "Later"  # a level-1 heading wins over a first level-2 one
    opening = extract_file(write_text(tmp_path / "b.md", "\n## **Pricing** `FAQ`\n\nText.\n## Other\n"))
    assert opening.properties["title"] == "Pricing FAQ"
    buried = extract_file(write_text(tmp_path / "c.md", "Text first.\n\n## Section\n\nMore.\n"))
    assert "title" not in buried.properties  # the file name gives the title (library/metadata.py)


def test_an_unclosed_front_matter_fence_is_a_rule_not_metadata(tmp_path: Path) -> None:
    result = extract_file(write_text(tmp_path / "rule.md", "---\ntitle: not front matter\n\nBody text.\n"))
    assert "title" not in result.properties
    assert "title: not front matter" in _all_text(result)


def test_toml_front_matter(tmp_path: Path) -> None:
    result = extract_file(write_text(tmp_path / "t.md", '+++\ntitle = "Battlecard: Acme"\ntags = ["competitive"]\n+++\nBody.\n'))
    assert result.properties["title"] == "Battlecard: Acme"
    assert result.properties["keywords"] == "competitive"


def test_html_title_falls_back_to_the_first_heading(tmp_path: Path) -> None:
    result = extract_file(write_text(tmp_path / "p.html", "<html><body><h1>Security <b>FAQ</b></h1><p>SOC 2.</p></body></html>"))
    assert result.properties["title"] == "Security FAQ"


def test_hostile_markup_stays_fast(tmp_path: Path) -> None:
    hostile = ("<a " + 'x="' * 5000 + "\n") + ("**a " * 20_000) + "\n" + ("{" * 50_000) + "\n" + ("<" * 50_000) + "\n"
    hostile += "_" + "a_b " * 20_000 + "\n" + "`" * 30_000 + "\n" + "{/*" * 20_000 + "\n" + "<!--" * 20_000 + "\n"
    hostile += "<script>" * 30_000 + "\n" + "<!--" * 200_000 + "\n"  # each looked for its closer again: minutes
    started = time.monotonic()
    extract_file(write_text(tmp_path / "hostile.mdx", hostile))
    assert time.monotonic() - started < 10.0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["---", "+++", "title: x", "tags:", "  - a", "- b", "key = 'v'", "", "x: [a, b",
                                 "description: |", "  y"]), max_size=12))
def test_front_matter_reader_never_fails(lines: list[str]) -> None:
    properties, start = split_front_matter(lines)
    assert 0 <= start <= len(lines)
    assert all(isinstance(v, str) for v in properties.values())


def test_a_library_read_by_an_older_extractor_is_read_again(tmp_path: Path) -> None:
    from tests.support.indexed import empty_library

    with empty_library(tmp_path) as library:
        write_text(library.root / "story.mdx", MDX_STORY)
        write_text(library.root / "notes.md", "# Notes\nPlain words.\n")
        assert library.update().added == 2
        # As an asset stored before markup was stripped: the file itself has not changed.
        library.ctx.db.execute("UPDATE assets SET extractor = 1, title = 'How **Northwind**' WHERE path = 'story.mdx'")
        library.ctx.db.conn.commit()
        summary = library.update()
        assert (summary.changed, summary.unchanged) == (1, 1)
        title, extractor = library.ctx.db.execute(
            "SELECT title, extractor FROM assets WHERE path = 'story.mdx'").fetchone()
        assert title == "How Northwind cut onboarding time" and extractor >= 2
        assert library.update().unchanged == 2  # read once, not at every run


def test_backslash_escapes_read_as_the_character(tmp_path: Path) -> None:
    # "# 1\. Introduction" (escaped so it is not a list) was labelled "1\. Introduction".
    result = extract_file(write_text(tmp_path / "a.md", "# 1\\. Introduction\n\nPrices are 5\\*3 \\[approx\\].\\\n"
                                                      "[![Deploy on Railway](https://x.io/b.svg)](https://x.io/new)\n"))
    assert result.sections[0].label == "1. Introduction"
    text = _all_text(result)
    assert "Prices are 5*3 [approx]." in text and "\\" not in text
    assert "Deploy on Railway" in text and "x.io" not in text  # a badge: link around an image
