"""User settings, one small JSON file in the data dir (written atomically)."""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

SETTINGS_FILE = "settings.json"
ROLES = ("seller", "marketer")


@dataclass
class Settings:
    library: str = ""
    user: str = field(default_factory=lambda: _default_user())
    team: str = ""
    role: str = "seller"
    device: str = field(default_factory=lambda: socket.gethostname() or "device")
    sync_folder: str = ""
    per_person_insights: bool = False
    max_file_mb: int = 200
    ui_state: dict[str, str] = field(default_factory=dict)

    @property
    def library_path(self) -> Path | None:
        return Path(self.library) if self.library else None


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "user"


def load(data_dir: Path) -> Settings:
    path = data_dir / SETTINGS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
    try:
        settings = Settings(**values)
    except TypeError:
        return Settings()
    if settings.role not in ROLES:
        settings.role = "seller"
    return settings


def save(data_dir: Path, settings: Settings) -> None:
    path = data_dir / SETTINGS_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
