"""The organisation's ratings and opens per asset for result rows, from the server, cached.

With a server configured, a seller's laptop holds only its own events, so
stars and open counts computed locally would be one person's. The server's
`enablement.asset_stats` view (no names; one row per asset, read from
roll-ups) has everyone's. Searching must never wait for the network, so the
figures are cached: a caller gets what the cache holds, and a cache that is
empty or older than `max_age` starts one refresh in a background thread.
Until the first answer arrives (or while the server is unreachable) the
local figures stand in.

A command (`enablement search`) ends before a background refresh could
land, so it fetches once, blocking, with a short connect timeout
(`for_command`), and says which figures it printed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

import psycopg

from enablement_desktop.server.connect import ServerError, connect, describe
from enablement_desktop.usage.events import AssetStats

log = logging.getLogger(__name__)

Stats = Callable[[Iterable[str]], dict[str, AssetStats]]
MAX_AGE_S = 300.0  # a search shows colleagues' ratings at most five minutes old
# A command waits this long for a server that does not answer (a firewall dropping packets)
# before it prints the laptop's figures: stars are a help, not worth the full 10 s.
COMMAND_TIMEOUT_S = 3


def fetch(dsn: str, timeout_s: int | None = None) -> dict[str, AssetStats]:
    """Every asset's figures from the server (blocking); ServerError or psycopg.Error if it fails."""
    more = {} if timeout_s is None else {"timeout_s": timeout_s}
    with connect(dsn, allow_password=False, **more) as conn:
        rows = conn.execute("SELECT asset_path, avg_rating, ratings, opens FROM enablement.asset_stats")
        return {path: AssetStats(avg, int(n), int(opens)) for path, avg, n, opens in rows}


def for_command(dsn: str, local: Stats) -> tuple[Stats, str]:
    """A command's stars and opens: the server's, fetched now in one query, and '' — or
    `local` and the one-line reason the server's could not be had (unreachable, refused)."""
    try:
        figures = fetch(dsn, COMMAND_TIMEOUT_S)
    except ServerError as exc:
        return local, str(exc)
    except psycopg.Error as exc:
        return local, describe(exc)
    nothing = AssetStats(None, 0, 0)
    return (lambda paths: {path: figures.get(path, nothing) for path in paths}), ""


class ServerAssetStats:
    """A `usage_stats` callable for the search engine: server figures when it has them, else `local`."""

    def __init__(self, dsn: str, local: Stats, *, max_age: float = MAX_AGE_S,
                 fetcher: Callable[[str], dict[str, AssetStats]] = fetch,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.dsn, self._local, self._max_age = dsn, local, max_age
        self._fetch, self._clock = fetcher, clock
        self._lock = threading.Lock()
        self._figures: dict[str, AssetStats] | None = None
        self._fetched_at = float("-inf")
        self._refreshing: threading.Thread | None = None

    def __call__(self, paths: Iterable[str]) -> dict[str, AssetStats]:
        wanted = list(paths)
        with self._lock:
            figures = self._figures
            stale = self._clock() - self._fetched_at > self._max_age
        if stale:
            self.refresh_in_background()
        if figures is None:
            return self._local(wanted)
        nothing = AssetStats(None, 0, 0)
        return {path: figures.get(path, nothing) for path in wanted}

    def refresh_in_background(self) -> threading.Thread | None:
        """Start one refresh unless one is running; returns its thread (None if one was running)."""
        with self._lock:
            if self._refreshing is not None and self._refreshing.is_alive():
                return None
            self._refreshing = threading.Thread(target=self.refresh, name="server-asset-stats", daemon=True)
            self._refreshing.start()
            return self._refreshing

    def join(self, timeout: float | None = None) -> None:
        """Wait for a running refresh (the command line, tests); the window never calls it."""
        with self._lock:
            running = self._refreshing
        if running is not None:
            running.join(timeout)

    def refresh(self) -> bool:
        """Fetch now (blocking); False when the server could not answer (the old figures stay)."""
        try:
            figures = self._fetch(self.dsn)
        except (ServerError, psycopg.Error) as exc:
            log.info("organisation figures for result rows not refreshed: %s", exc)
            with self._lock:
                self._fetched_at = self._clock()  # try again after max_age, not on every keystroke
            return False
        with self._lock:
            self._figures, self._fetched_at = figures, self._clock()
        return True


class OrganisationStats:
    """`usage_stats` that follows the settings: the server's cached figures while they name a
    server, this laptop's own events otherwise (a server set or changed later is picked up)."""

    def __init__(self, local: Stats, server_dsn: Callable[[], str]) -> None:
        self._local, self._server_dsn = local, server_dsn
        self._server: ServerAssetStats | None = None

    def __call__(self, paths: Iterable[str]) -> dict[str, AssetStats]:
        dsn = (self._server_dsn() or "").strip()
        if not dsn:
            return self._local(paths)
        if self._server is None or self._server.dsn != dsn:
            self._server = ServerAssetStats(dsn, self._local)
        return self._server(paths)

    def join(self, timeout: float | None = None) -> None:
        """Wait for a running refresh of the server's figures, if any."""
        if self._server is not None:
            self._server.join(timeout)
