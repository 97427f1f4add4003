"""Reading time: one viewing session of a document becomes 'open', 'page_view' and 'close' events.

Pure logic with an injected clock and an injected `record(kind, **fields)`,
so the window (ui/viewer.py) drives it from Qt events and tests drive it
with a fake clock, neither knowing about the other.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Record = Callable[..., object]
Clock = Callable[[], float]

# Time on a page stops counting this long after the last sign of a reader
# (scroll, click, key, mouse move): a viewer left open over lunch is not reading.
IDLE_CAP_S = 120.0
# A page on screen for less than this was scrolled past, not read; recording
# it would only add noise to the marketers' page heatmap.
MIN_PAGE_DWELL_MS = 1000


class ViewRecorder:
    """Turns one reading session into 'open', 'page_view' and 'close' events.

    Pure logic with an injected clock, so tests drive it without Qt or real
    time. Time counts only while the viewer is running (visible and active)
    and stops IDLE_CAP_S after the last input. A page visit ends when the
    page changes, the view is hidden, or the document closes; it is recorded
    as one 'page_view' unless it was shorter than `min_dwell_ms`. 'close'
    carries the whole counted time, skimmed pages included.
    """

    def __init__(
        self,
        record: Record,
        asset_path: str,
        asset_sha256: str,
        clock: Clock = time.monotonic,
        *,
        idle_cap_s: float = IDLE_CAP_S,
        min_dwell_ms: int = MIN_PAGE_DWELL_MS,
    ) -> None:
        self._record = record
        self._asset = {"asset_path": asset_path, "asset_sha256": asset_sha256}
        self._clock = clock
        self._idle_cap_s = idle_cap_s
        self._min_dwell_ms = min_dwell_ms
        self._page: int | None = None
        self._open = False
        self._running = False
        self._since = 0.0
        self._last_input = 0.0
        self._visit_s = 0.0
        self._total_s = 0.0

    @property
    def page(self) -> int | None:
        return self._page

    def opened(self, page: int) -> None:
        """The document is on screen at `page` (1-based); the clock starts."""
        if self._open:
            return
        self._open = True
        self._page = page
        now = self._clock()
        self._since = self._last_input = now
        self._running = True
        self._record("open", **self._asset, page=page)

    def page_changed(self, page: int) -> None:
        """The reader moved to `page`: the visit to the previous page ends."""
        if not self._open or page == self._page:
            return
        self._settle()
        self._end_visit()
        self._page = page
        self._last_input = self._clock()

    def activity(self) -> None:
        """The reader did something (scroll, click, key): the idle timer restarts."""
        if not self._open:
            return
        self._settle()
        self._last_input = self._clock()

    def paused(self, *, end_visit: bool = False) -> None:
        """The view lost focus or was hidden; `end_visit` when the reader left (hide)."""
        if not self._open:
            return
        self._settle()
        self._running = False
        if end_visit:
            self._end_visit()

    def resumed(self) -> None:
        """The view is visible and active again; coming back counts as input."""
        if not self._open or self._running:
            return
        self._since = self._last_input = self._clock()
        self._running = True

    def closed(self) -> None:
        """The document closed: records the last visit and 'close' with the total."""
        if not self._open:
            return
        self._settle()
        self._end_visit()
        self._open = self._running = False
        self._record("close", **self._asset, page=self._page, dwell_ms=round(self._total_s * 1000))

    def _settle(self) -> None:
        # Moves counted time into the current visit; time past the idle cap
        # after the last input is dropped, so the clock needs no timer.
        now = self._clock()
        if self._running:
            end = min(now, self._last_input + self._idle_cap_s)
            if end > self._since:
                self._visit_s += end - self._since
                self._total_s += end - self._since
        self._since = now

    def _end_visit(self) -> None:
        dwell_ms = round(self._visit_s * 1000)
        self._visit_s = 0.0
        if self._page is not None and dwell_ms >= self._min_dwell_ms:
            self._record("page_view", **self._asset, page=self._page, dwell_ms=dwell_ms)
