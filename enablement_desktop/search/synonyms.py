"""Synonyms marketing can own: `synonyms.txt` at the library root, applied at query time.

One group per line, its members separated by commas; a member may be several
words. Blank lines and lines starting with # are ignored:

    SOC 2, SOC2, SOC-2
    ROI, return on investment
    # anything after a # at the start of a line is a comment

A query word (or run of words) that is a member is searched as any member of
its group, as one word of the query: "ROI calculator" finds assets saying
"return on investment calculator", and the window says "also searched:
return on investment". The file is read again whenever it changes (checked
at each search by its size and time stamp). A line that cannot be used is
skipped, and each indexing run reports it in Problems; a file that cannot be
read at all means no synonyms, never an error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import query as wq

from enablement_desktop.search.analysis import WORD, query_forms
from enablement_desktop.search.query import WordVariants

SYNONYMS_NAME = "synonyms.txt"
BAD_SYNONYMS = "bad synonyms"  # the Problems reason for synonyms.txt
_MAX_BYTES = 1_000_000  # a synonyms file is a few hundred lines; more is a mistake (or a hostile file)
_MAX_LINE = 1_000
_MAX_MEMBERS = 50


@dataclass(frozen=True)
class Member:
    text: str  # as written in the file
    parts: tuple[str, ...]  # its index terms in order (a phrase when more than one)
    whole: str | None  # the joined form, when it is one split word ("SOC-2" → soc2)

    def query(self, fieldname: str = "body") -> wq.Query:
        if len(self.parts) == 1:
            return wq.Term(fieldname, self.parts[0])
        phrase = wq.Phrase(fieldname, list(self.parts))
        return wq.Or([phrase, wq.Term(fieldname, self.whole)]) if self.whole else phrase


@dataclass(frozen=True)
class Group:
    members: tuple[Member, ...]


def parse(text: str) -> tuple[list[Group], list[str]]:
    """(the usable groups, a message per line that could not be used)."""
    groups, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(stripped) > _MAX_LINE:
            problems.append(f"line {number}: longer than {_MAX_LINE:,} characters")
            continue
        items = [item.strip() for item in stripped.split(",")]
        members, seen = [], set()
        for item in items:
            member = _member(item)
            if member is not None and member.parts not in seen:
                seen.add(member.parts)
                members.append(member)
        unusable = [item for item in items if _member(item) is None]
        if unusable:
            shown = ", ".join(f"“{item}”" if item else "an empty member" for item in unusable[:3])
            problems.append(f"line {number}: {shown} holds no word that can be searched for")
        if len(members) < 2:
            problems.append(f"line {number}: a group needs at least two different members, separated by commas")
            continue
        if len(members) > _MAX_MEMBERS:
            problems.append(f"line {number}: more than {_MAX_MEMBERS} members; only the first {_MAX_MEMBERS} are used")
            members = members[:_MAX_MEMBERS]
        groups.append(Group(tuple(members)))
    return groups, problems


def _member(item: str) -> Member | None:
    parts: list[str] = []
    words = [m.group() for m in WORD.finditer(item)]
    whole = None
    for word in words:
        forms, whole = query_forms(word)
        parts += forms
    if not parts:
        return None
    return Member(item, tuple(parts), whole if len(words) == 1 and len(parts) > 1 else None)


def read(root: Path) -> tuple[list[Group], list[str]]:
    """The groups of `root`/synonyms.txt and its problems; no file: none of either."""
    path = Path(root) / SYNONYMS_NAME
    try:
        with open(path, "rb") as fh:
            data = fh.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [f"cannot be read ({exc.strerror or exc})"]
    if len(data) > _MAX_BYTES:
        return [], [f"larger than {_MAX_BYTES // 1000:,} KB: not used"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [f"not UTF-8 text (byte {exc.start:,}): not used; save it as UTF-8"]
    return parse(text)


class Synonyms:
    """The groups of one library's synonyms.txt, read again when the file changes."""

    def __init__(self, root: Path | None | Callable[[], Path | None]) -> None:
        self._root = root if callable(root) else (lambda: root)
        self._key: tuple | None = None
        self._groups: list[Group] = []

    def groups(self) -> list[Group]:
        root = self._root()
        if root is None:
            return []
        path = Path(root) / SYNONYMS_NAME
        try:
            stat = os.stat(path)
            key = (str(path), stat.st_size, stat.st_mtime_ns)
        except OSError:
            key = (str(path), None, None)
        if key != self._key:
            self._groups = read(Path(root))[0] if key[1] is not None else []
            self._key = key
        return self._groups


def expand(q: wq.Query, groups: Sequence[Group]) -> tuple[wq.Query, list[str]]:
    """`q` with each run of its top-level words that is a member searched as its whole
    group (one word of the query), and the members added, as written."""
    if not groups:
        return q, []
    children = list(q.subqueries) if isinstance(q, wq.And) else [q]
    parts = [_word_parts(child) for child in children]
    out: list[wq.Query] = []
    also: list[str] = []
    i = 0
    while i < len(children):
        found = _member_at(parts, i, groups)
        if found is None:
            out.append(children[i])
            i += 1
            continue
        end, group, member = found
        out.append(WordVariants([m.query() for m in group.members]))
        also += [m.text for m in group.members if m is not member and m.text not in also]
        i = end
    if not also:
        return q, []
    return (wq.And(out) if len(out) > 1 else out[0]), also


def _word_parts(q: wq.Query) -> tuple[str, ...] | None:
    """The index terms of one plain query word, in order; None for anything else."""
    if isinstance(q, wq.Term) and q.fieldname == "body":
        return (str(q.text),)
    if isinstance(q, WordVariants):
        phrase = next((s for s in q.subqueries if isinstance(s, wq.Phrase)), None)
        return tuple(str(w) for w in phrase.words) if phrase is not None else None
    return None


def _member_at(parts: list[tuple[str, ...] | None], start: int,
               groups: Sequence[Group]) -> tuple[int, Group, Member] | None:
    """The longest member that the words from `start` spell: (end, its group, the member)."""
    best = None
    for group in groups:
        for member in group.members:
            run: tuple[str, ...] = ()
            end = start
            while end < len(parts) and parts[end] is not None and len(run) < len(member.parts):
                run += parts[end]
                end += 1
                if run == member.parts and (best is None or end > best[0]):
                    best = (end, group, member)
    return best
