"""Search as you type, off the GUI thread: only the latest query's results are ever shown.

Every request gets a sequence number. Searches run one at a time on their own
thread (which owns the engine's connection); a request that is already
superseded when its turn comes is skipped, and a result that arrives after a
newer request was made is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from enablement_desktop.library.assets import sha256_by_id
from enablement_desktop.usage.events import AssetStats
from ui.session import Session
from ui.worker import run_task

if TYPE_CHECKING:
    from enablement_desktop.search.engine import Hit, SearchResult

RESULT_LIMIT = 30


@dataclass(frozen=True)
class SearchRequest:
    seq: int
    text: str
    filters: dict[str, tuple[str, ...]]

    @property
    def is_blank(self) -> bool:
        return not self.text.strip() and not any(self.filters.values())


@dataclass
class ResultRow:
    hit: Hit
    sha256: str
    stats: AssetStats


@dataclass
class SearchPage:
    request: SearchRequest
    result: SearchResult
    rows: list[ResultRow]
    # Per facet: counts as if that facet's own filter were off, so checking "pdf"
    # still lets you add "pptx" (OR within a facet, AND across facets).
    facets: dict[str, list[tuple[str, int]]]
    library_assets: int
    examples: list[str] = field(default_factory=list)  # for a blank request: queries from this library


def run_search(session: Session, request: SearchRequest, is_current: Callable[[], bool]) -> SearchPage | None:
    """The search task (search thread). None when a newer request made this one pointless."""
    if not is_current():
        return None
    engine = session.engine()
    filters = {k: list(v) for k, v in request.filters.items() if v}
    result = engine.search(request.text, filters, limit=RESULT_LIMIT, typing=True)
    facets = dict(result.facets)
    for name in filters:
        others = {k: v for k, v in filters.items() if k != name}
        facets[name] = engine.search(request.text, others, limit=1, typing=True).facets.get(name, [])
    rows = _rows(engine.db, result.hits, engine.usage_stats)
    assets = len(engine.catalog())  # a count(*) here scanned the wide assets table on every keystroke
    examples = engine.examples() if request.is_blank else []
    return SearchPage(request, result, rows, facets, assets, examples)


def run_more(session: Session, request: SearchRequest, offset: int,
             is_current: Callable[[], bool]) -> tuple[SearchRequest, int, list[ResultRow]] | None:
    """The next RESULT_LIMIT rows of a request from `offset` (search thread), for scrolling."""
    if not is_current():
        return None
    engine = session.engine()
    filters = {k: list(v) for k, v in request.filters.items() if v}
    result = engine.search(request.text, filters, limit=RESULT_LIMIT, typing=True, offset=offset)
    return request, offset, _rows(engine.db, result.hits, engine.usage_stats)


def _rows(db, hits: list[Hit], usage_stats) -> list[ResultRow]:
    if not hits:
        return []
    sha = sha256_by_id(db, [h.asset_id for h in hits])
    stats = usage_stats([h.path for h in hits]) if usage_stats else {}
    none = AssetStats(None, 0, 0)
    return [ResultRow(h, sha.get(h.asset_id, ""), AssetStats(*stats.get(h.path, none))) for h in hits]


class SearchRunner(QObject):
    resultsReady = Signal(object)  # SearchPage of the latest request
    moreReady = Signal(object, int, object)  # request, offset, [ResultRow]: the next rows of the latest request
    failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._seq = 0
        # One thread: the engine's connection is used by this thread only, and
        # queries never compete with each other for the index.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.search_fn = run_search  # tests slow it down to provoke stale results

    def warm(self) -> None:
        """Open the index and load the engine on the search thread now, while the
        window is still being built: the first search then only searches."""
        # A failure here is the first search's to report.
        run_task(lambda: self._session.engine().prepare(), on_error=lambda _message: None,
                 what="opening the search index", pool=self._pool, context=self)

    def submit(self, text: str, filters: dict[str, tuple[str, ...]]) -> SearchRequest:
        self._seq += 1
        request = SearchRequest(self._seq, text, {k: tuple(v) for k, v in filters.items() if v})

        def is_current() -> bool:
            return request.seq == self._seq

        run_task(
            lambda: self.search_fn(self._session, request, is_current),
            self._deliver,
            on_error=lambda message: self._fail(request, message),
            what="searching",
            pool=self._pool,
            context=self,
        )
        return request

    def fetch_more(self, request: SearchRequest, offset: int) -> None:
        """Load the rows of `request` from `offset`; dropped if a newer request is made meanwhile."""

        def is_current() -> bool:
            return request.seq == self._seq

        def deliver(found) -> None:
            if found is not None and found[0].seq == self._seq:
                self.moreReady.emit(*found)

        run_task(lambda: run_more(self._session, request, offset, is_current), deliver,
                 on_error=lambda message: self._fail(request, message), what="loading more results",
                 pool=self._pool, context=self)

    @property
    def latest_seq(self) -> int:
        return self._seq

    def _deliver(self, page: SearchPage | None) -> None:
        if page is None or page.request.seq != self._seq:
            return  # superseded: a newer query's results are on their way
        self.resultsReady.emit(page)

    def _fail(self, request: SearchRequest, message: str) -> None:
        if request.seq == self._seq:
            self.failed.emit(message)

    def shutdown(self) -> None:
        """Let a running search finish before the session closes its connection."""
        self._seq += 1
        self._pool.waitForDone()
