"""User settings, one small JSON file in the data dir (written atomically).

Every setting has a type and a default, checked when the file is loaded (as
Picard's option registry does): people edit this file by hand, and one of its
values is a privacy switch, so a wrong type is reported and its default used —
a truthy string like "no" must never turn per-person figures on.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import types
import typing
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

SETTINGS_FILE = "settings.json"
ROLES = ("seller", "marketer")
MAX_FILE_MB_RANGE = (1, 4096)


@dataclass
class Settings:
    library: str = ""
    user: str = field(default_factory=lambda: _default_user())
    team: str = ""
    role: str = "seller"
    device: str = field(default_factory=lambda: socket.gethostname() or "device")
    sync_folder: str = ""
    # libpq connection string of the organisation's PostgreSQL server; when
    # set, usage syncs there instead of the folder. Never holds a password.
    server_dsn: str = ""
    per_person_insights: bool = False
    max_file_mb: int = 200
    # Meaning beside words (search/semantic.py): needs the optional extra; off by default (docs/licences.md).
    meaning_search: bool = False
    ocr: bool = True  # read scanned pages and pictures with Tesseract when it is installed
    ocr_languages: str = "eng"  # Tesseract language codes joined by "+", e.g. "eng+deu"
    ui_state: dict[str, str] = field(default_factory=dict)
    # What was wrong in the file when it was loaded; never saved.
    problems: list[str] = field(default_factory=list, compare=False, repr=False)

    @property
    def library_path(self) -> Path | None:
        return Path(self.library) if self.library else None


# Checks beyond the type: a value of the right type can still be meaningless.
_CHOICES: dict[str, tuple[str, ...]] = {"role": ROLES}
_RANGES: dict[str, tuple[int, int]] = {"max_file_mb": MAX_FILE_MB_RANGE}
_NOT_EMPTY = ("user", "device")
_NOT_SAVED = ("problems",)


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "user"


def load(data_dir: Path) -> Settings:
    """The settings in `data_dir`; a bad value is reported in `.problems` and its default used."""
    path = data_dir / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(problems=[f"{path} could not be read ({exc.__class__.__name__}); defaults are used"])
    try:
        raw = json.loads(text)
    except ValueError as exc:
        return Settings(problems=[f"{path} is not valid JSON (line {getattr(exc, 'lineno', '?')}); "
                                  "defaults are used"])
    if not isinstance(raw, dict):
        return Settings(problems=[f"{path} should hold a JSON object; defaults are used"])
    return from_dict(raw, source=str(path))


def from_dict(raw: dict[str, object], source: str = "settings") -> Settings:
    """Settings from a mapping, keeping each valid value and reporting each invalid one."""
    values: dict[str, object] = {}
    problems: list[str] = []
    hints = typing.get_type_hints(Settings)
    for spec in fields(Settings):
        if spec.name in _NOT_SAVED or spec.name not in raw:
            continue
        value = raw[spec.name]
        problem = _check(spec.name, value, hints[spec.name])
        if problem:
            problems.append(f"{source}: {problem}; the default is used")
        else:
            values[spec.name] = value
    unknown = sorted(set(raw) - {f.name for f in fields(Settings)})
    if unknown:
        problems.append(f"{source}: unknown setting(s) ignored: {', '.join(unknown)}")
    return Settings(**values, problems=problems)


def _check(name: str, value: object, hint: object) -> str | None:
    if not _has_type(value, hint):
        return f"'{name}' should be {_type_name(hint)}, not {json.dumps(value)[:60]}"
    if name in _CHOICES and value not in _CHOICES[name]:
        return f"'{name}' should be one of {', '.join(_CHOICES[name])}, not {json.dumps(value)[:60]}"
    if name in _RANGES:
        low, high = _RANGES[name]
        if not low <= value <= high:  # type: ignore[operator]
            return f"'{name}' should be between {low} and {high}, not {value}"
    if name in _NOT_EMPTY and not str(value).strip():
        return f"'{name}' should not be empty"
    if name == "server_dsn" and value:
        return dsn_problem(str(value))
    return None


def dsn_problem(dsn: str) -> str | None:
    """Why `dsn` cannot be saved as the organisation server (a password in it, bad syntax), or None."""
    from psycopg import ProgrammingError, conninfo  # only when a server is configured

    try:
        parts = conninfo.conninfo_to_dict(dsn)
    except ProgrammingError as exc:
        return f"'server_dsn' is not a valid PostgreSQL connection string ({str(exc).strip()[:80]})"
    if parts.get("password"):
        return ("'server_dsn' holds a password, which the app never stores: put it in ~/.pgpass "
                "(or PGPASSWORD, a service file)")
    return None


def _has_type(value: object, hint: object) -> bool:
    origin = typing.get_origin(hint)
    if origin is dict:
        key_type, value_type = typing.get_args(hint)
        return isinstance(value, dict) and all(
            _has_type(k, key_type) and _has_type(v, value_type) for k, v in value.items())
    if origin is list:
        (item_type,) = typing.get_args(hint)
        return isinstance(value, list) and all(_has_type(v, item_type) for v in value)
    if origin in (typing.Union, types.UnionType):
        return any(_has_type(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is int:  # JSON true is a Python bool, which is an int: not a size
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)  # type: ignore[arg-type]


def _type_name(hint: object) -> str:
    names = {bool: "true or false", int: "a whole number", str: "text", float: "a number"}
    if typing.get_origin(hint) is dict:
        return "an object of text values"
    if typing.get_origin(hint) is list:
        return "a list"
    return names.get(hint, str(hint))  # type: ignore[arg-type]


def save(data_dir: Path, settings: Settings) -> None:
    path = data_dir / SETTINGS_FILE
    tmp = path.with_suffix(".json.tmp")
    data = {k: v for k, v in asdict(settings).items() if k not in _NOT_SAVED}
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
