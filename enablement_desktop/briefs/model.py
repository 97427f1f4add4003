"""The brief as data: dataclasses plus JSON import/export whose errors name the key.

Every key but `offering` is optional; `null` counts as "not given" because
spreadsheets and other tools write it for empty cells. Text is stripped.
Unknown keys and wrong types are collected (not just the first) so an editor
can show every problem at once.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

PAPERS = ("letter", "a4")

# What the renderer prints of the parts it never cuts (offering, who-we-are,
# the first why-care point, audience, owner) and of each item: with these caps
# those parts always fit on one page at 8 pt. Longer text is still a valid
# brief: the page shows it shortened with an ellipsis and says so
# (`shorten_to_limits`), and the editor warns while the seller types.
MAX_OFFERING = 120
MAX_SENTENCE = 300
MAX_FIELD = 100
MAX_ITEM = 500
MAX_PATH = 500
MAX_TITLE = 200


class BriefError(ValueError):
    """A brief that cannot be read; `problems` has one line per key, e.g. `why_care[1].pain: …`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Audience:
    persona: str = ""
    industry: str = ""
    account: str = ""


@dataclass
class CarePoint:
    pain: str = ""
    outcome: str = ""


@dataclass
class Objection:
    objection: str = ""
    response: str = ""


@dataclass
class CollateralRef:
    path: str  # relative to the library root, '/' separated
    page: int | None = None
    title: str = ""  # optional in JSON; filled from the library when the brief is made or exported


@dataclass
class Owner:
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class BlockLink:
    """A part of the brief that came from the messaging library (see briefs/messaging.py).

    `version` is the fingerprint of the wording the brief holds; `edited` means
    the seller rewrote it: their own text now, only remembered for usage figures.
    """

    id: str
    version: str = ""
    edited: bool = False


@dataclass
class Brief:
    offering: str
    audience: Audience = field(default_factory=Audience)
    who_we_are: str = ""
    why_care: list[CarePoint] = field(default_factory=list)
    proof_points: list[str] = field(default_factory=list)
    differentiators: list[str] = field(default_factory=list)
    discovery_questions: list[str] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    collateral: list[CollateralRef] = field(default_factory=list)
    owner: Owner = field(default_factory=Owner)
    paper: str | None = None  # None: whatever the caller chooses (the renderer defaults to letter)
    # Which parts are messaging blocks, by slot: "who_we_are", "why_care[0]", "proof_points[2]", …
    links: dict[str, BlockLink] = field(default_factory=dict)


_TOP_KEYS = (
    "offering",
    "audience",
    "who_we_are",
    "why_care",
    "proof_points",
    "differentiators",
    "discovery_questions",
    "objections",
    "collateral",
    "owner",
    "paper",
)


