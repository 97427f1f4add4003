"""What can be done with an asset: open it (the built-in viewer for PDFs, and for Office files
LibreOffice can convert; the system app otherwise), rate it, send it back, show its folder.

Every database read and write here runs through run_task: the dialogs get
what they show (title, current rating) before they open, and save through
ui.usage_log.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QWidget

from enablement_desktop.library.assets import (
    AssetRef,
    asset_by_path,
    page_text,
    unchanged_since_indexed,
)
from enablement_desktop.preview.convert import (
    CONVERTIBLE_TYPES,
    ConversionError,
    cached_pdf,
    libreoffice_available,
    stop_conversions,
)
from enablement_desktop.preview.locate import hit_page
from enablement_desktop.usage.events import AssetStats, MyRating, my_rating
from ui.feedback import RateDialog, SendBackDialog
from ui.open_external import open_in_system_app
from ui.preview import conversion_pool
from ui.search_runner import ResultRow
from ui.search_view import AssetRequest
from ui.session import Session
from ui.usage_log import record
from ui.worker import report_error, run_task

if TYPE_CHECKING:
    from ui.viewer import PdfViewer


SHUTDOWN_WAIT_MS = 5_000  # a killed converter's task ends at once; this only bounds the wait


@dataclass(frozen=True)
class _Converted:
    pdf: Path | None  # None: open in the system app instead
    page: int


@dataclass(frozen=True)
class _ForDialog:
    title: str
    rating: MyRating | None


class AssetActions(QObject):
    opened = Signal(str, int)  # asset path, page: every open, whatever shows it
    viewerWanted = Signal(QWidget)  # the window should bring the viewer forward
    viewerLeft = Signal()  # Esc in the viewer: the window should go back to the results
    feedbackSaved = Signal(str)  # a sentence for the status bar
    staleFileFound = Signal()  # a file changed in place since indexing (no folder watch sees that)

    def __init__(self, session: Session, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._session = session
        self._parent = parent_widget
        self._viewer: PdfViewer | None = None
        self._record = functools.partial(record, session)

    @property
    def viewer(self) -> PdfViewer:
        """The one built-in viewer, made on first use."""
        if self._viewer is None:
            # QtPdf and the viewer load on the first open, not at start-up.
            from ui.viewer import PdfViewer

            # The viewer records open / page_view / close; the writes run off the GUI thread.
            self._viewer = PdfViewer(record=self._record, read_only=self._session.read_only)
            self._viewer.rateRequested.connect(lambda path, sha: self.rate(path, sha))
            self._viewer.sendBackRequested.connect(lambda path, sha, page: self.send_back(path, sha, page=page))
            self._viewer.leaveRequested.connect(self.viewerLeft)
        return self._viewer

    # -- open ------------------------------------------------------------------

    def open(self, request: AssetRequest) -> None:
        hit = request.row.hit
        if hit.type == "pdf":
            # Only a file extraction has read goes to QtPdf (it can hang on malformed PDFs).
            run_task(lambda: self._session.unchanged_since_indexed(hit.asset_id),
                     lambda unchanged: self._open_pdf(request, unchanged), what="opening the file",
                     context=self)
        elif hit.type in CONVERTIBLE_TYPES and libreoffice_available():
            run_task(lambda: self._convert(request), lambda done: self._open_converted(request, done),
                     what="converting the file for the viewer", pool=conversion_pool(), context=self)
        else:
            self._open_external(request)

    def _convert(self, request: AssetRequest) -> _Converted:
        """Worker: a LibreOffice PDF of an unchanged Office file, and the page that shows the hit."""
        hit = request.row.hit
        with self._session.connect() as db:
            if not unchanged_since_indexed(db, self._session.library, hit.asset_id):
                return _Converted(None, hit.page)
            section = page_text(db, hit.asset_id, hit.page)
        try:
            pdf = cached_pdf(self._session.library / hit.path, self._session.preview_cache)
        except (ConversionError, OSError):
            return _Converted(None, hit.page)  # logged by the core; the system app is the way out
        return _Converted(pdf, hit_page(pdf, hit.type, hit.page, section.text, request.terms))

    def _open_converted(self, request: AssetRequest, converted: _Converted) -> None:
        if converted.pdf is None:
            self._open_external(request)
            return
        hit = request.row.hit
        self.viewerWanted.emit(self.viewer)
        self.viewer.open(converted.pdf, converted.page, request.terms, hit.path, request.row.sha256)
        self.opened.emit(hit.path, converted.page)

    def open_path(self, asset_path: str) -> None:
        """Open an asset known only by its path (e.g. from My send-backs), at its first page."""
        def find() -> AssetRef | None:
            with self._session.connect() as db:
                return asset_by_path(db, asset_path)

        def found(asset: AssetRef | None) -> None:
            if asset is None:
                report_error(f"{asset_path} is no longer in the library.")
                return
            from enablement_desktop.search.engine import Hit  # loaded by the search thread by now

            hit = Hit(asset_id=asset.id, path=asset.path, title=asset.title, type=asset.type, page=1, label="",
                      snippet="", spans=[], score=0.0, facets={}, approved=True, expired=False)
            self.open(AssetRequest(ResultRow(hit, asset.sha256, AssetStats(None, 0, 0)), []))

        run_task(find, found, what="finding the file", context=self)

    def _open_pdf(self, request: AssetRequest, unchanged: bool) -> None:
        hit = request.row.hit
        if not unchanged:
            report_error(f"{hit.title} changed since it was indexed; it opens in your PDF app while "
                         "the library is re-indexed.")
            self.staleFileFound.emit()
            self._open_external(request)
            return
        self.viewerWanted.emit(self.viewer)
        self.viewer.open(self._session.library / hit.path, hit.page, request.terms, hit.path, request.row.sha256)
        self.opened.emit(hit.path, hit.page)

    def _open_external(self, request: AssetRequest) -> None:
        hit = request.row.hit
        path = self._session.library / hit.path
        if not open_in_system_app(path):
            report_error(f"No app on this computer opens {path.name} — or it was moved. It is in {path.parent}.")
            return
        self._record("open", asset_path=hit.path, asset_sha256=request.row.sha256, page=hit.page)
        self.opened.emit(hit.path, hit.page)

    # -- feedback ----------------------------------------------------------------

    def rate(self, asset_path: str, sha256: str, title: str = "") -> None:
        def show(info: _ForDialog) -> None:
            dialog = RateDialog(self._record, asset_path, sha256, info.title, info.rating, parent=self._parent)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.feedbackSaved.emit("Thanks — your rating is saved.")

        self._for_dialog(asset_path, title, show)

    def send_back(self, asset_path: str, sha256: str, title: str = "", page: int | None = None) -> None:
        def show(info: _ForDialog) -> None:
            # No page count: a converted document's pages are not the extracted ones.
            dialog = SendBackDialog(self._record, asset_path, sha256, info.title, page=page, parent=self._parent)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.feedbackSaved.emit("Sent back to marketing — their answer shows under My send-backs.")

        self._for_dialog(asset_path, title, show)

    def _for_dialog(self, asset_path: str, title: str, show: Callable[[_ForDialog], None]) -> None:
        user = self._session.settings.user

        def load() -> _ForDialog:
            with self._session.connect() as db:
                asset = asset_by_path(db, asset_path)
                rating = my_rating(db, user, asset_path)
            return _ForDialog(title or (asset.title if asset else asset_path), rating)

        run_task(load, show, what="opening the feedback form", context=self)

    def rate_request(self, request: AssetRequest) -> None:
        self.rate(request.row.hit.path, request.row.sha256, request.row.hit.title)

    def send_back_request(self, request: AssetRequest) -> None:
        hit = request.row.hit
        self.send_back(hit.path, request.row.sha256, hit.title, page=hit.page)

    def show_in_folder(self, request: AssetRequest) -> None:
        folder = (self._session.library / request.row.hit.path).parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            report_error(f"Could not open the folder {folder}.")

    def shutdown(self) -> None:
        """The app is quitting: record the viewer's last page, and stop LibreOffice rather than wait for it."""
        if self._viewer is not None:
            self._viewer.close_document()
        stop_conversions()
        conversion_pool().waitForDone(SHUTDOWN_WAIT_MS)
