"""Starting briefs, one per buyer persona, kept as plain brief JSON in resources/brief_templates/.

Templates are neutral examples to copy: every line says what belongs there
("Example pain: …"), none names a company. A new brief takes the library's
approved messaging first (block_links.fill_from_messaging) and keeps a
template's example lines only where no block fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from enablement_desktop.briefs.model import Brief, brief_from_json
from enablement_desktop.paths import REPO_ROOT

TEMPLATES_DIR = REPO_ROOT / "resources" / "brief_templates"

# Libraries name the same buyer many ways ("CFO", "Finance", "VP Finance");
# these map the common ones to a template. A template's own persona always matches.
PERSONA_ALIASES: dict[str, tuple[str, ...]] = {
    "cfo": ("chief financial officer", "finance", "finance leader", "finance director", "vp finance",
            "head of finance", "controller", "financial controller", "accounts payable", "ap manager"),
    "cio": ("chief information officer", "it", "it leader", "it director", "head of it", "cto",
            "ciso", "chief information security officer", "security", "it security"),
    "vp_sales": ("vp of sales", "sales", "sales leader", "sales director", "head of sales", "cro",
                 "chief revenue officer", "revops", "revenue operations", "sales operations"),
    "procurement": ("procurement", "cpo", "chief procurement officer", "procurement director",
                    "purchasing", "sourcing", "buyer"),
}


# The offering every template carries until the seller (or the messaging library) names one.
PLACEHOLDER_OFFERING = "Your product"


@dataclass(frozen=True)
class TemplateInfo:
    key: str  # the file name without .json, e.g. "cfo"
    persona: str
    offering: str
    path: Path


def normalize_label(text: str) -> str:
    """'VP, Sales ' -> 'vp sales': how persona and product labels are compared."""
    return " ".join(re.sub(r"[^\w&]+", " ", text.lower()).split())


def same_product(a: str, b: str) -> bool:
    """'Ledger' names the same product as 'Tidewater Ledger': libraries often drop the company."""
    x, y = normalize_label(a), normalize_label(b)
    return bool(x and y) and (x == y or x.endswith(" " + y) or y.endswith(" " + x))


def list_templates() -> list[TemplateInfo]:
    out = []
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        brief = brief_from_json(path.read_text(encoding="utf-8"))
        out.append(TemplateInfo(path.stem, brief.audience.persona, brief.offering, path))
    return out


def load_template(key: str) -> Brief:
    """The template brief `key` (see list_templates); KeyError names the ones that exist."""
    path = TEMPLATES_DIR / f"{key}.json"
    if not re.fullmatch(r"[\w-]+", key) or not path.is_file():
        known = ", ".join(t.key for t in list_templates())
        raise KeyError(f'No brief template "{key}" (templates: {known}).')
    return brief_from_json(path.read_text(encoding="utf-8"))


def match_template(personas: list[str], products: list[str]) -> str | None:
    """The key of the template for the first persona that has one; ties go to the matching product."""
    templates = list_templates()
    for persona in personas:
        label = normalize_label(persona)
        hits = [
            t for t in templates
            if label == normalize_label(t.persona) or label in PERSONA_ALIASES.get(t.key, ())
        ]
        if hits:
            hits.sort(key=lambda t: not any(same_product(t.offering, p) for p in products))
            return hits[0].key
    return None
