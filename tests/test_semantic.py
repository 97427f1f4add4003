"""Meaning beside words (search/semantic.py, search/vectors.py): offline, incremental, switchable."""

from __future__ import annotations

import json
import socket

import pytest

from enablement_desktop import cli
from enablement_desktop.search import semantic, vectors
from enablement_desktop.search.engine import SearchEngine
from resources.docgen import write_text
from tests.support.indexed import empty_library

pytest.importorskip("wordllama")  # in the test extra; the app runs without it

DOCS = {
    "billing/annual-plans.md": "# Annual plans\nSwitch to annual billing and save 20 percent compared with "
                               "monthly invoices. Prepaying twelve months lowers the price per seat.\n",
    "security/compliance.md": "# Compliance\nOur SOC 2 Type II report and the penetration test results are "
                              "available to auditors under NDA.\n",
    "platform/network.md": "# Network policies\nKubernetes network policy enforcement with eBPF inside "
                           "clusters, and observability of flows.\n",
    "partners/referrals.md": "# Referral programme\nEarn a commission on every referral that signs a contract.\n",
}
MISMATCH = "cheaper if we pay up front"  # none of its words is in any document


@pytest.fixture
def no_network(monkeypatch):
    """Every way out is refused and recorded: name lookups and connections."""
    attempts: list[str] = []

    def refuse(what):
        def blocked(*args, **kwargs):
            attempts.append(f"{what}{args[:2]}")
            raise OSError(f"network blocked in tests: {what}")
        return blocked

    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    # Nothing cached from an earlier download may help: a fresh home.
    monkeypatch.setenv("HOME", "/nonexistent-home-for-tests")
    monkeypatch.setenv("HF_HOME", "/nonexistent-home-for-tests/hf")
    return attempts


@pytest.fixture
def library(tmp_path):
    with empty_library(tmp_path) as lib:
        for rel, text in DOCS.items():
            write_text(lib.root / rel, text)
        lib.update()
        yield lib


def _meaning(lib) -> semantic.Meaning:
    meaning = semantic.open_meaning(lib.ctx.data_dir, enabled=True)
    assert meaning is not None
    return meaning


def test_the_model_loads_and_embeds_without_any_network(tmp_path, no_network):
    embedder = semantic.load_embedder(tmp_path / "model")
    vectors_ = embedder.embed(["annual billing discount", "cheaper if we pay for the whole year up front",
                               "kubernetes network policy", ""])
    assert vectors_.shape == (4, semantic.DIM)
    similar, unrelated = float(vectors_[1] @ vectors_[0]), float(vectors_[1] @ vectors_[2])
    assert similar > unrelated
    assert not vectors_[3].any()  # an empty text is similar to nothing
    assert no_network == []
    assert (tmp_path / "model" / "tokenizers" / f"{semantic.MODEL}_tokenizer_config.json").is_file()


def test_word_at_a_time_pooling_matches_whole_texts_and_survives_a_full_cache(tmp_path, monkeypatch):
    import numpy as np

    embedder = semantic.load_embedder(tmp_path / "model")
    texts = [text for text in DOCS.values()] + ["Prepaying twelve months lowers the price per seat."]
    tokens = [embedder._tokenizer.encode(t, add_special_tokens=False).ids for t in texts]
    whole = np.array([embedder._embedding[ids].mean(axis=0) for ids in tokens])
    whole /= np.linalg.norm(whole, axis=1, keepdims=True)
    assert (embedder.embed(texts) * whole).sum(axis=1).min() > 0.97

    twin = embedder.sibling()  # what searches use: the model shared, word tables and lock their own
    assert twin._lock is not embedder._lock and twin._slots is not embedder._slots
    assert np.allclose(twin.embed(texts), embedder.embed(texts), atol=1e-6)
    small = semantic.Embedder(embedder._embedding, embedder._tokenizer)
    monkeypatch.setattr(semantic, "_WORD_CACHE", 12)  # forgets its words when a batch brings new ones
    for batch in ([texts[0]], texts, texts[1:3], texts):  # known and new words together, past the limit
        assert np.allclose(small.embed(batch), embedder.embed(batch), atol=1e-5)


