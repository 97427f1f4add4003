"""Enablement Desktop core: library scan, extraction, search, usage, briefs.

Nothing in this package imports Qt; the window (`ui/`), the CLI and the tests
all call the same functions.
"""

__version__ = "0.1.0"
