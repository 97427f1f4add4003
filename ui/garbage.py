"""Python's cycle collector runs on the GUI thread only.

CPython collects cycles on whichever thread happens to allocate past the
threshold. A cycle that holds a Qt object (a widget, a model) is then
destroyed from a worker thread, and Qt crashes (seen here: a segfault while a
search thread opened the index). Anki hit the same and does the same: turn
automatic collection off and collect from a timer on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 1_000


class GuiThreadCollector(QObject):
    """Collects like CPython would (same thresholds), but only from the GUI thread's event loop."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> int:
        """Collect the generation CPython would now; returns it, or -1 when nothing was due."""
        thresholds, counts = gc.get_threshold(), gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return generation
        return -1

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
        gc.collect()
