"""Every patch of whoosh and every read of its private parts, in one module.

whoosh-reloaded's public API is too slow at a few points search depends on
(docs/architecture.md gives the measurements): field lengths read a
document at a time, posting-block headers unpickled a few bytes per read,
a column read per document, a `stat` per posting of a keyword field. The
fixes below read whoosh's own data structures directly, so they are only
right for the version they were written against. That version is checked
here, at import, and any other fails at once with a sentence instead of
giving wrong answers later. Nothing else in the product may touch a name
of whoosh that starts with an underscore (tests/test_whoosh_internals.py
checks the sources).
"""

from __future__ import annotations

import importlib.metadata
import io
import pickle
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate
from operator import sub
from typing import Any

import numpy as np

SUPPORTED_VERSION = "2.7.5"
_DISTRIBUTION = "whoosh-reloaded"


def check_version(installed: str | None) -> None:
    """Raise ImportError unless `installed` is the whoosh-reloaded version this module reads."""
    if installed != SUPPORTED_VERSION:
        found = f"version {installed}" if installed else "no whoosh-reloaded"
        raise ImportError(
            f"Enablement Desktop needs whoosh-reloaded {SUPPORTED_VERSION} exactly (its search reads "
            f"whoosh's index structures directly), but found {found}. Reinstall the app's dependencies "
            f"(scripts/setup.sh, or pip install whoosh-reloaded=={SUPPORTED_VERSION})."
        )


