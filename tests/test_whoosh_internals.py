"""The fence around whoosh's internals (issue 13.18): one module, a version check,
and the patched readers compared with whoosh's own on a real index."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from enablement_desktop.search import whoosh_internals as wi
from enablement_desktop.search.index import SearchIndex, SectionDoc, add_documents, delete_asset

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["price", "pricing", "security", "audit", "ledger", "cloud", "renewal", "discount", "onboard", "faq"]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SearchIndex:
    """Three segments of different lengths, with deletions: what the readers must get right."""
    rng = random.Random(7)
    index = SearchIndex(Path(tmp_path_factory.mktemp("ix")))
    asset = 0
    for batch in (40, 25, 60):
        writer = index.writer()
        docs = []
        for _ in range(batch):
            asset += 1
            for ordinal in range(rng.randint(1, 3)):
                words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 400)))
                docs.append(SectionDoc(asset, ordinal, f"Asset {asset} {rng.choice(WORDS)}", words, ("cfo",),
                                       f"folder{asset % 4}/file-{asset}.md"))
        add_documents(writer, docs)
        index.commit(writer, merge=False)
    writer = index.writer()
    for gone in range(3, asset, 7):
        delete_asset(writer, gone)
    index.commit(writer, merge=False)
    assert index.segment_count() == 3
    return index


def test_patched_field_lengths_equal_whooshs_own(index: SearchIndex) -> None:
    searcher = index.searcher()
    compared = 0
    for reader, _ in searcher.reader().leaf_readers():
        perdoc = reader._perdoc
        for fieldname in ("body", "title", "path", "asset"):
            for docnum in range(reader.doc_count_all()):
                assert perdoc.doc_field_length(docnum, fieldname) == \
                    wi.WHOOSH_DOC_FIELD_LENGTH(perdoc, docnum, fieldname), (fieldname, docnum)
                compared += 1
    assert compared > 400
    assert wi.WHOOSH_DOC_FIELD_LENGTH is not type(perdoc).doc_field_length  # the patch is installed


def test_length_codes_and_id_column_equal_whooshs_readers(index: SearchIndex) -> None:
    for reader, _ in index.searcher().reader().leaf_readers():
        codes = wi.length_codes(reader, "body")
        whoosh_lengths = [wi.WHOOSH_DOC_FIELD_LENGTH(reader._perdoc, d, "body") for d in range(reader.doc_count_all())]
        assert [wi.byte_to_length(c) if c else None for c in codes] == whoosh_lengths
        assert wi.id_column(reader, "asset") == [int(v) for v in reader.column_reader("asset")]


def test_posting_blocks_equal_whooshs_matcher(index: SearchIndex) -> None:
    for reader, _ in index.searcher().reader().leaf_readers():
        for word in ("price", "secur", "ledger"):
            matcher = reader.postings("body", word)
            raw = wi.raw_leaf(matcher)
            assert raw is not None and wi.stores_positions(raw)
            ids, weights, positions = [], [], []
            for block in wi.posting_blocks(raw):
                block_ids, block_weights, values = block.data()
                ids += block_ids
                weights += block_weights
                positions += [wi.decode_positions(v) for v in values]
            fresh = reader.postings("body", word)
            expected = []
            while fresh.is_active():
                expected.append((fresh.id(), fresh.weight(), list(fresh.value_as("positions"))))
                fresh.next()
            # whoosh's matcher skips deleted documents; the raw blocks hold them all.
            assert [p for p in zip(ids, weights, positions, strict=True) if not reader.is_deleted(p[0])] == expected


def test_posting_blocks_are_written_as_uncompressed_protocol_5_pickles(index: SearchIndex) -> None:
    # The read path's speed rests on this layout (whoosh_internals._postings_unpickled_fast, codec()):
    # whoosh's default would write protocol 2, zlib-compressed, in every writer we forgot to give the codec.
    blocks = 0
    for reader, _ in index.searcher().reader().leaf_readers():
        for fieldname in ("body", "title", "path"):
            for text in reader.lexicon(fieldname):
                raw = wi.raw_leaf(reader.postings(fieldname, text))
                if raw is None:
                    continue
                for block in wi.posting_blocks(raw):
                    assert not block._compressed and bytes(block._raw[:2]) == b"\x80\x05", (fieldname, text)
                    ids, weights, _ = block.data()
                    assert block.ids_and_weights() == (ids, weights)
                    blocks += 1
    assert blocks > 10


def test_another_whoosh_version_fails_with_a_sentence() -> None:
    wi.check_version(wi.SUPPORTED_VERSION)
    for other in ("2.7.4", "2.8.0", None):
        with pytest.raises(ImportError, match=r"needs whoosh-reloaded 2\.7\.5 exactly.*found"):
            wi.check_version(other)


def test_no_other_module_touches_whooshs_private_names() -> None:
    # whoosh's private attributes and arguments the product uses; our own (self._x) don't count.
    private = re.compile(r"(?<!self)\.(?:_readers|_dbfile|_basepos|_lengths?|_typecode|_count|_postfile|_startoffset|"
                         r"_perdoc|_segments|_btexts|_cached_reader|_lenfield|_finalize_segment|_commit_toc|"
                         r"_close_segment|_finish|_added)\b|\b_lk=|_INT_SIZE|\.doc_field_length\s*=")
    offenders = []
    for path in (ROOT / "enablement_desktop").rglob("*.py"):
        if path.name == "whoosh_internals.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if private.search(line.split("#", 1)[0]):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