def brief_from_json(source: str | bytes | dict[str, Any]) -> Brief:
    """Parse brief JSON (text, bytes or an already-decoded dict); raise BriefError naming each bad key."""
    if isinstance(source, str | bytes):
        try:
            raw = json.loads(source)
        except json.JSONDecodeError as exc:
            raise BriefError([f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"]) from exc
        except UnicodeDecodeError as exc:
            raise BriefError([f"not UTF-8 text (byte {exc.start})"]) from exc
        except RecursionError:
            raise BriefError(["nested far too deeply to be a brief"]) from None
        if _has_lone_surrogate(raw):
            raise BriefError(["holds a broken character (a lone \\ud800–\\udfff escape)"])
    else:
        raw = source
    reader = _Reader()
    brief = reader.brief(raw)
    if reader.problems:
        raise BriefError(reader.problems)
    return brief


def _has_lone_surrogate(value: Any) -> bool:
    """JSON may escape half of a UTF-16 pair; such text cannot be printed, stored as UTF-8 or shown."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The JSON shape, keys in a fixed order, empty values left out (so files stay short).

    A part that came from the messaging library is written as
    `{"block": ID, "version": …, "text": …}` (pairs keep their two keys), so
    the file still reads, and prints, on its own.
    """
    link = brief.links.get
    out: dict[str, Any] = {"offering": brief.offering}
    audience = _compact({"persona": brief.audience.persona, "industry": brief.audience.industry,
                         "account": brief.audience.account})
    if audience:
        out["audience"] = audience
    if brief.who_we_are or link("who_we_are"):
        out["who_we_are"] = _linked(link("who_we_are"), {"text": brief.who_we_are})
    if brief.why_care:
        out["why_care"] = [_linked(link(f"why_care[{i}]"), {"pain": p.pain, "outcome": p.outcome}, pair=True)
                           for i, p in enumerate(brief.why_care)]
    for key in ("proof_points", "differentiators", "discovery_questions"):
        if getattr(brief, key):
            out[key] = [_linked(link(f"{key}[{i}]"), {"text": t}) for i, t in enumerate(getattr(brief, key))]
    if brief.objections:
        out["objections"] = [
            _linked(link(f"objections[{i}]"), {"objection": o.objection, "response": o.response}, pair=True)
            for i, o in enumerate(brief.objections)
        ]
    if brief.collateral:
        out["collateral"] = [
            _compact({"path": c.path, "page": c.page, "title": c.title}) for c in brief.collateral
        ]
    owner = _compact({"name": brief.owner.name, "email": brief.owner.email, "phone": brief.owner.phone})
    if owner:
        out["owner"] = owner
    if brief.paper:
        out["paper"] = brief.paper
    return out


def _linked(link: BlockLink | None, wording: dict[str, str], pair: bool = False) -> Any:
    if link is None:
        return wording if pair else wording["text"]
    head: dict[str, Any] = {"block": link.id}
    if link.version:
        head["version"] = link.version
    if link.edited:
        head["edited"] = True
    return {**head, **_compact(wording)}


# (JSON key path, limit, label) of every text the page prints whole or not at all.
def _limited_texts(brief: Brief) -> list[tuple[str, int, str, str]]:
    out = [("offering", MAX_OFFERING, "the offering", brief.offering),
           ("who_we_are", MAX_SENTENCE, "who we are", brief.who_we_are)]
    for key in ("persona", "industry", "account"):
        out.append((f"audience.{key}", MAX_FIELD, f"audience {key}", getattr(brief.audience, key)))
    for key in ("name", "email", "phone"):
        out.append((f"owner.{key}", MAX_FIELD, f"owner {key}", getattr(brief.owner, key)))
    for i, p in enumerate(brief.why_care):
        out.append((f"why_care[{i}].pain", MAX_SENTENCE, f"why-care point {i + 1} pain", p.pain))
        out.append((f"why_care[{i}].outcome", MAX_SENTENCE, f"why-care point {i + 1} outcome", p.outcome))
    for key, noun in (("proof_points", "proof point"), ("differentiators", "differentiator"),
                      ("discovery_questions", "discovery question")):
        for i, text in enumerate(getattr(brief, key)):
            out.append((f"{key}[{i}]", MAX_ITEM, f"{noun} {i + 1}", text))
    for i, o in enumerate(brief.objections):
        out.append((f"objections[{i}].objection", MAX_ITEM, f"objection {i + 1}", o.objection))
        out.append((f"objections[{i}].response", MAX_ITEM, f"objection {i + 1} response", o.response))
    for i, c in enumerate(brief.collateral):
        out.append((f"collateral[{i}].title", MAX_TITLE, f"collateral {i + 1} title", c.title))
    return out


def length_warnings(brief: Brief) -> list[str]:
    """One line per text longer than the page prints, keyed like BriefError problems (for the editor)."""
    return [
        f"{key}: {len(text)} characters — the page prints the first {limit - 1} and “…”"
        for key, limit, _label, text in _limited_texts(brief) if len(text) > limit
    ]


def shorten_to_limits(brief: Brief) -> tuple[Brief, list[str]]:
    """A copy whose over-long texts end in "…" at their limit, and what was shortened, for people."""
    over = [(key, limit, label, text) for key, limit, label, text in _limited_texts(brief) if len(text) > limit]
    if not over:
        return brief, []
    data = brief_to_dict(brief)
    notes = []
    for key, limit, label, text in over:
        _set_path(data, key, shorten(text, limit))
        notes.append(f"{label} shortened to {limit} characters (was {len(text)})")
    return brief_from_json(data), notes


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary near `limit` (when there is one), ending in "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit * 0.8:
        head = head[:space]
    return head.rstrip(" ,;:.-—") + "…"


def _set_path(data: dict[str, Any], key: str, value: str) -> None:
    """Set e.g. "why_care[1].pain" or "proof_points[0]" in brief_to_dict's output."""
    node: Any = data
    parts = re.findall(r"(\w+)(?:\[(\d+)\])?", key)
    for n, (name, index) in enumerate(parts):
        last = n == len(parts) - 1
        if index:
            container, i = node[name], int(index)
            if last:
                if isinstance(container[i], dict):
                    container[i]["text"] = value
                else:
                    container[i] = value
            else:
                node = container[i]
        elif last:
            if isinstance(node.get(name), dict) and "block" in node[name]:
                node[name]["text"] = value
            else:
                node[name] = value
        else:
            node = node[name]


def brief_to_json(brief: Brief) -> str:
    return json.dumps(brief_to_dict(brief), indent=2, ensure_ascii=False) + "\n"


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None)}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
_LINK_KEYS = ("block", "version", "edited")