def test_wordllama_alone_would_go_to_the_network_for_its_own_shipped_file(tmp_path, no_network):
    """Why load_embedder copies the tokenizer file: without it, the loader wants a download."""
    from wordllama import WordLlama

    with pytest.raises(FileNotFoundError, match="downloads are disabled"):
        WordLlama.load(cache_dir=tmp_path / "empty", disable_download=True)
    with pytest.raises(FileNotFoundError):
        WordLlama.load(cache_dir=tmp_path / "empty2")  # downloads allowed: it tries, and the block stops it
    assert no_network, "wordllama's loader was expected to try the network"


def test_a_search_by_meaning_finds_the_page_without_shared_words(library, no_network):
    plain = SearchEngine(library.ctx.db, library.index).search(MISMATCH)
    assert "billing/annual-plans.md" not in [h.path for h in plain.hits]

    update = semantic.update_meaning(library.ctx.db, library.ctx.data_dir, enabled=True)
    assert (update.embedded, update.dropped) == (4, 0)
    engine = SearchEngine(library.ctx.db, library.index, meaning=_meaning(library))
    result = engine.search(MISMATCH)
    assert result.hits[0].path == "billing/annual-plans.md"
    assert result.hits[0].label == "Annual plans"
    assert any("found by meaning" in note for note in result.notes)
    assert no_network == []


def test_words_still_decide_and_query_syntax_keeps_its_meaning(library):
    semantic.update_meaning(library.ctx.db, library.ctx.data_dir, enabled=True)
    engine = SearchEngine(library.ctx.db, library.index, meaning=_meaning(library))
    # A word match comes first; neighbours by meaning follow it.
    assert engine.search("penetration").hits[0].path == "security/compliance.md"
    # A phrase, a NOT, a field: no neighbour without the words is added.
    for query in ['"penetration test"', "penetration -kubernetes", "title:compliance"]:
        assert [h.path for h in engine.search(query).hits] == ["security/compliance.md"], query
    # Filters hold for neighbours too.
    filtered = engine.search(MISMATCH, filters={"type": ["pdf"]})
    assert filtered.hits == []


def test_in_the_window_the_model_loads_beside_the_first_searches(library, monkeypatch):
    import threading

    semantic.update_meaning(library.ctx.db, library.ctx.data_dir, enabled=True)
    release = threading.Event()
    real = semantic.load_embedder

    def slow_load(cache_dir):
        release.wait(30)
        return real(cache_dir)

    monkeypatch.setattr(semantic, "load_embedder", slow_load)
    meaning = semantic.open_meaning(library.ctx.data_dir, enabled=True, background=True)
    engine = SearchEngine(library.ctx.db, library.index, meaning=meaning)
    assert not meaning.wait(0)
    first = engine.search(MISMATCH)  # answered at once, by words alone
    assert not any("found by meaning" in note for note in first.notes)
    release.set()
    assert meaning.wait(30)
    assert engine.search(MISMATCH).hits[0].path == "billing/annual-plans.md"


def test_vectors_follow_the_library_incrementally(library):
    data_dir = library.ctx.data_dir
    semantic.update_meaning(library.ctx.db, data_dir, enabled=True)
    first = vectors.open_vectors(semantic.vectors_dir(data_dir))
    assert len(first) == 4

    again = semantic.update_meaning(library.ctx.db, data_dir, enabled=True)
    assert (again.embedded, again.dropped) == (0, 0)  # nothing changed, nothing read

    write_text(library.root / "platform/network.md", "# Network policies\nNow about pricing tiers and invoices.\n")
    (library.root / "partners/referrals.md").unlink()
    write_text(library.root / "support/sla.md", "# Support\nResponse times and uptime commitments.\n")
    library.update()
    changed = semantic.update_meaning(library.ctx.db, data_dir, enabled=True)
    assert (changed.embedded, changed.dropped) == (2, 2)  # the changed and the new; the changed and the gone

    store = vectors.open_vectors(semantic.vectors_dir(data_dir))
    paths = dict(library.ctx.db.execute("SELECT id, path FROM assets WHERE removed = 0").fetchall())
    assert {paths[int(a)] for a in store.assets} == {"billing/annual-plans.md", "security/compliance.md",
                                                     "platform/network.md", "support/sla.md"}
    # Only the current generation is left on disk.
    assert len([p for p in semantic.vectors_dir(data_dir).iterdir() if p.is_dir()]) == 1


