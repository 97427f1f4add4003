"""What's new: answers from marketing, campaigns, new and changed assets, until marked read.

The core (enablement_desktop.usage.whats_new) finds and stores the items; this
view lists them, unread first, and says how many are unread (`unreadChanged`,
which the window shows as the tab's badge). Keyboard: Space marks the current
item read (or unread again), Ctrl+Shift+M marks all read, Enter opens it: a
campaign note shows in full and records that you read it; an asset opens.
Every database call runs as a worker task on its own connection.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.paths import database_path
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.store.db import data_dir_read_only
from enablement_desktop.usage import campaigns, whats_new
from enablement_desktop.usage.campaigns import CampaignNote
from enablement_desktop.usage.whats_new import Inbox, Item
from ui import theme
from ui.insights.text import local_date, long_date
from ui.insights.widgets import heading, muted, while_alive
from ui.worker import run_task

G = theme.GRID
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
READ_ONLY_TIP = "The data folder is read-only, so what you have read cannot be saved."


class WhatsNewModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []

    def set_items(self, items: list[Item]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Item:
        return self._items[row]

    def items(self) -> list[Item]:
        return list(self._items)

    def unread(self) -> int:
        return sum(1 for i in self._items if not i.read)

    def set_read(self, row: int, read: bool) -> None:
        item = self._items[row]
        self._items[row] = dataclasses.replace(item, read_at="now" if read else None)
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            marker = "" if item.read else "● "
            return f"{marker}{item.heading} · {local_date(item.ts)}\n{item.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.detail
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "read" if item.read else "unread"
            return f"{state}: {item.heading}: {item.title}. {item.detail}"
        if role == Qt.ItemDataRole.FontRole and not item.read:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and item.read:
            return QPalette().brush(QPalette.ColorRole.PlaceholderText)
        if role == ITEM_ROLE:
            return item
        return None


@contextmanager
def connection(db_path: Path) -> Iterator[sqlite_utils.Database]:
    """One connection per task: SQLite connections are not shared with the GUI thread."""
    db = open_db(db_path)
    try:
        yield db
    finally:
        db.conn.close()


class ItemDelegate(QStyledItemDelegate):
    """Three lines per item: what kind and when (muted), the title (bold while unread), the detail."""

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.height()
        return QSize(0, 3 * line + 2 * G)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item: Item = index.data(ITEM_ROLE)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted_colour = text_colour if selected else option.palette.color(QPalette.ColorRole.PlaceholderText)
        rect = option.rect.adjusted(2 * G, G, -2 * G, -G)
        line = option.fontMetrics.height()
        painter.save()
        if not item.read:  # the unread dot, in the accent colour
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(text_colour if selected else option.palette.color(QPalette.ColorRole.Highlight))
            painter.drawEllipse(option.rect.left() + G // 2, rect.top() + line // 3, G - 2, G - 2)
        font = QFont(option.font)
        lines = (
            (f"{item.heading} · {local_date(item.ts)}", muted_colour, False),
            (item.title, text_colour, not item.read),
            (item.detail, muted_colour, False),
        )
        for n, (text, colour, bold) in enumerate(lines):
            font.setBold(bold)
            painter.setFont(font)
            painter.setPen(colour)
            metrics = QFontMetrics(font)
            row = QRect(rect.left(), rect.top() + n * line, rect.width(), line)
            painter.drawText(row, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


def refresh_inbox(db_path: Path, settings: Settings) -> Inbox:
    """Worker task: find what is new and return the inbox (in a read-only data dir,
    the inbox as last stored: finding news means storing it)."""
    with connection(db_path) as db:
        if data_dir_read_only(db_path.parent):
            return whats_new.inbox(db, settings.user)
        return whats_new.refresh(db, settings)


def set_read(db_path: Path, user: str, keys: list[str] | None, read: bool) -> int:
    """Worker task: mark `keys` (None = every item) read or unread."""
    with connection(db_path) as db:
        if keys is None:
            return whats_new.mark_all_read(db, user)
        return sum(whats_new.mark_read(db, user, key, read=read) for key in keys)


def open_campaign(db_path: Path, settings: Settings, item: Item, record: bool = True) -> CampaignNote | None:
    """Worker task: the note in full; with `record`, its opening recorded as a read and the
    item marked read (not in a read-only data folder, where the note still opens)."""
    with connection(db_path) as db:
        note = campaigns.find_note(db, item.ref)
        if not record:
            return note
        if note is not None:
            campaigns.record_read(db, settings, note.id)
        whats_new.mark_read(db, settings.user, item.key)
        return note


class WhatsNewView(QWidget):
    unreadChanged = Signal(int)
    openAssetRequested = Signal(str)
    loaded = Signal()  # the list shows the latest refresh (tests wait on it)
    campaignShown = Signal(str)  # a note's id, after its read was recorded
    answerArrived = Signal(str)  # a sentence, when a refresh finds a new answer from marketing

    def __init__(
        self, data_dir: Path, settings: Settings, parent: QWidget | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        self._db_path = database_path(Path(data_dir))
        self._settings = settings
        # A read-only data folder: nothing can be marked read, so the buttons say so before a click.
        self._read_only = read_only
        self._generation = 0
        self._known: set[str] | None = None  # item keys already shown; None before the first load

        self.model = WhatsNewModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(ItemDelegate(self.list))
        self.list.setAccessibleName("What's new")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.activated.connect(lambda index: self.open_item(index.row()))
        self.list.selectionModel().currentChanged.connect(lambda cur, _prev: self._show(cur.row()))

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setContentsMargins(2 * G, G, 2 * G, G)
        self.detail.setMinimumWidth(36 * G)
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open the asset, or read the campaign note in full (Enter)")
        self.open_button.clicked.connect(lambda: self.open_item(self.list.currentIndex().row()))
        self.read_button = QPushButton("Mark read")
        self.read_button.setToolTip(READ_ONLY_TIP if read_only else "Mark this item read, or unread again (Space)")
        self.read_button.clicked.connect(lambda: self.toggle_read(self.list.currentIndex().row()))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.detail)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(2 * G, 0, 2 * G, G)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.read_button)
        buttons.addStretch(1)
        side_layout.addLayout(buttons)
        side_layout.addStretch(1)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self._empty = muted(
            "Nothing new. Answers from marketing to what you sent back, campaign notes, and new, "
            "changed or soon-expiring assets will show here."
        )
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self._empty)
        self._stack.addWidget(splitter)

        self.summary = muted("")
        self.all_read_button = QPushButton("Mark all read")
        self.all_read_button.setToolTip(READ_ONLY_TIP if read_only else "Mark every item read (Ctrl+Shift+M)")
        self.all_read_button.clicked.connect(self.mark_all_read)
        top = QHBoxLayout()
        top.setSpacing(2 * G)
        top.addWidget(heading("What's new", 1.4))
        top.addWidget(self.summary, 1)
        top.addWidget(self.all_read_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * G, 2 * G, 3 * G, 2 * G)
        layout.setSpacing(2 * G)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)

        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.list)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(lambda: self.toggle_read(self.list.currentIndex().row()))
        everything = QShortcut(QKeySequence("Ctrl+Shift+M"), self)
        everything.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        everything.activated.connect(self.mark_all_read)
        self._show_counts()

    # --- public ---------------------------------------------------------

    def refresh(self) -> None:
        """Look for what is new (after a sync, an index run, or at start) and show it."""
        self._generation += 1
        generation = self._generation
        settings = dataclasses.replace(self._settings)
        run_task(
            lambda: refresh_inbox(self._db_path, settings),
            on_done=while_alive(self, lambda inbox: self._loaded(inbox, generation)),
            on_error=while_alive(self, self.summary.setText),
            what="looking for what's new",
        )

    def toggle_read(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount() or self._refused():
            return
        item = self.model.item(row)
        self._set_read(row, not item.read)

    def mark_all_read(self) -> None:
        if not self.model.unread() or self._refused():
            return
        for row in range(self.model.rowCount()):
            if not self.model.item(row).read:
                self.model.set_read(row, True)
        self._write_read(None, True)

    def open_item(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        item = self.model.item(row)
        record = not self._read_only
        if item.kind == "campaign":
            if not item.read and record:
                self.model.set_read(row, True)
                self._show_counts()
            settings = dataclasses.replace(self._settings)
            run_task(
                lambda: open_campaign(self._db_path, settings, item, record),
                on_done=while_alive(self, lambda note: self._show_note(item, note)),
                on_error=while_alive(self, self.summary.setText),
                what="opening the campaign note",
            )
            return
        if not item.read and record:
            self._set_read(row, True)
        if item.asset_path:
            self.openAssetRequested.emit(item.asset_path)

    # --- internals ------------------------------------------------------

    def _loaded(self, inbox: Inbox, generation: int) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        current = self.list.currentIndex()
        key = self.model.item(current.row()).key if current.isValid() else None
        if self._known is not None:
            answers = [i for i in inbox.items if i.kind == "answer" and not i.read and i.key not in self._known]
            if answers:
                first = answers[0]
                more = f" (and {len(answers) - 1} more)" if len(answers) > 1 else ""
                self.answerArrived.emit(f"Marketing answered about “{first.title}”{more}: see What's new.")
        self._known = {i.key for i in inbox.items}
        self.model.set_items(inbox.items)
        self._stack.setCurrentIndex(1 if inbox.items else 0)
        rows = [i for i, item in enumerate(inbox.items) if item.key == key]
        if rows or inbox.items:
            self.list.setCurrentIndex(self.model.index(rows[0] if rows else 0))
        self._show_counts()
        self.loaded.emit()

    def _refused(self) -> bool:
        """Space or Ctrl+Shift+M in a read-only data folder: say why nothing happens."""
        if self._read_only:
            self.summary.setText(READ_ONLY_TIP)
        return self._read_only

    def _set_read(self, row: int, read: bool) -> None:
        item = self.model.item(row)
        self.model.set_read(row, read)
        self._show(row)
        self._write_read([item.key], read)

    def _write_read(self, keys: list[str] | None, read: bool) -> None:
        self._show_counts()
        user = self._settings.user
        run_task(
            lambda: set_read(self._db_path, user, keys, read),
            on_error=while_alive(self, self.summary.setText),
            what="saving what you have read",
        )

    def _show_counts(self) -> None:
        unread = self.model.unread()
        total = self.model.rowCount()
        self.summary.setText(f"{unread:,} unread of {total:,}" if total else "")
        self.all_read_button.setEnabled(unread > 0 and not self._read_only)
        self.unreadChanged.emit(unread)

    def _show(self, row: int) -> None:
        has = 0 <= row < self.model.rowCount()
        self.open_button.setEnabled(has)
        self.read_button.setEnabled(has and not self._read_only)
        if not has:
            self.detail.setText("")
            return
        item = self.model.item(row)
        muted_colour = self._muted_colour()
        self.read_button.setText("Mark unread" if item.read else "Mark read")
        self.open_button.setText("Read the note" if item.kind == "campaign" else "Open")
        self.open_button.setEnabled(item.kind == "campaign" or bool(item.asset_path))
        self.detail.setText(
            f"<p style='color: {muted_colour}'>{_esc(item.heading)} · "
            f"{_esc(local_date(item.ts))}</p><h3>{_esc(item.title)}</h3><p>{_esc(item.detail)}</p>"
            + (f"<p><code>{_esc(item.asset_path)}</code></p>" if item.asset_path else "")
        )

    def _show_note(self, item: Item, note: CampaignNote | None) -> None:
        if note is None:
            self.detail.setText("This campaign note is no longer here.")
            return
        if self.list.currentIndex().isValid() and self.model.item(self.list.currentIndex().row()).key == item.key:
            muted_colour = self._muted_colour()
            linked = "".join(f"<li><code>{_esc(path)}</code></li>" for path in note.assets)
            facts = " · ".join(note.products + note.personas) or "everyone"
            self.detail.setText(
                f"<p style='color: {muted_colour}'>Campaign · launches "
                f"{_esc(long_date(note.launch_date))}</p><h3>{_esc(note.title)}</h3>"
                f"<p>For: {_esc(facts)}</p>"
                + (f"<p><b>Talk track</b><br>{_esc(note.talk_track)}</p>" if note.talk_track else "")
                + (f"<p><b>Linked assets</b></p><ul>{linked}</ul>" if linked else "")
                + f"<p style='color: {muted_colour}'>From {_esc(note.author)}</p>"
            )
        self.campaignShown.emit(note.id)

    def _muted_colour(self) -> str:
        return self.palette().color(QPalette.ColorRole.PlaceholderText).name()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
