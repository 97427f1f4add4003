"""Meaning beside words: small sentence vectors blended with BM25.

A seller types "cheaper if we pay up front" and the page says "annual
billing": no word is shared, so BM25 alone cannot find it. wordllama maps
each token of a text to a learned vector and averages them; two texts about
the same thing land close even with different words. It is light (a 16 MB
matrix, numpy + tokenizers, no torch) and runs on the laptop, offline.

It is an optional extra (`pip install .[meaning]`): the weights derive from
Llama 2's token embeddings, whose licence is not plain MIT (docs/licences.md).
Without it, search is BM25 alone, as before.

Never a network call: wordllama's loader looks for its shipped tokenizer file
in a folder that does not exist (`wordllama/tokenizer/`, the wheel has
`tokenizers/`) and would then download it. The file is copied into a cache
folder of the data dir and loaded from there with downloads disabled.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy comes with the extra: the engine imports this module without it
    import numpy as np

MODEL = "l2_supercat"
DIM = 256
MODEL_ID = f"wordllama-{MODEL}-{DIM}"  # stored beside the vectors: other vectors are not comparable
_TOKENIZER_FILE = f"{MODEL}_tokenizer_config.json"
# Average pooling needs no more: the first 8,000 characters of a section carry
# its topic, and a 300-page sheet dump would otherwise cost its full length.
MAX_CHARS = 8000
_WORD_CACHE = 100_000  # distinct words remembered (100 MB at most), then forgotten at once


class MeaningUnavailable(Exception):
    """The optional meaning extra is not installed or its files cannot be loaded."""


def installed() -> bool:
    """Whether the optional wordllama package is importable (without importing it)."""
    return importlib.util.find_spec("wordllama") is not None


class Embedder:
    """Text → unit vectors (float32, DIM columns), one per text."""

    def __init__(self, embedding: np.ndarray, tokenizer) -> None:
        import numpy as np

        self._embedding = np.ascontiguousarray(embedding, dtype=np.float32)
        self._tokenizer = tokenizer
        # Our own pooling, one text at a time: wordllama pads each batch to
        # its longest text, a (64 × longest × 256) array for long sections.
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._vocab = int(self._embedding.shape[0])
        # Per distinct word seen: its tokens' vector sum and count (grown as needed, up to _WORD_CACHE rows).
        self._slots: dict[str, int] = {}
        self._word_sums = np.zeros((0, self.dim), dtype=np.float32)
        self._word_counts = np.zeros(0, dtype=np.float32)
        self._lock = threading.Lock()  # the word tables are shared by the index run and searches

    def sibling(self) -> Embedder:
        """An embedder with its own word tables over the same model: searches then
        never wait for the lock an index run's embedding holds."""
        twin = Embedder.__new__(Embedder)
        twin.__dict__.update(self.__dict__)
        twin._slots = {}
        twin._word_sums = self._word_sums[:0].copy()
        twin._word_counts = self._word_counts[:0].copy()
        twin._lock = threading.Lock()
        return twin

    @property
    def dim(self) -> int:
        return int(self._embedding.shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Mean of the token vectors of each text, normalised.

        Worked out a word at a time, each distinct word once: its tokens'
        vector sum and count are kept, and a text sums its words' rows.
        Tokenising and pooling whole texts spent ~2 µs a token in Python and
        the tokenizer; a library repeats its words. Llama's tokens never span
        a space, so a word's tokens are the same alone or in its sentence
        (SciFact: cosine to whole-text tokenisation 0.999 on average).
        """
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        words = [t[:MAX_CHARS].split() for t in texts]
        with self._lock:
            slots = self._word_slots(words)
            for row, ws in enumerate(words):
                if not ws:
                    continue
                rows = np.fromiter((slots[w] for w in ws), dtype=np.int64, count=len(ws))
                count = self._word_counts[rows].sum()
                if count:
                    out[row] = self._word_sums[rows].sum(axis=0) / count
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0  # an empty text stays the zero vector: similar to nothing
        return out / norms

    def _word_slots(self, words: list[list[str]]) -> dict[str, int]:
        """word → its row in the word tables, adding the words not seen yet (lock held)."""
        import numpy as np

        slots = self._slots
        new = list({w for ws in words for w in ws if w not in slots})
        if not new:
            return slots
        if len(slots) + len(new) > _WORD_CACHE:  # forget them all: cheaper than tracking use
            slots.clear()
            new = list({w for ws in words for w in ws})  # this batch's known words were forgotten too
        needed = len(slots) + len(new)
        if needed > len(self._word_counts):
            size = max(needed, min(_WORD_CACHE, 2 * len(self._word_counts)), 4096)
            self._word_sums = np.resize(self._word_sums, (size, self.dim))
            self._word_counts = np.resize(self._word_counts, size)
        encodings = self._tokenizer.encode_batch(new, add_special_tokens=False)
        for word, encoding in zip(new, encodings, strict=True):
            row = len(slots)
            ids = [i for i in encoding.ids if 0 <= i < self._vocab]
            self._word_sums[row] = self._embedding[ids].sum(axis=0) if ids else 0.0
            self._word_counts[row] = len(ids)
            slots[word] = row
        return slots

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


_loaded: dict[Path, Embedder] = {}
_load_lock = threading.Lock()


def load_embedder(cache_dir: Path) -> Embedder:
    """The embedder, loaded once per process from the installed wheel, never from the network.

    `cache_dir` (in the data dir) receives a copy of the wheel's tokenizer
    file where wordllama's loader looks for it. Raises MeaningUnavailable.
    """
    cache_dir = Path(cache_dir)
    with _load_lock:
        if cache_dir in _loaded:
            return _loaded[cache_dir]
        if not installed():
            raise MeaningUnavailable("The meaning extra is not installed (pip install 'enablement-desktop[meaning]').")
        try:
            wordllama = _import_quietly()
            shipped = Path(wordllama.__file__).parent / "tokenizers" / _TOKENIZER_FILE
            target = cache_dir / "tokenizers" / _TOKENIZER_FILE
            if not target.exists() or target.stat().st_size != shipped.stat().st_size:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_suffix(".tmp")
                shutil.copyfile(shipped, tmp)
                tmp.replace(target)
            model = wordllama.WordLlama.load(config=MODEL, dim=DIM, cache_dir=cache_dir, disable_download=True)
        except MeaningUnavailable:
            raise
        except Exception as exc:  # a broken install: say so, search goes on with words alone
            raise MeaningUnavailable(f"The meaning model could not be loaded: {exc}") from exc
        embedder = _loaded[cache_dir] = Embedder(model.embedding, model.tokenizer)
        return embedder


def _import_quietly():
    """Import wordllama without its import-time logging.basicConfig(INFO),
    which would make every library's INFO messages print in the CLI."""
    root = logging.getLogger()
    guard = None
    if not root.handlers:
        guard = logging.NullHandler()
        root.addHandler(guard)
    try:
        import wordllama
    finally:
        if guard is not None:
            root.removeHandler(guard)
    return wordllama


def blend(lexical: Mapping[int, float], meaning: Mapping[int, float], weight: float) -> list[tuple[float, int]]:
    """(score, key) best first: (1 - weight) × BM25 + weight × similarity, each
    min-max scaled over the candidates (BM25 and cosine live on different scales).

    A candidate missing from one side gets that side's minimum: a neighbour
    by meaning alone has no words of the query, a word match no vector yet.
    """
    keys = list(dict.fromkeys([*lexical, *meaning]))
    lex = _scaled([lexical.get(k) for k in keys])
    sem = _scaled([meaning.get(k) for k in keys])
    scored = [((1.0 - weight) * a + weight * b, k) for a, b, k in zip(lex, sem, keys, strict=True)]
    scored.sort(key=lambda item: -item[0])  # stable: ties keep BM25's order
    return scored


def _scaled(values: list[float | None]) -> list[float]:
    present = [v for v in values if v is not None]
    if not present:
        return [0.0] * len(values)
    low, high = min(present), max(present)
    span = high - low
    return [0.0 if v is None or span <= 0 else (v - low) / span for v in values]


# Chosen on the collateral dev set through the product's search (bench/relevance.py,
# docs/benchmarks.md); SciFact measured beside it.
DEFAULT_WEIGHT = 0.5
CANDIDATES = 100  # best BM25 assets re-ranked with meaning (dev set: 100 and 200 the same, 50 −0.002 nDCG)
NEIGHBOURS = 30  # nearest assets by meaning added to them, for a query of plain words


class Meaning:
    """The meaning signal of one data dir: its vectors and the embedder, for the engine.

    `embedder` may be None while it loads in the background (`open_meaning(background=True)`):
    until then `store()` is None and search ranks by words alone.
    """

    def __init__(self, vectors_dir: Path, embedder: Embedder | None, weight: float = DEFAULT_WEIGHT) -> None:
        self.vectors_dir = Path(vectors_dir)
        self.embedder = embedder
        self.weight = weight
        self._store = None
        self._store_key: tuple | None = None
        self._queries: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._ready = threading.Event()
        if embedder is not None:
            self._ready.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the embedder is loaded (or loading gave up), waiting up to `timeout` seconds."""
        return self._ready.wait(timeout)

    def _loaded(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self._ready.set()

    def store(self):
        """The current vectors, reopened when an index run wrote new ones; None if there are
        none or the embedder is not loaded (yet)."""
        from enablement_desktop.search.vectors import current_key, open_vectors

        if self.embedder is None:
            return None
        key = current_key(self.vectors_dir)
        with self._lock:
            if key != self._store_key:
                self._store = open_vectors(self.vectors_dir) if key is not None else None
                self._store_key = key
            return self._store

    def query_vector(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._queries.get(text)
        if vector is None:
            vector = self.embedder.embed_one(text)
            with self._lock:
                if len(self._queries) > 256:
                    self._queries.clear()
                self._queries[text] = vector
        return vector


def vectors_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "vectors"


def model_cache_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "meaning-model"


def open_meaning(data_dir: Path, enabled: bool, weight: float = DEFAULT_WEIGHT,
                 background: bool = False) -> Meaning | None:
    """The engine's meaning signal, or None: switched off, not installed, or not loadable
    (search then ranks by words alone, as without the extra).

    `background`: load the model on a thread of its own (~1 s; the window's
    first results must not wait for it): searches rank by words until it is in.
    """
    if not enabled or not installed():
        return None
    cache = model_cache_dir(data_dir)
    if background:
        meaning = Meaning(vectors_dir(data_dir), None, weight)

        def load() -> None:
            try:
                meaning._loaded(load_embedder(cache).sibling())
            except MeaningUnavailable as exc:
                logging.getLogger(__name__).warning("%s", exc)
                meaning._loaded(None)

        threading.Thread(target=load, name="meaning-model", daemon=True).start()
        return meaning
    try:
        embedder = load_embedder(cache).sibling()
    except MeaningUnavailable as exc:
        logging.getLogger(__name__).warning("%s", exc)
        return None
    return Meaning(vectors_dir(data_dir), embedder, weight)


def update_meaning(db, data_dir: Path, enabled: bool, progress=lambda done, total, label: None,
                   rebuild: bool = False):
    """After an index run: embed what changed; returns a VectorUpdate, or None when the signal is off.

    Raises MeaningUnavailable when it is on but the extra is missing or broken.
    `rebuild`: embed everything again (after `index --rebuild`).
    """
    if not enabled:
        return None
    from enablement_desktop.search.vectors import update_vectors

    embedder = load_embedder(model_cache_dir(data_dir))
    if rebuild:
        shutil.rmtree(vectors_dir(data_dir), ignore_errors=True)
    return update_vectors(db, vectors_dir(data_dir), embedder, progress)
