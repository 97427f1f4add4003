"""The messaging library: marketing's approved wording, kept as `messaging/*.json` in the library folder.

Each file holds `{"blocks": [...]}`; a block is one approved sentence (or
pain → outcome pair, or objection → response pair) with an owner and a
validity window. Briefs refer to blocks by id (`{"block": "ID"}`), so one
voice reaches every meeting and an expired claim cannot be printed.

A broken file never stops anything: each problem names its file and key
(`messaging/cfo.json: blocks[2].kind: …`), the good blocks load, and the
indexer lists the problems with the library's other unreadable files.
Writes (the window's block editor) replace the file atomically and keep the
content of every other entry of the file, including ones that don't validate
(the file is written back with two-space indentation).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from enablement_desktop.briefs.model import MAX_ITEM, MAX_SENTENCE
from enablement_desktop.briefs.templates import PERSONA_ALIASES, normalize_label, same_product
from enablement_desktop.paths import DEMO_LIBRARY
from enablement_desktop.settings import Settings

MESSAGING_DIR = "messaging"
MAX_FILE_BYTES = 2_000_000  # a messaging file is hand-written text; anything larger is a mistake

# kind -> the wording fields it carries, and the longest each may be (what a brief prints uncut)
KINDS: dict[str, tuple[tuple[str, int], ...]] = {
    "who_we_are": (("text", MAX_SENTENCE),),
    "why_care": (("pain", MAX_SENTENCE), ("outcome", MAX_SENTENCE)),
    "proof_point": (("text", MAX_ITEM),),
    "differentiator": (("text", MAX_ITEM),),
    "discovery_question": (("text", MAX_ITEM),),
    "objection": (("objection", MAX_ITEM), ("response", MAX_ITEM)),
}
KIND_LABELS = {
    "who_we_are": "who we are",
    "why_care": "why care",
    "proof_point": "proof point",
    "differentiator": "differentiator",
    "discovery_question": "discovery question",
    "objection": "objection",
}
# The brief's parts, and the kind of block each one takes.
SLOT_KINDS = {
    "who_we_are": "who_we_are",
    "why_care": "why_care",
    "proof_points": "proof_point",
    "differentiators": "differentiator",
    "discovery_questions": "discovery_question",
    "objections": "objection",
}
_BLOCK_KEYS = ("id", "kind", "text", "pain", "outcome", "objection", "response", "product", "persona",
               "industry", "source", "owner", "approved", "expires")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")


class MessagingError(Exception):
    """A messaging file that can't be written (or a block that can't be saved); the message says why."""


@dataclass(frozen=True)
class Source:
    path: str  # the asset the wording comes from, relative to the library
    page: int | None = None


@dataclass(frozen=True)
class Block:
    id: str
    kind: str
    text: str = ""
    pain: str = ""
    outcome: str = ""
    objection: str = ""
    response: str = ""
    product: str = ""
    persona: str = ""
    industry: str = ""
    source: Source | None = None
    owner: str = ""
    approved: date | None = None
    expires: date | None = None
    file: str = ""  # where it was read from, e.g. "messaging/ledger.json"

    @property
    def wording(self) -> dict[str, str]:
        """The words a brief prints, by field ({"text": …} or {"pain": …, "outcome": …})."""
        return {name: getattr(self, name) for name, _limit in KINDS[self.kind]}

    @property
    def version(self) -> str:
        """A short fingerprint of the wording: a brief stores it to notice later rewording."""
        return wording_version(self.wording)

    @property
    def summary(self) -> str:
        """The wording on one line, for lists and messages."""
        return " → ".join(v for v in self.wording.values() if v)

    def expired(self, today: date) -> bool:
        """Valid through its `expires` day."""
        return self.expires is not None and self.expires < today

    def fits(self, product: str = "", persona: str = "") -> bool:
        """A block without a product (persona) fits every product (persona)."""
        if self.product and product and not same_product(self.product, product):
            return False
        return not (self.persona and persona and not same_persona(self.persona, persona))


def wording_version(wording: dict[str, str]) -> str:
    body = json.dumps(wording, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]


def same_persona(a: str, b: str) -> bool:
    """'CFO' and 'VP Finance' are the same buyer (templates.PERSONA_ALIASES); so is 'cfo' and 'CFO'."""
    x, y = normalize_label(a), normalize_label(b)
    if not x or not y:
        return False
    if x == y:
        return True
    for key, aliases in PERSONA_ALIASES.items():
        group = {normalize_label(key.replace("_", " ")), *aliases}
        if x in group and y in group:
            return True
    return False


@dataclass(frozen=True)
class Problem:
    path: str  # "messaging/cfo.json"
    message: str  # "blocks[2].kind: expected one of …"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Messaging:
    """Every valid block by id, and what was wrong with the rest."""

    blocks: dict[str, Block] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def get(self, block_id: str) -> Block | None:
        return self.blocks.get(block_id)

    def did_you_mean(self, block_id: str) -> str | None:
        guess = difflib.get_close_matches(block_id, list(self.blocks), n=1, cutoff=0.6)
        return guess[0] if guess else None

    def fitting(self, kind: str, product: str = "", persona: str = "", today: date | None = None) -> list[Block]:
        """Current blocks of `kind` for this product and persona: the most specific first, then by id."""
        today = today or date.today()
        found = [b for b in self.blocks.values()
                 if b.kind == kind and not b.expired(today) and b.fits(product, persona)]
        return sorted(found, key=lambda b: (not (b.product and product), not (b.persona and persona), b.id))


def library_root(settings: Settings) -> Path:
    """The library whose messaging applies: the chosen one, else the bundled demo, which
    stands in until a library is chosen (as the window shows it)."""
    return settings.library_path or DEMO_LIBRARY


def messaging_dir(library_root: Path) -> Path:
    return Path(library_root) / MESSAGING_DIR


def is_messaging_path(rel_path: str) -> bool:
    """True for files of the messaging library (not collateral): `messaging/…` at the library root."""
    return rel_path.startswith(MESSAGING_DIR + "/")


def load_messaging(library_root: Path | str | None) -> Messaging:
    """Read `messaging/*.json` under the library; never raises for what is in the files."""
    out = Messaging()
    if library_root is None:
        return out
    folder = messaging_dir(Path(library_root))
    try:
        paths = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    except OSError:
        return out
    where: dict[str, str] = {}  # id -> "messaging/a.json blocks[0]"
    for path in paths:
        rel = f"{MESSAGING_DIR}/{path.name}"
        out.files.append(rel)
        raw, problem = _read_file(path)
        if problem:
            out.problems.append(Problem(rel, problem))
            continue
        for i, item in enumerate(raw["blocks"]):
            key = f"blocks[{i}]"
            block, problems = parse_block(item, key)
            if block is not None and block.id in where:
                problems.append(f'{key}.id: "{block.id}" is already used by {where[block.id]}')
                block = None
            out.problems += [Problem(rel, p) for p in problems]
            if block is not None:
                where[block.id] = f"{rel} {key}"
                out.blocks[block.id] = replace(block, file=rel)
    return out


def _read_file(path: Path) -> tuple[dict[str, Any], str]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return {}, f"larger than {MAX_FILE_BYTES // 1_000_000} MB: a messaging file holds short texts"
        data = path.read_bytes()
    except OSError as exc:
        return {}, f"cannot be read ({exc.strerror or exc})"
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return {}, "not UTF-8 text"
    except json.JSONDecodeError as exc:
        return {}, f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
    except RecursionError:
        return {}, "not valid JSON: nested too deeply"
    if not isinstance(raw, dict) or not isinstance(raw.get("blocks"), list):
        return {}, 'expected {"blocks": [ … ]}'
    return raw, ""


def parse_block(raw: Any, key: str = "block") -> tuple[Block | None, list[str]]:
    """One block from its JSON, or None and one problem per bad key (`blocks[2].kind: …`)."""
    if not isinstance(raw, dict):
        return None, [f"{key}: expected an object with id, kind, …"]
    problems: list[str] = []
    for name in raw:
        if name not in _BLOCK_KEYS:
            guess = difflib.get_close_matches(str(name), _BLOCK_KEYS, n=1, cutoff=0.6)
            hint = f' — did you mean "{guess[0]}"?' if guess else ""
            problems.append(f'{key}: unknown key "{name}"{hint}')

    def text(name: str, limit: int = 200, required: bool = False) -> str:
        value = raw.get(name)
        if value is None:
            if required:
                problems.append(f"{key}.{name}: required")
            return ""
        if not isinstance(value, str):
            problems.append(f"{key}.{name}: expected text")
            return ""
        value = value.strip()
        if required and not value:
            problems.append(f"{key}.{name}: required")
        if len(value) > limit:
            problems.append(f"{key}.{name}: {len(value)} characters; a brief prints at most {limit} — shorten it")
        return value

    def day(name: str) -> date | None:
        value = raw.get(name)
        if value is None:
            problems.append(f"{key}.{name}: required — a date like 2026-06-30")
            return None
        try:
            if isinstance(value, str):
                return date.fromisoformat(value)
        except ValueError:
            pass
        problems.append(f"{key}.{name}: expected a date like 2026-06-30, got {json.dumps(value)}")
        return None

    block_id = text("id", 80, required=True)
    if block_id and not _ID.fullmatch(block_id):
        problems.append(f'{key}.id: "{block_id}" — use letters, digits, ".", "_" and "-" (no spaces)')
    kind = raw.get("kind")
    wording: dict[str, str] = {}
    if not isinstance(kind, str) or kind not in KINDS:
        problems.append(f"{key}.kind: expected one of {', '.join(KINDS)}, got {json.dumps(kind)}")
    else:
        for name, limit in KINDS[kind]:
            wording[name] = text(name, limit, required=True)
        for other in ("text", "pain", "outcome", "objection", "response"):
            if other not in wording and other in raw:
                problems.append(f'{key}.{other}: a {KIND_LABELS[kind]} block has no "{other}" '
                                f"(it takes {', '.join(wording)})")
    source = _source(raw.get("source"), f"{key}.source", problems)
    owner = text("owner", 100, required=True)
    approved, expires = day("approved"), day("expires")
    if approved and expires and expires < approved:
        problems.append(f"{key}.expires: {expires} is before approved ({approved})")
    block = Block(
        id=block_id, kind=str(kind), **wording,
        product=text("product", 100), persona=text("persona", 100), industry=text("industry", 100),
        source=source, owner=owner, approved=approved, expires=expires,
    )
    return (None, problems) if problems else (block, [])


def problems_by_file(library: Messaging) -> dict[str, list[str]]:
    """The library's problems grouped by file, for the Problems list (one row per file)."""
    out: dict[str, list[str]] = {}
    for problem in library.problems:
        out.setdefault(problem.path, []).append(problem.message)
    return out


