"""Usage: events (open, rate, send back…), shared-folder sync, and the marketer's insights.

events.py records and reads events; validate.py defines a well-formed one;
segments.py and sync.py move them through a shared folder (docs/sync-format.md);
insights.py computes the figures, csv_export.py writes them; commands.py adds
`enablement sync` and `enablement insights`.
"""
