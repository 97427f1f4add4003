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

# Caps on the parts the renderer never cuts (offering, who-we-are, the first
# why-care point, audience, owner): with them, those parts always fit on one
# page at 8 pt, so "exactly one page" holds for every valid brief.
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
    """The JSON shape, keys in a fixed order, empty values left out (so files stay short)."""
    out: dict[str, Any] = {"offering": brief.offering}
    audience = _compact({"persona": brief.audience.persona, "industry": brief.audience.industry,
                         "account": brief.audience.account})
    if audience:
        out["audience"] = audience
    if brief.who_we_are:
        out["who_we_are"] = brief.who_we_are
    if brief.why_care:
        out["why_care"] = [{"pain": p.pain, "outcome": p.outcome} for p in brief.why_care]
    for key in ("proof_points", "differentiators", "discovery_questions"):
        if getattr(brief, key):
            out[key] = list(getattr(brief, key))
    if brief.objections:
        out["objections"] = [{"objection": o.objection, "response": o.response} for o in brief.objections]
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


class _Reader:
    """Walks the raw JSON, building dataclasses and collecting every problem with its key path."""

    def __init__(self) -> None:
        self.problems: list[str] = []

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
            who_we_are=self.text(raw.get("who_we_are"), "who_we_are", MAX_SENTENCE),
            why_care=[
                CarePoint(
                    pain=self.text(item.get("pain"), f"{path}.pain", MAX_SENTENCE),
                    outcome=self.text(item.get("outcome"), f"{path}.outcome", MAX_SENTENCE),
                )
                for path, item in self.objects(raw.get("why_care"), "why_care", ("pain", "outcome"))
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
                    raw.get("objections"), "objections", ("objection", "response")
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
        value = raw.strip()
        if len(value) > limit:
            self.fail(path, f"too long for a one-page brief ({len(value)} characters, at most {limit})")
        return value

    def obj(self, raw: Any, path: str, known: tuple[str, ...]) -> dict[str, Any]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.fail(path, f"expected an object with {', '.join(known)}, got {_kind(raw)}")
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
        return [self.text(item, f"{path}[{i}]", MAX_ITEM) for i, item in enumerate(self.items(raw, path))]

    def objects(
        self, raw: Any, path: str, known: tuple[str, ...]
    ) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for i, item in enumerate(self.items(raw, path)):
            item_path = f"{path}[{i}]"
            if item is None:
                self.fail(item_path, f"expected an object with {', '.join(known)}, got null")
                continue
            out.append((item_path, self.obj(item, item_path, known)))
        return out

    def library_path(self, raw: Any, path: str) -> str:
        value = self.text(raw, path, MAX_PATH).replace("\\", "/")
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
