"""The marketer's Insights tab: filters and headline numbers on top, one section at a time below.

Every figure is one core call (enablement_desktop.usage.insights) run by the
app's worker helper on its own database connection; results come back on the
GUI thread and only the newest answer for each figure is shown. A change
reloads only what it affects: a new sort re-reads the heatmap, a new filter
everything but the filter menus.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.paths import database_path
from enablement_desktop.settings import Settings
from enablement_desktop.usage.filters import Filters
from enablement_desktop.usage.sync import SyncResult
from ui import theme
from ui.icons import icon
from ui.insights.campaigns import CampaignsSection
from ui.insights.coverage import CoverageSection
from ui.insights.lists import ActivitySection, RatingsSection, RequestsSection, UnusedSection
from ui.insights.loading import ALL_PARTS, Options, Query, Snapshot, load_snapshot, run_sync
from ui.insights.messaging import MessagingSection
from ui.insights.opens import OpensSection
from ui.insights.pages import PagesResult, PagesSection, load_pages
from ui.insights.scorecard import ScorecardSection
from ui.insights.send_back_queue import SendBacksSection
from ui.insights.text import local_time, long_date, plural, short_date
from ui.insights.widgets import (
    ElidedLabel,
    ElidingComboBox,
    HeadlineCard,
    Section,
    heading,
    while_alive,
)
from ui.worker import run_task

G = theme.GRID
FILTER_PARTS = ALL_PARTS - {"options", "as_of", "campaigns"}
PERIODS = (
    ("Last 4 weeks", 4),
    ("Last 12 weeks", 12),
    ("Last 26 weeks", 26),
    ("Last 52 weeks", 52),
    ("Custom dates", 0),
)
MAX_WEEKS = 104  # a wider heatmap is a scroll, not a picture
DEBOUNCE_MS = 150  # typing a date or flicking through menus loads once

_STYLE = f"""
QFrame#headlineCard {{ background: palette(base); border: 1px solid palette(midlight);
                       border-radius: {G}px; }}
QFrame#headlineCard:hover {{ border: 1px solid palette(mid); }}
QListWidget#insightsNav {{ border: none; background: transparent; outline: none; }}
QListWidget#insightsNav::item {{ padding: 0 {G + G // 2}px; border-radius: 6px; }}
QListWidget#insightsNav::item:selected {{ background: palette(highlight);
                                          color: palette(highlighted-text); }}
QFrame#insightsBody {{ background: palette(base); border: 1px solid palette(midlight);
                       border-radius: {G}px; }}