def _source(raw: Any, key: str, problems: list[str]) -> Source | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str) or not raw["path"].strip():
        problems.append(f'{key}: expected {{"path": "…", "page": 3}}')
        return None
    page = raw.get("page")
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 1):
        problems.append(f"{key}.page: expected a page number (1, 2, …)")
        page = None
    path = raw["path"].strip().replace("\\", "/")
    if path.startswith("/") or ".." in path.split("/"):
        problems.append(f'{key}.path: expected a path relative to the library, got "{path}"')
    return Source(path, page)


def block_to_dict(block: Block) -> dict[str, Any]:
    """The JSON shape, keys in a fixed order, empty values left out."""
    out: dict[str, Any] = {"id": block.id, "kind": block.kind, **block.wording}
    for name in ("product", "persona", "industry"):
        if getattr(block, name):
            out[name] = getattr(block, name)
    if block.source is not None:
        out["source"] = {"path": block.source.path, **({"page": block.source.page} if block.source.page else {})}
    out["owner"] = block.owner
    out["approved"] = block.approved.isoformat() if block.approved else None
    out["expires"] = block.expires.isoformat() if block.expires else None
    return out


# -- writing (the window's block editor) ------------------------------------------


def save_block(library_root: Path, block: Block, replaces: str | None = None) -> Block:
    """Write `block` into the messaging library atomically and return it as stored.

    `replaces` is the id of the block being edited (an edit may rename it): it
    is rewritten in place, in its file. None adds a new block to `block.file`
    (default messaging/blocks.json). Other entries of the file keep their
    content. Raises MessagingError when the block is invalid,
    its id is taken, or the file can't be written.
    """
    checked, problems = parse_block(block_to_dict(block))
    if checked is None:
        raise MessagingError("; ".join(p.removeprefix("block.") for p in problems))
    library = load_messaging(library_root)
    existing = library.get(replaces) if replaces else None
    if replaces and existing is None:
        raise MessagingError(f'No block "{replaces}" in the messaging library (was it removed meanwhile?).')
    clash = library.get(block.id)
    if clash is not None and clash is not existing:
        raise MessagingError(f'The id "{block.id}" is already used in {clash.file}: choose another.')
    rel = existing.file if existing else (block.file or f"{MESSAGING_DIR}/blocks.json")
    path = Path(library_root) / rel
    entries = _entries(path)
    body = block_to_dict(block)
    for i, entry in enumerate(entries):
        if existing and isinstance(entry, dict) and entry.get("id") == replaces:
            entries[i] = body
            break
    else:
        entries.append(body)
    _write_entries(path, entries)
    return replace(checked, file=rel)


def delete_block(library_root: Path, block_id: str) -> None:
    """Remove the block from its file; MessagingError when no file holds it."""
    block = load_messaging(library_root).get(block_id)
    if block is None:
        raise MessagingError(f'No block "{block_id}" in the messaging library.')
    path = Path(library_root) / block.file
    entries = [e for e in _entries(path) if not (isinstance(e, dict) and e.get("id") == block_id)]
    _write_entries(path, entries)


def _entries(path: Path) -> list[Any]:
    if not path.exists():
        return []
    raw, problem = _read_file(path)
    if problem:
        raise MessagingError(f"{path.name} is {problem}: fix the file by hand first, so nothing in it is lost.")
    return list(raw["blocks"])


def _write_entries(path: Path, entries: Iterable[Any]) -> None:
    """Temp file + rename: a synced folder or a crash never sees half a file."""
    text = json.dumps({"blocks": list(entries)}, indent=2, ensure_ascii=False) + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise MessagingError(f"Couldn't write {path}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
