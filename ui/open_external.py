"""Handing a file to the operating system, and turning Office files into PDFs for the built-in viewer."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import platformdirs
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from enablement_desktop.paths import APP_NAME

log = logging.getLogger(__name__)

CONVERT_TIMEOUT_S = 90.0


def open_in_system_app(path: Path) -> bool:
    """Open `path` in the app the system associates with it; False when none would take it."""
    if not path.exists():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "converted"


def libreoffice_available() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def convert_to_pdf_if_possible(
    path: Path, cache_dir: Path | None = None, *, timeout_s: float = CONVERT_TIMEOUT_S
) -> Path | None:
    """A PDF rendering of `path` made by LibreOffice, or None when that is not possible.

    Blocking and slow (seconds): call it from a worker thread, never the GUI
    thread. Returns None when LibreOffice is not installed, when it fails, or
    when it takes longer than `timeout_s` (its whole process group is killed).
    Results are cached by path, size and modification time, so reopening an
    unchanged deck is instant. Only pass files that passed extraction.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    cache_dir = cache_dir or default_cache_dir()
    key = hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    target = cache_dir / f"{key[:32]}.pdf"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir) as work:
        out_dir = Path(work)
        command = [
            soffice,
            # A private profile: with the user's own LibreOffice open, a shared
            # profile makes the headless instance hand over and convert nothing.
            f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(path),
        ]
        if not _run(command, timeout_s):
            return None
        produced = out_dir / f"{path.stem}.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            log.warning("LibreOffice produced no PDF for %s", path)
            return None
        # Rename inside one filesystem is atomic: a reader never sees half a PDF.
        os.replace(produced, target)
    return target


def _run(command: list[str], timeout_s: float) -> bool:
    # soffice is a launcher that starts soffice.bin; a new session lets a
    # timeout kill both instead of leaving the real converter running.
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=os.name == "posix",
        )
    except OSError as exc:
        log.warning("could not start LibreOffice: %s", exc)
        return False
    try:
        output, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill(proc)
        log.warning("LibreOffice took longer than %.0f s; gave up on %s", timeout_s, command[-1])
        return False
    if proc.returncode != 0:
        log.warning("LibreOffice failed (%s): %s", proc.returncode, output.decode(errors="replace"))
        return False
    return True


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        proc.kill()
    proc.communicate()
