"""Facets without a manifest: derived from folder names, file names, titles and tags.

A real library has no `collateral.csv`, so product, persona, stage, region,
kind of collateral and industry would all be empty. Here each is derived
through a mapping of values to the words that give them (facet_defaults.py,
extended or replaced by the library's own `facets.toml`, docs/facets.md).
Words are looked for, whole and case-insensitively (a plural 's' allowed),
in the nearest folder first, then the file name, the title and the file's
own tags and categories. Every value says where it came from.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from enablement_desktop.library.facet_defaults import DEFAULTS_TOML
from enablement_desktop.library.names import folder_words, part_words

FACETS_NAME = "facets.toml"
DERIVED_FIELDS = ("kind", "product", "persona", "stage", "region", "industry")
SINGLE_VALUED = {"kind"}  # one kind per asset; the others may hold several values
_MAX_BYTES = 256 * 1024  # a mapping is a page of words, not a document


@dataclass
class FacetRules:
    """field → [(value, compiled words)], in the order values were listed."""

    rules: dict[str, list[tuple[str, re.Pattern]]] = field(default_factory=dict)
    product_from_top_folder: bool = True
    problems: list[str] = field(default_factory=list)
    signature: tuple[int, int] = (0, 0)  # (size, mtime_ns) of facets.toml, for change detection


def load_rules(root: Path | None) -> FacetRules:
    """The built-in mapping, extended (or replaced) by `root/facets.toml` when there is one.

    A file that cannot be read is reported in `problems`, and the built-in
    mapping is used: derived facets never stop indexing."""
    defaults = tomllib.loads(DEFAULTS_TOML)
    mapping, problems, signature = defaults, [], (0, 0)
    path = Path(root) / FACETS_NAME if root is not None else None
    if path is not None:
        try:
            st = path.stat()
            signature = (st.st_size, st.st_mtime_ns)
            if st.st_size > _MAX_BYTES:
                raise ValueError(f"larger than {_MAX_BYTES // 1024} KB")
            own = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
            mapping = _merged(defaults, own, problems)
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # tomllib.TOMLDecodeError is a ValueError
            problems.append(f"{FACETS_NAME}: cannot be read ({exc}); the built-in facet words are used")
    return _compiled(mapping, problems, signature)


def signature(root: Path | None) -> tuple[int, int]:
    """(size, mtime_ns) of `root`'s facets.toml now, as `FacetRules.signature` records it; (0, 0) without one."""
    if root is None:
        return (0, 0)
    try:
        st = (Path(root) / FACETS_NAME).stat()
    except OSError:
        return (0, 0)
    return (st.st_size, st.st_mtime_ns)


def _merged(defaults: dict, own: dict, problems: list[str]) -> dict:
    options = {**defaults.get("options", {}), **_table(own, "options", problems)}
    base = {} if options.get("replace_defaults") else defaults
    merged: dict = {"options": options}
    for name in DERIVED_FIELDS:
        values = dict(base.get(name, {}))
        values.update(_table(own, name, problems))  # a value listed again takes the library's words
        merged[name] = values
    for name in own:
        if name not in merged:
            problems.append(f"{FACETS_NAME}: [{name}] is not a facet ({', '.join(DERIVED_FIELDS)}); it is ignored")
    return merged


def _table(own: dict, name: str, problems: list[str]) -> dict:
    value = own.get(name, {})
    if not isinstance(value, dict):
        problems.append(f"{FACETS_NAME}: {name} should be a [{name}] table; it is ignored")
        return {}
    return value


def _compiled(mapping: dict, problems: list[str], signature: tuple[int, int]) -> FacetRules:
    rules: dict[str, list[tuple[str, re.Pattern]]] = {}
    for name in DERIVED_FIELDS:
        compiled = []
        for value, words in mapping.get(name, {}).items():
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                problems.append(f"{FACETS_NAME}: [{name}] {value} should list words in quotes; it is ignored")
                continue
            phrases = [" ".join(_words(w)) for w in words if _words(w)]
            if phrases:
                # Whole words of the normalised text, a plural 's' allowed.
                pattern = "|".join(re.escape(p) + "s?" for p in sorted(set(phrases), key=len, reverse=True))
                compiled.append((value.strip(), re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")))
        rules[name] = compiled
    options = mapping.get("options", {})
    return FacetRules(rules, bool(options.get("product_from_top_folder", True)), problems, signature)


def _words(text: str) -> list[str]:
    """Lower-case words, split at anything but letters and digits ("one-pager" → one pager)."""
    return re.findall(r"[^\W_]+", text.lower())


@dataclass
class Derived:
    values: dict[str, list[str]]  # field → values
    sources: dict[str, str]  # field → where they came from, for people


def derive(rules: FacetRules, rel_path: str, title: str, properties: dict[str, str]) -> Derived:
    """The facet values the words around one file give it."""
    folders = folder_words(rel_path)
    path = PurePosixPath(rel_path)
    places: list[tuple[str, str]] = []  # (where, normalised words), most telling first
    for tag_key, label in (("category", "its categories"), ("keywords", "its tags")):
        if properties.get(tag_key):
            places.append((label, normalised(properties[tag_key])))
    for folder, words in zip(reversed(path.parent.parts), reversed(folders), strict=True):
        places.append((f"the folder “{folder}”", normalised(" ".join(words))))
    places.append((f"the file name “{path.name}”", normalised(" ".join(part_words(path.stem)))))
    if title:
        places.append(("the title", normalised(title)))

    values: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    for name, compiled in rules.rules.items():
        found: list[str] = []
        where: list[str] = []
        for label, text in places:
            for value, pattern in compiled:
                if value not in found and pattern.search(text):
                    found.append(value)
                    if label not in where:
                        where.append(label)
            if found and name in SINGLE_VALUED:
                break
        if found:
            values[name] = found[:1] if name in SINGLE_VALUED else found
            sources[name] = "derived from " + " and ".join(where[:2])
    if rules.product_from_top_folder and "product" not in values and len(path.parts) > 1:
        top = " ".join(part_words(path.parts[0]))
        # A top folder named for a kind, persona… ("Battlecards") is not a product.
        if top and not path.parts[0].startswith(".") and not _names_a_facet(rules, normalised(top)):
            values["product"] = [top]
            sources["product"] = f"derived from the top-level folder “{path.parts[0]}”"
    return Derived(values, sources)


def _names_a_facet(rules: FacetRules, text: str) -> bool:
    return any(pattern.search(text) for compiled in rules.rules.values() for _, pattern in compiled)


def normalised(text: str) -> str:
    """The text as the facet words are looked for in it: lower-case words, one space apart."""
    return " ".join(_words(text))
