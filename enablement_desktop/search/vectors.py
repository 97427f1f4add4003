"""The meaning vectors of the library, in the data dir beside the search index.

One row per stored section (float32, memory-mapped: only the rows of the
assets a query looks at are read), rows of an asset together, and one unit
vector per asset (the normalised mean of its sections, float32, in memory)
to find the nearest assets of a whole library in one product.

Like the whoosh index, this is derived from the database and brought in line
with it by `update_vectors`: assets whose content (sha256) changed are
embedded again, removed ones dropped, the rest kept as they are. Each update
writes a new generation folder and then switches `CURRENT` to it, so a
reader, or a kill half-way, only ever sees a complete set.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlite_utils

from enablement_desktop.search.semantic import MODEL_ID, Embedder

FORMAT = 2  # 2: float32 rows (float16 cost a conversion per query)
_CURRENT = "CURRENT"
_ASSETS_PER_BATCH = 32  # assets per tokenizer call: a progress step, and bounded memory

Progress = Callable[[int, int, str], None]


@dataclass
class VectorUpdate:
    embedded: int = 0  # assets (re)embedded
    dropped: int = 0
    sections: int = 0


class VectorStore:
    """One generation of vectors, read-only."""

    def __init__(self, assets: np.ndarray, starts: np.ndarray, counts: np.ndarray, shas: list[str],
                 ordinals: np.ndarray, rows: np.ndarray, centroids: np.ndarray) -> None:
        self.assets = assets  # asset id per asset slot, ascending
        self.starts = starts  # first row of each slot
        self.counts = counts
        self.shas = shas  # the content each slot was embedded from
        self.ordinals = ordinals  # section ordinal per row
        self.rows = rows  # (rows, dim) float32, memory-mapped
        self.centroids = centroids  # (slots, dim) float32 unit vectors
        self._slot = {int(a): i for i, a in enumerate(assets)}

    @classmethod
    def empty(cls, dim: int) -> VectorStore:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), [], np.zeros(0, np.int32),
                   np.zeros((0, dim), np.float32), np.zeros((0, dim), np.float32))

    def __len__(self) -> int:
        return len(self.assets)

    def has(self, asset_id: int) -> bool:
        return asset_id in self._slot

    def nearest(self, query: np.ndarray, count: int, allowed: Callable[[int], bool] = lambda a: True) -> dict[int, float]:
        """Up to `count` assets most similar to `query` as a whole, with their similarity."""
        if not len(self) or count <= 0:
            return {}
        scores = _dot(self.centroids, query)
        # A few more than asked, since filters may drop some.
        take = min(len(scores), count * 4)
        top = np.argpartition(-scores, take - 1)[:take]
        out: dict[int, float] = {}
        for slot in top[np.argsort(-scores[top])]:
            asset = int(self.assets[slot])
            if allowed(asset):
                out[asset] = float(scores[slot])
                if len(out) == count:
                    break
        return out

    def similarity(self, query: np.ndarray, asset_ids) -> dict[int, tuple[float, int]]:
        """asset → (best section's similarity, that section's ordinal) for the assets that have vectors.

        One gather and one product for all the candidates' sections: slicing
        the memory map per asset cost ~50 µs each, 12 ms for 230 candidates.
        """
        slots = [slot for slot in (self._slot.get(a) for a in asset_ids) if slot is not None and self.counts[slot]]
        if not slots:
            return {}
        slots_a = np.array(slots, dtype=np.int64)
        counts = self.counts[slots_a]
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        # Row numbers of every section of those assets, in slot order.
        rows = np.repeat(self.starts[slots_a] - offsets, counts) + np.arange(int(counts.sum()))
        scores = _dot(np.asarray(self.rows[rows]), query)
        owner = np.repeat(np.arange(len(slots)), counts)
        order = np.lexsort((-scores, owner))  # by asset, best section first
        best = order[offsets]
        return {int(self.assets[slot]): (float(scores[b]), int(self.ordinals[rows[b]]))
                for slot, b in zip(slots, best, strict=True)}


def _dot(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix @ vector without BLAS: OpenBLAS's threaded gemv took 12-40 ms for
    3,400 × 256 on the loaded 2-core machine, einsum 0.16 ms."""
    return np.einsum("ij,j->i", matrix, vector)