def test_damaged_or_foreign_vectors_are_rebuilt(library):
    data_dir = library.ctx.data_dir
    semantic.update_meaning(library.ctx.db, data_dir, enabled=True)
    folder = semantic.vectors_dir(data_dir)
    generation = folder / (folder / "CURRENT").read_text().strip()
    meta = json.loads((generation / "meta.json").read_text())
    (generation / "meta.json").write_text(json.dumps({**meta, "model": "another-model"}))
    assert vectors.open_vectors(folder) is None
    assert semantic.update_meaning(library.ctx.db, data_dir, enabled=True).embedded == 4

    generation = folder / (folder / "CURRENT").read_text().strip()
    (generation / "rows.npy").write_bytes(b"not an array")
    assert vectors.open_vectors(folder) is None
    engine = SearchEngine(library.ctx.db, library.index, meaning=_meaning(library))
    assert engine.search("penetration").hits[0].path == "security/compliance.md"  # words alone meanwhile
    assert semantic.update_meaning(library.ctx.db, data_dir, enabled=True).embedded == 4


def test_off_by_default_and_words_alone_without_the_extra(library, monkeypatch):
    data_dir = library.ctx.data_dir
    assert library.ctx.settings.meaning_search is False
    assert semantic.open_meaning(data_dir, enabled=False) is None
    assert semantic.update_meaning(library.ctx.db, data_dir, enabled=False) is None
    assert not semantic.vectors_dir(data_dir).exists()

    monkeypatch.setattr(semantic, "installed", lambda: False)
    assert semantic.open_meaning(data_dir, enabled=True) is None
    with pytest.raises(semantic.MeaningUnavailable, match="not installed"):
        semantic.load_embedder(data_dir / "elsewhere")


def test_blend_scales_both_signals_and_keeps_word_order_on_ties():
    # BM25 10 / 5 / 5 scales to 1 / 0 / 0; similarity .5 / .9 / .7 (and .95 for a neighbour) to 0 / .89 / .44 / 1.
    blended = semantic.blend({1: 10.0, 2: 5.0, 3: 5.0}, {1: 0.5, 2: 0.9, 3: 0.7, 4: 0.95}, weight=0.5)
    assert [key for _, key in blended] == [1, 4, 2, 3]  # 1 and 4 tie at .5: the word match first
    assert [round(score, 3) for score, _ in blended] == [0.5, 0.5, 0.444, 0.222]
    assert [key for _, key in semantic.blend({1: 10.0, 2: 5.0}, {1: 0.1, 2: 0.9}, weight=0.7)] == [2, 1]
    assert [key for _, key in semantic.blend({1: 3.0, 2: 1.0}, {}, weight=0.5)] == [1, 2]
    assert semantic.blend({}, {}, weight=0.5) == []


def test_cli_index_and_search_use_the_setting(tmp_path, capsys, no_network):
    library_dir = tmp_path / "library"
    for rel, text in DOCS.items():
        write_text(library_dir / rel, text)
    data_dir = tmp_path / "data"
    assert cli.main(["index", "--library", str(library_dir), "--data-dir", str(data_dir), "--workers", "0"]) == 0
    assert "Meaning" not in capsys.readouterr().out
    assert not semantic.vectors_dir(data_dir).exists()

    settings = json.loads((data_dir / "settings.json").read_text())
    (data_dir / "settings.json").write_text(json.dumps({**settings, "meaning_search": True}))
    assert cli.main(["index", "--data-dir", str(data_dir), "--workers", "0"]) == 0
    assert "Meaning: 4 assets read" in capsys.readouterr().out
    assert cli.main(["search", MISMATCH, "--data-dir", str(data_dir), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["hits"][0]["path"] == "billing/annual-plans.md"
    assert no_network == []


def test_assets_found_by_meaning_are_counted_in_the_facets(library):
    semantic.update_meaning(library.ctx.db, library.ctx.data_dir, enabled=True)
    engine = SearchEngine(library.ctx.db, library.index, meaning=_meaning(library))
    result = engine.search(MISMATCH)  # no asset has its words: every hit is found by meaning
    assert result.total >= 1 and result.hits
    assert dict(result.facets["type"]) == {"md": result.total}
