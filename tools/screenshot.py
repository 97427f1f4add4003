"""Screenshot the window as a seller sees it, for docs and for judging the look.

    .venv/bin/python tools/screenshot.py --out docs/screenshot-search.png \\
        --library resources/demo_library --query "pricing objection" --size 1440x900 --scheme dark

Insights sections and What's new (the docs' scorecard, campaigns and
What's new pictures, over a data dir filled by tools/seed_demo_usage.py):

    .venv/bin/python tools/screenshot.py --out docs/screenshot-scorecard.png --data-dir /tmp/demo \
        --library resources/demo_library --view insights --section Scorecard
    .venv/bin/python tools/screenshot.py --out docs/screenshot-whats-new.png --data-dir /tmp/seller \
        --library resources/demo_library --view whats-new --user sofia.rossi --size 1024x700

Without a display it starts its own Xvfb (apt-get install xvfb xauth), so
the real xcb platform draws the window, fonts and all. The data dir is a
fresh temporary one unless --data-dir is given (e.g. one filled by
tools/seed_demo_usage.py, so rows show stars and open counts).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a plain script from a checkout: the project is not an installed package.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="PNG to write")
    parser.add_argument("--library", type=Path, help="library folder (default: the demo, with its banner)")
    parser.add_argument("--data-dir", type=Path, help="data dir to use (default: a fresh temporary one)")
    parser.add_argument("--size", default="1440x900", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--query", default="", help="type this into the search field")
    parser.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                        help="tick a facet value, e.g. type=pdf (repeatable)")
    parser.add_argument("--row", type=int, default=0, help="select this result row (0 = first)")
    parser.add_argument("--view", choices=("search", "problems", "viewer", "insights", "briefs", "whats-new", "send-backs"),
                        default="search", help="viewer opens the selected result")
    parser.add_argument("--section", default="", help="the Insights section to show, e.g. Scorecard, Campaigns")
    parser.add_argument("--user", default="", help="whose data dir this is (e.g. a seller, for What's new)")
    parser.add_argument("--while-indexing", action="store_true",
                        help="shoot as soon as indexing reports progress (a fresh data dir shows it best)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for indexing")
    return parser.parse_args(argv)


def start_xvfb(width: int, height: int) -> subprocess.Popen[bytes]:
    """A private virtual display big enough for the window; sets DISPLAY for Qt."""
    if shutil.which("Xvfb") is None:
        sys.exit("screenshot: no display and no Xvfb; apt-get install -y xvfb xauth")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width + 64}x{height + 64}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        sys.exit("screenshot: Xvfb did not start")
    os.environ["DISPLAY"] = f":{number}"
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return proc


def wait_until(app, condition, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"screenshot: timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


def settle(app, seconds: float) -> None:
    """Let queued work (previews, repaints) land."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _show_refreshed(app, window, tab, name: str) -> None:
    """Switch to a tab that loads off the GUI thread, and wait for its fresh rows."""
    window.tabs.setCurrentWidget(tab)
    fresh = []
    tab.loaded.connect(lambda: fresh.append(True))
    tab.refresh()
    wait_until(app, lambda: fresh, 20, name)


def shoot(args: argparse.Namespace) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from enablement_desktop.context import open_context
    from enablement_desktop.preview.convert import CONVERTIBLE_TYPES, libreoffice_available
    from ui import theme
    from ui.main_window import MainWindow
    from ui.session import Session

    width, height = (int(n) for n in args.size.lower().split("x"))
    app = QApplication([sys.argv[0]])
    theme.apply(app, Qt.ColorScheme.Dark if args.scheme == "dark" else Qt.ColorScheme.Light)

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="enablement-shot-"))
    ctx = open_context(data_dir)
    ctx.settings.library = str(args.library.resolve()) if args.library else ""
    ctx.settings.role = "marketer" if args.view == "insights" else "seller"
    if args.user:
        ctx.settings.user = args.user
    ctx.settings.ui_state = {}  # the default layout, not whatever a previous run left
    ctx.save_settings()
    session = Session(ctx)
    window = MainWindow(session)
    window.resize(width, height)
    window.show()

    indexed = []
    window.indexer.finished.connect(indexed.append)
    window.indexer.failed.connect(lambda message: sys.exit(f"screenshot: indexing failed: {message}"))
    shown = []
    window.search.resultsShown.connect(shown.append)
    counted = []
    window.indexer.progress.connect(lambda done, total, label: total and done > 2 and counted.append(label))
    window.start()
    if args.while_indexing:
        wait_until(app, lambda: counted or indexed, args.timeout, "indexing progress")
        return save(app, window, session, args, width, height)
    wait_until(app, lambda: indexed, args.timeout, "indexing")
    wait_until(app, lambda: shown and shown[-1].request.seq == window.search.runner.latest_seq,
               10, "the refreshed search")

    for item in args.filter:
        field, _, value = item.partition("=")
        window.search.facets.set_checked(field, value)
    if args.query or args.filter:
        before = len(shown)
        window.search.set_query(args.query)
        wait_until(app, lambda: len(shown) > before, 10, "search results")
    if window.search.model.rowCount() > args.row:
        window.search.list.setCurrentIndex(window.search.model.index(args.row))
    if args.view == "problems":
        window.show_problems()
    elif args.view == "viewer":
        # An Office file is converted by LibreOffice first: wait for the open, not a fixed time.
        opened = []
        window.assets.opened.connect(lambda *a: opened.append(a))
        window.search.open_current()
        wait_until(app, lambda: opened, args.timeout, "the viewer to open")
    elif args.view == "search" and window.search.model.rowCount() > args.row:
        preview = window.search.preview
        wait_until(app, lambda: preview.body.currentWidget() is not preview.message, 20, "the preview")
        if window.search.current_row().hit.type in CONVERTIBLE_TYPES and libreoffice_available():
            wait_until(app, preview.showing_page, args.timeout, "LibreOffice's page in the preview")
    elif args.view in ("insights", "briefs"):
        lazy = window.insights if args.view == "insights" else window.briefs
        window.tabs.setCurrentWidget(lazy)
        if args.view == "insights":
            loaded = []
            lazy.ensure_built().loaded.connect(lambda: loaded.append(True))
            wait_until(app, lambda: loaded, 20, "the insights")
            if args.section:
                lazy.view.show_section(args.section)
    elif args.view == "whats-new":
        _show_refreshed(app, window, window.whats_new, "What's new")
        window.whats_new.list.setFocus()
    elif args.view == "send-backs":
        _show_refreshed(app, window, window.send_backs, "My send-backs")
    settle(app, 1.5)  # the preview render and the viewer's first paint
    return save(app, window, session, args, width, height)


def save(app, window, session, args: argparse.Namespace, width: int, height: int) -> int:
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.out)):
        sys.exit(f"screenshot: could not write {args.out}")
    print(f"{args.out} ({width}x{height}, {args.scheme})")
    window.close()
    session.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    xvfb = start_xvfb(width, height) if not os.environ.get("DISPLAY") else None
    try:
        return shoot(args)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