def _wording(known: tuple[str, ...]) -> str:
    """'objection, response' — the keys people write; the block link keys are for tools."""
    return ", ".join(k for k in known if k not in _LINK_KEYS)


class _Reader:
    """Walks the raw JSON, building dataclasses and collecting every problem with its key path."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.links: dict[str, BlockLink] = {}

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def brief(self, raw: Any) -> Brief:
        if not isinstance(raw, dict):
            self.problems.append(f"a brief must be a JSON object {{…}}, got {_kind(raw)}")
            return Brief(offering="")
        self.check_keys(raw, "", _TOP_KEYS)
        before = len(self.problems)
        offering = self.text(raw.get("offering"), "offering", MAX_OFFERING)
        if not offering and len(self.problems) == before:  # a wrong type was already reported
            self.fail("offering", "required — name what you are selling")
        audience = self.obj(raw.get("audience"), "audience", ("persona", "industry", "account"))
        owner = self.obj(raw.get("owner"), "owner", ("name", "email", "phone"))
        return Brief(
            offering=offering,
            audience=Audience(**{k: self.text(audience.get(k), f"audience.{k}", MAX_FIELD)
                                 for k in ("persona", "industry", "account")}),
            who_we_are=self.text_or_block(raw.get("who_we_are"), "who_we_are"),
            why_care=[
                CarePoint(
                    pain=self.text(item.get("pain"), f"{path}.pain", MAX_SENTENCE),
                    outcome=self.text(item.get("outcome"), f"{path}.outcome", MAX_SENTENCE),
                )
                for path, item in self.objects(raw.get("why_care"), "why_care", ("pain", "outcome", *_LINK_KEYS))
            ],
            proof_points=self.texts(raw.get("proof_points"), "proof_points"),
            differentiators=self.texts(raw.get("differentiators"), "differentiators"),
            discovery_questions=self.texts(raw.get("discovery_questions"), "discovery_questions"),
            objections=[
                Objection(
                    objection=self.text(item.get("objection"), f"{path}.objection", MAX_ITEM),
                    response=self.text(item.get("response"), f"{path}.response", MAX_ITEM),
                )
                for path, item in self.objects(
                    raw.get("objections"), "objections", ("objection", "response", *_LINK_KEYS)
                )
            ],
            collateral=[
                CollateralRef(
                    path=self.library_path(item.get("path"), f"{path}.path"),
                    page=self.page(item.get("page"), f"{path}.page"),
                    title=self.text(item.get("title"), f"{path}.title", MAX_TITLE),
                )
                for path, item in self.objects(
                    raw.get("collateral"), "collateral", ("path", "page", "title")
                )
            ],
            owner=Owner(**{k: self.text(owner.get(k), f"owner.{k}", MAX_FIELD)
                           for k in ("name", "email", "phone")}),
            paper=self.paper(raw.get("paper")),
            links=self.links,
        )

    def check_keys(self, raw: dict[str, Any], path: str, known: tuple[str, ...]) -> None:
        prefix = f"{path}: " if path else ""
        for key in raw:
            if key in known:
                continue
            guess = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f' — did you mean "{guess[0]}"?' if guess else f" (known keys: {', '.join(known)})"
            self.problems.append(f'{prefix}unknown key "{key}"{hint}')

    def text(self, raw: Any, path: str, limit: int) -> str:
        if raw is None:
            return ""
        if not isinstance(raw, str):
            self.fail(path, f"expected text, got {_kind(raw)}")
            return ""
        # No length check: text longer than `limit` is shortened on the page
        # (shorten_to_limits) and the editor warns (length_warnings).
        return raw.strip()

    def text_or_block(self, raw: Any, path: str) -> str:
        """Literal text, or a messaging block `{"block": ID, "version": …, "text": …}`."""
        if not isinstance(raw, dict):
            return self.text(raw, path, MAX_ITEM)
        self.check_keys(raw, path, ("text", *_LINK_KEYS))
        self.link(raw, path)
        return self.text(raw.get("text"), f"{path}.text", MAX_ITEM)

    def link(self, raw: dict[str, Any], path: str) -> None:
        """Remember which block a part came from; a part without "block" is the seller's own."""
        if "block" not in raw:
            if "version" in raw or "edited" in raw:
                self.fail(path, '"version" and "edited" go with "block": the id of a messaging block')
            elif "text" in raw:
                self.fail(path, 'expected text, or {"block": "ID"} for a messaging block')
            return
        block_id, version, edited = raw.get("block"), raw.get("version", ""), raw.get("edited", False)
        if not isinstance(block_id, str) or not block_id.strip():
            self.fail(f"{path}.block", "expected the id of a messaging block")
            return
        if not isinstance(version, str):
            self.fail(f"{path}.version", f"expected text, got {_kind(version)}")
            version = ""
        if not isinstance(edited, bool):
            self.fail(f"{path}.edited", f"expected true or false, got {_kind(edited)}")
            edited = False
        self.links[path] = BlockLink(block_id.strip(), version.strip(), edited)

    def obj(self, raw: Any, path: str, known: tuple[str, ...]) -> dict[str, Any]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.fail(path, f"expected an object with {_wording(known)}, got {_kind(raw)}")
            return {}
        self.check_keys(raw, path, known)
        return raw

    def items(self, raw: Any, path: str) -> list[Any]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.fail(path, f"expected a list, got {_kind(raw)}")
            return []
        return raw

    def texts(self, raw: Any, path: str) -> list[str]:
        return [self.text_or_block(item, f"{path}[{i}]") for i, item in enumerate(self.items(raw, path))]

    def objects(
        self, raw: Any, path: str, known: tuple[str, ...]
    ) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for i, item in enumerate(self.items(raw, path)):
            item_path = f"{path}[{i}]"
            if item is None:
                self.fail(item_path, f"expected an object with {_wording(known)}, got null")
                continue
            item = self.obj(item, item_path, known)
            if "block" in known:
                self.link(item, item_path)
            out.append((item_path, item))
        return out

    def library_path(self, raw: Any, path: str) -> str:
        value = self.text(raw, path, MAX_PATH).replace("\\", "/")
        if len(value) > MAX_PATH:
            self.fail(path, f"too long for a path ({len(value)} characters, at most {MAX_PATH})")
            return ""
        if not value:
            if raw is None or isinstance(raw, str):
                self.fail(path, "required — the asset's path inside the library")
            return ""
        if value.startswith("/") or _WINDOWS_DRIVE.match(value) or ".." in value.split("/"):
            self.fail(path, f'expected a path relative to the library, got "{value}"')
        return value

    def page(self, raw: Any, path: str) -> int | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.fail(path, f"expected a page number (1, 2, …), got {_kind(raw)}")
            return None
        if raw < 1:
            self.fail(path, f"expected a page number (1, 2, …), got {raw}")
            return None
        return raw

    def paper(self, raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            self.fail("paper", f'expected "letter" or "a4", got {_kind(raw)}')
            return None
        value = raw.strip().lower()
        if value not in PAPERS:
            self.fail("paper", f'expected "letter" or "a4", got "{raw}"')
            return None
        return value
