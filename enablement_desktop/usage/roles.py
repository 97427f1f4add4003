"""Who may answer send-backs and publish campaign notes: `enablement-roles.toml` in the library.

    # enablement-roles.toml, at the root of the collateral library
    marketers = ["dana", "lee"]

The library is where marketing writes and sellers normally only read, so it is
the place to name marketing's people. Without the file anyone may answer, as
before (Settings and docs/sync-format.md say so). With it, answers and
campaign notes from anyone else are ignored at import with a message. A file
that cannot be read fails closed: nobody's answers are taken until it is fixed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROLES_FILE = "enablement-roles.toml"
MAX_ROLES_BYTES = 256 * 1024
# The event kinds that speak for marketing.
MARKETING_KINDS = frozenset({"feedback_response", "campaign_note"})


@dataclass(frozen=True)
class Roles:
    marketers: frozenset[str] | None = None  # None: no roles file, anyone may answer
    problems: tuple[str, ...] = field(default=())

    def may_speak_for_marketing(self, user: str) -> bool:
        return self.marketers is None or user.casefold() in self.marketers


ANYONE = Roles()


def load_roles(library: Path | None) -> Roles:
    """The roles named in `library`/enablement-roles.toml; ANYONE when there is no such file."""
    if library is None:
        return ANYONE
    path = Path(library) / ROLES_FILE
    try:
        if path.stat().st_size > MAX_ROLES_BYTES:
            return _closed(f"{ROLES_FILE} is larger than {MAX_ROLES_BYTES // 1024} KB")
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ANYONE
    except (OSError, UnicodeDecodeError) as exc:
        return _closed(f"{ROLES_FILE} cannot be read ({exc.__class__.__name__})")
    except tomllib.TOMLDecodeError as exc:
        return _closed(f"{ROLES_FILE} is not valid TOML ({exc})")
    names = raw.get("marketers")
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        return _closed(f"{ROLES_FILE}: 'marketers' should be a list of names, like marketers = [\"dana\"]")
    return Roles(frozenset(n.strip().casefold() for n in names))


def _closed(problem: str) -> Roles:
    return Roles(frozenset(), (f"{problem}; answers and campaign notes are not taken until it is fixed",))
