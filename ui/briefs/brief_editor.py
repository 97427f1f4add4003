"""The Briefs view: saved briefs on the left, the form in the middle, the live page on the right.

Everything that touches the database or renders runs on the editor's own
one-thread pool (`ui.worker.run_task`), which alone uses the editor's
connection; the GUI thread only opens a short-lived connection for tiny
reads (the list of briefs, one brief, a collateral check before exporting).
Export and print both go through the core's `export_brief`, exactly like
`enablement brief export`: the collateral is checked, the brief is stored
as a version, and a `brief_export` event is recorded.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

import sqlite_utils
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette, QShowEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop import paths
from enablement_desktop.briefs.block_links import (
    BlocksRefused,
    Change,
    resolve_blocks,
    start_from_template,
)
from enablement_desktop.briefs.collateral import (
    Recommendation,
    check_collateral,
    fill_titles,
    recommend_collateral,
)
from enablement_desktop.briefs.export import CollateralRefused, Exported, export_brief
from enablement_desktop.briefs.from_asset import brief_from_asset
from enablement_desktop.briefs.messaging import (
    Block,
    Messaging,
    MessagingError,
    delete_block,
    library_root,
    load_messaging,
    save_block,
)
from enablement_desktop.briefs.model import (
    MAX_TITLE,
    Brief,
    BriefError,
    CollateralRef,
    brief_from_json,
    brief_to_json,
    length_warnings,
)
from enablement_desktop.briefs.render import render_brief
from enablement_desktop.briefs.store import (
    BriefSummary,
    default_name,
    list_briefs,
    list_versions,
    load_brief,
    save_brief,
)
from enablement_desktop.briefs.templates import list_templates
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from ui import theme
from ui.briefs.asset_picker import AssetPicker
from ui.briefs.block_dialog import BlockDialog
from ui.briefs.block_panel import BlockPanel
from ui.briefs.brief_form import BriefForm, describe_problem
from ui.briefs.brief_preview import BriefPreview
from ui.briefs.print_brief import (
    PrintError,
    choose_printer,
    lp_command,
    print_pdf,
    print_route,
    send_to_lp,
)
from ui.dates import local_time
from ui.icons import icon
from ui.worker import run_task

T = TypeVar("T")

DEBOUNCE_MS = 250  # typing pauses longer than this redraw the page
_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Saving, exporting and printing each store a version of the brief: none can in a read-only data folder.
READ_ONLY_TIP = ("The data folder is read-only, so briefs cannot be saved, exported or printed here "
                 "(each keeps a version). Export JSON… still works.")


def collateral_problems(db: sqlite_utils.Database, brief: Brief, today: date | None = None) -> dict[str, str]:
    """Why each asset on the brief can't go on one (expired, unapproved, gone), by path."""
    problems = {}
    for ref in {c.path: c for c in brief.collateral}.values():
        found = check_collateral(db, dataclasses.replace(brief, collateral=[ref]), today)
        if found:
            problems[ref.path] = found[0]
    return problems


def _changes_message(changes: Sequence[Change], then: str) -> str:
    lines = "\n".join(f"  {c}" for c in changes)
    return f"Marketing changed approved wording since this brief was saved; it is updated:\n{lines}\n{then}"


def _file_stem(brief: Brief) -> str:
    """A file name a seller recognises: 'Tidewater Ledger - CFO'."""
    return re.sub(r'[\\/:*?"<>|]+', "-", default_name(brief).replace(" — ", " - ")).strip(" .") or "brief"


