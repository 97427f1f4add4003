"""A throw-away PostgreSQL server in a temporary directory, for tests and bench/pg_usage.py.

The Debian `postgresql` package (scripts/setup.sh) provides initdb and pg_ctl.
initdb refuses to run as root, and CI runs as root, so as root the server runs
as the `postgres` OS user (runuser). It listens only on a unix socket inside
the temp dir: no TCP port, nothing shared with other test runs.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class NoPostgres(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def find_bin_dir() -> Path:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise NoPostgres("PostgreSQL is not installed: run scripts/setup.sh (Debian package postgresql)")


@dataclass
class LocalServer:
    root: Path
    bin_dir: Path
    os_user: str | None  # run as this OS user (None: as ourselves)

    @property
    def socket_dir(self) -> Path:
        return self.root

    def dsn(self, user: str = "postgres", dbname: str = "postgres") -> str:
        return f"host={self.socket_dir} user={user} dbname={dbname}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.os_user:
            command = ["runuser", "-u", self.os_user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, cwd="/")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


def start(*, durable: bool = False, extra_conf: tuple[str, ...] = ()) -> LocalServer:
    """initdb + pg_ctl start in a fresh temp dir; the caller stops it with .stop().

    Tests skip fsync (nothing here must survive a power cut); the benchmark
    passes durable=True so its ingest rates are what a real server would do.
    """
    bin_dir = find_bin_dir()
    os_user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="enablement-pg-"))
    server = LocalServer(root, bin_dir, os_user)
    if os_user:
        entry = pwd.getpwnam(os_user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    try:
        server._run("initdb", "-D", str(root / "data"), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = [f"-k {root}", "-c listen_addresses=''"]
        if not durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        options += list(extra_conf)
        server._run("pg_ctl", "-D", str(root / "data"), "-l", str(root / "log"), "-w",
                    "-o", " ".join(options), "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr or exc.stdout}") from exc
    return server
