"""Reading time: the viewer's 'open', 'page_view' and 'close' events, with a fake clock (no Qt)."""

from __future__ import annotations

from enablement_desktop.usage.reading import ViewRecorder
from tests.support.recording import Events, FakeClock


def recorder(events: Events, clock: FakeClock, **kwargs) -> ViewRecorder:
    return ViewRecorder(events, "deck.pdf", "", clock, **kwargs)


def test_page_changes_record_each_visit_with_exact_dwell():
    events, clock = Events(), FakeClock()
    rec = recorder(events, clock)
    rec.opened(1)
    clock.advance(5)
    rec.page_changed(2)
    clock.advance(7.25)
    rec.page_changed(3)
    clock.advance(2)
    rec.closed()

    assert events.of("open") == [{"asset_path": "deck.pdf", "asset_sha256": "", "page": 1}]
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [
        (1, 5000),
        (2, 7250),
        (3, 2000),
    ]
    assert events.of("close")[0]["dwell_ms"] == 14250


def test_pages_skimmed_past_are_not_recorded_but_count_in_the_total():
    events, clock = Events(), FakeClock()
    rec = recorder(events, clock)
    rec.opened(1)
    clock.advance(0.4)
    rec.page_changed(2)
    clock.advance(3)
    rec.closed()
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [(2, 3000)]
    assert events.of("close")[0]["dwell_ms"] == 3400


def test_idle_time_stops_counting_after_the_cap():
    events, clock = Events(), FakeClock()
    rec = recorder(events, clock, idle_cap_s=120)
    rec.opened(1)
    clock.advance(600)  # walked away for ten minutes
    rec.page_changed(2)
    clock.advance(100)
    rec.activity()  # scrolled: the idle timer restarts here
    clock.advance(150)
    rec.closed()
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [
        (1, 120_000),
        (2, 220_000),
    ]
    assert events.of("close")[0]["dwell_ms"] == 340_000


def test_paused_time_is_not_counted_and_hiding_ends_the_visit():
    events, clock = Events(), FakeClock()
    rec = recorder(events, clock)
    rec.opened(4)
    clock.advance(10)
    rec.paused()  # another window got focus: same visit, clock stopped
    clock.advance(50)
    rec.resumed()
    clock.advance(5)
    rec.paused(end_visit=True)  # the viewer was hidden: the visit is over
    clock.advance(30)
    rec.resumed()
    clock.advance(2)
    rec.closed()
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [(4, 15000), (4, 2000)]
    assert events.of("close")[0]["dwell_ms"] == 17000


def test_close_is_recorded_once_and_nothing_before_open():
    events, clock = Events(), FakeClock()
    rec = recorder(events, clock)
    rec.page_changed(2)
    rec.closed()
    assert events == []
    rec.opened(1)
    clock.advance(2)
    rec.closed()
    rec.closed()
    assert [kind for kind, _ in events] == ["open", "page_view", "close"]
