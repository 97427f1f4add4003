"""Briefs × the messaging library: bring linked parts up to date, refuse stale ones, fill new briefs.

A brief holds the text of each block it uses (so its JSON reads and prints on
its own) plus the block's id and wording version (`Brief.links`). Before a
brief is exported the links are checked against the library:
- an unknown or expired block, or one of the wrong kind, is refused by its id;
- a block reworded since the brief was saved is updated, and the change is
  reported so the editor can show it first;
- a part the seller edited is their own text and is left alone.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from enablement_desktop.briefs.messaging import (
    KIND_LABELS,
    SLOT_KINDS,
    Block,
    Messaging,
    wording_version,
)
from enablement_desktop.briefs.model import BlockLink, Brief, CarePoint, Objection
from enablement_desktop.briefs.templates import PLACEHOLDER_OFFERING, load_template, same_product

_SLOT = re.compile(r"^(?P<key>\w+)(?:\[(?P<index>\d+)\])?$")
# How many blocks a new brief gets per part (the templates' own counts).
FILL_COUNTS = {"why_care": 3, "proof_points": 4, "differentiators": 4, "discovery_questions": 5, "objections": 3}


class BlocksRefused(Exception):
    """Blocks on the brief that may not be printed; `problems` names each by its id."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("These messaging blocks can't go on a brief:\n" + "\n".join(f"  {p}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    slot: str  # "proof_points[1]"
    block_id: str
    before: str
    after: str

    def __str__(self) -> str:
        return f'{slot_label(self.slot)} (block "{self.block_id}"): “{self.before}” → “{self.after}”'


@dataclass
class Resolution:
    brief: Brief
    changes: list[Change] = field(default_factory=list)  # reworded since saved, now updated
    problems: list[str] = field(default_factory=list)  # unknown, expired, wrong kind: refuse export


@dataclass(frozen=True)
class BlockUse:
    id: str
    kind: str
    version: str
    edited: bool


def slot_label(slot: str) -> str:
    """'proof_points[1]' -> 'proof point 2'; 'who_we_are' -> 'who we are'."""
    match = _SLOT.match(slot)
    if match is None or match["key"] not in SLOT_KINDS:
        return slot
    noun = KIND_LABELS[SLOT_KINDS[match["key"]]]
    return f"{noun} {int(match['index']) + 1}" if match["index"] is not None else noun


def slot_kind(slot: str) -> str | None:
    match = _SLOT.match(slot)
    return SLOT_KINDS.get(match["key"]) if match else None


def get_wording(brief: Brief, slot: str) -> dict[str, str]:
    match = _SLOT.match(slot)
    assert match is not None
    key, index = match["key"], match["index"]
    if key == "who_we_are":
        return {"text": brief.who_we_are}
    item = getattr(brief, key)[int(index)]
    if key == "why_care":
        return {"pain": item.pain, "outcome": item.outcome}
    if key == "objections":
        return {"objection": item.objection, "response": item.response}
    return {"text": item}


def set_wording(brief: Brief, slot: str, wording: dict[str, str]) -> None:
    match = _SLOT.match(slot)
    assert match is not None
    key, index = match["key"], match["index"]
    if key == "who_we_are":
        brief.who_we_are = wording["text"]
        return
    items, i = getattr(brief, key), int(index)
    if key == "why_care":
        items[i] = CarePoint(wording["pain"], wording["outcome"])
    elif key == "objections":
        items[i] = Objection(wording["objection"], wording["response"])
    else:
        items[i] = wording["text"]


def _exists(brief: Brief, slot: str) -> bool:
    match = _SLOT.match(slot)
    if match is None or match["key"] not in SLOT_KINDS:
        return False
    if match["index"] is None:
        return match["key"] == "who_we_are"
    return int(match["index"]) < len(getattr(brief, match["key"]))


def resolve_blocks(brief: Brief, messaging: Messaging, today: date | None = None) -> Resolution:
    """A copy of `brief` with every unedited block at its current wording, plus what changed and what is refused."""
    today = today or date.today()
    out = mark_edited(copy.deepcopy(brief))
    result = Resolution(out)
    for slot, link in sorted(out.links.items()):
        if not _exists(out, slot):
            result.problems.append(f'{slot}: block "{link.id}" is linked to a part the brief does not have')
            continue
        if link.edited:
            continue  # the seller's own text now
        block = messaging.get(link.id)
        problem = _problem(slot, link, block, messaging, today)
        if problem:
            result.problems.append(problem)
            continue
        assert block is not None
        before = get_wording(out, slot)
        if before != block.wording:
            set_wording(out, slot, block.wording)
            if any(before.values()):
                result.changes.append(Change(slot, block.id, _one_line(before), block.summary))
        out.links[slot] = BlockLink(block.id, block.version)
    return result