def _installed_version() -> str | None:
    try:
        return importlib.metadata.version(_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


check_version(_installed_version())

# Imported only once the version is known to be the one these names belong to.
from whoosh import columns  # noqa: E402
from whoosh import query as wq  # noqa: E402
from whoosh.codec import whoosh3  # noqa: E402
from whoosh.codec.base import Segment  # noqa: E402
from whoosh.codec.whoosh3 import W3LeafMatcher  # noqa: E402
from whoosh.formats import Positions  # noqa: E402
from whoosh.index import FileIndex, clean_files  # noqa: E402
from whoosh.matching.wrappers import FilterMatcher  # noqa: E402
from whoosh.reading import TermNotFound  # noqa: E402
from whoosh.system import _INT_SIZE  # noqa: E402
from whoosh.writing import SegmentWriter  # noqa: E402

# whoosh's own field-length reader, kept to compare the patched one with (tests).
WHOOSH_DOC_FIELD_LENGTH = whoosh3.W3PerDocReader.doc_field_length
_BLOCK_LENGTH = struct.Struct("!i")


# -- patches, installed at import ------------------------------------------------


def _remember_missing_columns() -> None:
    """whoosh-reloaded 2.7.5 stats the disk for every posting of a field without
    a length column (keyword fields) because it caches only columns it found:
    235,000 stat calls for 2,300 sections, a tenth of the build time."""
    original = whoosh3.W3PerDocReader._cached_reader

    def cached_reader(self, fieldname, column):
        if fieldname not in self._readers:
            self._readers[fieldname] = original(self, fieldname, column)
        return self._readers[fieldname]

    whoosh3.W3PerDocReader._cached_reader = cached_reader


def _keep_field_lengths_in_memory() -> None:
    """BM25 reads each scored document's field length; whoosh-reloaded reads it
    from the column file one call at a time (0.9 s of 4.7 s for four common
    queries at 10,000 assets). Load the one-byte-per-document column once per
    segment reader instead."""

    def doc_field_length(self, docnum, fieldname, default=0):
        codes = _perdoc_length_codes(self, fieldname)
        if not codes:
            return default
        # As whoosh does: past the stored column the value is 0, and 0 reads as None.
        code = codes[docnum] if docnum < len(codes) else 0
        return whoosh3.byte_to_length(code) if code else None

    whoosh3.W3PerDocReader.doc_field_length = doc_field_length


def _postings_unpickled_fast() -> None:
    """whoosh-reloaded pickles each posting block with protocol 2, where every
    bytes value (a posting's positions) becomes a call of `_codecs.encode` on
    a str: unpickling a common word's blocks with their positions took ~230 µs
    a block, most of a phrase's first search. Protocol 5 writes bytes as bytes
    (~25 µs a block with the blocks left uncompressed, see `codec`).
    Readers take any protocol, so only writing changes (index format 4)."""
    whoosh3.dumps = _dumps


def _dumps(obj: Any, protocol: int | None = None) -> bytes:
    return pickle.dumps(obj, 5)


_CACHED_TERM_INFOS = 100_000  # per segment, ~200 bytes each


def _term_infos_cached() -> None:
    """A search asks a segment for the same term several times (whether it
    carries weight, its idf, its postings, a feedback word's frequency), and
    each ask is a probe of the segment's on-disk hash table through a dozen
    small reads: ~40% of a first search at 10,000 assets in 8 segments.
    Remember each term's info per segment reader (readers are snapshots)."""
    original = whoosh3.W3TermsReader.term_info

    def term_info(self, fieldname, tbytes):
        cache = self.__dict__.get("_enablement_infos")
        if cache is None or len(cache) > _CACHED_TERM_INFOS:
            cache = self.__dict__["_enablement_infos"] = {}
        key = (fieldname, tbytes)
        info = cache.get(key, _MISSING)
        if info is _MISSING:
            try:
                info = original(self, fieldname, tbytes)
            except TermNotFound:
                info = None
            cache[key] = info
        if info is None:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return info

    def doc_frequency(self, fieldname, tbytes):
        try:
            return term_info(self, fieldname, tbytes).doc_frequency()
        except TermNotFound:
            raise KeyError(tbytes) from None  # as the hash table's own miss: SegmentReader counts it 0

    whoosh3.W3TermsReader.term_info = term_info
    whoosh3.W3TermsReader.doc_frequency = doc_frequency


_MISSING = object()

_remember_missing_columns()
_keep_field_lengths_in_memory()
_term_infos_cached()
_postings_unpickled_fast()


# -- per-document columns -----------------------------------------------------------


def _perdoc_length_codes(perdoc, fieldname: str):
    key = ("lengths", fieldname)
    codes = perdoc._readers.get(key)
    if codes is None:
        reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        codes = perdoc._readers[key] = _column_bytes(reader) if reader is not None else ()
    return codes


def _column_bytes(reader: columns.ColumnReader):
    """A one-byte numeric column in one read; whoosh's load() reads it a document at a time (0.1 s at 10,000)."""
    if isinstance(reader, columns.NumericColumn.Reader) and reader._typecode == "B":
        return reader._dbfile.get(reader._basepos, reader._count)
    return reader.load()


def length_codes(segment_reader, fieldname: str):
    """One byte per document of a segment: whoosh's quantised field length
    (`whoosh3.byte_to_length`); 0, or past the end, means none."""
    return _perdoc_length_codes(segment_reader._perdoc, fieldname)


def byte_to_length(code: int) -> int:
    return whoosh3.byte_to_length(code)


def id_column(segment_reader, fieldname: str) -> list[int]:
    """An integer-valued ID column of one segment (-1 where empty), its data in one read."""
    if not segment_reader.doc_count_all():  # also whoosh's EmptyReader of an empty index: it has no columns
        return []
    raw = segment_reader.column_reader(fieldname, translate=False)
    if not isinstance(raw, columns.VarBytesColumn.Reader):
        return [int(v) if v else -1 for v in raw]
    data = raw._dbfile.get(raw._basepos, sum(raw._lengths))
    ids, pos = [], 0
    for length in raw._lengths:
        ids.append(int(data[pos : pos + length]) if length else -1)
        pos += length
    return ids


# -- writing ---------------------------------------------------------------------------


def codec() -> whoosh3.W3Codec:
    """whoosh's codec with posting blocks left uncompressed: decompressing was a
    third of reading a common word's postings. The price is a larger index
    (221 MB at 10,000 assets against 155 MB in format 3, docs/benchmarks.md)."""
    return whoosh3.W3Codec(compression=0)


def index_writer(ix: FileIndex, take_lock: bool, timeout: float) -> SegmentWriter:
    """A writer; `take_lock` False when the caller already holds the index's write lock."""
    return ix.writer(_lk=take_lock, timeout=timeout, codec=codec())


def segment_writer(ix: FileIndex, limitmb: int) -> SegmentWriter:
    """A writer for a process that only builds segments: the lock holder commits them."""
    return SegmentWriter(ix, _lk=False, limitmb=limitmb, codec=codec())


def buffered_bytes(writer: SegmentWriter) -> int:
    """The writer's posting buffer, in its own estimate."""
    return writer.pool.currentsize


def has_documents(writer: SegmentWriter) -> bool:
    return bool(writer._added)


def finish_segment(writer: SegmentWriter) -> Segment:
    """Write the segment the writer built and return it, uncommitted."""
    return writer._finalize_segment()


def commit_segments(writer: SegmentWriter, segments: list[Segment]) -> None:
    """Commit `segments` built elsewhere with `writer`, which holds the lock and added
    nothing itself: its commit is the TOC that names them, as whoosh's MpWriter does."""
    writer._close_segment()
    writer._commit_toc(writer.segments + segments)
    writer._finish()


def discard(writer: SegmentWriter) -> None:
    """Cancel `writer` and delete the files of segments no commit names."""
    try:
        clean_files(writer.storage, writer.indexname, writer.generation - 1, writer.segments)
    finally:
        writer.cancel()


def segment_count(ix: FileIndex) -> int:
    return len(ix._segments())


# -- reading postings -------------------------------------------------------------------


def expansions(q: wq.MultiTerm, reader) -> Iterator[str]:
    """The index words a prefix, wildcard or fuzzy term stands for."""
    for text in q._btexts(reader):
        yield text.decode("utf-8") if isinstance(text, bytes) else text


def raw_leaf(matcher) -> W3LeafMatcher | None:
    """The block reader under a segment's matcher (past whoosh's deletion filter, which
    costs a Python step per posting), or None for inlined and other postings."""
    raw = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    return raw if isinstance(raw, W3LeafMatcher) else None


def stores_positions(raw: W3LeafMatcher) -> bool:
    return raw.format.__class__ is Positions


class Block:
    """One block of a whoosh W3 posting list, its data decoded only when asked."""

    __slots__ = ("max_id", "_raw", "_compressed", "_count")

    def __init__(self, max_id: int, raw: memoryview, compressed: bool, count: int) -> None:
        self.max_id, self._raw, self._compressed, self._count = max_id, raw, compressed, count

    def data(self) -> tuple[Sequence[int], Sequence[float], Sequence[bytes]]:
        """(docnums in the segment, term frequencies, encoded values such as positions)."""
        raw = zlib.decompress(self._raw) if self._compressed else self._raw
        ids, weights, values = pickle.loads(raw)
        return list(accumulate(ids)), self._weights(weights), values

    def ids_and_weights(self) -> tuple[Sequence[int], Sequence[float]]:
        """(docnums in the segment, term frequencies). The values come along
        undecoded: in a protocol-5 block they are plain bytes objects, and
        unpickling them too cost less than finding where they start did
        (index format 3 cut a protocol-2 pickle short instead)."""
        ids, weights, _ = self.data()
        return ids, weights

    def _weights(self, weights) -> Sequence[float]:
        if weights is None or isinstance(weights, float):
            return [1.0 if weights is None else weights] * self._count
        return weights


def posting_blocks(raw: W3LeafMatcher) -> Iterator[Block]:
    """The blocks of one term's postings, from one read of the whole list.

    whoosh-reloaded 2.7.5's own reader unpickles each block header from its
    file object, a read call per few bytes: 465,000 reads in the query set's
    first pass at 10,000 assets, ~15% of its time. Layout (codec/whoosh3.py):
    a 4-byte magic, then per block a signed length (negative on the last
    block), a pickled (count, max id, max weight, compression, min length,
    max length) and the (zlib-compressed) pickled (delta-coded ids, weights,
    values). Posting lists of document fields never use byte ids.
    """
    extent = raw._length[0] if isinstance(raw._length, tuple) else raw._length  # whoosh-reloaded keeps a 1-tuple
    buffer = raw._postfile.get(raw._startoffset, extent)
    stream = io.BytesIO(buffer)
    view = memoryview(buffer)
    position = _INT_SIZE
    while position < len(buffer):
        (length,) = _BLOCK_LENGTH.unpack_from(buffer, position)
        end = position + _INT_SIZE + abs(length)
        stream.seek(position + _INT_SIZE)
        count, max_id, _, compression, _, _ = pickle.load(stream)
        yield Block(max_id, view[stream.tell() : end], bool(compression), count)
        if length < 0:
            return
        position = end


# -- positions ---------------------------------------------------------------------------
#
# A posting's value in index format 4: whoosh's 4-byte big-endian count, then the
# position deltas as little-endian unsigned 32-bit integers (64-bit when one does
# not fit: a word first seen past section 4,095). whoosh's own layout pickled the
# list: decoding it created every integer in Python, most of a common phrase's
# first check; these decode for thousands of postings at once in numpy.

_U32 = np.dtype("<u4")
_U64 = np.dtype("<u8")


def encode_positions(positions: Sequence[int]) -> bytes:
    """Positions (ascending) → a format-4 value. With `array`, not numpy: most
    values hold one to three positions, where numpy's per-call cost (~15 µs)
    would be most of the index build's time."""
    try:
        deltas = array("I", map(sub, positions, [0, *positions[:-1]]))
    except OverflowError:
        deltas = array("Q", map(sub, positions, [0, *positions[:-1]]))
    if sys.byteorder == "big":
        deltas.byteswap()
    return struct.pack("!I", len(deltas)) + deltas.tobytes()


def position_deltas_of(value: bytes) -> np.ndarray:
    """One value's position deltas (int64)."""
    (count,) = struct.unpack_from("!I", value)
    width = (len(value) - _INT_SIZE) // max(count, 1)
    return np.frombuffer(value, _U64 if width == 8 else _U32, count, _INT_SIZE).astype(np.int64)


def decode_positions(value: bytes) -> list[int]:
    """A value's positions, as whoosh's Positions.decode_positions gives them."""
    return np.cumsum(position_deltas_of(value)).tolist()


def _flat_deltas(values: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(each value's count of positions, all their deltas one value after another), int64.

    The values' bytes are joined and read as one array, their counts dropped:
    no Python step per position. 64-bit deltas (rare) are read a value at a time."""
    if not values:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    sizes = np.fromiter(map(len, values), np.int64, len(values)) // 4
    joined = np.frombuffer(b"".join(values), _U32)
    starts = np.cumsum(sizes) - sizes
    counts = joined[starts].byteswap().astype(np.int64)  # whoosh's count is big-endian
    if np.array_equal(counts + 1, sizes):
        return counts, np.delete(joined, starts).astype(np.int64)
    return counts, np.concatenate([position_deltas_of(v) for v in values])


def flat_positions(values: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(each value's count of positions, all their positions one value after another), int64."""
    counts, deltas = _flat_deltas(values)
    positions = np.cumsum(deltas)
    # The running sum restarts at each value: take off what the values before it added.
    ends = np.cumsum(counts)
    before = np.zeros(len(counts), np.int64)
    if len(positions):
        before[1:] = positions[np.maximum(ends[:-1] - 1, 0)] * (ends[:-1] > 0)
    return counts, positions - np.repeat(before, counts)


def position_deltas(values: Sequence[bytes]) -> list[list[int]]:
    """Each value's position deltas (`accumulate` one to get its positions), decoded at once."""
    counts, deltas = _flat_deltas(values)
    flat = deltas.tolist()
    out, at = [], 0
    for n in counts.tolist():
        out.append(flat[at : at + n])
        at += n
    return out


def _encode(self, poslist) -> bytes:
    return encode_positions(poslist)


def _decode_positions(self, valuestring) -> list[int]:
    return decode_positions(valuestring)


def _positions_as_arrays() -> None:
    """whoosh's Positions format writes and reads format-4 values (see above);
    its Characters subclass keeps its own methods and layout."""
    Positions.encode = _encode
    Positions.decode_positions = _decode_positions


_positions_as_arrays()


__all__: list[Any] = [
    "SUPPORTED_VERSION", "WHOOSH_DOC_FIELD_LENGTH", "Block", "buffered_bytes", "byte_to_length", "check_version",
    "codec", "commit_segments", "decode_positions", "discard", "encode_positions", "expansions", "finish_segment",
    "flat_positions", "has_documents", "id_column", "index_writer", "length_codes", "position_deltas",
    "position_deltas_of", "posting_blocks", "raw_leaf", "segment_count", "segment_writer", "stores_positions",
]