class _Banner(QFrame):
    """One message at the top of the view: what just happened, or why something was refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setIcon(icon("close"))
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.GRID * 2, theme.GRID, theme.GRID, theme.GRID)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def show_message(self, text: str, warn: bool = False) -> None:
        self.label.setText(text)
        # No style sheet for plain news: the palette's text colour, following light/dark switches.
        self.label.setStyleSheet(
            f"color: {theme.warning(self.palette()).name()}; font-weight: bold;" if warn else ""
        )
        self.show()


class BriefEditor(QWidget):
    """Make, save, export and print one-page briefs. Call `shutdown()` before the app quits
    (it is also hooked to the application's aboutToQuit)."""

    saved = Signal(int, int)  # brief id, version
    exported = Signal(object)  # Exported: written, stored and recorded
    printed = Signal(object)  # Exported: the version that went to the printer
    block_saved = Signal(object)  # Block: a marketer's edit is in messaging/*.json

    def __init__(
        self, data_dir: Path, settings: Settings, parent: QWidget | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        # A read-only data folder: no version can be stored, so Save, Print and Export PDF are off
        # and say why before a click.
        self._read_only = read_only
        self._data_dir = Path(data_dir)
        self._settings = settings
        self._db_path = paths.database_path(self._data_dir)
        # Used only by tasks on _pool, which has one thread: never two statements at once.
        self._db = open_db(self._db_path)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._closed = False

        self._brief_id: int | None = None
        self._version: int | None = None
        self._saved_json = ""  # the brief as last opened or saved: anything else is unsaved
        self._token = 0  # bumped whenever another brief is opened; late results for the old one are ignored
        self._check_seq = 0
        self._last_dir = Path.home()
        # The approved messaging (a few small JSON files in the library folder); reloaded by
        # reload_messaging(). Read here, before the first brief opens, so a template starts filled.
        self.messaging: Messaging = load_messaging(library_root(settings))

        self.form = BriefForm()
        self.block_panel = BlockPanel(marketer=settings.role == "marketer")
        self.block_panel.set_messaging(self.messaging)
        self.block_panel.insert_requested.connect(self.insert_block)
        self.block_panel.edit_requested.connect(lambda block: self.edit_block(block))
        self.block_panel.delete_requested.connect(lambda block: self.delete_block(block))
        self.preview = BriefPreview(lambda brief, version: render_brief(brief, version=version), self._pool)
        self.banner = _Banner()
        self._picker = AssetPicker(self)
        self._build()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._refresh)
        self.form.changed.connect(self._timer.start)
        self.form.changed.connect(self._update_state)
        self.form.add_collateral_requested.connect(self._add_collateral)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

        summaries = self.refresh_list()
        if summaries:
            self.open_saved(summaries[0].id)
        else:
            self.open_template("cfo")

    # -- layout ------------------------------------------------------------

    def _build(self) -> None:
        self._name = QLabel()
        font = self._name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self._name.setFont(font)
        self._name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state_label = QLabel()
        self.state_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self._save_button = QPushButton("Save")
        self._save_button.setToolTip(READ_ONLY_TIP if self._read_only else "Store this brief as a new version (Ctrl+S)")
        self._print_button = QPushButton("Print…")
        self._print_button.setToolTip("Print the brief (Ctrl+P)")
        self._export_button = QPushButton("Export PDF…")
        self._export_button.setToolTip("Write the one-page PDF (Ctrl+E)")
        self._export_button.setDefault(True)
        self._export_json_button = QPushButton("Export JSON…")
        self._export_json_button.setToolTip("Save the brief as a JSON file to share or edit elsewhere")
        self._save_button.clicked.connect(self.save)
        if self._read_only:
            for button in (self._print_button, self._export_button):
                button.setEnabled(False)
                button.setToolTip(READ_ONLY_TIP)
        self._print_button.clicked.connect(lambda: self.print_brief())
        self._export_button.clicked.connect(lambda: self.export_pdf())
        self._export_json_button.clicked.connect(lambda: self.export_json())

        bar = QHBoxLayout()
        bar.setContentsMargins(theme.GRID * 2, theme.GRID, theme.GRID * 2, theme.GRID)
        bar.setSpacing(theme.GRID)
        bar.addWidget(self._name, 1)
        bar.addWidget(self.state_label)
        bar.addSpacing(theme.GRID * 2)
        for button in (self._export_json_button, self._print_button, self._save_button, self._export_button):
            bar.addWidget(button)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_sidebar())
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([260, 620, 560])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        for keys, slot in ((QKeySequence.StandardKey.Save, self.save),
                           (QKeySequence.StandardKey.Print, lambda: self.print_brief()),
                           (QKeySequence("Ctrl+E"), lambda: self.export_pdf())):
            action = QAction(self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _build_sidebar(self) -> QWidget:
        new_template = QPushButton("New from template")
        menu = QMenu(new_template)
        for info in list_templates():
            action = menu.addAction(f"{info.persona} (example to copy)")
            action.triggered.connect(lambda _checked=False, key=info.key: self._new_from_template(key))
        new_template.setMenu(menu)
        new_asset = QPushButton("New from asset…")
        new_asset.setToolTip("Draft a brief from a library asset: its persona picks the template, "
                             "its numbers become proof points")
        new_asset.clicked.connect(self.new_from_asset)
        import_json = QPushButton("Import JSON…")
        import_json.clicked.connect(lambda: self.import_json())
        for button in (new_template, new_asset, import_json):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        heading = QLabel("Saved briefs")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.briefs = QListWidget()
        self.briefs.setObjectName("savedBriefs")
        self.briefs.setWordWrap(True)
        self.briefs.setUniformItemSizes(False)
        self.briefs.itemClicked.connect(self._list_clicked)
        self.briefs.itemActivated.connect(self._list_clicked)
        # Shown instead of the list, at its own height: the approved messaging below takes the
        # room an empty list held (at 1024 px it kept 120 px blank and the messaging 150 px).
        self.no_briefs = QLabel("No saved briefs yet. Start one above, then Save.")
        self.no_briefs.setWordWrap(True)
        self.no_briefs.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        side = QWidget()
        side.setMinimumWidth(220)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(theme.GRID * 2, theme.GRID * 2, theme.GRID, theme.GRID * 2)
        layout.setSpacing(theme.GRID)
        layout.addWidget(new_template)
        layout.addWidget(new_asset)
        layout.addWidget(import_json)
        layout.addSpacing(theme.GRID)
        layout.addWidget(heading)
        layout.addWidget(self.briefs, 1)
        layout.addWidget(self.no_briefs)
        layout.addSpacing(theme.GRID)
        layout.addWidget(self.block_panel, 2)
        return side

    # -- state -------------------------------------------------------------

    @property
    def brief_id(self) -> int | None:
        return self._brief_id

    @property
    def version(self) -> int | None:
        """The latest stored version of the open brief (None until it is saved)."""
        return self._version

    @property
    def redraw_pending(self) -> bool:
        """The page on screen is not yet the form's latest (typing pause or render still running)."""
        return self._timer.isActive() or self.preview.is_rendering

    def is_dirty(self) -> bool:
        """True when the form differs from the brief as last opened or saved."""
        try:
            return brief_to_json(self.form.brief()) != self._saved_json
        except BriefError:
            return True

    def _update_state(self) -> None:
        try:
            name = default_name(self.form.brief())
        except BriefError:
            name = self.form.offering.text().strip()
        self._name.setText(name or "Untitled brief")
        dirty = self.is_dirty()
        if self._version is None:
            self.state_label.setText("Not saved yet")
        else:
            self.state_label.setText(f"v{self._version} · " + ("unsaved changes" if dirty else "saved"))
        self._save_button.setEnabled((dirty or self._version is None) and not self._read_only)

    def _show(self, brief: Brief, brief_id: int | None, version: int | None, message: str = "") -> None:
        """Put `brief` in the form as the open brief.

        Collateral without a title gets the library's now, as export_brief
        would: otherwise the first export would store a second, titled
        version of an unchanged brief.
        """
        with self._connect() as db:
            brief = fill_titles(db, brief)
        self._token += 1
        self._brief_id, self._version = brief_id, version
        self._saved_json = brief_to_json(brief)
        self.form.set_brief(brief)
        self._timer.stop()
        self._refresh()
        self._select_in_list(brief_id)
        if message:
            self.banner.show_message(message)
        else:
            self.banner.hide()

    def _confirm_discard(self) -> bool:
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"Discard your changes to “{self._name.text()}”?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    # -- opening briefs ----------------------------------------------------

    def open_template(self, key: str) -> None:
        """Start a new, unsaved brief from a template ('cfo', 'cio', 'vp_sales', …): the library's
        approved messaging first, the template's example lines where none fits."""
        brief, notes = start_from_template(key, self.messaging)
        if not brief.owner.name:
            brief.owner.name = self._settings.user
        self._show(brief, None, None, " ".join(notes) + " Make it yours, then Save.")

    def open_saved(self, brief_id: int) -> None:
        """Open a stored brief; approved wording that changed since it was saved is updated, and shown."""
        with self._connect() as db:
            brief = load_brief(db, brief_id)
            version = list_versions(db, brief_id)[0].version
        self._show(brief, brief_id, version)
        if brief.links:
            resolution = resolve_blocks(brief, self.messaging)
            if resolution.changes:
                self.form.set_brief(resolution.brief)
                self.banner.show_message(_changes_message(resolution.changes, "Save to keep the new wording."))

    def insert_block(self, block: Block) -> None:
        """Put an approved block on the brief, linked to it (from the list beside the form)."""
        self.form.insert_block(block)
        self.banner.show_message(f"Inserted block {block.id} in approved wording.")

    def edit_block(self, block: Block | None, dialog: BlockDialog | None = None) -> None:
        """Marketers: change (or add, for None) an approved block; written to messaging/*.json."""
        root = self._settings.library_path
        if root is None:
            self.banner.show_message("Choose your library folder first: approved messaging is kept in it "
                                     "(the bundled demo's is read-only).", warn=True)
            return
        if dialog is None:  # tests pass a filled-in dialog instead of a person clicking Save
            dialog = BlockDialog(block, self._settings.user, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        edited, _problems = dialog.block()
        if edited is None:
            return
        replaces = block.id if block else None

        def task(_db: sqlite_utils.Database) -> Block | MessagingError:
            try:
                return save_block(root, edited, replaces)
            except MessagingError as exc:
                return exc

        def done(result: Block | MessagingError) -> None:
            if isinstance(result, MessagingError):
                self.banner.show_message(f"Block not saved: {result}", warn=True)
                return
            self.reload_messaging()
            self.banner.show_message(f"Saved block {result.id} in {result.file}.")
            self.block_saved.emit(result)

        self._run(task, done, "saving the messaging block")

    def delete_block(self, block: Block, confirm: bool = True) -> None:
        root = self._settings.library_path
        if root is None:
            return
        if confirm and QMessageBox.question(
            self, "Delete block", f"Delete block {block.id} from {block.file}? Briefs that use it "
            "will be refused on export until they drop it.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        ) != QMessageBox.StandardButton.Yes:
            return

        def task(_db: sqlite_utils.Database) -> MessagingError | None:
            try:
                delete_block(root, block.id)
            except MessagingError as exc:
                return exc
            return None

        def done(result: MessagingError | None) -> None:
            self.reload_messaging()
            self.banner.show_message(f"Block not deleted: {result}" if result else f"Deleted block {block.id}.",
                                     warn=result is not None)

        self._run(task, done, "deleting the messaging block")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        # Marketing may have changed messaging/*.json (synced, or edited by hand) since last shown.
        super().showEvent(event)
        self.reload_messaging()

    def reload_messaging(self) -> None:
        """Read messaging/*.json again (after a marketer's edit, or when the library changed)."""
        self.messaging = load_messaging(library_root(self._settings))
        self.block_panel.set_messaging(self.messaging)

    def _check_blocks(self, brief: Brief, action: str) -> Brief | None:
        """The brief with current approved wording, or None (and why, in the banner) when it
        must not go out yet: a block is unknown or expired, or its wording changed (shown first)."""
        if not brief.links:
            return brief
        self.reload_messaging()
        resolution = resolve_blocks(brief, self.messaging)
        if resolution.problems:
            self.banner.show_message(f"Not {action}. {BlocksRefused(resolution.problems)}", warn=True)
            return None
        if resolution.changes:
            self.form.set_brief(resolution.brief)
            verb = {"exported": "export", "printed": "print"}.get(action, action)
            self.banner.show_message(_changes_message(
                resolution.changes, f"Check the page, then {verb} again."), warn=True)
            return None
        return brief

    def open_brief(self, brief: Brief, notes: Sequence[str] = ()) -> None:
        """Open `brief` as a new, unsaved brief (an import, a draft from an asset)."""
        self._show(brief, None, None, "\n".join(notes))

    def _new_from_template(self, key: str) -> None:
        if self._confirm_discard():
            self.open_template(key)

    def _list_clicked(self, item: QListWidgetItem) -> None:
        brief_id = item.data(_ID_ROLE)
        if brief_id == self._brief_id:
            return
        if self._confirm_discard():
            self.open_saved(brief_id)
        else:
            self._select_in_list(self._brief_id)

    def new_from_asset(self) -> None:
        if not self._confirm_discard():
            return
        rec = self._pick_asset(
            "New brief from an asset",
            "Pick the asset the brief is about. Its product and persona choose the template; "
            "sentences with numbers become proof points; well-rated assets for the same buyer "
            "become the recommended collateral.",
        )
        if rec is None:
            return
        token = self._token
        library = self._settings.library_path

        def opened(result: tuple[Brief, list[str]]) -> None:
            if token != self._token:
                return  # the seller opened something else meanwhile
            brief, notes = result
            if not brief.owner.name:
                brief.owner.name = self._settings.user
            self.open_brief(brief, notes)

        messaging = self.messaging
        self._run(lambda db: brief_from_asset(db, rec.path, library, messaging=messaging), opened,
                  "drafting a brief from the asset")

    def _add_collateral(self) -> None:
        rec = self._pick_asset(
            "Add collateral",
            "Pick an approved, current asset to recommend. The page is the one sellers read most, "
            "if anyone has; change it in the table.",
        )
        if rec is not None:
            self.form.add_collateral(CollateralRef(rec.path, rec.page, rec.title[:MAX_TITLE]))

    def _pick_asset(self, title: str, prompt: str) -> Recommendation | None:
        picker = self._picker
        picker.setWindowTitle(title)
        picker.prepare(prompt)

        def loaded(recs: list[Recommendation]) -> None:
            picker.set_assets(recs)

        self._run(lambda db: recommend_collateral(db, [], [], limit=sys.maxsize), loaded,
                  "listing the library", on_error=picker.show_error)
        if picker.exec() != QDialog.DialogCode.Accepted:
            return None
        return picker.chosen()

    # -- saved briefs list --------------------------------------------------

    def refresh_list(self) -> list[BriefSummary]:
        with self._connect() as db:
            summaries = list_briefs(db)
        self.briefs.clear()
        for s in summaries:
            item = QListWidgetItem(f"{s.name}\nv{s.version} · {local_time(s.updated_at)}")
            item.setData(_ID_ROLE, s.id)
            item.setToolTip(s.name)
            self.briefs.addItem(item)
        self.briefs.setVisible(bool(summaries))
        self.no_briefs.setVisible(not summaries)
        self._select_in_list(self._brief_id)
        return summaries

    def _select_in_list(self, brief_id: int | None) -> None:
        self.briefs.blockSignals(True)
        self.briefs.clearSelection()
        for row in range(self.briefs.count()):
            item = self.briefs.item(row)
            if brief_id is not None and item.data(_ID_ROLE) == brief_id:
                self.briefs.setCurrentItem(item)
        self.briefs.blockSignals(False)

    # -- preview and checks --------------------------------------------------

    def _refresh(self) -> None:
        """After a pause in typing: validate, redraw the page, re-check the collateral."""
        self._update_state()
        self.block_panel.set_scope(self.form.offering.text().strip(), self.form.persona.text().strip())
        self.form.update_links_summary()
        try:
            brief = self.form.brief()
        except BriefError as exc:
            self.form.show_problems(exc.problems)
            self.preview.show_invalid("The page waits for the form: fix what is listed above the form.")
            return
        self.form.show_problems([], length_warnings(brief))
        footer = f"v{self._version}" if self._version is not None and not self.is_dirty() else "draft"
        self.preview.submit(brief, footer)
        self._check_seq += 1
        seq = self._check_seq

        def checked(problems: dict[str, str]) -> None:
            if seq != self._check_seq:
                return
            self.form.collateral.set_problems(problems)
            count = len(problems)
            self.preview.set_notice(
                f"{count} recommended asset{'s' if count > 1 else ''} can't go on a brief (see the form): "
                "export and print will refuse until you remove "
                f"{'them' if count > 1 else 'it'}." if count else ""
            )

        self._run(lambda db: collateral_problems(db, brief), checked, "checking the collateral")

    # -- save, export, print ---------------------------------------------------

    def _valid_brief(self, action: str) -> Brief | None:
        try:
            return self.form.brief()
        except BriefError as exc:
            self.form.show_problems(exc.problems)
            self.banner.show_message(f"Can't {action} yet:\n" + "\n".join(
                describe_problem(p) for p in exc.problems), warn=True)
            return None

    def _refused(self) -> bool:
        """Ctrl+S, Ctrl+P or Ctrl+E in a read-only data folder: the buttons are off, the keyboard gets the reason."""
        if self._read_only:
            self.banner.show_message(READ_ONLY_TIP, warn=True)
        return self._read_only

    def save(self) -> None:
        """Store the form as the next version of the open brief (a new brief the first time)."""
        if self._refused():
            return
        brief = self._valid_brief("save")
        if brief is None:
            return
        token, brief_id = self._token, self._brief_id

        def saved(stored: tuple[int, int]) -> None:
            if token == self._token:
                new = stored[1] != self._version
                self.banner.show_message(
                    f"Saved as v{stored[1]}." if new else f"No changes since v{stored[1]}: nothing new to save."
                )
            self._stored(token, brief, *stored)

        self._run(lambda db: save_brief(db, brief, name=default_name(brief), brief_id=brief_id),
                  saved, "saving the brief")

    def _stored(self, token: int, brief: Brief, brief_id: int, version: int) -> None:
        """A version of `brief` is in the database (saved, exported or printed)."""
        if token == self._token:
            self._brief_id, self._version = brief_id, version
            self._saved_json = brief_to_json(brief)
            self._refresh()  # the footer now says this version, not "draft"
        self.refresh_list()
        self.saved.emit(brief_id, version)

    def _refuse_bad_collateral(self, brief: Brief, action: str) -> bool:
        """True (and the reasons shown) when expired, unapproved or missing assets are on the brief."""
        with self._connect() as db:
            problems = check_collateral(db, brief)
        if problems:
            self.banner.show_message(f"Not {action}. {CollateralRefused(problems)}", warn=True)
        return bool(problems)

    def export_pdf(self, path: Path | None = None) -> None:
        """Write the PDF (asking where when `path` is None), store the version, record the export."""
        if self._refused():
            return
        brief = self._valid_brief("export")
        if brief is None or self._refuse_bad_collateral(brief, "exported"):
            return
        brief = self._check_blocks(brief, "exported")
        if brief is None:
            return
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export brief as PDF", str(self._last_dir / f"{_file_stem(brief)}.pdf"), "PDF (*.pdf)"
            )
            if not chosen:
                return
            path = Path(chosen)
        self._last_dir = path.parent

        def done(exported: Exported) -> None:
            self.banner.show_message(
                f"Exported {exported.path.name} (v{exported.version}): {exported.result.report}."
            )
            self.exported.emit(exported)

        self._export(brief, path, done)

    def print_brief(self, printer: QPrinter | None = None) -> None:
        """Print the brief as exported (asking for a printer when `printer` is None)."""
        if self._refused():
            return
        brief = self._valid_brief("print")
        if brief is None or self._refuse_bad_collateral(brief, "printed"):
            return
        brief = self._check_blocks(brief, "printed")
        if brief is None:
            return
        printer = printer or choose_printer(self, brief.paper or "letter", default_name(brief))
        if printer is None:
            return

        def sent(exported: Exported, route: str) -> None:
            where = printer.outputFileName() if route == "file" else (printer.printerName() or "the printer")
            self.banner.show_message(f"Sent v{exported.version} to {where}.")
            self.printed.emit(exported)

        def attempt(send: Callable[[], str]) -> str | PrintError:
            try:
                return send()
            except PrintError as exc:
                return exc

        def outcome(exported: Exported, route: str | PrintError) -> None:
            if isinstance(route, PrintError):
                self.banner.show_message(str(route), warn=True)
            else:
                sent(exported, route)

        def send(exported: Exported) -> None:
            pdf = exported.result.pdf
            if print_route(printer) == "lp":  # lp may take a moment to hand over: off the GUI thread,
                command = lp_command(printer)  # with the printer's choices read here, on its own thread
                self._run(lambda _db: attempt(lambda: send_to_lp(pdf, command)), lambda route: outcome(exported, route),
                          "sending the brief to the printer")
            else:
                outcome(exported, attempt(lambda: print_pdf(pdf, printer)))

        self._export(brief, None, send)

    def _export(self, brief: Brief, path: Path | None, on_done: Callable[[Exported], None]) -> None:
        """export_brief on the worker, to `path` (None: a temporary file, for printing).

        An unsaved brief is stored first, so the export becomes its version 1
        instead of joining another brief that happens to have the same name.
        """
        token, brief_id = self._token, self._brief_id
        settings = dataclasses.replace(self._settings, ui_state=dict(self._settings.ui_state))

        def task(db: sqlite_utils.Database) -> Exported | CollateralRefused | BlocksRefused:
            stored_id = brief_id if brief_id is not None else save_brief(db, brief, name=default_name(brief))[0]
            try:
                if path is not None:
                    return export_brief(db, settings, brief, path, name=default_name(brief), brief_id=stored_id)
                # Printing: the page comes back in the result; the file only satisfies export_brief.
                with tempfile.TemporaryDirectory(prefix="brief-") as tmp:
                    out = Path(tmp) / "brief.pdf"
                    return export_brief(db, settings, brief, out, name=default_name(brief), brief_id=stored_id)
            except (CollateralRefused, BlocksRefused) as exc:  # expired between the check and now
                return exc

        def done(result: Exported | CollateralRefused | BlocksRefused) -> None:
            if isinstance(result, CollateralRefused | BlocksRefused):
                self.banner.show_message(f"Not exported. {result}", warn=True)
                return
            self._stored(token, brief, result.brief_id, result.version)
            on_done(result)

        self._run(task, done, "exporting the brief")

    # -- JSON files --------------------------------------------------------------

    def import_json(self, path: Path | None = None) -> None:
        if not self._confirm_discard():
            return
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, "Import brief", str(self._last_dir), "Brief JSON (*.json);;All files (*)"
            )
            if not chosen:
                return
            path = Path(chosen)
        self._last_dir = path.parent
        try:
            brief = brief_from_json(path.read_bytes())
        except OSError as exc:
            self.banner.show_message(f"Couldn't read {path}: {exc.strerror or exc}", warn=True)
            return
        except BriefError as exc:
            self.banner.show_message(f"{path.name} is not a brief:\n" + "\n".join(
                describe_problem(p) for p in exc.problems), warn=True)
            return
        self.open_brief(brief, [f"Imported {path.name}. Save to keep it with your briefs."])

    def export_json(self, path: Path | None = None) -> None:
        brief = self._valid_brief("export")
        if brief is None:
            return
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export brief as JSON", str(self._last_dir / f"{_file_stem(brief)}.json"),
                "Brief JSON (*.json)",
            )
            if not chosen:
                return
            path = Path(chosen)
        self._last_dir = path.parent
        try:
            path.write_text(brief_to_json(brief), encoding="utf-8")
        except OSError as exc:
            self.banner.show_message(f"Couldn't write {path}: {exc.strerror or exc}", warn=True)
            return
        self.banner.show_message(f"Wrote {path}.")

    # -- plumbing --------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite_utils.Database]:
        """A short-lived connection for a tiny read on the GUI thread."""
        db = open_db(self._db_path)
        try:
            yield db
        finally:
            db.conn.close()

    def _run(
        self,
        fn: Callable[[sqlite_utils.Database], T],
        on_done: Callable[[T], None],
        what: str,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """`fn(db)` on the editor's worker; results for a closed editor are dropped."""
        def done(result: T) -> None:
            if not self._closed:
                on_done(result)

        def failed(message: str) -> None:
            if not self._closed:
                (on_error or (lambda m: self.banner.show_message(m, warn=True)))(message)

        run_task(lambda: fn(self._db), done, on_error=failed, what=what, pool=self._pool)

    def shutdown(self) -> None:
        """Finish the running task and close the connection; results still in flight are dropped."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self.preview.stop()
        self._pool.waitForDone()
        self._db.conn.close()
