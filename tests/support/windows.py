"""The assembled window for UI tests: shown at a fixed size, closed (saving its layout) after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ui.main_window import MainWindow
from ui.session import Session


@contextmanager
def shown_window(session: Session, qtbot, size: tuple[int, int] = (1280, 800)) -> Iterator[MainWindow]:
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    try:
        yield win
    finally:
        win.close()
