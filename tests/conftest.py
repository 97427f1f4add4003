import os

import pytest

# Qt must never try to open a display in tests, whichever test imports it first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def search_engine(tmp_path_factory):
    """A searchable copy of tests/support/library.py, built once per test session."""
    from enablement_desktop.context import open_context, open_search_index
    from enablement_desktop.library.update import update_library
    from enablement_desktop.search.engine import SearchEngine
    from tests.support.library import build_sample_library

    root = tmp_path_factory.mktemp("engine")
    ctx = open_context(root / "data")
    index = open_search_index(ctx)
    update_library(ctx.db, index, build_sample_library(root / "library"), workers=0)
    yield SearchEngine(ctx.db, index)
    index.close()
    ctx.close()


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server in a temp dir (unix socket only), started once per test session."""
    from tests.support import postgres

    try:
        server = postgres.start()
    except postgres.NoPostgres as exc:
        pytest.fail(str(exc))  # CI installs it (scripts/setup.sh): missing is a failure, not a skip
    yield server
    server.stop()


@pytest.fixture
def world(tmp_path):
    """A shared folder and three data dirs: sellers ann (East) and bob (West), marketer mia."""
    from tests.support.sync_world import make_ctx

    shared = tmp_path / "shared"
    shared.mkdir()
    people = {
        "ann": make_ctx(tmp_path, "ann"),
        "bob": make_ctx(tmp_path, "bob", team="West"),
        "mia": make_ctx(tmp_path, "mia", role="marketer", team="Marketing"),
    }
    yield shared, people
    for ctx in people.values():
        ctx.close()
