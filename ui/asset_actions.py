"""What can be done with an asset: open it (built-in viewer for PDFs, the system app otherwise),
rate it, send it back, show its folder."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QWidget

from enablement_desktop import paths
from enablement_desktop.preview.convert import (
    CONVERTIBLE_TYPES,
    SLIDE_TYPES,
    ConversionError,
    cached_pdf,
    libreoffice_available,
)
from enablement_desktop.usage.events import AssetStats, record_event
from ui.feedback import RateDialog, SendBackDialog
from ui.open_external import open_in_system_app
from ui.search_runner import ResultRow
from ui.search_view import AssetRequest
from ui.session import Session
from ui.usage_log import record
from ui.worker import report_error, run_task

if TYPE_CHECKING:
    from enablement_desktop.search.engine import Hit
    from ui.viewer import PdfViewer

class AssetActions(QObject):
    opened = Signal(str, int)  # asset path, page: every open, whatever shows it
    viewerWanted = Signal(QWidget)  # the window should bring the viewer forward
    feedbackSaved = Signal(str)  # a sentence for the status bar
    staleFileFound = Signal()  # a file changed in place since indexing (no folder watch sees that)

    def __init__(self, session: Session, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._session = session
        self._parent = parent_widget
        self._viewer: PdfViewer | None = None

    @property
    def viewer(self) -> PdfViewer:
        """The one built-in viewer, made on first use."""
        if self._viewer is None:
            # QtPdf and the viewer load on the first open, not at start-up.
            from ui.viewer import PdfViewer

            # The viewer records open / page_view / close itself, on the window's connection.
            self._viewer = PdfViewer(record=functools.partial(record_event, self._session.ctx.db,
                                                              self._session.settings))
            self._viewer.rateRequested.connect(lambda path, sha: self.rate(path, sha))
            self._viewer.sendBackRequested.connect(lambda path, sha, page: self.send_back(path, sha, page=page))
        return self._viewer

    # -- open ------------------------------------------------------------------

    def open(self, request: AssetRequest) -> None:
        hit = request.row.hit
        if hit.type == "pdf":
            # Only a file extraction has read goes to QtPdf (it can hang on malformed PDFs).
            run_task(lambda: self._session.unchanged_since_indexed(hit.asset_id, hit.path),
                     lambda unchanged: self._open_pdf(request, unchanged), what="opening the file",
                     context=self)
        elif hit.type in CONVERTIBLE_TYPES and libreoffice_available():
            run_task(lambda: self._converted(hit), lambda pdf: self._open_converted(request, pdf),
                     what="converting the file for the viewer", context=self)
        else:
            self._open_external(request)

    def _converted(self, hit: Hit) -> Path | None:
        """A LibreOffice PDF of an Office file that passed extraction and has not changed since."""
        if not self._session.unchanged_since_indexed(hit.asset_id, hit.path):
            return None
        try:
            return cached_pdf(self._session.library / hit.path, paths.preview_cache_dir(self._session.data_dir))
        except (ConversionError, OSError):
            return None  # logged by the core; the system app is the way out

    def _open_converted(self, request: AssetRequest, pdf: Path | None) -> None:
        if pdf is None:
            self._open_external(request)
            return
        hit = request.row.hit
        # Slides map one to one onto pages; Word and Excel pages do not, so those
        # open at the start with the search words highlighted.
        page = hit.page if hit.type in SLIDE_TYPES else 1
        self.viewerWanted.emit(self.viewer)
        self.viewer.open(pdf, page, request.terms, hit.path, request.row.sha256)
        self.opened.emit(hit.path, page)

    def open_path(self, asset_path: str) -> None:
        """Open an asset known only by its path (e.g. from My send-backs), at its first page."""
        def find() -> AssetRequest | None:
            from enablement_desktop.search.engine import Hit  # loaded by the search thread by now

            with self._session.connect() as db:
                row = db.execute("SELECT id, title, type, sha256 FROM assets WHERE path = ? AND removed = 0",
                                 [asset_path]).fetchone()
            if row is None:
                return None
            hit = Hit(asset_id=row[0], path=asset_path, title=row[1], type=row[2], page=1, label="",
                      snippet="", spans=[], score=0.0, facets={}, approved=True, expired=False)
            return AssetRequest(ResultRow(hit, row[3], AssetStats(None, 0, 0)), [])

        def found(request: AssetRequest | None) -> None:
            if request is None:
                report_error(f"{asset_path} is no longer in the library.")
            else:
                self.open(request)

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
        record(self._session, "open", asset_path=hit.path, asset_sha256=request.row.sha256, page=hit.page)
        self.opened.emit(hit.path, hit.page)

    # -- feedback ----------------------------------------------------------------

    def rate(self, asset_path: str, sha256: str, title: str = "") -> None:
        dialog = RateDialog(self._session.ctx.db, self._session.settings, asset_path, sha256,
                            title or self._title(asset_path), parent=self._parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.feedbackSaved.emit("Thanks — your rating is saved.")

    def send_back(self, asset_path: str, sha256: str, title: str = "", page: int | None = None) -> None:
        dialog = SendBackDialog(self._session.ctx.db, self._session.settings, asset_path, sha256,
                                title or self._title(asset_path), page=page, parent=self._parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.feedbackSaved.emit("Sent back to marketing — their answer shows under My send-backs.")

    def rate_request(self, request: AssetRequest) -> None:
        self.rate(request.row.hit.path, request.row.sha256, request.row.hit.title)

    def send_back_request(self, request: AssetRequest) -> None:
        hit = request.row.hit
        self.send_back(hit.path, request.row.sha256, hit.title, page=hit.page)

    def show_in_folder(self, request: AssetRequest) -> None:
        folder = (self._session.library / request.row.hit.path).parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            report_error(f"Could not open the folder {folder}.")

    def _title(self, asset_path: str) -> str:
        # One indexed lookup, like the feedback dialogs' own reads on this connection.
        row = self._session.ctx.db.execute("SELECT title FROM assets WHERE path = ?", [asset_path]).fetchone()
        return row[0] if row else asset_path

    def shutdown(self) -> None:
        if self._viewer is not None:
            self._viewer.close_document()
