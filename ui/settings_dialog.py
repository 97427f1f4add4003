"""Settings: library folder, who you are, your role, the shared sync folder or organisation server,
the size limit, privacy, search by meaning."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.extract import ocr
from enablement_desktop.search import semantic
from enablement_desktop.settings import ROLES, Settings, dsn_problem
from enablement_desktop.usage.roles import ROLES_FILE, Roles, load_roles
from ui import theme
from ui.worker import run_task

G = theme.GRID
ROLE_LABELS = {"seller": "Seller", "marketer": "Marketer (also sees Insights)"}


def answerers_text(roles: Roles) -> str:
    """Who may answer send-backs through the shared folder, in one sentence."""
    if roles.problems:
        return f"Nobody's answers to send-backs are taken: {roles.problems[0]}"
    if roles.marketers is None:
        return (f"Anyone may answer send-backs and post campaign notes (the library has no {ROLES_FILE} "
                "naming marketing's people).")
    return f"Only the marketers named in {ROLES_FILE} may answer send-backs: {', '.join(sorted(roles.marketers))}."


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> str:
    """A folder picker; '' when cancelled."""
    return QFileDialog.getExistingDirectory(parent, title, start or str(Path.home()))


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(G * 70)

        self.library = QLineEdit(settings.library)
        self.library.setPlaceholderText("The bundled demo library")
        self.user = QLineEdit(settings.user)
        self.team = QLineEdit(settings.team)
        self.team.setPlaceholderText("e.g. EMEA Mid-market")
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(ROLE_LABELS.get(role, role), role)
        self.role.setCurrentIndex(max(self.role.findData(settings.role), 0))
        self.sync_folder = QLineEdit(settings.sync_folder)
        self.sync_folder.setPlaceholderText("Not shared (usage stays on this computer)")
        self.server_dsn = QLineEdit(settings.server_dsn)
        self.server_dsn.setPlaceholderText("None: host=db.example.com dbname=enablement user=you")
        self.server_dsn.setToolTip(
            "Your organisation's PostgreSQL server (ask IT). When set, usage syncs there instead of\n"
            "the shared folder. The password comes from ~/.pgpass, PGPASSWORD or a service file:\n"
            "it is never stored here.")
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self._test_connection)
        self.server_status = QLabel()
        self.server_status.setWordWrap(True)
        self.max_mb = QSpinBox()
        self.max_mb.setRange(1, 4096)
        self.max_mb.setSuffix(" MB")
        self.max_mb.setValue(settings.max_file_mb)
        self.max_mb.setToolTip("Larger files are listed under Problems instead of being read")
        self.per_person = QCheckBox("Show figures per person in Insights")
        self.per_person.setChecked(settings.per_person_insights)
        self.per_person.setToolTip(
            "Off: Insights groups activity by team. On: marketers see each seller's activity.\n"
            "Only turn this on where your organisation allows it; it applies to this computer only.")
        self.per_person_note = QLabel(
            "Marketers only. Activity is shown by team unless this is on; sellers never see it.")
        self.per_person_note.setWordWrap(True)
        self.per_person_note.setEnabled(False)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.meaning = QCheckBox("Also find pages that say it in other words")
        self.meaning.setChecked(settings.meaning_search)
        self.meaning.setToolTip(
            "Ranks by meaning as well as by your words (\"pay up front\" finds annual billing).\n"
            "Runs on this computer, offline; the library is read once more after you turn it on.")
        if not semantic.installed():
            self.meaning.setEnabled(False)
            self.meaning.setToolTip("Needs the optional meaning package (pip install 'enablement-desktop[meaning]').")

        self.ocr = QCheckBox("Read scanned pages and pictures (OCR)")
        self.ocr.setChecked(settings.ocr)
        self.ocr_languages = QLineEdit(settings.ocr_languages)
        self.ocr_languages.setPlaceholderText("eng")
        self.ocr_languages.setToolTip("Tesseract's language codes joined by +, e.g. eng+deu "
                                      "(each needs its package: tesseract-ocr-deu)")
        self.ocr.toggled.connect(self.ocr_languages.setEnabled)
        self.ocr_languages.setEnabled(settings.ocr)
        if ocr.tesseract() is None:
            self.ocr.setToolTip("Tesseract is not installed: scans are listed under Problems until it is "
                                "(apt-get install tesseract-ocr tesseract-ocr-eng).")

        form = QFormLayout()
        form.setSpacing(G)
        form.addRow("Library folder", self._with_picker(self.library, "Choose your library folder"))
        form.addRow("Your name", self.user)
        form.addRow("Team", self.team)
        form.addRow("Role", self.role)
        # Under the role it is about (who may answer as marketing), not under an unrelated row.
        self.answerers = QLabel(answerers_text(load_roles(settings.library_path)))
        self.answerers.setWordWrap(True)
        self.answerers.setEnabled(False)
        form.addRow("", self.answerers)
        form.addRow("Shared sync folder", self._with_picker(self.sync_folder, "Choose the shared sync folder"))
        server_row = QWidget()
        row = QHBoxLayout(server_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(G)
        row.addWidget(self.server_dsn, 1)
        row.addWidget(self.test_button)
        form.addRow("Organisation server", server_row)
        form.addRow("", self.server_status)
        self._form = form
        self._say_server("")  # an empty row until Test connection has something to say
        form.addRow("Largest file to read", self.max_mb)
        form.addRow("Privacy", self.per_person)
        form.addRow("", self.per_person_note)
        form.addRow("Search", self.meaning)
        form.addRow("Scans", self.ocr)
        form.addRow("OCR languages", self.ocr_languages)
        self._role_changed()

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(G * 3, G * 3, G * 3, G * 2)
        layout.setSpacing(G * 2)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _role_changed(self) -> None:
        is_marketer = self.role.currentData() == "marketer"
        self.per_person.setEnabled(is_marketer)
        if not is_marketer:
            self.per_person.setChecked(False)

    def _with_picker(self, field: QLineEdit, title: str) -> QWidget:
        button = QPushButton("Choose…")
        button.clicked.connect(lambda: self._pick(field, title))
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(G)
        row.addWidget(field, 1)
        row.addWidget(button)
        return box

    def _pick(self, field: QLineEdit, title: str) -> None:
        if chosen := choose_folder(self, title, field.text()):
            field.setText(chosen)

    def _test_connection(self) -> None:
        """Connect off the GUI thread (a firewall can take seconds to say no) and say who we are."""
        dsn = self.server_dsn.text().strip()
        if not dsn:
            self._say_server("No server: usage syncs through the shared folder.")
            return
        if problem := dsn_problem(dsn):
            self._say_server(problem.replace("'server_dsn'", "The connection string"))
            return
        self.test_button.setEnabled(False)
        self._say_server("Connecting…")

        def task() -> str:
            from enablement_desktop.server.sync import describe_login

            return describe_login(dsn)

        def done(text: str) -> None:
            self.test_button.setEnabled(True)
            self._say_server(text)

        run_task(task, done, on_error=done, what="testing the connection", context=self)

    def _say_server(self, text: str) -> None:
        self.server_status.setText(text)
        # Hidden while empty: a blank row left a gap between the server and the size limit.
        self._form.setRowVisible(self.server_status, bool(text))

    def problem(self) -> str:
        """What keeps the dialog from saving, in words; '' when all is well."""
        library = self.library.text().strip()
        if library and not Path(library).expanduser().is_dir():
            return f"The library folder {library} does not exist or is not reachable."
        if not self.user.text().strip():
            return "Your name is needed: it goes with your ratings and send-backs."
        dsn = self.server_dsn.text().strip()
        if dsn and (problem := dsn_problem(dsn)):
            return problem.replace("'server_dsn'", "The organisation server's connection string")
        return ""

    def accept(self) -> None:
        if message := self.problem():
            self.error.setText(message)
            self.error.setStyleSheet(f"color: {theme.warning(self.palette()).name()}")
            self.error.setVisible(True)
            return
        super().accept()

    def apply_to(self, settings: Settings) -> set[str]:
        """Copy the form into `settings`; return the names of the fields that changed."""
        library = self.library.text().strip()
        values = {
            "library": str(Path(library).expanduser().resolve()) if library else "",
            "user": self.user.text().strip(),
            "team": self.team.text().strip(),
            "role": self.role.currentData(),
            "sync_folder": self.sync_folder.text().strip(),
            "server_dsn": self.server_dsn.text().strip(),
            "max_file_mb": self.max_mb.value(),
            "per_person_insights": self.per_person.isChecked() and self.role.currentData() == "marketer",
            "meaning_search": self.meaning.isChecked(),
            "ocr": self.ocr.isChecked(),
            "ocr_languages": ocr.normalize_languages(self.ocr_languages.text()) or "eng",
        }
        changed = {name for name, value in values.items() if getattr(settings, name) != value}
        for name in changed:
            setattr(settings, name, values[name])
        return changed