def _problem(slot: str, link: BlockLink, block: Block | None, messaging: Messaging, today: date) -> str:
    label = slot_label(slot)
    if block is None:
        guess = messaging.did_you_mean(link.id)
        hint = f' — did you mean "{guess}"?' if guess else " (it is not in the messaging library)"
        return f'{label}: unknown block "{link.id}"{hint}'
    if block.expired(today):
        assert block.expires is not None
        return (f'{label}: block "{block.id}" expired on {block.expires.isoformat()}: replace it, '
                f"or ask {block.owner or 'marketing'} to renew it")
    wanted = slot_kind(slot)
    if block.kind != wanted:
        return f'{label}: block "{block.id}" is a {KIND_LABELS[block.kind]}, not a {KIND_LABELS[wanted or ""]}'
    return ""


def _one_line(wording: dict[str, str]) -> str:
    return " → ".join(v for v in wording.values() if v)


def blocks_used(brief: Brief, messaging: Messaging | None = None) -> list[BlockUse]:
    """Each block on the brief once, in order; edited when any of its uses was rewritten."""
    seen: dict[str, BlockUse] = {}
    for slot, link in sorted(brief.links.items(), key=lambda kv: _slot_order(kv[0])):
        block = messaging.get(link.id) if messaging else None
        kind = block.kind if block else (slot_kind(slot) or "")
        prior = seen.get(link.id)
        seen[link.id] = BlockUse(link.id, kind, link.version, link.edited or (prior.edited if prior else False))
    return list(seen.values())


def _slot_order(slot: str) -> tuple[int, int]:
    match = _SLOT.match(slot)
    keys = list(SLOT_KINDS)
    if match is None or match["key"] not in keys:
        return (len(keys), 0)
    return (keys.index(match["key"]), int(match["index"] or 0))


def mark_edited(brief: Brief) -> Brief:
    """Links whose text no longer matches their version are the seller's own text now (JSON edited by hand)."""
    for slot, link in list(brief.links.items()):
        if not link.edited and link.version and _exists(brief, slot):
            wording = get_wording(brief, slot)
            if any(wording.values()) and wording_version(wording) != link.version:
                brief.links[slot] = BlockLink(link.id, link.version, edited=True)
    return brief


def fill_from_messaging(
    brief: Brief, messaging: Messaging, product: str = "", persona: str = "", today: date | None = None
) -> tuple[Brief, list[str]]:
    """Put current approved blocks in every part of `brief` that has fitting ones; keep the rest.

    Without a product, the product with the most blocks for the persona is
    chosen (and becomes the offering when the brief has none of its own).
    Returns the new brief and notes for the seller.
    """
    today = today or date.today()
    out = copy.deepcopy(brief)
    out.links = {}
    persona = persona or brief.audience.persona
    if not product:
        counts = Counter(b.product for b in messaging.blocks.values()
                         if b.product and not b.expired(today) and b.fits("", persona))
        product = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else ""
        if product:
            out.offering = product
    filled, kept = [], []
    for key, kind in SLOT_KINDS.items():
        blocks = messaging.fitting(kind, product, persona, today)
        if not blocks:
            if (brief.who_we_are if key == "who_we_are" else getattr(brief, key)):
                kept.append(KIND_LABELS[kind])
            continue
        filled.append(KIND_LABELS[kind])
        if key == "who_we_are":
            out.who_we_are = blocks[0].text
            out.links["who_we_are"] = BlockLink(blocks[0].id, blocks[0].version)
            continue
        chosen = blocks[: FILL_COUNTS[key]]
        setattr(out, key, [_item(key, b) for b in chosen])
        for i, b in enumerate(chosen):
            out.links[f"{key}[{i}]"] = BlockLink(b.id, b.version)
    # Marketing's full product name ("Tidewater Ledger") over a library's short one ("Ledger").
    named = [b.product for link in out.links.values()
             if (b := messaging.get(link.id)) and b.product and same_product(b.product, product)]
    if named and (not out.offering or same_product(out.offering, named[0])):
        out.offering = product = named[0]
    notes = []
    if filled:
        notes.append(f"Approved messaging for {product or 'every product'}"
                     f"{' and ' + persona if persona else ''}: {', '.join(filled)}.")
    if kept:
        notes.append(f"No approved messaging fits for {', '.join(kept)}: "
                     "that text is the starting example — rewrite it for this buyer.")
    return out, notes


def start_from_template(
    key: str, messaging: Messaging, product: str = "", today: date | None = None
) -> tuple[Brief, list[str]]:
    """The template `key` (an example to copy) with the library's approved blocks put in first."""
    brief = load_template(key)
    filled, notes = fill_from_messaging(brief, messaging, product=product, today=today)
    if filled.offering == PLACEHOLDER_OFFERING:
        notes.append("Name your product in Offering.")
    return filled, [f"Started from the {brief.audience.persona or key} example.", *notes]


def _item(key: str, block: Block) -> str | CarePoint | Objection:
    if key == "why_care":
        return CarePoint(block.pain, block.outcome)
    if key == "objections":
        return Objection(block.objection, block.response)
    return block.text
