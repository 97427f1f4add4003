"""Fixtures for the window's tests: a real library, indexed once, copied per test."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from enablement_desktop.context import open_context
from tests.support.indexed import indexed_data_dir
from tests.support.library import build_sample_library
from tests.support.windows import shown_window
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture(autouse=True)
def cycles_collected_on_the_gui_thread():
    """As in the app (ui/garbage.py): no cycle collection on worker threads while a test runs,
    where it could destroy a Qt object off its thread; collect here, on the GUI thread, after."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


@pytest.fixture(scope="session")
def indexed_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(library, data dir) with the sample library indexed: built once, never modified."""
    library = build_sample_library(tmp_path_factory.mktemp("ui-library"))
    data = tmp_path_factory.mktemp("ui-data")
    indexed_data_dir(library, data, workers=2).close()
    return library, data


@pytest.fixture
def indexed_copy(indexed_template: tuple[Path, Path], tmp_path: Path) -> Path:
    """A private copy of the indexed data dir: tests may write events, or make it read-only."""
    _library, template = indexed_template
    data = tmp_path / "data"
    shutil.copytree(template, data, ignore=shutil.ignore_patterns("app.lock"))
    return data


@pytest.fixture
def ui_session(indexed_copy: Path, qapp) -> Iterator[Session]:
    """A session over a private copy of the indexed data dir."""
    session = Session(open_context(indexed_copy))
    yield session
    session.close()


@pytest.fixture
def window(ui_session: Session, qtbot) -> Iterator[MainWindow]:
    """The assembled window over `ui_session`, shown at 1280×800."""
    with shown_window(ui_session, qtbot) as win:
        yield win