def open_vectors(directory: Path) -> VectorStore | None:
    """The current generation, or None when there is none (or it is from another model or format)."""
    directory = Path(directory)
    try:
        generation = directory / (directory / _CURRENT).read_text(encoding="utf-8").strip()
        meta = json.loads((generation / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("model") != MODEL_ID:
            return None
        slots = np.load(generation / "slots.npy")
        ordinals = np.load(generation / "ordinals.npy")
        rows = np.load(generation / "rows.npy", mmap_mode="r") if len(ordinals) else np.zeros((0, meta["dim"]), np.float32)
        centroids = np.load(generation / "centroids.npy")
    except (OSError, ValueError, KeyError):
        return None
    if slots.ndim != 2 or slots.shape[1] != 3 or len(meta.get("shas", [])) != len(slots) or rows.shape[0] != len(ordinals):
        return None
    return VectorStore(slots[:, 0].copy(), slots[:, 1].copy(), slots[:, 2].copy(), list(meta["shas"]), ordinals,
                       rows, centroids)


def update_vectors(db: sqlite_utils.Database, directory: Path, embedder: Embedder,
                   progress: Progress = lambda done, total, label: None) -> VectorUpdate:
    """Bring the vectors in line with the indexed assets of the database."""
    directory = Path(directory)
    current = open_vectors(directory) or VectorStore.empty(embedder.dim)
    wanted = {r[0]: r[1] for r in db.execute(
        "SELECT id, sha256 FROM assets WHERE removed = 0 AND indexed_sha256 = sha256")}
    keep = [slot for slot, asset in enumerate(current.assets)
            if wanted.get(int(asset)) == current.shas[slot]]
    kept_ids = {int(current.assets[s]) for s in keep}
    todo = sorted(a for a in wanted if a not in kept_ids)
    result = VectorUpdate(dropped=len(current) - len(keep))
    if not todo and not result.dropped and (directory / _CURRENT).exists():
        return result

    new_rows: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for start in range(0, len(todo), _ASSETS_PER_BATCH):
        batch = todo[start : start + _ASSETS_PER_BATCH]
        texts, owners, ordinals = _section_texts(db, batch)
        vectors = embedder.embed(texts)
        for asset in batch:
            mask = owners == asset
            new_rows[asset] = (vectors[mask], ordinals[mask])
        result.sections += len(texts)
        progress(min(start + len(batch), len(todo)), len(todo), "Reading the library for meaning")
    result.embedded = len(todo)

    merged: list[tuple[int, str, np.ndarray, np.ndarray]] = []
    for slot in keep:
        s, c = int(current.starts[slot]), int(current.counts[slot])
        merged.append((int(current.assets[slot]), current.shas[slot], np.asarray(current.rows[s : s + c]),
                       current.ordinals[s : s + c]))
    merged += [(asset, wanted[asset], *new_rows[asset]) for asset in todo]
    merged.sort(key=lambda item: item[0])
    _write_generation(directory, merged, embedder.dim)
    return result


def _section_texts(db: sqlite_utils.Database, asset_ids: list[int]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """What each section is about: the asset's title and path words, its heading, its text."""
    marks = ",".join("?" * len(asset_ids))
    heads = {r[0]: f"{r[1]}\n{r[2].replace('/', ' ').replace('-', ' ').replace('_', ' ')}"
             for r in db.execute(f"SELECT id, title, path FROM assets WHERE id IN ({marks})", asset_ids)}
    texts, owners, ordinals = [], [], []
    for asset, ordinal, heading, text in db.execute(
            f"SELECT asset_id, ordinal, heading, text FROM sections WHERE asset_id IN ({marks}) "
            f"ORDER BY asset_id, ordinal", asset_ids):
        body = text if not heading or text.startswith(heading) else f"{heading}\n{text}"
        texts.append(f"{heads.get(asset, '')}\n{body}")
        owners.append(asset)
        ordinals.append(ordinal)
    return texts, np.array(owners, dtype=np.int64), np.array(ordinals, dtype=np.int32)


def _write_generation(directory: Path, merged: list[tuple[int, str, np.ndarray, np.ndarray]], dim: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    name = f"gen-{uuid.uuid4().hex[:12]}"
    target = directory / name
    target.mkdir()
    counts = np.array([len(item[3]) for item in merged], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if len(counts) else counts
    rows = np.concatenate([item[2] for item in merged]) if merged else np.zeros((0, dim), np.float32)
    ordinals = np.concatenate([item[3] for item in merged]) if merged else np.zeros(0, np.int32)
    centroids = np.zeros((len(merged), dim), dtype=np.float32)
    for slot, item in enumerate(merged):
        if len(item[2]):
            mean = item[2].astype(np.float32).mean(axis=0)
            norm = np.linalg.norm(mean)
            centroids[slot] = mean / norm if norm else mean
    slots = np.stack([np.array([m[0] for m in merged], dtype=np.int64), starts, counts], axis=1) \
        if merged else np.zeros((0, 3), np.int64)
    _save(target / "rows.npy", rows.astype(np.float32))
    _save(target / "ordinals.npy", ordinals.astype(np.int32))
    _save(target / "centroids.npy", centroids)
    _save(target / "slots.npy", slots)
    meta = {"format": FORMAT, "model": MODEL_ID, "dim": dim, "shas": [m[1] for m in merged]}
    _write_text(target / "meta.json", json.dumps(meta))
    _write_text(directory / (_CURRENT + ".tmp"), name)
    os.replace(directory / (_CURRENT + ".tmp"), directory / _CURRENT)
    # Older generations: a reader that still maps one keeps its pages (POSIX).
    for old in directory.iterdir():
        if old.is_dir() and old.name != name:
            shutil.rmtree(old, ignore_errors=True)


def _save(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, array)
        f.flush()
        os.fsync(f.fileno())


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def current_key(directory: Path) -> tuple | None:
    """Changes whenever an update switches generations (one stat): the engine reopens then."""
    try:
        st = (Path(directory) / _CURRENT).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ino, st.st_size)

