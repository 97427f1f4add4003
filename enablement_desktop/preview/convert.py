"""Office and OpenDocument files to PDF (or another format) with LibreOffice in headless mode.

LibreOffice is optional (it is large: `scripts/setup.sh --with-libreoffice`).
Without it `find_soffice()` is None and callers fall back to text.

Each conversion copies the file into a private temporary folder and runs
`soffice --headless --convert-to` there with its own user profile: with the
user's own LibreOffice open, a shared profile makes the headless instance hand
the job over and convert nothing. soffice starts a second process
(soffice.bin), so it runs in a new session and a timeout kills the whole
process group, never leaving a converter behind. Macros never run: headless
LibreOffice keeps its default macro security, which refuses unsigned macros.

Converted PDFs are cached by the file's SHA-256 in the data dir, so a deck
opened twice is converted once, and a copy of the same file elsewhere in the
library shares the entry. Blocking and slow (seconds): call from a worker.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)
# One conversion at a time per process: two headless LibreOffice instances
# starting together were seen to hang until the time limit, and the preview
# and the viewer often ask for the same file at once (the second then finds
# it in the cache).
_ONE_AT_A_TIME = threading.RLock()
# Converters running now, so quitting the app can stop them instead of waiting.
_running: set[subprocess.Popen[bytes]] = set()
_running_lock = threading.Lock()

CONVERT_TIMEOUT_S = 120.0  # a 200-slide deck took ~40 s on a busy 2-core machine
CACHE_MAX_BYTES = 512 * 1024 * 1024  # oldest-used previews are dropped past this
# Asset types LibreOffice renders page by page (the types the extractors give files).
CONVERTIBLE_TYPES = frozenset({
    "docx", "docm", "doc", "odt", "rtf",
    "pptx", "pptm", "ppt", "odp",
    "xlsx", "xlsm", "xls", "ods",
})  # fmt: skip
# Types whose PDF pages map one to one onto the extracted pages (slides).
SLIDE_TYPES = frozenset({"pptx", "pptm", "ppt", "odp"})


class ConversionError(Exception):
    """LibreOffice could not convert the file; the message is a sentence for people."""


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_available() -> bool:
    return find_soffice() is not None


def convert(source: Path, target_format: str, out_dir: Path, *, timeout_s: float = CONVERT_TIMEOUT_S) -> Path:
    """Convert `source` with LibreOffice into `out_dir`; returns the new file.

    `target_format` is what `soffice --convert-to` takes: "pdf", "docx",
    "txt:Text", … The file is named after the source's stem with the
    target's extension. Raises ConversionError when LibreOffice is missing,
    fails, produces nothing, or runs past `timeout_s` (it is then killed).
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError("LibreOffice is not installed.")
    extension = target_format.split(":", 1)[0]
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="convert-", dir=out_dir) as work:
        work_dir = Path(work)
        # A fixed, plain name: soffice reads a leading "-" as an option, and
        # the copy cannot change under the converter while it reads.
        copy = work_dir / f"source{source.suffix.lower()}"
        try:
            shutil.copyfile(source, copy)
        except OSError as exc:
            raise ConversionError(f"The file could not be read ({exc.strerror or exc}).") from exc
        command = [
            soffice,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target_format,
            "--outdir",
            str(work_dir),
            str(copy),
        ]
        with _ONE_AT_A_TIME:
            _run(command, timeout_s, source)
        produced = work_dir / f"source.{extension}"
        if not produced.is_file() or produced.stat().st_size == 0:
            log.warning("LibreOffice produced no %s for %s", extension, source)
            raise ConversionError("LibreOffice could not convert this file.")
        target = out_dir / f"{source.stem}.{extension}"
        os.replace(produced, target)  # same filesystem: atomic
    return target


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def cached_pdf(source: Path, cache_dir: Path, *, timeout_s: float = CONVERT_TIMEOUT_S) -> Path:
    """A PDF of `source`, converted once per distinct content and kept in `cache_dir`.

    The key is the SHA-256 of the file as it is now (hashing a 50 MB deck
    takes ~0.1 s; converting it, seconds). Conversions in one process run one
    at a time; another process converting the same file at once is harmless
    (the rename makes the last one win with a whole file).
    Raises ConversionError (see `convert`) or OSError when the file cannot be read.
    """
    target = cache_dir / f"{file_sha256(source)}.pdf"
    with _ONE_AT_A_TIME:
        if target.is_file():
            os.utime(target)  # most recently used: kept longest
            return target
        produced = convert(source, "pdf", cache_dir / "work", timeout_s=timeout_s)
        os.replace(produced, target)
    prune_cache(cache_dir, keep=target)
    return target


def prune_cache(cache_dir: Path, *, keep: Path | None = None, max_bytes: int = CACHE_MAX_BYTES) -> None:
    """Delete the least recently used PDFs until the cache fits in `max_bytes`."""
    entries = []
    for path in cache_dir.glob("*.pdf"):
        try:
            info = path.stat()
        except OSError:
            continue
        entries.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        if path == keep:
            continue
        path.unlink(missing_ok=True)
        path.with_suffix(".pages.json").unlink(missing_ok=True)  # preview.locate's page texts
        total -= size


def _run(command: list[str], timeout_s: float, source: Path) -> None:
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
        raise ConversionError(f"LibreOffice could not be started ({exc.strerror or exc}).") from exc
    with _running_lock:
        _running.add(proc)
    try:
        output, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill(proc)
        log.warning("LibreOffice took longer than %.0f s on %s; stopped it", timeout_s, source)
        raise ConversionError(
            f"LibreOffice took longer than {timeout_s:.0f} seconds to convert it, so it was stopped."
        ) from None
    finally:
        with _running_lock:
            _running.discard(proc)
    if proc.returncode != 0:
        log.warning("LibreOffice failed on %s (exit %s): %s", source, proc.returncode,
                    output.decode(errors="replace")[-2000:])
        raise ConversionError("LibreOffice could not convert this file.")


def stop_conversions() -> None:
    """Kill every conversion running now (the app is quitting); each ends in ConversionError."""
    with _running_lock:
        running = list(_running)
    for proc in running:
        _signal_group(proc)


def _signal_group(proc: subprocess.Popen[bytes]) -> None:
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    else:
        proc.kill()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    _signal_group(proc)
    proc.communicate()
