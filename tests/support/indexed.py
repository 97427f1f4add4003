"""A library folder with its own data dir, driven through the real pipeline (for pipeline tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from enablement_desktop.context import Context, open_context, open_search_index
from enablement_desktop.extract.base import REASON_HELP
from enablement_desktop.library.update import RunSummary, update_library
from enablement_desktop.search.engine import SearchEngine
from enablement_desktop.search.index import SearchIndex
from resources.docgen import write_text


@dataclass
class Library:
    root: Path
    ctx: Context
    index: SearchIndex

    def update(self, workers: int = 0, **options: object) -> RunSummary:
        return update_library(self.ctx.db, self.index, self.root, workers=workers, **options)

    def paths(self, query: str) -> list[str]:
        return [hit.path for hit in SearchEngine(self.ctx.db, self.index).search(query).hits]

    def assets(self) -> dict[str, int]:
        """path -> removed flag, for every asset row."""
        return dict(self.ctx.db.execute("SELECT path, removed FROM assets").fetchall())

    def problems(self) -> dict[str, tuple[str, str]]:
        rows = self.ctx.db.execute("SELECT path, reason, detail FROM problems").fetchall()
        for path, reason, detail in rows:
            # What people see: a known reason with its advice, and the specifics.
            assert reason in REASON_HELP and detail, (path, reason, detail)
        return {path: (reason, detail) for path, reason, detail in rows}

    def stored(self, rel: str) -> tuple[int, int, str, str]:
        """What the database holds for a file: size, mtime, sha256 and its indexed text."""
        size, mtime_ns, sha, asset_id = self.ctx.db.execute(
            "SELECT size, mtime_ns, sha256, id FROM assets WHERE path = ?", [rel]).fetchone()
        text = " ".join(r[0] for r in self.ctx.db.execute(
            "SELECT text FROM sections WHERE asset_id = ? ORDER BY ordinal", [asset_id]))
        return size, mtime_ns, sha, text

    def md(self, rel: str, word: str) -> Path:
        return write_text(self.root / rel, f"# Notes\nThe marker {word} is here.\n")


def indexed_data_dir(library: Path, data: Path, workers: int = 0) -> Context:
    """The data dir `data`, opened with `library` chosen (and saved) and indexed, its index
    closed again: as the window finds it at start."""
    ctx = open_context(data)
    ctx.settings.library = str(library)
    ctx.save_settings()
    index = open_search_index(ctx)
    update_library(ctx.db, index, library, workers=workers)
    index.close()
    return ctx


@contextmanager
def empty_library(tmp_path: Path) -> Iterator[Library]:
    root = tmp_path / "library"
    root.mkdir()
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    try:
        yield Library(root, ctx, index)
    finally:
        index.close()
        ctx.close()


@contextmanager
def indexed_files(tmp_path: Path, files: dict[str, str]) -> Iterator[Library]:
    """A library of these Markdown/text files (relative path -> text), read and indexed once."""
    with empty_library(tmp_path) as library:
        for rel, text in files.items():
            write_text(library.root / rel, text)
        library.update()
        yield library


def office_notes(count: int = 6) -> dict[str, str]:
    """Assets about nothing a test searches for: they give its words realistic document frequencies."""
    return {f"misc/note-{n}.md": f"# Note {n}\n\nA note about the office plants and the kitchen, part {n}."
            for n in range(count)}


@contextmanager
def search_engine(tmp_path: Path, files: dict[str, str]) -> Iterator[SearchEngine]:
    """The search engine over a library of these files, indexed once (`indexed_files`)."""
    with indexed_files(tmp_path, files) as library:
        yield SearchEngine(library.ctx.db, library.index)


def hit_paths(result) -> list[str]:
    return [hit.path for hit in result.hits]
