"""SQLite store (through sqlite-utils): schema, migrations, connections."""

from enablement_desktop.store.db import SCHEMA_VERSION, open_db

__all__ = ["SCHEMA_VERSION", "open_db"]
