"""Start the window: arguments, display check, style, data dir, one instance per data dir."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

NO_DISPLAY_MESSAGE = """\
Enablement Desktop needs a display, and none was found (DISPLAY and WAYLAND_DISPLAY are not set).
  - Over SSH: connect with `ssh -X`, or run it in a virtual display: `xvfb-run python main.py`.
  - Without a screen: `QT_QPA_PLATFORM=offscreen python main.py` runs it headless (nothing is shown).
  - Or use the `enablement` command, which does everything from a terminal:
      enablement index --demo
      enablement search pricing objection persona:CFO
"""

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="Enablement Desktop: search your collateral.")
    parser.add_argument("--library", help="library folder to open (remembered for next time)")
    parser.add_argument("--data-dir", help="where the database and index live (env ENABLEMENT_DATA_DIR)")
    # Qt's own options (-platform, -style …) pass through to QApplication.
    args, _qt_args = parser.parse_known_args(argv)
    return args


def display_problem(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Why no window can open here, or None. Only Linux/BSD lack a display in practice."""
    env = os.environ if environ is None else environ
    if not platform.startswith(("linux", "freebsd", "openbsd")):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"):
        return None
    return NO_DISPLAY_MESSAGE


def run(argv: Sequence[str]) -> int:
    args = parse_args(argv[1:])
    if problem := display_problem():
        print(problem, file=sys.stderr, end="")
        return EXIT_USAGE
    library = None
    if args.library:
        library = Path(args.library).expanduser().resolve()
        if not library.is_dir():
            print(f"main.py: library folder not found: {library}", file=sys.stderr)
            return EXIT_USAGE

    # Qt loads only now: the checks above must work where Qt cannot start.
    from PySide6.QtWidgets import QApplication, QMessageBox

    from enablement_desktop.context import open_context
    from enablement_desktop.store.db import StoreError, data_dir_read_only
    from enablement_desktop.store.lock import AlreadyRunning, InstanceLock
    from ui import theme

    app = QApplication.instance() or QApplication(list(argv))
    from ui.garbage import GuiThreadCollector

    GuiThreadCollector(app)  # before any worker thread starts
    app.setApplicationName("Enablement Desktop")
    app.setApplicationDisplayName("Enablement Desktop")
    theme.apply(app)

    try:
        ctx = open_context(args.data_dir)
    except (StoreError, OSError) as exc:
        QMessageBox.critical(None, "Enablement Desktop", str(exc))
        return EXIT_FAILURE
    read_only = data_dir_read_only(ctx.data_dir)
    lock = None
    # A read-only data dir has no writer to keep out, and no lock file can be made there.
    if not read_only:
        try:
            lock = InstanceLock(ctx.data_dir).acquire()
        except AlreadyRunning as exc:
            ctx.close()
            QMessageBox.information(None, "Enablement Desktop", str(exc))
            return EXIT_FAILURE
    _setup_logging(None if read_only else ctx.data_dir)
    if library is not None and ctx.settings.library != str(library):
        ctx.settings.library = str(library)
        if not read_only:  # used for this run; remembered only where it can be saved
            ctx.save_settings()

    from ui.main_window import MainWindow
    from ui.session import Session

    session = Session(ctx)
    try:
        window = MainWindow(session)
        window.show()
        window.start()
        return app.exec()
    finally:
        session.close()
        if lock is not None:
            lock.release()


def _setup_logging(data_dir: Path | None) -> None:
    """Warnings to stderr, details to a small rotating log in the data dir (for the developer);
    no log file when `data_dir` is None (a read-only data dir)."""
    from ui import worker

    if data_dir is not None:
        handler = logging.handlers.RotatingFileHandler(data_dir / "enablement.log", maxBytes=1 << 20,
                                                       backupCount=2, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.basicConfig(level=logging.INFO, handlers=[handler])
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    logging.getLogger().addHandler(console)

    def excepthook(kind, value, tb) -> None:
        # A bug in a slot must not take the app down or reach a dialog: log it, say so briefly.
        log.error("unhandled exception", exc_info=(kind, value, tb))
        worker.report_error(worker.describe_error(value, "doing that"))

    sys.excepthook = excepthook