"""


class InsightsView(QWidget):
    """The Insights tab. Loads when first shown; call `refresh()` after a sync or a reindex."""

    loaded = Signal()  # a load's figures are on screen
    pagesLoaded = Signal()  # the Pages section shows a new asset or filter

    def __init__(self, data_dir: Path, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db_path = database_path(Path(data_dir))
        self._settings = settings
        self._generation = 0
        self._part_generation: dict[str, int] = {}  # the load whose answer each figure awaits
        self._pages_generation = 0
        self._pending: set[str] = set()
        self._figures = Snapshot(Query(Filters()))  # the newest value of each figure shown
        self._shown_once = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._load)
        self.setStyleSheet(_STYLE)
        self._build()

    # --- building -------------------------------------------------------

    def _build(self) -> None:
        self.as_of = ElidedLabel()
        self.as_of.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.as_of.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.sync_button = QPushButton(icon("reindex"), "Sync now")
        self.sync_button.clicked.connect(self.sync_now)
        top = QHBoxLayout()
        top.setSpacing(2 * G)
        top.addWidget(heading("Insights", 1.4))
        top.addWidget(self.as_of, 1)
        top.addWidget(self.sync_button)

        self.product = _filter_combo("All products", "Product")
        self.persona = _filter_combo("All personas", "Persona")
        self.team = _filter_combo("All teams", "Team")
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for label, weeks in PERIODS:
            self.period.addItem(label, weeks)
        self.period.setCurrentIndex(1)
        today = QDate.currentDate()
        self.since = _date_edit(today.addDays(-83), "From")
        self.until = _date_edit(today, "To")
        self.message = ElidedLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        filters = QHBoxLayout()
        filters.setSpacing(G)
        for widget in (self.product, self.persona, self.team, self.period, self.since, self.until):
            filters.addWidget(widget)
        filters.addWidget(self.message, 1)
        for combo in (self.product, self.persona, self.team):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.since.dateChanged.connect(self._filters_changed)
        self.until.dateChanged.connect(self._filters_changed)
        self._show_dates()

        self.opens = OpensSection()
        self.pages = PagesSection()
        self.coverage = CoverageSection()
        self.unused = UnusedSection()
        self.ratings = RatingsSection()
        self.send_backs = SendBacksSection(self._db_path, self._settings)
        self.requests = RequestsSection()
        self.activity = ActivitySection()
        self.scorecard = ScorecardSection()
        self.campaigns = CampaignsSection(self._db_path, self._settings)
        self.messaging = MessagingSection()
        self.sections: list[Section] = [
            self.scorecard,
            self.opens,
            self.pages,
            self.coverage,
            self.unused,
            self.ratings,
            self.send_backs,
            self.requests,
            self.activity,
            self.campaigns,
            self.messaging,
        ]
        self.opens.sortChanged.connect(lambda _key: self._request({"opens"}))
        self.opens.assetSelected.connect(self.pages.select)
        self.opens.assetActivated.connect(self._show_pages_of)
        self.pages.assetChanged.connect(lambda _path: self._load_pages())
        self.coverage.byChanged.connect(lambda _by: self._request({"coverage"}))
        self.unused.daysChanged.connect(lambda _days: self._request({"unused"}))
        self.send_backs.answered.connect(lambda: self._request({"send_backs"}))
        self.send_backs.pageChanged.connect(lambda: self._request({"send_backs"}))
        self.campaigns.saved.connect(lambda _id: self._request({"campaigns", "scorecard"}))
        for section in self.sections:
            section.message.connect(self.say)

        self.cards = {
            "assets": HeadlineCard("assets in the library"),
            "opens": HeadlineCard("opens"),
            "unused": HeadlineCard("not opened in 90 days"),
            "send_backs": HeadlineCard("send-backs to answer"),
        }
        targets = {
            "assets": self.coverage,
            "opens": self.opens,
            "unused": self.unused,
            "send_backs": self.send_backs,
        }
        cards = QHBoxLayout()
        cards.setSpacing(2 * G)
        for key, card in self.cards.items():
            card.clicked.connect(lambda section=targets[key]: self.show_section(section.title))
            cards.addWidget(card)

        self.nav = QListWidget()
        self.nav.setObjectName("insightsNav")
        self.nav.setAccessibleName("Insights sections")
        self.nav.setFixedWidth(20 * G)
        self.stack = QStackedWidget()
        self.stack.setObjectName("insightsBody")
        for section in self.sections:
            item = QListWidgetItem(section.title)
            item.setSizeHint(QSize(0, 4 * G))
            self.nav.addItem(item)
            self.stack.addWidget(section)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        body = QHBoxLayout()
        body.setSpacing(2 * G)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * G, 2 * G, 3 * G, 2 * G)
        layout.setSpacing(2 * G)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(cards)
        layout.addLayout(body, 1)
        self._update_sync_button()

    # --- public ---------------------------------------------------------

    def refresh(self) -> None:
        """Reload every figure (after a sync, a reindex or a change in Settings)."""
        self._update_sync_button()
        self._request(ALL_PARTS)

    def show_section(self, title: str) -> None:
        """Bring a section forward by its title: 'Opens', 'Pages', 'Coverage', 'Unused', …"""
        for row, section in enumerate(self.sections):
            if section.title == title:
                self.nav.setCurrentRow(row)

    def sync_now(self) -> None:
        """Send this app's events to the shared folder and import everyone's, then reload."""
        if dsn := self._settings.server_dsn:
            self._sync_server(dsn)
            return
        folder = self._settings.sync_folder
        if not folder:
            self.say("Choose a shared folder in Settings to sync with your team.", error=True)
            return
        settings = dataclasses.replace(self._settings)  # the task reads a copy, not a live object
        self.sync_button.setEnabled(False)
        self.sync_button.setText("Syncing…")
        run_task(
            lambda progress: run_sync(self._db_path, settings, folder, progress),
            on_done=while_alive(self, self._synced),
            on_error=while_alive(self, self._sync_failed),
            on_progress=while_alive(
                self, lambda done, total, _label: self.say(f"Syncing… {done} of {total} files")
            ),
            what="syncing with the shared folder",
        )

    def _sync_server(self, dsn: str) -> None:
        self.sync_button.setEnabled(False)
        self.sync_button.setText("Syncing…")
        db_path = self._db_path

        def task():
            from enablement_desktop.server.sync import sync_server
            from ui.insights.loading import connection

            with connection(db_path) as db:
                return sync_server(db, dsn)

        def done(result) -> None:
            self.sync_button.setText("Sync now")
            self._update_sync_button()
            text = result.message
            self.say(f"{text[:1].upper()}{text[1:]}.", error=not result.reachable)
            self.refresh()

        run_task(task, on_done=while_alive(self, done), on_error=while_alive(self, self._sync_failed),
                 what="syncing with the organisation server")

    def say(self, text: str, *, error: bool = False) -> None:
        """One line for outcomes (exports, sync) and problems, at the right of the filters."""
        colour = "#ff8a80" if _dark(self) else "#b3261e"
        self.message.setStyleSheet(f"color: {colour};" if error else "")
        self.message.setText(text)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.refresh()

    # --- loading --------------------------------------------------------

    def _request(self, parts: set[str] | frozenset[str]) -> None:
        self._pending |= set(parts)
        self._timer.start()

    def _query(self) -> Query:
        weeks, since, until = self._period()
        filters = Filters(
            since=since,
            until=until,
            product=self.product.currentData() or "",
            persona=self.persona.currentData() or "",
            team=self.team.currentData() or "",
        )
        return Query(
            filters, weeks, self.opens.sort_key(), self.coverage.by_key(), self.unused.days.value(),
            self.send_backs.offset,
        )

    def _period(self) -> tuple[int, date, date | None]:
        weeks = self.period.currentData()
        if weeks:
            # The same weeks as the heatmap's columns, so "opens in period" is its sum.
            today = datetime.now(UTC).date()
            return weeks, today - timedelta(days=today.weekday(), weeks=weeks - 1), None
        since, until = sorted((self.since.date().toPython(), self.until.date().toPython()))
        spanned = (
            until - timedelta(days=until.weekday()) - since + timedelta(days=since.weekday())
        ).days
        return min(MAX_WEEKS, spanned // 7 + 1), since, until

    def _load(self) -> None:
        parts = frozenset(self._pending)
        self._pending.clear()
        query = self._query()
        self._generation += 1
        generation = self._generation
        for part in parts:
            self._part_generation[part] = generation
        settings = dataclasses.replace(self._settings)
        run_task(
            lambda: load_snapshot(self._db_path, settings, query, parts),
            on_done=while_alive(self, lambda snapshot: self._apply(snapshot, generation)),
            on_error=while_alive(self, lambda message: self.say(message, error=True)),
            what="loading insights",
        )

    def _apply(self, snapshot: Snapshot, generation: int) -> None:
        # A figure asked for again since this load started waits for that newer answer.
        fresh = {
            part
            for part in ALL_PARTS
            if getattr(snapshot, part) is not None and self._part_generation.get(part) == generation
        }
        if not fresh:
            return
        for part in fresh:
            setattr(self._figures, part, getattr(snapshot, part))
        query, scope = snapshot.query, self._scope(snapshot.query)
        per_person = self._settings.per_person_insights
        if snapshot.options is not None and "options" in fresh:
            self._set_options(snapshot.options)
        if snapshot.opens is not None and "opens" in fresh:
            f = query.filters
            syncs = bool(self._settings.server_dsn or self._settings.sync_folder)
            self.opens.show_heatmap(snapshot.opens, scope, bool(f.product or f.persona or f.team), syncs)
            self.pages.scope = scope
            self.pages.set_assets(_pdfs_first(snapshot.opens.paths, snapshot.opens.titles))
            self._load_pages()
        if snapshot.coverage is not None and "coverage" in fresh:
            self.coverage.show_coverage(snapshot.coverage, scope)
        if snapshot.unused is not None and "unused" in fresh:
            self.unused.show_unused(snapshot.unused)
        if snapshot.ratings is not None and "ratings" in fresh:
            self.ratings.show_ratings(snapshot.ratings)
        if snapshot.send_backs is not None and "send_backs" in fresh:
            self.send_backs.show_page(snapshot.send_backs)
        if snapshot.requests is not None and "requests" in fresh:
            self.requests.show_requests(snapshot.requests)
        if snapshot.activity is not None and "activity" in fresh:
            self.activity.show_activity(snapshot.activity, per_person)
        if snapshot.scorecard is not None and "scorecard" in fresh:
            self.scorecard.show_scorecard(snapshot.scorecard)
        if snapshot.campaigns is not None and "campaigns" in fresh:
            self.campaigns.show_campaigns(snapshot.campaigns)
        if snapshot.messaging is not None and "messaging" in fresh:
            self.messaging.show_messaging(snapshot.messaging)
        if snapshot.as_of is not None and "as_of" in fresh:
            self._show_as_of(snapshot.as_of, per_person)
        self._update_headline(query)
        self.loaded.emit()

    def _load_pages(self) -> None:
        path = self.pages.current_path()
        if not path:
            return
        self._pages_generation += 1
        generation = self._pages_generation
        filters, library = self._query().filters, self._settings.library_path
        run_task(
            lambda: load_pages(self._db_path, library, path, filters),
            on_done=while_alive(self, lambda result: self._pages_loaded(result, generation)),
            on_error=while_alive(self, lambda message: self.say(message, error=True)),
            what="loading the page figures",
        )

    def _pages_loaded(self, result: PagesResult, generation: int) -> None:
        if generation == self._pages_generation:
            self.pages.show_result(result)
            self.pagesLoaded.emit()

    def _show_pages_of(self, path: str) -> None:
        self.pages.select(path)
        self.show_section("Pages")

    # --- showing --------------------------------------------------------

    def _set_options(self, options: Options) -> None:
        for combo, values in (
            (self.product, options.products),
            (self.persona, options.personas),
            (self.team, options.teams),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(value, value)
            found = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
            if current and found < 0:
                self._filters_changed()  # the chosen value is gone: show everything again

    def _update_headline(self, query: Query) -> None:
        figures = self._figures
        narrowed = query.filters.product or query.filters.persona
        if figures.unused is not None:
            unused = figures.unused
            self.cards["assets"].set(
                f"{unused.library_size:,}",
                "assets match the filters" if narrowed else "assets in the library",
            )
            self.cards["unused"].set(
                unused.share_text, f"not opened in {unused.days} days", unused.sentence
            )
        if figures.opens is not None:
            total = sum(sum(row) for row in figures.opens.counts)
            self.cards["opens"].set(f"{total:,}", f"opens, {self._period_words(query)}")
        if figures.send_backs is not None:
            waiting = figures.send_backs.open
            self.cards["send_backs"].set(
                f"{waiting:,}", "send-back to answer" if waiting == 1 else "send-backs to answer"
            )

    def _period_words(self, query: Query) -> str:
        weeks = self.period.currentData()
        if weeks:
            return f"last {weeks} weeks"
        f = query.filters
        return f"{short_date(f.since)} – {long_date(f.until)}"

    def _scope(self, query: Query) -> str:
        f = query.filters
        parts = [
            f.product or "All products",
            f.persona or "all personas",
            f"team {f.team}" if f.team else "all teams",
        ]
        until = f.until or datetime.now(UTC).date()
        period = f"{long_date(f.since)} – {long_date(until)}" if f.since else long_date(until)
        parts.append(period)
        return " · ".join(parts)

    def _show_as_of(self, as_of: dict[str, str], per_person: bool) -> None:
        self.activity.show_as_of(as_of, per_person)
        if not as_of:
            self.as_of.setText("No synced data yet")
            return
        newest, oldest = max(as_of.values()), min(as_of.values())
        self.as_of.setText(
            f"Data as of {local_time(newest)} from {plural(len(as_of), 'device')} "
            f"(least recent {local_time(oldest)})"
        )
        if per_person:
            self.as_of.setToolTip(
                "\n".join(f"{w}: {local_time(ts)}" for w, ts in sorted(as_of.items()))
            )

    def _update_sync_button(self) -> None:
        if self._settings.server_dsn:
            self.sync_button.setEnabled(True)
            self.sync_button.setToolTip("Send and receive usage through the organisation server")
            return
        has_folder = bool(self._settings.sync_folder)
        self.sync_button.setEnabled(has_folder)
        self.sync_button.setToolTip(
            f"Send and receive usage through {self._settings.sync_folder}"
            if has_folder
            else "Choose a shared folder in Settings to sync with your team"
        )

    def _synced(self, result: SyncResult) -> None:
        self.sync_button.setText("Sync now")
        self._update_sync_button()
        text = result.message
        self.say(f"{text[:1].upper()}{text[1:]}.", error=not result.flush.reachable)
        self.refresh()

    def _sync_failed(self, message: str) -> None:
        self.sync_button.setText("Sync now")
        self._update_sync_button()
        self.say(message, error=True)

    # --- filters --------------------------------------------------------

    def _filters_changed(self, *_args: object) -> None:
        self.send_backs.offset = 0  # another queue: from its first page
        self._request(FILTER_PARTS)

    def _period_changed(self, *_args: object) -> None:
        self._show_dates()
        self._filters_changed()

    def _show_dates(self) -> None:
        custom = not self.period.currentData()
        self.since.setVisible(custom)
        self.until.setVisible(custom)


def _pdfs_first(paths: list[str], titles: list[str]) -> list[tuple[str, str]]:
    """Heatmap order, PDFs first: only the built-in PDF viewer times pages, so they have figures."""
    pairs = list(zip(paths, titles, strict=True))
    return sorted(pairs, key=lambda pair: not pair[0].lower().endswith(".pdf"))


def _filter_combo(everything: str, name: str) -> QComboBox:
    combo = ElidingComboBox()
    combo.setAccessibleName(name)
    combo.addItem(everything, "")
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def _date_edit(day: QDate, name: str) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


def _dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
