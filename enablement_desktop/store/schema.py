"""Schema migrations, applied in order; `PRAGMA user_version` holds the last applied.

Never edit a released migration: add a new one. Event columns stay
engine-neutral (TEXT UUID key, ISO-8601 UTC text times, integers, text) so
the same rows can later flow to PostgreSQL unchanged.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: library, sections, problems, index runs, events, briefs
    """
    CREATE TABLE assets (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,          -- relative to the library root, '/' separated
        title TEXT NOT NULL,
        type TEXT NOT NULL,                 -- pdf, pptx, docx, xlsx, md, html, txt
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        page_count INTEGER NOT NULL DEFAULT 0,
        product TEXT NOT NULL DEFAULT '',
        persona TEXT NOT NULL DEFAULT '',   -- several values joined by ', '
        stage TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        expires TEXT NOT NULL DEFAULT '',   -- ISO date or ''
        approved INTEGER NOT NULL DEFAULT 1,
        doc_properties TEXT NOT NULL DEFAULT '{}', -- JSON, as read from the file (title, subject, keywords…)
        indexed_sha256 TEXT,                -- sha256 the search index holds; NULL = index must catch up
        removed INTEGER NOT NULL DEFAULT 0, -- 1 = gone from disk; deleted once the index forgot it
        updated_at TEXT NOT NULL
    );
    CREATE TABLE sections (
        asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,           -- 0-based position in the asset
        page INTEGER NOT NULL,              -- 1-based page / slide / sheet / section number
        label TEXT NOT NULL,                -- 'p. 7', 'slide 3', 'sheet Pricing', 'Objections'
        heading TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        PRIMARY KEY (asset_id, ordinal)
    );
    CREATE TABLE problems (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        reason TEXT NOT NULL,               -- encrypted, damaged, no text, unsupported, too large, timed out, crashed
        detail TEXT NOT NULL DEFAULT '',
        seen_at TEXT NOT NULL
    );
    CREATE TABLE index_runs (
        id INTEGER PRIMARY KEY,
        library TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,               -- running, done, cancelled, failed
        scanned INTEGER NOT NULL DEFAULT 0,
        added INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        pages INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0
    );
    CREATE TABLE events (
        uuid TEXT PRIMARY KEY,
        kind TEXT NOT NULL,                 -- open, close, page_view, search, rate, send_back, feedback_response, brief_export
        ts TEXT NOT NULL,                   -- ISO-8601 UTC, e.g. 2026-11-26T20:15:03.120Z
        user TEXT NOT NULL,
        team TEXT NOT NULL DEFAULT '',
        device TEXT NOT NULL,
        asset_path TEXT NOT NULL DEFAULT '',
        asset_sha256 TEXT NOT NULL DEFAULT '',
        page INTEGER,
        dwell_ms INTEGER,
        query TEXT,
        hits INTEGER,
        rating INTEGER,
        reason TEXT,
        comment TEXT,
        status TEXT,
        ref_uuid TEXT,                      -- the event this one answers (feedback_response -> send_back)
        data TEXT,                          -- JSON for anything else
        origin TEXT NOT NULL DEFAULT 'local', -- local, or the sync segment it was imported from
        flushed_at TEXT                     -- local events: when written to the shared folder
    );
    CREATE INDEX events_kind_ts ON events(kind, ts);
    CREATE INDEX events_asset ON events(asset_path, kind);
    CREATE INDEX events_unflushed ON events(origin, flushed_at);
    CREATE TABLE briefs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE brief_versions (
        brief_id INTEGER NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,                 -- the brief JSON
        created_at TEXT NOT NULL,
        PRIMARY KEY (brief_id, version)
    );
    """,
    # 2: usage sync + insights. sync_segments remembers shared-folder segments
    # already imported (a no-change sync only stats files). Measured at 1M
    # events: (kind, asset_path, ts) makes "last opened" one seek per asset
    # (unused report 9 ms); (kind, ts, asset_path) lets the heatmap read one
    # time range from the index alone (140 ms vs 410 ms with table lookups).
    # It starts with events_kind_ts's columns, which it therefore replaces.
    """
    CREATE TABLE sync_segments (
        path TEXT PRIMARY KEY,              -- 'events/<writer>/<segment>.jsonl', relative to the shared folder
        writer TEXT NOT NULL,               -- the '<user>@<device>' folder name
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,               -- of the whole file; spots the same segment copied under another name
        events INTEGER NOT NULL,
        max_ts TEXT,                        -- latest event time in the segment ("data as of")
        imported_at TEXT NOT NULL
    );
    CREATE INDEX sync_segments_sha ON sync_segments(sha256);
    CREATE INDEX events_kind_asset_ts ON events(kind, asset_path, ts);
    CREATE INDEX events_kind_ts_asset ON events(kind, ts, asset_path);
    DROP INDEX events_kind_ts;
    """,
    # 3: usage insights indexes, measured at 1M events with bench/insights.py:
    # (team, user, kind, ts) turns activity-by-team from a 2-4 s sort into an
    # index walk (0.2 s); the small partial indexes hold just the rows of the
    # ratings (0.3 s -> 0.12 s), page dwell, zero-hit search (0.7 s -> 0.01 s)
    # and send-back response figures.
    """
    CREATE INDEX events_team_user_kind ON events(team, user, kind, ts);
    CREATE INDEX events_ratings ON events(asset_path, user, ts, uuid, rating) WHERE kind = 'rate';
    CREATE INDEX events_page_views ON events(asset_path, page, dwell_ms) WHERE kind = 'page_view';
    CREATE INDEX events_no_hits ON events(query, user, ts) WHERE kind = 'search' AND hits = 0;
    CREATE INDEX events_responses ON events(ref_uuid, ts, uuid) WHERE kind = 'feedback_response';
    """,
    # 4: search checks on every query whether the asset catalog changed;
    # max(updated_at) by index instead of a table scan.
    """
    CREATE INDEX assets_updated_at ON assets(updated_at);
    """,
    # 5: the two slowest insights at 1M events (bench/insights.py), as covering
    # indexes. events_open_weeks keys each open by its Monday-to-Sunday week
    # (the Julian day number // 7 turns over on Mondays), so the opens heatmap
    # reads one range of weeks already grouped by (week, asset) instead of
    # sorting a year of opens (52 weeks 0.6 s -> 0.2 s); opens_heatmap repeats
    # the expression verbatim, as SQLite needs to use it. events_ratings gains
    # team and comment, so the ratings view, its team filter and its comments
    # never read the table (with usage/events.py's latest-rating query, 0.3-0.5 s
    # -> 0.1 s).
    """
    CREATE INDEX events_open_weeks ON events(
        CAST((julianday(substr(ts, 1, 10)) + 0.5) / 7 AS INTEGER), asset_path, ts, team
    ) WHERE kind = 'open';
    DROP INDEX events_ratings;
    CREATE INDEX events_ratings ON events(asset_path, user, ts, uuid, rating, team, comment)
        WHERE kind = 'rate';
    """,
    # 6: the page heatmap reads events_page_views twice (counts, then the
    # middle of each page's dwell times); with ts and team in it, a date or
    # team filter no longer sends every row back to the table (0.3 s -> 0.03 s
    # for the most-read asset at 1M events).
    """
    DROP INDEX events_page_views;
    CREATE INDEX events_page_views ON events(asset_path, page, dwell_ms, ts, team)
        WHERE kind = 'page_view';
    """,
    # 7: What's new, a seller's inbox on this computer (never synced). Items
    # are stored when first found, so marking one read sticks and an answer
    # that was read does not come back; whats_new_assets is the library as
    # What's new last saw it, so the next index run's additions and changes
    # can be told apart (the first look only takes the snapshot).
    """
    CREATE TABLE whats_new (
        user TEXT NOT NULL,
        key TEXT NOT NULL,                  -- what the item is about, e.g. 'answer:<uuid>'
        kind TEXT NOT NULL,                 -- asset_new, asset_changed, expiring, answer, request_answered, campaign
        ts TEXT NOT NULL,                   -- when it happened (ISO-8601 UTC)
        title TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        asset_path TEXT NOT NULL DEFAULT '',
        ref TEXT NOT NULL DEFAULT '',       -- the event it comes from (campaign note, answer), if any
        read_at TEXT,                       -- NULL = unread
        PRIMARY KEY (user, key)
    );
    CREATE INDEX whats_new_unread ON whats_new(user, read_at, ts);
    CREATE TABLE whats_new_assets (
        path TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL
    );
    """,
    # 8: the version of the extractor that read each asset
    # (extract.EXTRACTOR_VERSIONS): an asset read by an older one is read
    # again on the next run, although its file did not change.
    """
    ALTER TABLE assets ADD COLUMN extractor INTEGER NOT NULL DEFAULT 1;
    """,
    # 9: Problems give a sentence for people (`detail`) and keep what the
    # reader library said (`technical`) for the Details toggle and the log.
    # Pages waiting for OCR are kept with their asset ("2,5,6"), so a run
    # stopped before its OCR phase resumes it; OCR'd text is cached by the
    # file's SHA-256, so a moved, restored or re-indexed scan is not read again.
    # Scans listed as "no text" before OCR existed become "scanned", which is
    # read again as soon as OCR can read it.
    """
    ALTER TABLE problems ADD COLUMN technical TEXT NOT NULL DEFAULT '';
    UPDATE problems SET reason = 'scanned' WHERE reason = 'no text' AND detail LIKE '%probably a scan%';
    ALTER TABLE assets ADD COLUMN scanned_pages TEXT NOT NULL DEFAULT '';
    CREATE TABLE ocr_cache (
        sha256 TEXT NOT NULL,
        page INTEGER NOT NULL,
        languages TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (sha256, page, languages)
    ) WITHOUT ROWID;
    """,
    # 10: brief exports are counted per export (data.export), not per row; the
    # partial index holds those rows with their data, so counting them by team
    # or person reads no table rows (0.18-0.33 s -> 0.03 s at 1M events, docs/benchmarks.md).
    """
    CREATE INDEX events_brief_exports ON events(team, user, ts, asset_path, data, uuid)
        WHERE kind = 'brief_export';
    """,
    # 11: facets without a manifest (library/facets.py): the kind of collateral
    # and the industry, and where each facet value came from (JSON: field →
    # "collateral.csv" or "derived from the folder …"), shown in the window.
    """
    ALTER TABLE assets ADD COLUMN kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE assets ADD COLUMN industry TEXT NOT NULL DEFAULT '';
    ALTER TABLE assets ADD COLUMN facet_sources TEXT NOT NULL DEFAULT '{}';
    """,
    # 12: an old .doc/.ppt in Problems said its fix in "Why" as well as in "What to do";
    # the detail now says only why (extract/legacy.py), for files listed before too.
    """
    UPDATE problems SET detail = 'old Word 97–2003 format (.doc), which cannot be read'
        WHERE reason = 'old format' AND detail LIKE 'old Word format (.doc) — %';
    UPDATE problems SET detail = 'old PowerPoint 97–2003 format (.ppt), which cannot be read'
        WHERE reason = 'old format' AND detail LIKE 'old PowerPoint format (.ppt) — %';
    """,
    # 13: the scorecard of one team asks, per asset, whether that team opened it
    # (in the period, and ever before its end): seeks here instead of reading
    # every open of the asset from the table for its team (docs/benchmarks.md).
    """
    CREATE INDEX events_opens_by_team ON events(asset_path, team, ts) WHERE kind = 'open';
    """,
]
