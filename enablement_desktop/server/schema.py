"""The `enablement` schema on PostgreSQL: versioned migrations, applied by `server init`.

Each migration runs once, in its own transaction, and is recorded in
enablement.schema_migrations; `init` applies the ones a database lacks, so it
is idempotent. Never edit a migration that has shipped: append a new one.

Identity of an event across partitions: PostgreSQL requires a primary key on
a partitioned table to include the partition key, so `events` has
PRIMARY KEY (uuid, ts), which alone would let the same uuid exist twice with
two different times. The uuid registry `event_ids` (uuid PRIMARY KEY, not
partitioned) closes that gap: a statement-level trigger registers every
inserted uuid there, set-based, so a uuid already stored in any partition
fails the whole insert. Writers make that "on conflict (uuid) do nothing" by
dropping known uuids from their staging table first (known_uuids), and retry
the rare batch a concurrent writer raced them to (server/sync.copy_events).
A per-row trigger doing the same cost 2.5x the ingest rate (measured).

Privacy is the database's job (row-level security and SECURITY DEFINER
functions); see docs/scale.md for the model. Identity is session_user (a
login cannot change it; SET ROLE changes current_user only), read through
enablement.login() so that indexes serve it.
"""

from __future__ import annotations

import psycopg

# Cluster-wide group roles (role names are global to a PostgreSQL cluster).
SELLER, MARKETER, ADMIN = "enablement_seller", "enablement_marketer", "enablement_admin"
GROUP_ROLES = {"seller": SELLER, "marketer": MARKETER, "admin": ADMIN}

_ROLES_SQL = "\n".join(
    f"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
        CREATE ROLE {name} NOLOGIN;
    END IF;
END $$;"""
    for name in (SELLER, MARKETER, ADMIN)
)

_V1 = (
    _ROLES_SQL
    + f"""
CREATE TABLE enablement.members (
    login text PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('seller', 'marketer', 'admin')),
    team text NOT NULL DEFAULT '' CHECK (length(team) <= 200),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The organisation-wide privacy switch: one row, changed only by admins.
CREATE TABLE enablement.org_settings (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    per_person_insights boolean NOT NULL DEFAULT false,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL DEFAULT session_user
);
INSERT INTO enablement.org_settings DEFAULT VALUES;

CREATE TABLE enablement.events (
    uuid uuid NOT NULL,
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{{0,39}}$'),
    ts timestamptz NOT NULL,
    "user" text NOT NULL CHECK (length("user") BETWEEN 1 AND 200),
    team text NOT NULL DEFAULT '' CHECK (length(team) <= 200),
    device text NOT NULL CHECK (length(device) BETWEEN 1 AND 200),
    asset_path text NOT NULL DEFAULT '' CHECK (length(asset_path) <= 1000),
    asset_sha256 text NOT NULL DEFAULT '' CHECK (asset_sha256 ~ '^([0-9a-f]{{64}})?$'),
    page bigint CHECK (page >= 1),
    dwell_ms bigint CHECK (dwell_ms >= 0),
    query text CHECK (length(query) <= 10000),
    hits bigint CHECK (hits >= 0),
    rating smallint CHECK (rating BETWEEN 1 AND 5),
    reason text CHECK (length(reason) <= 10000),
    comment text CHECK (length(comment) <= 10000),
    status text CHECK (length(status) <= 10000),
    ref_uuid uuid,
    data jsonb,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (uuid, ts)
) PARTITION BY RANGE (ts);

CREATE INDEX events_user_kind ON enablement.events ("user", kind, ts);
CREATE INDEX events_responses ON enablement.events (ref_uuid) WHERE kind = 'feedback_response';
CREATE INDEX events_send_backs ON enablement.events (ts) WHERE kind = 'send_back';
CREATE INDEX events_page_views ON enablement.events (asset_path, page, dwell_ms)
    WHERE kind = 'page_view';
CREATE INDEX events_ratings ON enablement.events (asset_path, "user", ts) WHERE kind = 'rate';

-- uuid is unique across all partitions: see the module docstring.
CREATE TABLE enablement.event_ids (uuid uuid PRIMARY KEY, ts timestamptz NOT NULL);

CREATE FUNCTION enablement.register_uuids() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- A uuid already stored, in any partition, fails the whole statement
    -- (unique violation): writers drop known uuids first (known_uuids below).
    INSERT INTO enablement.event_ids (uuid, ts) SELECT uuid, ts FROM fresh;
    RETURN NULL;
END $$;
CREATE TRIGGER events_register_uuids AFTER INSERT ON enablement.events
    REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION enablement.register_uuids();

-- Which of these uuids the server already has (and nothing else about them).
CREATE FUNCTION enablement.known_uuids(candidates uuid[]) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.uuid FROM enablement.event_ids r WHERE r.uuid = ANY (candidates)
$$;

-- Events are append-only for everyone, the table owner included. Retention
-- drops whole monthly partitions (docs/scale.md), which this does not block.
CREATE FUNCTION enablement.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: they cannot be updated or deleted'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON enablement.events
    FOR EACH ROW EXECUTE FUNCTION enablement.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON enablement.events
    FOR EACH STATEMENT EXECUTE FUNCTION enablement.refuse_change();

-- Monthly partitions, created on demand (sellers may call this: it only ever
-- creates empty months between 2000 and next month, under a lock).
CREATE FUNCTION enablement.ensure_months(first_ts timestamptz, last_ts timestamptz)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    month date := date_trunc('month', greatest(first_ts, '2000-01-01'::timestamptz) AT TIME ZONE 'UTC');
    stop date := date_trunc('month', least(last_ts, now() + interval '32 days') AT TIME ZONE 'UTC');
    name text;
    made integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('enablement.ensure_months'));
    WHILE month <= stop LOOP
        name := 'events_' || to_char(month, 'YYYY_MM');
        IF to_regclass('enablement.' || name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE enablement.%I PARTITION OF enablement.events '
                'FOR VALUES FROM (%L) TO (%L)',
                name, month::timestamp AT TIME ZONE 'UTC',
                (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
            made := made + 1;
        END IF;
        month := month + interval '1 month';
    END LOOP;
    RETURN made;
END $$;
SELECT enablement.ensure_months(now() - interval '24 months', now() + interval '1 month');

-- The login, as text and as a function the planner can use as an index key
-- (a bare session_user is only ever a filter: a seller's own send-backs took
-- 0.56 s instead of 0.3 ms at 4M events). SECURITY DEFINER keeps it from being
-- inlined; session_user is the login inside it all the same.
CREATE FUNCTION enablement.login() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT session_user::text
$$;

CREATE FUNCTION enablement.my_team() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT team FROM enablement.members WHERE login = enablement.login()
$$;

CREATE FUNCTION enablement.per_person_allowed() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT per_person_insights FROM enablement.org_settings
$$;

ALTER TABLE enablement.events ENABLE ROW LEVEL SECURITY;
-- Sellers and marketers write only in their own name and team, and not from
-- the future (a far-future time would be "the latest" rating forever).
CREATE POLICY own_insert ON enablement.events FOR INSERT TO {SELLER}, {MARKETER}
    WITH CHECK ("user" = enablement.login() AND team = enablement.my_team()
                AND ts <= now() + interval '1 day');
CREATE POLICY own_read ON enablement.events FOR SELECT TO {SELLER}, {MARKETER}
    USING ("user" = enablement.login());
-- Admins load history (import-folder) and may read it; they still cannot
-- change or delete anything (the triggers above).
CREATE POLICY admin_insert ON enablement.events FOR INSERT TO {ADMIN}
    WITH CHECK (ts <= now() + interval '1 day');
CREATE POLICY admin_read ON enablement.events FOR SELECT TO {ADMIN} USING (true);

GRANT USAGE ON SCHEMA enablement TO {SELLER}, {MARKETER}, {ADMIN};
GRANT SELECT, INSERT ON enablement.events TO {SELLER}, {MARKETER}, {ADMIN};
GRANT SELECT ON enablement.org_settings TO {SELLER}, {MARKETER}, {ADMIN};
GRANT UPDATE (per_person_insights, changed_at, changed_by) ON enablement.org_settings TO {ADMIN};
GRANT SELECT ON enablement.members TO {ADMIN};
REVOKE ALL ON FUNCTION enablement.ensure_months(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION enablement.ensure_months(timestamptz, timestamptz)
    TO {SELLER}, {MARKETER}, {ADMIN};

-- A seller's own membership row (to show "signed in as … in team …").
CREATE VIEW enablement.me AS
    SELECT login, role, team FROM enablement.members WHERE login = enablement.login();
GRANT SELECT ON enablement.me TO {SELLER}, {MARKETER}, {ADMIN};

-- Marketing's answers to this login's own send-backs (the view runs as its
-- owner, so it can look past row-level security, and filters by session_user).
CREATE VIEW enablement.my_answers WITH (security_barrier) AS
    SELECT r.* FROM enablement.events r
    WHERE r.kind = 'feedback_response'
      AND r.ref_uuid IN (SELECT s.uuid FROM enablement.events s
                         WHERE s.kind = 'send_back' AND s."user" = enablement.login());
GRANT SELECT ON enablement.my_answers TO {SELLER}, {MARKETER}, {ADMIN};
"""
)

# Roll-ups, kept current by one statement-level trigger per insert (COPY
# included), so the figures never rescan the raw events.
_V2 = f"""
CREATE TABLE enablement.rollup_activity (
    day date NOT NULL, team text NOT NULL, "user" text NOT NULL, kind text NOT NULL,
    n bigint NOT NULL, PRIMARY KEY (day, team, "user", kind)
);
CREATE TABLE enablement.rollup_opens (
    day date NOT NULL, team text NOT NULL, asset_path text NOT NULL,
    n bigint NOT NULL, last_ts timestamptz NOT NULL, PRIMARY KEY (day, asset_path, team)
);
CREATE INDEX rollup_opens_asset ON enablement.rollup_opens (asset_path, team, last_ts);
-- Each person's latest rating per asset (ties on ts broken by the larger uuid).
CREATE TABLE enablement.latest_ratings (
    asset_path text NOT NULL, "user" text NOT NULL, team text NOT NULL,
    rating smallint NOT NULL, comment text, ts timestamptz NOT NULL, uuid uuid NOT NULL,
    PRIMARY KEY (asset_path, "user")
);
CREATE TABLE enablement.rollup_no_hits (
    day date NOT NULL, team text NOT NULL, query text NOT NULL, "user" text NOT NULL,
    n bigint NOT NULL, last_ts timestamptz NOT NULL, PRIMARY KEY (day, team, query, "user")
);

CREATE FUNCTION enablement.normalise_query(q text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(lower(coalesce(q, '')), '\\s+', ' ', 'g'))
$$;

CREATE FUNCTION enablement.roll_up() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO enablement.rollup_activity AS r (day, team, "user", kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, "user", kind, count(*)
        FROM fresh GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, "user", kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.rollup_opens AS r (day, team, asset_path, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2, 3
    ON CONFLICT (day, asset_path, team) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.latest_ratings AS r
        SELECT DISTINCT ON (asset_path, "user")
               asset_path, "user", team, rating, comment, ts, uuid
        FROM fresh WHERE kind = 'rate' AND rating IS NOT NULL
        ORDER BY asset_path, "user", ts DESC, uuid DESC
    ON CONFLICT (asset_path, "user") DO UPDATE
        SET team = excluded.team, rating = excluded.rating, comment = excluded.comment,
            ts = excluded.ts, uuid = excluded.uuid
        WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid);

    INSERT INTO enablement.rollup_no_hits AS r (day, team, query, "user", n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, enablement.normalise_query(query), "user",
               count(*), max(ts)
        FROM fresh WHERE kind = 'search' AND hits = 0 AND query IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, query, "user") DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);
    RETURN NULL;
END $$;
CREATE TRIGGER events_roll_up AFTER INSERT ON enablement.events
    REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION enablement.roll_up();

-- What everyone may see: per asset, the average of each person's latest
-- rating and the number of opens. No names, no teams.
CREATE VIEW enablement.asset_stats AS
    SELECT coalesce(r.asset_path, o.asset_path) AS asset_path,
           r.avg_rating, coalesce(r.ratings, 0) AS ratings, coalesce(o.opens, 0) AS opens
    FROM (SELECT asset_path, avg(rating)::float8 AS avg_rating, count(*) AS ratings
          FROM enablement.latest_ratings GROUP BY asset_path) r
    FULL JOIN (SELECT asset_path, sum(n) AS opens FROM enablement.rollup_opens
               GROUP BY asset_path) o ON o.asset_path = r.asset_path;
GRANT SELECT ON enablement.asset_stats TO {SELLER}, {MARKETER}, {ADMIN};
"""

# The marketer's figures, computed on the server. Each is a SECURITY DEFINER
# function granted to marketers and admins only: it reads past row-level
# security but returns only team-level figures, and names only when the
# organisation switch is on and the caller is a marketer. Filters: NULL = all.
_V3 = f"""
CREATE INDEX events_opens ON enablement.events (ts, asset_path, team) WHERE kind = 'open';

CREATE FUNCTION enablement.names_visible() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT per_person_insights AND pg_has_role(session_user, '{MARKETER}', 'MEMBER')
    FROM enablement.org_settings
$$;

CREATE FUNCTION enablement.figures_opens_daily(
    p_since date, p_until date, p_team text, p_paths text[])
RETURNS TABLE (day date, asset_path text, n bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.day, r.asset_path, sum(r.n)::bigint FROM enablement.rollup_opens r
    WHERE (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
      AND (p_team IS NULL OR r.team = p_team)
      AND (p_paths IS NULL OR r.asset_path = ANY (p_paths))
    GROUP BY r.day, r.asset_path
$$;

CREATE FUNCTION enablement.figures_opens_per_asset(
    p_since date, p_until date, p_team text, p_paths text[])
RETURNS TABLE (asset_path text, n bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.asset_path, sum(r.n)::bigint FROM enablement.rollup_opens r
    WHERE (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
      AND (p_team IS NULL OR r.team = p_team)
      AND (p_paths IS NULL OR r.asset_path = ANY (p_paths))
    GROUP BY r.asset_path
$$;

-- Last open before p_now per asset: whole days from the roll-up, the day of
-- p_now itself from the raw opens (a later open that day must not hide it).
CREATE FUNCTION enablement.figures_last_open(p_now timestamptz, p_team text)
RETURNS TABLE (asset_path text, last_ts timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT asset_path, max(last_ts) FROM (
        SELECT r.asset_path, max(r.last_ts) AS last_ts FROM enablement.rollup_opens r
        WHERE r.day < (p_now AT TIME ZONE 'UTC')::date AND (p_team IS NULL OR r.team = p_team)
        GROUP BY r.asset_path
        UNION ALL
        SELECT e.asset_path, max(e.ts) FROM enablement.events e
        WHERE e.kind = 'open' AND e.ts >= date_trunc('day', p_now AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
          AND e.ts < p_now AND (p_team IS NULL OR e.team = p_team)
        GROUP BY e.asset_path
    ) both_parts GROUP BY asset_path
$$;

-- Each person's latest rating per asset within the filters (the roll-up when unfiltered).
CREATE FUNCTION enablement.latest_ratings_in(p_since date, p_until date, p_team text)
RETURNS TABLE (asset_path text, "user" text, team text, rating smallint, comment text,
               ts timestamptz, uuid uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT l.asset_path, l."user", l.team, l.rating, l.comment, l.ts, l.uuid
    FROM enablement.latest_ratings l
    WHERE p_since IS NULL AND p_until IS NULL AND p_team IS NULL
    UNION ALL
    SELECT * FROM (
        SELECT DISTINCT ON (e.asset_path, e."user")
               e.asset_path, e."user", e.team, e.rating, e.comment, e.ts, e.uuid
        FROM enablement.events e
        WHERE e.kind = 'rate' AND e.rating IS NOT NULL
          AND NOT (p_since IS NULL AND p_until IS NULL AND p_team IS NULL)
          AND (p_since IS NULL OR e.ts >= p_since::timestamp AT TIME ZONE 'UTC')
          AND (p_until IS NULL OR e.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
          AND (p_team IS NULL OR e.team = p_team)
        ORDER BY e.asset_path, e."user", e.ts DESC, e.uuid DESC
    ) filtered
$$;
REVOKE ALL ON FUNCTION enablement.latest_ratings_in(date, date, text) FROM PUBLIC;

CREATE FUNCTION enablement.figures_ratings(p_since date, p_until date, p_team text)
RETURNS TABLE (asset_path text, avg_rating float8, ratings bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT asset_path, avg(rating)::float8, count(*)
    FROM enablement.latest_ratings_in(p_since, p_until, p_team) GROUP BY asset_path
$$;

CREATE FUNCTION enablement.figures_rating_comments(p_since date, p_until date, p_team text)
RETURNS TABLE (asset_path text, rating smallint, comment text, ts text, team text, "user" text,
               uuid text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT l.asset_path, l.rating, l.comment,
           to_char(l.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), l.team,
           CASE WHEN enablement.names_visible() THEN l."user" ELSE '' END, l.uuid::text
    FROM enablement.latest_ratings_in(p_since, p_until, p_team) l
    WHERE btrim(coalesce(l.comment, '')) <> ''
$$;

CREATE FUNCTION enablement.figures_send_backs(p_since date, p_until date, p_team text)
RETURNS TABLE (uuid text, ts text, asset_path text, asset_sha256 text, reason text,
               comment text, team text, "user" text, status text, response text,
               response_ts text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.uuid::text, to_char(s.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           s.asset_path, s.asset_sha256, coalesce(s.reason, ''), coalesce(s.comment, ''), s.team,
           CASE WHEN enablement.names_visible() THEN s."user" ELSE '' END,
           coalesce(r.status, 'new'), coalesce(r.comment, ''),
           coalesce(to_char(r.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')
    FROM enablement.events s
    LEFT JOIN LATERAL (
        SELECT x.status, x.comment, x.ts FROM enablement.events x
        WHERE x.kind = 'feedback_response' AND x.ref_uuid = s.uuid
        ORDER BY x.ts DESC, x.uuid DESC LIMIT 1
    ) r ON true
    WHERE s.kind = 'send_back'
      AND (p_since IS NULL OR s.ts >= p_since::timestamp AT TIME ZONE 'UTC')
      AND (p_until IS NULL OR s.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
      AND (p_team IS NULL OR s.team = p_team)
$$;

CREATE FUNCTION enablement.figures_content_requests(p_since date, p_until date, p_team text)
RETURNS TABLE (query text, searches bigint, people bigint, last_searched text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.query, sum(r.n)::bigint, count(DISTINCT r."user"),
           to_char(max(r.last_ts) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    FROM enablement.rollup_no_hits r
    WHERE r.query <> ''
      AND (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
      AND (p_team IS NULL OR r.team = p_team)
    GROUP BY r.query
$$;

-- Activity per team, or per person when asked, allowed, and the caller is a
-- marketer: otherwise the database refuses.
CREATE FUNCTION enablement.figures_activity(
    p_since date, p_until date, p_team text, p_paths text[], p_per_person boolean)
RETURNS TABLE (grp text, people bigint, opens bigint, page_views bigint, searches bigint,
               ratings bigint, send_backs bigint, brief_exports bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_per_person AND NOT enablement.names_visible() THEN
        RAISE EXCEPTION 'per-person figures are off for this organisation (or you are not a marketer)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    WITH counts AS (
        SELECT r.team, r."user", r.kind, sum(r.n)::bigint AS n FROM enablement.rollup_activity r
        WHERE p_paths IS NULL
          AND (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
          AND (p_team IS NULL OR r.team = p_team)
        GROUP BY 1, 2, 3
        UNION ALL
        SELECT e.team, e."user", e.kind, count(*) FROM enablement.events e
        WHERE p_paths IS NOT NULL AND e.asset_path = ANY (p_paths)
          AND (p_since IS NULL OR e.ts >= p_since::timestamp AT TIME ZONE 'UTC')
          AND (p_until IS NULL OR e.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
          AND (p_team IS NULL OR e.team = p_team)
        GROUP BY 1, 2, 3
    )
    SELECT CASE WHEN p_per_person THEN c."user" ELSE coalesce(nullif(c.team, ''), '(no team)') END,
           count(DISTINCT c."user"),
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'open'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'page_view'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'search'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'rate'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'send_back'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'brief_export'), 0)::bigint
    FROM counts c
    WHERE c.kind IN ('open', 'page_view', 'search', 'rate', 'send_back', 'brief_export')
    GROUP BY 1;
END $$;

CREATE FUNCTION enablement.figures_page_stats(
    p_path text, p_since date, p_until date, p_team text)
RETURNS TABLE (page bigint, views bigint, total_dwell_ms bigint, median_dwell_ms float8,
               avg_dwell_ms float8)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT e.page, count(*), coalesce(sum(e.dwell_ms), 0)::bigint,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY e.dwell_ms),
           avg(e.dwell_ms)::float8
    FROM enablement.events e
    WHERE e.kind = 'page_view' AND e.asset_path = p_path AND e.page IS NOT NULL
      AND (p_since IS NULL OR e.ts >= p_since::timestamp AT TIME ZONE 'UTC')
      AND (p_until IS NULL OR e.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
      AND (p_team IS NULL OR e.team = p_team)
    GROUP BY e.page
$$;

DO $$
DECLARE f text;
BEGIN
    FOR f IN SELECT p.oid::regprocedure::text FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'enablement' AND p.proname LIKE 'figures\\_%'
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO {MARKETER}, {ADMIN}', f);
    END LOOP;
END $$;
"""

# Measured with bench/pg_usage.py at 1M events, then: the send-back queue
# (0.64 s, a lookup per send-back in every partition) and activity by team
# (0.5 s, growing with days × people) read new roll-ups instead; activity
# counts brief exports, not their rows (one export writes a row per asset, as
# the local figure counts since the campaign-notes change); zero-hit queries
# fold ß and final sigma like Python's casefold.
_V4 = """
CREATE TABLE enablement.rollup_brief_exports (
    day date NOT NULL, team text NOT NULL, "user" text NOT NULL, export_id text NOT NULL,
    PRIMARY KEY (day, team, "user", export_id)
);
INSERT INTO enablement.rollup_brief_exports
    SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, team, "user", coalesce(data ->> 'export', uuid::text)
    FROM enablement.events WHERE kind = 'brief_export'
ON CONFLICT DO NOTHING;

-- The latest answer to each send-back (ties on ts broken by the larger uuid).
CREATE TABLE enablement.latest_responses (
    ref_uuid uuid PRIMARY KEY, status text, comment text, ts timestamptz NOT NULL, uuid uuid NOT NULL
);
INSERT INTO enablement.latest_responses
    SELECT DISTINCT ON (ref_uuid) ref_uuid, status, comment, ts, uuid FROM enablement.events
    WHERE kind = 'feedback_response' AND ref_uuid IS NOT NULL
    ORDER BY ref_uuid, ts DESC, uuid DESC;

CREATE TABLE enablement.rollup_team_activity (
    day date NOT NULL, team text NOT NULL, kind text NOT NULL, n bigint NOT NULL,
    PRIMARY KEY (day, team, kind)
);
INSERT INTO enablement.rollup_team_activity
    SELECT day, team, kind, sum(n) FROM enablement.rollup_activity GROUP BY 1, 2, 3;
-- Who was ever active in which team; people in a window = those with a day in it.
CREATE TABLE enablement.team_people (team text NOT NULL, "user" text NOT NULL, PRIMARY KEY (team, "user"));
INSERT INTO enablement.team_people SELECT DISTINCT team, "user" FROM enablement.rollup_activity;
CREATE INDEX rollup_activity_person ON enablement.rollup_activity (team, "user", day);

CREATE OR REPLACE FUNCTION enablement.normalise_query(q text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(
        replace(replace(lower(coalesce(q, '')), 'ß', 'ss'), 'ς', 'σ'), '\\s+', ' ', 'g'))
$$;
TRUNCATE enablement.rollup_no_hits;
INSERT INTO enablement.rollup_no_hits
    SELECT (ts AT TIME ZONE 'UTC')::date, team, enablement.normalise_query(query), "user",
           count(*), max(ts)
    FROM enablement.events WHERE kind = 'search' AND hits = 0 AND query IS NOT NULL
    GROUP BY 1, 2, 3, 4;

CREATE OR REPLACE FUNCTION enablement.roll_up() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO enablement.rollup_activity AS r (day, team, "user", kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, "user", kind, count(*)
        FROM fresh GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, "user", kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.rollup_team_activity AS r (day, team, kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, kind, count(*) FROM fresh GROUP BY 1, 2, 3
    ON CONFLICT (day, team, kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.team_people (team, "user")
        SELECT DISTINCT team, "user" FROM fresh
    ON CONFLICT DO NOTHING;

    INSERT INTO enablement.rollup_opens AS r (day, team, asset_path, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2, 3
    ON CONFLICT (day, asset_path, team) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.latest_ratings AS r
        SELECT DISTINCT ON (asset_path, "user")
               asset_path, "user", team, rating, comment, ts, uuid
        FROM fresh WHERE kind = 'rate' AND rating IS NOT NULL
        ORDER BY asset_path, "user", ts DESC, uuid DESC
    ON CONFLICT (asset_path, "user") DO UPDATE
        SET team = excluded.team, rating = excluded.rating, comment = excluded.comment,
            ts = excluded.ts, uuid = excluded.uuid
        WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid);

    INSERT INTO enablement.latest_responses AS r
        SELECT DISTINCT ON (ref_uuid) ref_uuid, status, comment, ts, uuid
        FROM fresh WHERE kind = 'feedback_response' AND ref_uuid IS NOT NULL
        ORDER BY ref_uuid, ts DESC, uuid DESC
    ON CONFLICT (ref_uuid) DO UPDATE
        SET status = excluded.status, comment = excluded.comment, ts = excluded.ts,
            uuid = excluded.uuid
        WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid);

    INSERT INTO enablement.rollup_no_hits AS r (day, team, query, "user", n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, enablement.normalise_query(query), "user",
               count(*), max(ts)
        FROM fresh WHERE kind = 'search' AND hits = 0 AND query IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, query, "user") DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.rollup_brief_exports (day, team, "user", export_id)
        SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, team, "user",
               coalesce(data ->> 'export', uuid::text)
        FROM fresh WHERE kind = 'brief_export'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION enablement.figures_send_backs(p_since date, p_until date, p_team text)
RETURNS TABLE (uuid text, ts text, asset_path text, asset_sha256 text, reason text,
               comment text, team text, "user" text, status text, response text,
               response_ts text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.uuid::text, to_char(s.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           s.asset_path, s.asset_sha256, coalesce(s.reason, ''), coalesce(s.comment, ''), s.team,
           CASE WHEN enablement.names_visible() THEN s."user" ELSE '' END,
           coalesce(r.status, 'new'), coalesce(r.comment, ''),
           coalesce(to_char(r.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')
    FROM enablement.events s
    LEFT JOIN enablement.latest_responses r ON r.ref_uuid = s.uuid
    WHERE s.kind = 'send_back'
      AND (p_since IS NULL OR s.ts >= p_since::timestamp AT TIME ZONE 'UTC')
      AND (p_until IS NULL OR s.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
      AND (p_team IS NULL OR s.team = p_team)
$$;

-- Activity per team (or per person when asked, allowed, and the caller is a
-- marketer: otherwise the database refuses). Team figures read the small
-- team roll-up; per person and the product/persona filter read larger ones.
CREATE OR REPLACE FUNCTION enablement.figures_activity(
    p_since date, p_until date, p_team text, p_paths text[], p_per_person boolean)
RETURNS TABLE (grp text, people bigint, opens bigint, page_views bigint, searches bigint,
               ratings bigint, send_backs bigint, brief_exports bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    counted CONSTANT text[] := ARRAY['open', 'page_view', 'search', 'rate', 'send_back', 'brief_export'];
    first_day CONSTANT date := coalesce(p_since, '-infinity'::date);
    last_day CONSTANT date := coalesce(p_until, 'infinity'::date);
BEGIN
    IF p_per_person AND NOT enablement.names_visible() THEN
        RAISE EXCEPTION 'per-person figures are off for this organisation (or you are not a marketer)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS activity_counts (g text, "user" text, kind text, n bigint)
        ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS activity_exports (g text, export_id text) ON COMMIT DROP;
    TRUNCATE activity_counts, activity_exports;
    IF p_paths IS NULL AND NOT p_per_person THEN
        INSERT INTO activity_counts
            SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
            FROM enablement.rollup_team_activity r
            WHERE r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted)
              AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 3;
        INSERT INTO activity_counts
            SELECT coalesce(nullif(t.team, ''), '(no team)'), t."user", '', 0
            FROM enablement.team_people t
            WHERE (p_team IS NULL OR t.team = p_team)
              AND EXISTS (SELECT 1 FROM enablement.rollup_activity r
                          WHERE r.team = t.team AND r."user" = t."user"
                            AND r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted));
    ELSIF p_paths IS NULL THEN
        INSERT INTO activity_counts
            SELECT r."user", r."user", r.kind, sum(r.n) FROM enablement.rollup_activity r
            WHERE r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted)
              AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO activity_counts
            SELECT CASE WHEN p_per_person THEN e."user" ELSE coalesce(nullif(e.team, ''), '(no team)') END,
                   e."user", e.kind, count(*)
            FROM enablement.events e
            WHERE e.asset_path = ANY (p_paths) AND e.kind = ANY (counted)
              AND e.ts >= coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity')
              AND e.ts < coalesce((p_until + 1)::timestamp AT TIME ZONE 'UTC', 'infinity')
              AND (p_team IS NULL OR e.team = p_team)
            GROUP BY 1, 2, 3;
    END IF;
    IF p_paths IS NULL THEN
        INSERT INTO activity_exports
            SELECT DISTINCT CASE WHEN p_per_person THEN b."user"
                                 ELSE coalesce(nullif(b.team, ''), '(no team)') END, b.export_id
            FROM enablement.rollup_brief_exports b
            WHERE b.day BETWEEN first_day AND last_day AND (p_team IS NULL OR b.team = p_team);
    ELSE
        INSERT INTO activity_exports
            SELECT DISTINCT CASE WHEN p_per_person THEN e."user"
                                 ELSE coalesce(nullif(e.team, ''), '(no team)') END,
                   coalesce(e.data ->> 'export', e.uuid::text)
            FROM enablement.events e
            WHERE e.kind = 'brief_export' AND e.asset_path = ANY (p_paths)
              AND e.ts >= coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity')
              AND e.ts < coalesce((p_until + 1)::timestamp AT TIME ZONE 'UTC', 'infinity')
              AND (p_team IS NULL OR e.team = p_team);
    END IF;
    RETURN QUERY
    SELECT c.g, count(DISTINCT c."user"),
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'open'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'page_view'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'search'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'rate'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'send_back'), 0)::bigint,
           (SELECT count(*) FROM activity_exports x WHERE x.g = c.g)
    FROM activity_counts c GROUP BY c.g;
END $$;
"""

# Measured at 1M events (36 days) under load: coverage 0.43 s and unused
# 0.23 s summed the per-team daily opens, which grow with days × assets ×
# teams. Without a team filter they now read per-asset daily opens (20x fewer
# rows here); with one, an index on (team, day) reads that team's rows only.
_V5 = """
CREATE TABLE enablement.rollup_asset_opens (
    day date NOT NULL, asset_path text NOT NULL, n bigint NOT NULL, last_ts timestamptz NOT NULL,
    PRIMARY KEY (day, asset_path)
);
INSERT INTO enablement.rollup_asset_opens
    SELECT day, asset_path, sum(n), max(last_ts) FROM enablement.rollup_opens GROUP BY 1, 2;
CREATE INDEX rollup_opens_team_day ON enablement.rollup_opens (team, day);

CREATE OR REPLACE FUNCTION enablement.roll_up() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO enablement.rollup_activity AS r (day, team, "user", kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, "user", kind, count(*)
        FROM fresh GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, "user", kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.rollup_team_activity AS r (day, team, kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, kind, count(*) FROM fresh GROUP BY 1, 2, 3
    ON CONFLICT (day, team, kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.team_people (team, "user")
        SELECT DISTINCT team, "user" FROM fresh
    ON CONFLICT DO NOTHING;

    INSERT INTO enablement.rollup_opens AS r (day, team, asset_path, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2, 3
    ON CONFLICT (day, asset_path, team) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.rollup_asset_opens AS r (day, asset_path, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2
    ON CONFLICT (day, asset_path) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.latest_ratings AS r
        SELECT DISTINCT ON (asset_path, "user")
               asset_path, "user", team, rating, comment, ts, uuid
        FROM fresh WHERE kind = 'rate' AND rating IS NOT NULL
        ORDER BY asset_path, "user", ts DESC, uuid DESC
    ON CONFLICT (asset_path, "user") DO UPDATE
        SET team = excluded.team, rating = excluded.rating, comment = excluded.comment,
            ts = excluded.ts, uuid = excluded.uuid
        WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid);

    INSERT INTO enablement.latest_responses AS r
        SELECT DISTINCT ON (ref_uuid) ref_uuid, status, comment, ts, uuid
        FROM fresh WHERE kind = 'feedback_response' AND ref_uuid IS NOT NULL
        ORDER BY ref_uuid, ts DESC, uuid DESC
    ON CONFLICT (ref_uuid) DO UPDATE
        SET status = excluded.status, comment = excluded.comment, ts = excluded.ts,
            uuid = excluded.uuid
        WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid);

    INSERT INTO enablement.rollup_no_hits AS r (day, team, query, "user", n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, enablement.normalise_query(query), "user",
               count(*), max(ts)
        FROM fresh WHERE kind = 'search' AND hits = 0 AND query IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, query, "user") DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.rollup_brief_exports (day, team, "user", export_id)
        SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, team, "user",
               coalesce(data ->> 'export', uuid::text)
        FROM fresh WHERE kind = 'brief_export'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION enablement.figures_opens_daily(
    p_since date, p_until date, p_team text, p_paths text[])
RETURNS TABLE (day date, asset_path text, n bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.day, r.asset_path, r.n FROM enablement.rollup_asset_opens r
    WHERE p_team IS NULL
      AND (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
      AND (p_paths IS NULL OR r.asset_path = ANY (p_paths))
    UNION ALL
    SELECT r.day, r.asset_path, sum(r.n)::bigint FROM enablement.rollup_opens r
    WHERE p_team IS NOT NULL AND r.team = p_team
      AND (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
      AND (p_paths IS NULL OR r.asset_path = ANY (p_paths))
    GROUP BY r.day, r.asset_path
$$;

CREATE OR REPLACE FUNCTION enablement.figures_opens_per_asset(
    p_since date, p_until date, p_team text, p_paths text[])
RETURNS TABLE (asset_path text, n bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT d.asset_path, sum(d.n)::bigint
    FROM enablement.figures_opens_daily(p_since, p_until, p_team, p_paths) d
    GROUP BY d.asset_path
$$;

CREATE OR REPLACE FUNCTION enablement.figures_last_open(p_now timestamptz, p_team text)
RETURNS TABLE (asset_path text, last_ts timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT asset_path, max(last_ts) FROM (
        SELECT r.asset_path, max(r.last_ts) AS last_ts FROM enablement.rollup_asset_opens r
        WHERE p_team IS NULL AND r.day < (p_now AT TIME ZONE 'UTC')::date
        GROUP BY r.asset_path
        UNION ALL
        SELECT r.asset_path, max(r.last_ts) FROM enablement.rollup_opens r
        WHERE p_team IS NOT NULL AND r.team = p_team AND r.day < (p_now AT TIME ZONE 'UTC')::date
        GROUP BY r.asset_path
        UNION ALL
        SELECT e.asset_path, max(e.ts) FROM enablement.events e
        WHERE e.kind = 'open' AND e.ts >= date_trunc('day', p_now AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
          AND e.ts < p_now AND (p_team IS NULL OR e.team = p_team)
        GROUP BY e.asset_path
    ) parts GROUP BY asset_path
$$;
"""

# Measured on a 5,000-event laptop push at 3.4M events: the pull of
# my_answers took 0.55 s (the planner read every send-back through the (ts)
# index and filtered by name, or hashed every answer) and known_uuids 0.22 s;
# both now probe an index per row of the small side.
_V6 = """
-- Per login first: a seller's own send-backs are a few index entries, where
-- the (ts) index made the planner read every send-back and filter by name.
DROP INDEX enablement.events_send_backs;
CREATE INDEX events_send_backs ON enablement.events ("user", ts) WHERE kind = 'send_back';

CREATE OR REPLACE FUNCTION enablement.known_uuids(candidates uuid[]) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.uuid FROM unnest(candidates) AS c(uuid)
    JOIN enablement.event_ids r ON r.uuid = c.uuid
$$;

-- Own send-backs first, then their answers by uuid: a plan the planner cannot
-- turn around (as a join it hashed every answer in every partition).
CREATE FUNCTION enablement.answers_to_me() RETURNS SETOF enablement.events
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    mine uuid[];
BEGIN
    SELECT array_agg(s.uuid) INTO mine FROM enablement.events s
    WHERE s.kind = 'send_back' AND s."user" = enablement.login();
    IF mine IS NOT NULL THEN
        RETURN QUERY SELECT r.* FROM enablement.events r
                     WHERE r.kind = 'feedback_response' AND r.ref_uuid = ANY (mine);
    END IF;
END $$;
CREATE OR REPLACE VIEW enablement.my_answers AS SELECT * FROM enablement.answers_to_me();
"""

# Measured at 10M events: "ratings per asset" (1.6 s) and the sellers'
# asset_stats view (0.86 s) averaged 250k latest ratings on every call. A
# per-asset sum and count of the latest ratings, kept by the roll-up trigger
# (a newer rating by the same person adds the difference), answers both from
# one row per asset. Dated or team-filtered ratings still read the raw ones.
# Two devices of one person rating one asset in the same instant could make
# the sum drift by that one rating; `server init` never rebuilds it, but
# `SELECT enablement.rebuild_asset_ratings()` does.
_V7 = """
CREATE TABLE enablement.rollup_asset_ratings (
    asset_path text PRIMARY KEY, total bigint NOT NULL, n bigint NOT NULL
);

CREATE FUNCTION enablement.rebuild_asset_ratings() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DELETE FROM enablement.rollup_asset_ratings;
    INSERT INTO enablement.rollup_asset_ratings
        SELECT asset_path, sum(rating), count(*) FROM enablement.latest_ratings GROUP BY asset_path;
    SELECT count(*) FROM enablement.rollup_asset_ratings;
$$;
REVOKE ALL ON FUNCTION enablement.rebuild_asset_ratings() FROM PUBLIC;
SELECT enablement.rebuild_asset_ratings();

CREATE OR REPLACE FUNCTION enablement.roll_up() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO enablement.rollup_activity AS r (day, team, "user", kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, "user", kind, count(*)
        FROM fresh GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, "user", kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.rollup_team_activity AS r (day, team, kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, kind, count(*) FROM fresh GROUP BY 1, 2, 3
    ON CONFLICT (day, team, kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.team_people (team, "user")
        SELECT DISTINCT team, "user" FROM fresh
    ON CONFLICT DO NOTHING;

    INSERT INTO enablement.rollup_opens AS r (day, team, asset_path, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2, 3
    ON CONFLICT (day, asset_path, team) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.rollup_asset_opens AS r (day, asset_path, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2
    ON CONFLICT (day, asset_path) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    -- Each person's latest rating per asset, and per asset the running sum
    -- and count of those latest ratings: a newer rating adds its difference.
    WITH incoming AS (
        SELECT DISTINCT ON (asset_path, "user")
               asset_path, "user", team, rating, comment, ts, uuid
        FROM fresh WHERE kind = 'rate' AND rating IS NOT NULL
        ORDER BY asset_path, "user", ts DESC, uuid DESC
    ), winners AS (
        SELECT i.*, l.rating AS old_rating
        FROM incoming i
        LEFT JOIN enablement.latest_ratings l ON l.asset_path = i.asset_path AND l."user" = i."user"
        WHERE l.ts IS NULL OR (i.ts, i.uuid) > (l.ts, l.uuid)
    ), stored AS (
        INSERT INTO enablement.latest_ratings AS r
            SELECT asset_path, "user", team, rating, comment, ts, uuid FROM winners
        ON CONFLICT (asset_path, "user") DO UPDATE
            SET team = excluded.team, rating = excluded.rating, comment = excluded.comment,
                ts = excluded.ts, uuid = excluded.uuid
            WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid)
    )
    INSERT INTO enablement.rollup_asset_ratings AS r (asset_path, total, n)
        SELECT asset_path, sum(rating - coalesce(old_rating, 0)), count(*) FILTER (WHERE old_rating IS NULL)
        FROM winners GROUP BY asset_path
    ON CONFLICT (asset_path) DO UPDATE SET total = r.total + excluded.total, n = r.n + excluded.n;

    INSERT INTO enablement.latest_responses AS r
        SELECT DISTINCT ON (ref_uuid) ref_uuid, status, comment, ts, uuid
        FROM fresh WHERE kind = 'feedback_response' AND ref_uuid IS NOT NULL
        ORDER BY ref_uuid, ts DESC, uuid DESC
    ON CONFLICT (ref_uuid) DO UPDATE
        SET status = excluded.status, comment = excluded.comment, ts = excluded.ts,
            uuid = excluded.uuid
        WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid);

    INSERT INTO enablement.rollup_no_hits AS r (day, team, query, "user", n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, enablement.normalise_query(query), "user",
               count(*), max(ts)
        FROM fresh WHERE kind = 'search' AND hits = 0 AND query IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, query, "user") DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.rollup_brief_exports (day, team, "user", export_id)
        SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, team, "user",
               coalesce(data ->> 'export', uuid::text)
        FROM fresh WHERE kind = 'brief_export'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION enablement.figures_ratings(p_since date, p_until date, p_team text)
RETURNS TABLE (asset_path text, avg_rating float8, ratings bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.asset_path, r.total::float8 / r.n, r.n FROM enablement.rollup_asset_ratings r
    WHERE r.n > 0 AND p_since IS NULL AND p_until IS NULL AND p_team IS NULL
    UNION ALL
    SELECT asset_path, avg(rating)::float8, count(*)
    FROM enablement.latest_ratings_in(p_since, p_until, p_team)
    WHERE NOT (p_since IS NULL AND p_until IS NULL AND p_team IS NULL)
    GROUP BY asset_path
$$;

CREATE OR REPLACE VIEW enablement.asset_stats AS
    SELECT coalesce(r.asset_path, o.asset_path) AS asset_path,
           r.avg_rating, coalesce(r.ratings, 0) AS ratings, coalesce(o.opens, 0) AS opens
    FROM (SELECT asset_path, total::float8 / n AS avg_rating, n AS ratings
          FROM enablement.rollup_asset_ratings WHERE n > 0) r
    FULL JOIN (SELECT asset_path, sum(n) AS opens FROM enablement.rollup_asset_opens
               GROUP BY asset_path) o ON o.asset_path = r.asset_path;
"""

# Measured with bench/pg_usage.py at 10M events (a loaded machine): coverage
# 1.3 s, activity by team 1.6 s, dated ratings 3.7 s, rating comments 2.3 s,
# the send-back queue 2.8 s (all 50,000 returned), the page heatmap 4.0 s
# and activity for one product 11.2 s. Each now reads a roll-up that grows
# with the calendar and the library, not the events (docs/scale.md):
# - opens per asset per month (coverage, unused, the sellers' view read
#   whole months from it and only the edge days from the daily roll-up);
# - each person's latest rating per asset *and team*, and per day the sums of
#   the latest ratings, overall and per team: "since" and team filters read
#   them (a person's latest rating since D is their latest rating, if it is
#   on or after D); "until" still reads the raw ratings;
# - the send-back queue as a table with its current status, paged in the
#   order the window shows it (open first, newest first);
# - a per-(asset, page, second of dwell) histogram: the page heatmap's counts
#   and means from it, the exact median from one seek into the raw views of
#   the bucket that holds it;
# - per (asset, day, team, kind) counts, who was active on which asset, and
#   which brief exports held which asset: product/persona filtered activity.
_V8_ROLL_UP = """
CREATE OR REPLACE FUNCTION enablement.roll_up() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO enablement.rollup_activity AS r (day, team, "user", kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, "user", kind, count(*)
        FROM fresh GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, "user", kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.rollup_team_activity AS r (day, team, kind, n)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, kind, count(*) FROM fresh GROUP BY 1, 2, 3
    ON CONFLICT (day, team, kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.team_people (team, "user")
        SELECT DISTINCT team, "user" FROM fresh
    ON CONFLICT DO NOTHING;

    INSERT INTO enablement.rollup_opens AS r (day, team, asset_path, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2, 3
    ON CONFLICT (day, asset_path, team) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.rollup_asset_opens AS r (day, asset_path, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2
    ON CONFLICT (day, asset_path) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.rollup_asset_opens_weekly AS r (week, asset_path, n)
        SELECT date_trunc('week', ts AT TIME ZONE 'UTC')::date, asset_path, count(*)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2
    ON CONFLICT (week, asset_path) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.rollup_asset_opens_monthly AS r (month, asset_path, n, last_ts)
        SELECT date_trunc('month', ts AT TIME ZONE 'UTC')::date, asset_path, count(*), max(ts)
        FROM fresh WHERE kind = 'open' GROUP BY 1, 2
    ON CONFLICT (month, asset_path) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    -- Each person's latest rating per asset; per asset the running sum and
    -- count of those; per day the same sums (a newer rating moves a person's
    -- rating from the day of the old one to its own day).
    WITH incoming AS (
        SELECT DISTINCT ON (asset_path, "user")
               asset_path, "user", team, rating, comment, ts, uuid
        FROM fresh WHERE kind = 'rate' AND rating IS NOT NULL
        ORDER BY asset_path, "user", ts DESC, uuid DESC
    ), winners AS (
        SELECT i.*, l.rating AS old_rating, l.ts AS old_ts
        FROM incoming i
        LEFT JOIN enablement.latest_ratings l ON l.asset_path = i.asset_path AND l."user" = i."user"
        WHERE l.ts IS NULL OR (i.ts, i.uuid) > (l.ts, l.uuid)
    ), stored AS (
        INSERT INTO enablement.latest_ratings AS r
            SELECT asset_path, "user", team, rating, comment, ts, uuid FROM winners
        ON CONFLICT (asset_path, "user") DO UPDATE
            SET team = excluded.team, rating = excluded.rating, comment = excluded.comment,
                ts = excluded.ts, uuid = excluded.uuid
            WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid)
    ), sums AS (
        INSERT INTO enablement.rollup_asset_ratings AS r (asset_path, total, n)
            SELECT asset_path, sum(rating - coalesce(old_rating, 0)), count(*) FILTER (WHERE old_rating IS NULL)
            FROM winners GROUP BY asset_path
        ON CONFLICT (asset_path) DO UPDATE SET total = r.total + excluded.total, n = r.n + excluded.n
    )
    INSERT INTO enablement.rollup_rating_days AS r (day, asset_path, total, n)
        SELECT day, asset_path, sum(total), sum(n) FROM (
            SELECT (ts AT TIME ZONE 'UTC')::date AS day, asset_path, rating::bigint AS total, 1 AS n
            FROM winners
            UNION ALL
            SELECT (old_ts AT TIME ZONE 'UTC')::date, asset_path, -old_rating::bigint, -1
            FROM winners WHERE old_rating IS NOT NULL
        ) moves GROUP BY 1, 2
    ON CONFLICT (day, asset_path) DO UPDATE SET total = r.total + excluded.total, n = r.n + excluded.n;

    -- The same per team (a person who changed teams has a latest rating in each).
    WITH incoming AS (
        SELECT DISTINCT ON (team, asset_path, "user")
               team, asset_path, "user", rating, comment, ts, uuid
        FROM fresh WHERE kind = 'rate' AND rating IS NOT NULL
        ORDER BY team, asset_path, "user", ts DESC, uuid DESC
    ), winners AS (
        SELECT i.*, l.rating AS old_rating, l.ts AS old_ts
        FROM incoming i
        LEFT JOIN enablement.latest_team_ratings l
               ON l.team = i.team AND l.asset_path = i.asset_path AND l."user" = i."user"
        WHERE l.ts IS NULL OR (i.ts, i.uuid) > (l.ts, l.uuid)
    ), stored AS (
        INSERT INTO enablement.latest_team_ratings AS r
            SELECT team, asset_path, "user", rating, comment, ts, uuid FROM winners
        ON CONFLICT (team, asset_path, "user") DO UPDATE
            SET rating = excluded.rating, comment = excluded.comment, ts = excluded.ts, uuid = excluded.uuid
            WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid)
    )
    INSERT INTO enablement.rollup_team_rating_days AS r (team, day, asset_path, total, n)
        SELECT team, day, asset_path, sum(total), sum(n) FROM (
            SELECT team, (ts AT TIME ZONE 'UTC')::date AS day, asset_path, rating::bigint AS total, 1 AS n
            FROM winners
            UNION ALL
            SELECT team, (old_ts AT TIME ZONE 'UTC')::date, asset_path, -old_rating::bigint, -1
            FROM winners WHERE old_rating IS NOT NULL
        ) moves GROUP BY 1, 2, 3
    ON CONFLICT (team, day, asset_path) DO UPDATE SET total = r.total + excluded.total, n = r.n + excluded.n;

    INSERT INTO enablement.latest_responses AS r
        SELECT DISTINCT ON (ref_uuid) ref_uuid, status, comment, ts, uuid
        FROM fresh WHERE kind = 'feedback_response' AND ref_uuid IS NOT NULL
        ORDER BY ref_uuid, ts DESC, uuid DESC
    ON CONFLICT (ref_uuid) DO UPDATE
        SET status = excluded.status, comment = excluded.comment, ts = excluded.ts,
            uuid = excluded.uuid
        WHERE (excluded.ts, excluded.uuid) > (r.ts, r.uuid);

    -- The queue: new send-backs (an answer may have arrived first), then the
    -- current answer of every send-back answered in this statement.
    INSERT INTO enablement.send_back_state AS q
        (uuid, ts, team, "user", asset_path, asset_sha256, reason, comment, status, response, response_ts)
        SELECT f.uuid, f.ts, f.team, f."user", f.asset_path, f.asset_sha256, coalesce(f.reason, ''),
               coalesce(f.comment, ''), coalesce(r.status, 'new'), coalesce(r.comment, ''), r.ts
        FROM fresh f LEFT JOIN enablement.latest_responses r ON r.ref_uuid = f.uuid
        WHERE f.kind = 'send_back'
    ON CONFLICT (uuid) DO NOTHING;
    UPDATE enablement.send_back_state q
        SET status = coalesce(r.status, 'new'), response = coalesce(r.comment, ''), response_ts = r.ts
        FROM enablement.latest_responses r
        WHERE r.ref_uuid = q.uuid
          AND q.uuid IN (SELECT ref_uuid FROM fresh WHERE kind = 'feedback_response')
          AND q.response_ts IS DISTINCT FROM r.ts;

    INSERT INTO enablement.rollup_no_hits AS r (day, team, query, "user", n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, enablement.normalise_query(query), "user",
               count(*), max(ts)
        FROM fresh WHERE kind = 'search' AND hits = 0 AND query IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, query, "user") DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);

    INSERT INTO enablement.rollup_brief_exports (day, team, "user", export_id)
        SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, team, "user",
               coalesce(data ->> 'export', uuid::text)
        FROM fresh WHERE kind = 'brief_export'
    ON CONFLICT DO NOTHING;

    INSERT INTO enablement.rollup_page_dwell AS r (asset_path, page, bucket, n, total_ms, min_ms)
        SELECT asset_path, page, enablement.dwell_bucket(dwell_ms), count(*),
               coalesce(sum(dwell_ms), 0), min(dwell_ms)
        FROM fresh WHERE kind = 'page_view' AND page IS NOT NULL GROUP BY 1, 2, 3
    ON CONFLICT (asset_path, page, bucket) DO UPDATE
        SET n = r.n + excluded.n, total_ms = r.total_ms + excluded.total_ms,
            min_ms = least(r.min_ms, excluded.min_ms);

    INSERT INTO enablement.rollup_asset_activity AS r (asset_path, day, team, kind, n)
        SELECT asset_path, (ts AT TIME ZONE 'UTC')::date, team, kind, count(*)
        FROM fresh WHERE asset_path <> '' AND kind = ANY (enablement.activity_kinds())
        GROUP BY 1, 2, 3, 4
    ON CONFLICT (asset_path, day, team, kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.rollup_asset_team_totals AS r (asset_path, team, kind, n)
        SELECT asset_path, team, kind, count(*)
        FROM fresh WHERE asset_path <> '' AND kind = ANY (enablement.activity_kinds())
        GROUP BY 1, 2, 3
    ON CONFLICT (asset_path, team, kind) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO enablement.rollup_asset_people (team, "user", asset_path)
        SELECT DISTINCT team, "user", asset_path
        FROM fresh WHERE asset_path <> '' AND kind = ANY (enablement.activity_kinds())
    ON CONFLICT DO NOTHING;

    INSERT INTO enablement.rollup_asset_exports (asset_path, day, team, "user", export_id)
        SELECT DISTINCT asset_path, (ts AT TIME ZONE 'UTC')::date, team, "user",
               coalesce(data ->> 'export', uuid::text)
        FROM fresh WHERE kind = 'brief_export' AND asset_path <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
"""

_V8_TABLES = """
CREATE FUNCTION enablement.activity_kinds() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['open', 'page_view', 'search', 'rate', 'send_back', 'brief_export']
$$;

-- Opens per asset per month.
CREATE TABLE enablement.rollup_asset_opens_monthly (
    month date NOT NULL, asset_path text NOT NULL, n bigint NOT NULL, last_ts timestamptz NOT NULL,
    PRIMARY KEY (month, asset_path)
);
INSERT INTO enablement.rollup_asset_opens_monthly
    SELECT date_trunc('month', day::timestamp)::date, asset_path, sum(n), max(last_ts)
    FROM enablement.rollup_asset_opens GROUP BY 1, 2;

-- Opens per asset per week (Monday to Sunday), for the heatmap.
CREATE TABLE enablement.rollup_asset_opens_weekly (
    week date NOT NULL, asset_path text NOT NULL, n bigint NOT NULL,
    PRIMARY KEY (week, asset_path)
);
INSERT INTO enablement.rollup_asset_opens_weekly
    SELECT date_trunc('week', day::timestamp)::date, asset_path, sum(n)
    FROM enablement.rollup_asset_opens GROUP BY 1, 2;

-- The whole weeks inside [since, until] are [first_week, end_week), Mondays.
CREATE FUNCTION enablement.whole_weeks(p_since date, p_until date, OUT first_week date, OUT end_week date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT f, greatest(f, e) FROM (SELECT
        p_since + (8 - extract(isodow FROM p_since)::integer) % 7,
        p_until + 1 - (extract(isodow FROM p_until + 1)::integer - 1)) AS span(f, e)
$$;

-- The whole months inside [since, until] are [first_month, end_month); the
-- days before and after them are read from a daily roll-up.
CREATE FUNCTION enablement.whole_months(p_since date, p_until date, OUT first_month date, OUT end_month date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT f, greatest(f, e) FROM (SELECT
        CASE WHEN p_since IS NULL THEN '-infinity'::date
             ELSE (date_trunc('month', (p_since - 1)::timestamp) + interval '1 month')::date END,
        CASE WHEN p_until IS NULL THEN 'infinity'::date
             ELSE date_trunc('month', (p_until + 1)::timestamp)::date END) AS span(f, e)
$$;

-- Latest ratings per team, and per day the sums of the latest ratings.
CREATE TABLE enablement.latest_team_ratings (
    team text NOT NULL, asset_path text NOT NULL, "user" text NOT NULL,
    rating smallint NOT NULL, comment text, ts timestamptz NOT NULL, uuid uuid NOT NULL,
    PRIMARY KEY (team, asset_path, "user")
);
INSERT INTO enablement.latest_team_ratings
    SELECT DISTINCT ON (team, asset_path, "user") team, asset_path, "user", rating, comment, ts, uuid
    FROM enablement.events WHERE kind = 'rate' AND rating IS NOT NULL
    ORDER BY team, asset_path, "user", ts DESC, uuid DESC;
CREATE TABLE enablement.rollup_rating_days (
    day date NOT NULL, asset_path text NOT NULL, total bigint NOT NULL, n bigint NOT NULL,
    PRIMARY KEY (day, asset_path)
);
CREATE TABLE enablement.rollup_team_rating_days (
    team text NOT NULL, day date NOT NULL, asset_path text NOT NULL, total bigint NOT NULL,
    n bigint NOT NULL, PRIMARY KEY (team, day, asset_path)
);
CREATE INDEX latest_ratings_commented ON enablement.latest_ratings (ts)
    WHERE btrim(coalesce(comment, '')) <> '';

-- Every rating sum from the latest-rating tables (the backfill, and the
-- repair should two devices of one person ever rate one asset at the same
-- instant in two concurrent pushes).
CREATE FUNCTION enablement.rebuild_rating_sums() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT enablement.rebuild_asset_ratings();
    DELETE FROM enablement.rollup_rating_days;
    INSERT INTO enablement.rollup_rating_days
        SELECT (ts AT TIME ZONE 'UTC')::date, asset_path, sum(rating), count(*)
        FROM enablement.latest_ratings GROUP BY 1, 2;
    DELETE FROM enablement.rollup_team_rating_days;
    INSERT INTO enablement.rollup_team_rating_days
        SELECT team, (ts AT TIME ZONE 'UTC')::date, asset_path, sum(rating), count(*)
        FROM enablement.latest_team_ratings GROUP BY 1, 2, 3;
$$;
REVOKE ALL ON FUNCTION enablement.rebuild_rating_sums() FROM PUBLIC;
SELECT enablement.rebuild_rating_sums();

-- The send-back queue with each item's current answer.
CREATE TABLE enablement.send_back_state (
    uuid uuid PRIMARY KEY, ts timestamptz NOT NULL, team text NOT NULL, "user" text NOT NULL,
    asset_path text NOT NULL, asset_sha256 text NOT NULL, reason text NOT NULL, comment text NOT NULL,
    status text NOT NULL, response text NOT NULL, response_ts timestamptz,
    closed boolean GENERATED ALWAYS AS (status NOT IN ('new', 'acknowledged')) STORED
);
INSERT INTO enablement.send_back_state
    (uuid, ts, team, "user", asset_path, asset_sha256, reason, comment, status, response, response_ts)
    SELECT s.uuid, s.ts, s.team, s."user", s.asset_path, s.asset_sha256, coalesce(s.reason, ''),
           coalesce(s.comment, ''), coalesce(r.status, 'new'), coalesce(r.comment, ''), r.ts
    FROM enablement.events s LEFT JOIN enablement.latest_responses r ON r.ref_uuid = s.uuid
    WHERE s.kind = 'send_back';
CREATE INDEX send_back_state_queue ON enablement.send_back_state (closed, ts DESC, uuid);

-- Page views per asset, page and second of dwell (bucket -1: no dwell time).
CREATE FUNCTION enablement.dwell_bucket(ms bigint) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN ms IS NULL THEN -1 ELSE least(ms / 1000, 3600)::integer END
$$;
CREATE TABLE enablement.rollup_page_dwell (
    asset_path text NOT NULL, page bigint NOT NULL, bucket integer NOT NULL,
    n bigint NOT NULL, total_ms bigint NOT NULL, min_ms bigint,
    PRIMARY KEY (asset_path, page, bucket)
);
INSERT INTO enablement.rollup_page_dwell
    SELECT asset_path, page, enablement.dwell_bucket(dwell_ms), count(*), coalesce(sum(dwell_ms), 0),
           min(dwell_ms)
    FROM enablement.events WHERE kind = 'page_view' AND page IS NOT NULL GROUP BY 1, 2, 3;

-- Activity per asset: counts per day, team and kind; who; which exports.
CREATE TABLE enablement.rollup_asset_activity (
    asset_path text NOT NULL, day date NOT NULL, team text NOT NULL, kind text NOT NULL,
    n bigint NOT NULL, PRIMARY KEY (asset_path, day, team, kind)
);
INSERT INTO enablement.rollup_asset_activity
    SELECT asset_path, (ts AT TIME ZONE 'UTC')::date, team, kind, count(*)
    FROM enablement.events WHERE asset_path <> '' AND kind = ANY (enablement.activity_kinds())
    GROUP BY 1, 2, 3, 4;
CREATE TABLE enablement.rollup_asset_team_totals (
    asset_path text NOT NULL, team text NOT NULL, kind text NOT NULL, n bigint NOT NULL,
    PRIMARY KEY (asset_path, team, kind)
);
INSERT INTO enablement.rollup_asset_team_totals
    SELECT asset_path, team, kind, sum(n) FROM enablement.rollup_asset_activity GROUP BY 1, 2, 3;
-- Per person first: "is this person active on any of these assets" is one
-- probe per person that stops at the first hit.
CREATE TABLE enablement.rollup_asset_people (
    team text NOT NULL, "user" text NOT NULL, asset_path text NOT NULL,
    PRIMARY KEY (team, "user", asset_path)
);
INSERT INTO enablement.rollup_asset_people
    SELECT DISTINCT team, "user", asset_path
    FROM enablement.events WHERE asset_path <> '' AND kind = ANY (enablement.activity_kinds());
CREATE TABLE enablement.rollup_asset_exports (
    asset_path text NOT NULL, day date NOT NULL, team text NOT NULL, "user" text NOT NULL,
    export_id text NOT NULL, PRIMARY KEY (asset_path, day, team, "user", export_id)
);
INSERT INTO enablement.rollup_asset_exports
    SELECT DISTINCT asset_path, (ts AT TIME ZONE 'UTC')::date, team, "user",
           coalesce(data ->> 'export', uuid::text)
    FROM enablement.events WHERE kind = 'brief_export' AND asset_path <> '';
"""

_V8_FIGURES = f"""
CREATE OR REPLACE FUNCTION enablement.figures_opens_per_asset(
    p_since date, p_until date, p_team text, p_paths text[])
RETURNS TABLE (asset_path text, n bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH span AS (SELECT * FROM enablement.whole_months(p_since, p_until))
    SELECT x.asset_path, sum(x.n)::bigint FROM (
        SELECT m.asset_path, m.n FROM enablement.rollup_asset_opens_monthly m, span
        WHERE p_team IS NULL AND m.month >= span.first_month AND m.month < span.end_month
          AND (p_paths IS NULL OR m.asset_path = ANY (p_paths))
        UNION ALL
        SELECT d.asset_path, d.n FROM enablement.rollup_asset_opens d, span
        WHERE p_team IS NULL AND d.day >= coalesce(p_since, '-infinity') AND d.day < span.first_month
          AND (p_paths IS NULL OR d.asset_path = ANY (p_paths))
        UNION ALL
        SELECT d.asset_path, d.n FROM enablement.rollup_asset_opens d, span
        WHERE p_team IS NULL AND d.day >= span.end_month AND d.day <= coalesce(p_until, 'infinity')
          AND (p_paths IS NULL OR d.asset_path = ANY (p_paths))
        UNION ALL
        SELECT r.asset_path, r.n FROM enablement.rollup_opens r
        WHERE p_team IS NOT NULL AND r.team = p_team
          AND (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
          AND (p_paths IS NULL OR r.asset_path = ANY (p_paths))
    ) x GROUP BY x.asset_path
$$;

-- The heatmap's weeks on the server (12 weeks x 3,000 assets, not 84 days'
-- rows): whole weeks from the weekly roll-up, days at either end from the
-- daily one; the window's first and last day are given. One (week, asset)
-- may come in two rows: the caller adds them.
CREATE FUNCTION enablement.figures_opens_weekly(
    p_first_monday date, p_since date, p_until date, p_team text, p_paths text[])
RETURNS TABLE (week integer, asset_path text, n bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH span AS (SELECT * FROM enablement.whole_weeks(p_since, p_until))
    SELECT (w.week - p_first_monday) / 7, w.asset_path, w.n
    FROM enablement.rollup_asset_opens_weekly w, span
    WHERE p_team IS NULL AND w.week >= span.first_week AND w.week < span.end_week
      AND (p_paths IS NULL OR w.asset_path = ANY (p_paths))
    UNION ALL
    SELECT (r.day - p_first_monday) / 7, r.asset_path, sum(r.n)::bigint
    FROM enablement.rollup_asset_opens r, span
    WHERE p_team IS NULL AND r.day >= p_since AND r.day < span.first_week
      AND (p_paths IS NULL OR r.asset_path = ANY (p_paths))
    GROUP BY 1, 2
    UNION ALL
    SELECT (r.day - p_first_monday) / 7, r.asset_path, sum(r.n)::bigint
    FROM enablement.rollup_asset_opens r, span
    WHERE p_team IS NULL AND r.day >= span.end_week AND r.day <= p_until
      AND (p_paths IS NULL OR r.asset_path = ANY (p_paths))
    GROUP BY 1, 2
    UNION ALL
    SELECT (r.day - p_first_monday) / 7, r.asset_path, sum(r.n)::bigint
    FROM enablement.rollup_opens r
    WHERE p_team IS NOT NULL AND r.team = p_team AND r.day BETWEEN p_since AND p_until
      AND (p_paths IS NULL OR r.asset_path = ANY (p_paths))
    GROUP BY 1, 2
$$;

-- Last open before p_now: whole months, then this month's whole days, then
-- the raw opens of p_now's day (a later open that day must not hide it).
CREATE OR REPLACE FUNCTION enablement.figures_last_open(p_now timestamptz, p_team text)
RETURNS TABLE (asset_path text, last_ts timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT asset_path, max(last_ts) FROM (
        SELECT m.asset_path, max(m.last_ts) AS last_ts FROM enablement.rollup_asset_opens_monthly m
        WHERE p_team IS NULL AND m.month < date_trunc('month', p_now AT TIME ZONE 'UTC')::date
        GROUP BY m.asset_path
        UNION ALL
        SELECT r.asset_path, max(r.last_ts) FROM enablement.rollup_asset_opens r
        WHERE p_team IS NULL AND r.day >= date_trunc('month', p_now AT TIME ZONE 'UTC')::date
          AND r.day < (p_now AT TIME ZONE 'UTC')::date
        GROUP BY r.asset_path
        UNION ALL
        SELECT r.asset_path, max(r.last_ts) FROM enablement.rollup_opens r
        WHERE p_team IS NOT NULL AND r.team = p_team AND r.day < (p_now AT TIME ZONE 'UTC')::date
        GROUP BY r.asset_path
        UNION ALL
        SELECT e.asset_path, max(e.ts) FROM enablement.events e
        WHERE e.kind = 'open' AND e.ts >= date_trunc('day', p_now AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
          AND e.ts < p_now AND (p_team IS NULL OR e.team = p_team)
        GROUP BY e.asset_path
    ) parts GROUP BY asset_path
$$;

CREATE OR REPLACE VIEW enablement.asset_stats AS
    SELECT coalesce(r.asset_path, o.asset_path) AS asset_path,
           r.avg_rating, coalesce(r.ratings, 0) AS ratings, coalesce(o.opens, 0) AS opens
    FROM (SELECT asset_path, total::float8 / n AS avg_rating, n AS ratings
          FROM enablement.rollup_asset_ratings WHERE n > 0) r
    FULL JOIN (SELECT asset_path, sum(n) AS opens FROM enablement.rollup_asset_opens_monthly
               GROUP BY asset_path) o ON o.asset_path = r.asset_path;

-- Each person's latest rating per asset within the filters. Without "until",
-- a person's latest rating since D is their latest rating if it is on or
-- after D: the latest-rating tables answer; with "until", the raw ratings.
CREATE OR REPLACE FUNCTION enablement.latest_ratings_in(p_since date, p_until date, p_team text)
RETURNS TABLE (asset_path text, "user" text, team text, rating smallint, comment text,
               ts timestamptz, uuid uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT l.asset_path, l."user", l.team, l.rating, l.comment, l.ts, l.uuid
    FROM enablement.latest_ratings l
    WHERE p_until IS NULL AND p_team IS NULL
      AND l.ts >= coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity')
    UNION ALL
    SELECT t.asset_path, t."user", t.team, t.rating, t.comment, t.ts, t.uuid
    FROM enablement.latest_team_ratings t
    WHERE p_until IS NULL AND p_team IS NOT NULL AND t.team = p_team
      AND t.ts >= coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity')
    UNION ALL
    SELECT * FROM (
        SELECT DISTINCT ON (e.asset_path, e."user")
               e.asset_path, e."user", e.team, e.rating, e.comment, e.ts, e.uuid
        FROM enablement.events e
        WHERE e.kind = 'rate' AND e.rating IS NOT NULL AND p_until IS NOT NULL
          AND (p_since IS NULL OR e.ts >= p_since::timestamp AT TIME ZONE 'UTC')
          AND e.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC'
          AND (p_team IS NULL OR e.team = p_team)
        ORDER BY e.asset_path, e."user", e.ts DESC, e.uuid DESC
    ) filtered
$$;

CREATE OR REPLACE FUNCTION enablement.figures_ratings(p_since date, p_until date, p_team text)
RETURNS TABLE (asset_path text, avg_rating float8, ratings bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.asset_path, r.total::float8 / r.n, r.n FROM enablement.rollup_asset_ratings r
    WHERE r.n > 0 AND p_since IS NULL AND p_until IS NULL AND p_team IS NULL
    UNION ALL
    SELECT d.asset_path, sum(d.total)::float8 / sum(d.n), sum(d.n)::bigint
    FROM enablement.rollup_rating_days d
    WHERE p_since IS NOT NULL AND p_until IS NULL AND p_team IS NULL AND d.day >= p_since
    GROUP BY d.asset_path HAVING sum(d.n) > 0
    UNION ALL
    SELECT d.asset_path, sum(d.total)::float8 / sum(d.n), sum(d.n)::bigint
    FROM enablement.rollup_team_rating_days d
    WHERE p_until IS NULL AND p_team IS NOT NULL AND d.team = p_team
      AND d.day >= coalesce(p_since, '-infinity')
    GROUP BY d.asset_path HAVING sum(d.n) > 0
    UNION ALL
    SELECT l.asset_path, avg(l.rating)::float8, count(*)
    FROM enablement.latest_ratings_in(p_since, p_until, p_team) l
    WHERE p_until IS NOT NULL
    GROUP BY l.asset_path
$$;

CREATE OR REPLACE FUNCTION enablement.figures_rating_comments(p_since date, p_until date, p_team text)
RETURNS TABLE (asset_path text, rating smallint, comment text, ts text, team text, "user" text,
               uuid text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT l.asset_path, l.rating, l.comment,
           to_char(l.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), l.team,
           CASE WHEN v.names THEN l."user" ELSE '' END, l.uuid::text
    FROM enablement.latest_ratings_in(p_since, p_until, p_team) l
    CROSS JOIN (SELECT enablement.names_visible() AS names) v
    WHERE btrim(coalesce(l.comment, '')) <> ''
$$;

-- The send-back queue a page at a time, in the window's order (open first,
-- newest first), and its size.
CREATE FUNCTION enablement.figures_send_back_page(
    p_since date, p_until date, p_team text, p_paths text[], p_limit integer, p_offset integer)
RETURNS TABLE (uuid text, ts text, asset_path text, asset_sha256 text, reason text,
               comment text, team text, "user" text, status text, response text,
               response_ts text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.uuid::text, to_char(s.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           s.asset_path, s.asset_sha256, s.reason, s.comment, s.team,
           CASE WHEN v.names THEN s."user" ELSE '' END, s.status, s.response,
           coalesce(to_char(s.response_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')
    FROM enablement.send_back_state s CROSS JOIN (SELECT enablement.names_visible() AS names) v
    WHERE (p_since IS NULL OR s.ts >= p_since::timestamp AT TIME ZONE 'UTC')
      AND (p_until IS NULL OR s.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
      AND (p_team IS NULL OR s.team = p_team)
      AND (p_paths IS NULL OR s.asset_path = ANY (p_paths))
    ORDER BY s.closed, s.ts DESC, s.uuid
    LIMIT p_limit OFFSET coalesce(p_offset, 0)
$$;

CREATE FUNCTION enablement.figures_send_back_counts(
    p_since date, p_until date, p_team text, p_paths text[])
RETURNS TABLE (total bigint, open bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*), count(*) FILTER (WHERE NOT s.closed)
    FROM enablement.send_back_state s
    WHERE (p_since IS NULL OR s.ts >= p_since::timestamp AT TIME ZONE 'UTC')
      AND (p_until IS NULL OR s.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
      AND (p_team IS NULL OR s.team = p_team)
      AND (p_paths IS NULL OR s.asset_path = ANY (p_paths))
$$;

CREATE OR REPLACE FUNCTION enablement.figures_send_backs(p_since date, p_until date, p_team text)
RETURNS TABLE (uuid text, ts text, asset_path text, asset_sha256 text, reason text,
               comment text, team text, "user" text, status text, response text,
               response_ts text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM enablement.figures_send_back_page(p_since, p_until, p_team, NULL, NULL, 0)
$$;

-- One send-back's asset, for answering it.
CREATE FUNCTION enablement.figures_send_back_asset(p_uuid uuid)
RETURNS TABLE (asset_path text, asset_sha256 text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.asset_path, s.asset_sha256 FROM enablement.send_back_state s WHERE s.uuid = p_uuid
$$;

-- Views and dwell per page of one asset. Unfiltered: counts and means from
-- the histogram, and the exact median from one seek per page into the raw
-- views, starting at the bucket that holds the middle. Filtered by date or
-- team: the raw views.
CREATE OR REPLACE FUNCTION enablement.figures_page_stats(
    p_path text, p_since date, p_until date, p_team text)
RETURNS TABLE (page bigint, views bigint, total_dwell_ms bigint, median_dwell_ms float8,
               avg_dwell_ms float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    p record;
    middle bigint;
    lo bigint;
    before bigint;
BEGIN
    IF p_since IS NOT NULL OR p_until IS NOT NULL OR p_team IS NOT NULL THEN
        RETURN QUERY
        SELECT e.page, count(*), coalesce(sum(e.dwell_ms), 0)::bigint,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY e.dwell_ms),
               avg(e.dwell_ms)::float8
        FROM enablement.events e
        WHERE e.kind = 'page_view' AND e.asset_path = p_path AND e.page IS NOT NULL
          AND (p_since IS NULL OR e.ts >= p_since::timestamp AT TIME ZONE 'UTC')
          AND (p_until IS NULL OR e.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
          AND (p_team IS NULL OR e.team = p_team)
        GROUP BY e.page;
        RETURN;
    END IF;
    FOR p IN SELECT h.page AS pg, sum(h.n)::bigint AS seen, sum(h.total_ms)::bigint AS total,
                    coalesce(sum(h.n) FILTER (WHERE h.bucket >= 0), 0)::bigint AS timed
             FROM enablement.rollup_page_dwell h WHERE h.asset_path = p_path
             GROUP BY h.page ORDER BY h.page
    LOOP
        page := p.pg;
        views := p.seen;
        total_dwell_ms := p.total;
        median_dwell_ms := NULL;
        avg_dwell_ms := NULL;
        IF p.timed > 0 THEN
            avg_dwell_ms := p.total::float8 / p.timed;
            middle := (p.timed - 1) / 2;  -- 0-based: the middle one, or the first of the middle two
            SELECT b.min_ms, b.upto - b.n INTO lo, before FROM (
                SELECT h.bucket, h.min_ms, h.n, sum(h.n) OVER (ORDER BY h.bucket) AS upto
                FROM enablement.rollup_page_dwell h
                WHERE h.asset_path = p_path AND h.page = p.pg AND h.bucket >= 0
            ) b WHERE b.upto > middle ORDER BY b.bucket LIMIT 1;
            SELECT avg(x.dwell_ms)::float8 INTO median_dwell_ms FROM (
                SELECT e.dwell_ms FROM enablement.events e
                WHERE e.kind = 'page_view' AND e.asset_path = p_path AND e.page = p.pg
                  AND e.dwell_ms >= lo
                ORDER BY e.dwell_ms OFFSET middle - before LIMIT 2 - p.timed % 2
            ) x;
        END IF;
        RETURN NEXT;
    END LOOP;
END $$;

-- Activity per team or person. Product/persona filters (p_paths) read the
-- per-asset roll-ups; only their people count within dates, and per person,
-- still read the raw events.
CREATE OR REPLACE FUNCTION enablement.figures_activity(
    p_since date, p_until date, p_team text, p_paths text[], p_per_person boolean)
RETURNS TABLE (grp text, people bigint, opens bigint, page_views bigint, searches bigint,
               ratings bigint, send_backs bigint, brief_exports bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    counted CONSTANT text[] := enablement.activity_kinds();
    first_day CONSTANT date := coalesce(p_since, '-infinity'::date);
    last_day CONSTANT date := coalesce(p_until, 'infinity'::date);
BEGIN
    IF p_per_person AND NOT enablement.names_visible() THEN
        RAISE EXCEPTION 'per-person figures are off for this organisation (or you are not a marketer)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS activity_counts (g text, "user" text, kind text, n bigint)
        ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS activity_exports (g text, export_id text) ON COMMIT DROP;
    TRUNCATE activity_counts, activity_exports;
    IF p_paths IS NULL AND NOT p_per_person THEN
        INSERT INTO activity_counts
            SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
            FROM enablement.rollup_team_activity r
            WHERE r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted)
              AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 3;
        INSERT INTO activity_counts
            SELECT coalesce(nullif(t.team, ''), '(no team)'), t."user", '', 0
            FROM enablement.team_people t
            WHERE (p_team IS NULL OR t.team = p_team)
              AND EXISTS (SELECT 1 FROM enablement.rollup_activity r
                          WHERE r.team = t.team AND r."user" = t."user"
                            AND r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted));
    ELSIF p_paths IS NULL THEN
        INSERT INTO activity_counts
            SELECT r."user", r."user", r.kind, sum(r.n) FROM enablement.rollup_activity r
            WHERE r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted)
              AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 2, 3;
    ELSIF NOT p_per_person AND p_since IS NULL AND p_until IS NULL THEN
        INSERT INTO activity_counts
            SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
            FROM enablement.rollup_asset_team_totals r
            WHERE r.asset_path = ANY (p_paths) AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 3;
        INSERT INTO activity_counts
            SELECT coalesce(nullif(t.team, ''), '(no team)'), t."user", '', 0::bigint
            FROM enablement.team_people t
            CROSS JOIN LATERAL (
                SELECT 1 FROM enablement.rollup_asset_people a
                WHERE a.team = t.team AND a."user" = t."user" AND a.asset_path = ANY (p_paths)
                LIMIT 1
            ) active
            WHERE p_team IS NULL OR t.team = p_team;
    ELSIF NOT p_per_person THEN
        INSERT INTO activity_counts
            SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
            FROM enablement.rollup_asset_activity r
            WHERE r.asset_path = ANY (p_paths) AND r.day BETWEEN first_day AND last_day
              AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 3;
        INSERT INTO activity_counts
            SELECT DISTINCT coalesce(nullif(e.team, ''), '(no team)'), e."user", '', 0::bigint
            FROM enablement.events e
            WHERE e.asset_path = ANY (p_paths) AND e.kind = ANY (counted)
              AND e.ts >= coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity')
              AND e.ts < coalesce((p_until + 1)::timestamp AT TIME ZONE 'UTC', 'infinity')
              AND (p_team IS NULL OR e.team = p_team);
    ELSE
        INSERT INTO activity_counts
            SELECT e."user", e."user", e.kind, count(*)
            FROM enablement.events e
            WHERE e.asset_path = ANY (p_paths) AND e.kind = ANY (counted)
              AND e.ts >= coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity')
              AND e.ts < coalesce((p_until + 1)::timestamp AT TIME ZONE 'UTC', 'infinity')
              AND (p_team IS NULL OR e.team = p_team)
            GROUP BY 1, 2, 3;
    END IF;
    IF p_paths IS NULL THEN
        INSERT INTO activity_exports
            SELECT DISTINCT CASE WHEN p_per_person THEN b."user"
                                 ELSE coalesce(nullif(b.team, ''), '(no team)') END, b.export_id
            FROM enablement.rollup_brief_exports b
            WHERE b.day BETWEEN first_day AND last_day AND (p_team IS NULL OR b.team = p_team);
    ELSE
        INSERT INTO activity_exports
            SELECT DISTINCT CASE WHEN p_per_person THEN b."user"
                                 ELSE coalesce(nullif(b.team, ''), '(no team)') END, b.export_id
            FROM enablement.rollup_asset_exports b
            WHERE b.asset_path = ANY (p_paths) AND b.day BETWEEN first_day AND last_day
              AND (p_team IS NULL OR b.team = p_team);
    END IF;
    RETURN QUERY
    SELECT c.g, count(DISTINCT c."user"),
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'open'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'page_view'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'search'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'rate'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'send_back'), 0)::bigint,
           coalesce(max(x.n), 0)::bigint
    FROM activity_counts c
    LEFT JOIN (SELECT e.g, count(*) AS n FROM activity_exports e GROUP BY e.g) x ON x.g = c.g
    GROUP BY c.g;
END $$;

DO $$
DECLARE f text;
BEGIN
    FOR f IN SELECT p.oid::regprocedure::text FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'enablement' AND p.proname LIKE 'figures\\_%'
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO {MARKETER}, {ADMIN}', f);
    END LOOP;
END $$;
"""

_V8 = _V8_TABLES + _V8_ROLL_UP + _V8_FIGURES


# Measured at 10M events after migration 8 (bench/pg_usage.py, load 4-5):
# - a page of the send-back queue sorted the whole queue (an SQL function is
#   planned for any LIMIT), and names_visible() ran once a row in the page and
#   in the rating comments (50,000 rows: 0.65 s). The page is now planned with
#   its size known, a walk down send_back_state_queue; the switch is read once.
# - the page heatmap filtered by team read every view of the asset from the
#   table (1.3 s), and by dates - the window's default "last 12 weeks" - the
#   same within those months. The views index now carries ts and team, so
#   filtered figures are index-only scans of that asset's entries.
# - product-filtered activity with dates counted people from the raw events
#   of the period (0.5 s for 30 days); an index on (asset, ts) carrying team,
#   user and kind makes that an index-only scan of those assets' entries.
_V9 = """
CREATE INDEX events_page_views_covering ON enablement.events (asset_path, page, dwell_ms)
    INCLUDE (ts, team) WHERE kind = 'page_view';
DROP INDEX enablement.events_page_views;
ALTER INDEX enablement.events_page_views_covering RENAME TO events_page_views;
CREATE INDEX events_asset_activity ON enablement.events (asset_path, ts)
    INCLUDE (team, "user", kind) WHERE asset_path <> '';

CREATE OR REPLACE FUNCTION enablement.figures_rating_comments(p_since date, p_until date, p_team text)
RETURNS TABLE (asset_path text, rating smallint, comment text, ts text, team text, "user" text,
               uuid text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH v AS MATERIALIZED (SELECT enablement.names_visible() AS names)
    SELECT l.asset_path, l.rating, l.comment,
           to_char(l.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), l.team,
           CASE WHEN v.names THEN l."user" ELSE '' END, l.uuid::text
    FROM enablement.latest_ratings_in(p_since, p_until, p_team) l, v
    WHERE btrim(coalesce(l.comment, '')) <> ''
$$;

CREATE OR REPLACE FUNCTION enablement.figures_send_back_page(
    p_since date, p_until date, p_team text, p_paths text[], p_limit integer, p_offset integer)
RETURNS TABLE (uuid text, ts text, asset_path text, asset_sha256 text, reason text,
               comment text, team text, "user" text, status text, response text,
               response_ts text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    names CONSTANT boolean := enablement.names_visible();
BEGIN
    RETURN QUERY
    SELECT s.uuid::text, to_char(s.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           s.asset_path, s.asset_sha256, s.reason, s.comment, s.team,
           CASE WHEN names THEN s."user" ELSE '' END, s.status, s.response,
           coalesce(to_char(s.response_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')
    FROM enablement.send_back_state s
    WHERE (p_since IS NULL OR s.ts >= p_since::timestamp AT TIME ZONE 'UTC')
      AND (p_until IS NULL OR s.ts < (p_until + 1)::timestamp AT TIME ZONE 'UTC')
      AND (p_team IS NULL OR s.team = p_team)
      AND (p_paths IS NULL OR s.asset_path = ANY (p_paths))
    ORDER BY s.closed, s.ts DESC, s.uuid
    LIMIT p_limit OFFSET coalesce(p_offset, 0);
END $$;
-- The raw branches (people within dates, per person) say asset_path <> ''
-- so that events_asset_activity serves them.
CREATE OR REPLACE FUNCTION enablement.figures_activity(
    p_since date, p_until date, p_team text, p_paths text[], p_per_person boolean)
RETURNS TABLE (grp text, people bigint, opens bigint, page_views bigint, searches bigint,
               ratings bigint, send_backs bigint, brief_exports bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    counted CONSTANT text[] := enablement.activity_kinds();
    first_day CONSTANT date := coalesce(p_since, '-infinity'::date);
    last_day CONSTANT date := coalesce(p_until, 'infinity'::date);
BEGIN
    IF p_per_person AND NOT enablement.names_visible() THEN
        RAISE EXCEPTION 'per-person figures are off for this organisation (or you are not a marketer)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS activity_counts (g text, "user" text, kind text, n bigint)
        ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS activity_exports (g text, export_id text) ON COMMIT DROP;
    TRUNCATE activity_counts, activity_exports;
    IF p_paths IS NULL AND NOT p_per_person THEN
        INSERT INTO activity_counts
            SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
            FROM enablement.rollup_team_activity r
            WHERE r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted)
              AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 3;
        INSERT INTO activity_counts
            SELECT coalesce(nullif(t.team, ''), '(no team)'), t."user", '', 0
            FROM enablement.team_people t
            WHERE (p_team IS NULL OR t.team = p_team)
              AND EXISTS (SELECT 1 FROM enablement.rollup_activity r
                          WHERE r.team = t.team AND r."user" = t."user"
                            AND r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted));
    ELSIF p_paths IS NULL THEN
        INSERT INTO activity_counts
            SELECT r."user", r."user", r.kind, sum(r.n) FROM enablement.rollup_activity r
            WHERE r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted)
              AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 2, 3;
    ELSIF NOT p_per_person AND p_since IS NULL AND p_until IS NULL THEN
        INSERT INTO activity_counts
            SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
            FROM enablement.rollup_asset_team_totals r
            WHERE r.asset_path = ANY (p_paths) AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 3;
        INSERT INTO activity_counts
            SELECT coalesce(nullif(t.team, ''), '(no team)'), t."user", '', 0::bigint
            FROM enablement.team_people t
            CROSS JOIN LATERAL (
                SELECT 1 FROM enablement.rollup_asset_people a
                WHERE a.team = t.team AND a."user" = t."user" AND a.asset_path = ANY (p_paths)
                LIMIT 1
            ) active
            WHERE p_team IS NULL OR t.team = p_team;
    ELSIF NOT p_per_person THEN
        INSERT INTO activity_counts
            SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
            FROM enablement.rollup_asset_activity r
            WHERE r.asset_path = ANY (p_paths) AND r.day BETWEEN first_day AND last_day
              AND (p_team IS NULL OR r.team = p_team)
            GROUP BY 1, 3;
        INSERT INTO activity_counts
            SELECT DISTINCT coalesce(nullif(e.team, ''), '(no team)'), e."user", '', 0::bigint
            FROM enablement.events e
            WHERE e.asset_path = ANY (p_paths) AND e.asset_path <> '' AND e.kind = ANY (counted)
              AND e.ts >= coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity')
              AND e.ts < coalesce((p_until + 1)::timestamp AT TIME ZONE 'UTC', 'infinity')
              AND (p_team IS NULL OR e.team = p_team);
    ELSE
        INSERT INTO activity_counts
            SELECT e."user", e."user", e.kind, count(*)
            FROM enablement.events e
            WHERE e.asset_path = ANY (p_paths) AND e.asset_path <> '' AND e.kind = ANY (counted)
              AND e.ts >= coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity')
              AND e.ts < coalesce((p_until + 1)::timestamp AT TIME ZONE 'UTC', 'infinity')
              AND (p_team IS NULL OR e.team = p_team)
            GROUP BY 1, 2, 3;
    END IF;
    IF p_paths IS NULL THEN
        INSERT INTO activity_exports
            SELECT DISTINCT CASE WHEN p_per_person THEN b."user"
                                 ELSE coalesce(nullif(b.team, ''), '(no team)') END, b.export_id
            FROM enablement.rollup_brief_exports b
            WHERE b.day BETWEEN first_day AND last_day AND (p_team IS NULL OR b.team = p_team);
    ELSE
        INSERT INTO activity_exports
            SELECT DISTINCT CASE WHEN p_per_person THEN b."user"
                                 ELSE coalesce(nullif(b.team, ''), '(no team)') END, b.export_id
            FROM enablement.rollup_asset_exports b
            WHERE b.asset_path = ANY (p_paths) AND b.day BETWEEN first_day AND last_day
              AND (p_team IS NULL OR b.team = p_team);
    END IF;
    RETURN QUERY
    SELECT c.g, count(DISTINCT c."user"),
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'open'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'page_view'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'search'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'rate'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'send_back'), 0)::bigint,
           coalesce(max(x.n), 0)::bigint
    FROM activity_counts c
    LEFT JOIN (SELECT e.g, count(*) AS n FROM activity_exports e GROUP BY e.g) x ON x.g = c.g
    GROUP BY c.g;
END $$;
"""


# Temporary tables made figures_activity refuse to run on a hot standby
# (docs/scale.md, read replicas); the same parts as one query, so every
# figure can be served by a replica.
_V10 = """
CREATE OR REPLACE FUNCTION enablement.figures_activity(
    p_since date, p_until date, p_team text, p_paths text[], p_per_person boolean)
RETURNS TABLE (grp text, people bigint, opens bigint, page_views bigint, searches bigint,
               ratings bigint, send_backs bigint, brief_exports bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    counted CONSTANT text[] := enablement.activity_kinds();
    first_day CONSTANT date := coalesce(p_since, '-infinity'::date);
    last_day CONSTANT date := coalesce(p_until, 'infinity'::date);
    first_ts CONSTANT timestamptz := coalesce(p_since::timestamp AT TIME ZONE 'UTC', '-infinity');
    end_ts CONSTANT timestamptz := coalesce((p_until + 1)::timestamp AT TIME ZONE 'UTC', 'infinity');
    by_team CONSTANT boolean := p_paths IS NULL AND NOT p_per_person;
    by_person CONSTANT boolean := p_paths IS NULL AND p_per_person;
    assets_ever CONSTANT boolean := p_paths IS NOT NULL AND NOT p_per_person
                                    AND p_since IS NULL AND p_until IS NULL;
    assets_dated CONSTANT boolean := p_paths IS NOT NULL AND NOT p_per_person
                                     AND (p_since IS NOT NULL OR p_until IS NOT NULL);
    assets_person CONSTANT boolean := p_paths IS NOT NULL AND p_per_person;
BEGIN
    IF p_per_person AND NOT enablement.names_visible() THEN
        RAISE EXCEPTION 'per-person figures are off for this organisation (or you are not a marketer)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- counts: (group, person or NULL, kind, n); a person row with kind '' only counts people.
    RETURN QUERY
    WITH counts AS (
        SELECT coalesce(nullif(r.team, ''), '(no team)') AS g, NULL::text AS who, r.kind, sum(r.n) AS n
        FROM enablement.rollup_team_activity r
        WHERE by_team AND r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted)
          AND (p_team IS NULL OR r.team = p_team)
        GROUP BY 1, 3
        UNION ALL
        SELECT coalesce(nullif(t.team, ''), '(no team)'), t."user", '', 0
        FROM enablement.team_people t
        WHERE by_team AND (p_team IS NULL OR t.team = p_team)
          AND EXISTS (SELECT 1 FROM enablement.rollup_activity r
                      WHERE r.team = t.team AND r."user" = t."user"
                        AND r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted))
        UNION ALL
        SELECT r."user", r."user", r.kind, sum(r.n) FROM enablement.rollup_activity r
        WHERE by_person AND r.day BETWEEN first_day AND last_day AND r.kind = ANY (counted)
          AND (p_team IS NULL OR r.team = p_team)
        GROUP BY 1, 2, 3
        UNION ALL
        SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
        FROM enablement.rollup_asset_team_totals r
        WHERE assets_ever AND r.asset_path = ANY (p_paths) AND (p_team IS NULL OR r.team = p_team)
        GROUP BY 1, 3
        UNION ALL
        SELECT coalesce(nullif(t.team, ''), '(no team)'), t."user", '', 0
        FROM enablement.team_people t
        CROSS JOIN LATERAL (
            SELECT 1 FROM enablement.rollup_asset_people a
            WHERE a.team = t.team AND a."user" = t."user" AND a.asset_path = ANY (p_paths)
            LIMIT 1
        ) active
        WHERE assets_ever AND (p_team IS NULL OR t.team = p_team)
        UNION ALL
        SELECT coalesce(nullif(r.team, ''), '(no team)'), NULL, r.kind, sum(r.n)
        FROM enablement.rollup_asset_activity r
        WHERE assets_dated AND r.asset_path = ANY (p_paths) AND r.day BETWEEN first_day AND last_day
          AND (p_team IS NULL OR r.team = p_team)
        GROUP BY 1, 3
        UNION ALL
        SELECT DISTINCT coalesce(nullif(e.team, ''), '(no team)'), e."user", '', 0::bigint
        FROM enablement.events e
        WHERE assets_dated AND e.asset_path = ANY (p_paths) AND e.asset_path <> ''
          AND e.kind = ANY (counted) AND e.ts >= first_ts AND e.ts < end_ts
          AND (p_team IS NULL OR e.team = p_team)
        UNION ALL
        SELECT e."user", e."user", e.kind, count(*)
        FROM enablement.events e
        WHERE assets_person AND e.asset_path = ANY (p_paths) AND e.asset_path <> ''
          AND e.kind = ANY (counted) AND e.ts >= first_ts AND e.ts < end_ts
          AND (p_team IS NULL OR e.team = p_team)
        GROUP BY 1, 2, 3
    ), exports AS (
        SELECT DISTINCT CASE WHEN p_per_person THEN b."user"
                             ELSE coalesce(nullif(b.team, ''), '(no team)') END AS g, b.export_id
        FROM enablement.rollup_brief_exports b
        WHERE p_paths IS NULL AND b.day BETWEEN first_day AND last_day
          AND (p_team IS NULL OR b.team = p_team)
        UNION
        SELECT CASE WHEN p_per_person THEN b."user"
                    ELSE coalesce(nullif(b.team, ''), '(no team)') END, b.export_id
        FROM enablement.rollup_asset_exports b
        WHERE p_paths IS NOT NULL AND b.asset_path = ANY (p_paths)
          AND b.day BETWEEN first_day AND last_day AND (p_team IS NULL OR b.team = p_team)
    ), exported AS (
        SELECT x.g, count(*) AS n FROM exports x GROUP BY x.g
    )
    SELECT c.g, count(DISTINCT c.who),
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'open'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'page_view'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'search'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'rate'), 0)::bigint,
           coalesce(sum(c.n) FILTER (WHERE c.kind = 'send_back'), 0)::bigint,
           coalesce(max(x.n), 0)::bigint
    FROM counts c LEFT JOIN exported x ON x.g = c.g
    GROUP BY c.g;
END $$;
"""


# Content requests read as people typed them, as on the laptop: the most common
# spelling of each grouping key within the filters (then the latest, then the
# first in binary order). A trigger of its own, so roll_up() is not copied again.
_V11 = """
CREATE FUNCTION enablement.tidy_query(q text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(coalesce(q, ''), '\\s+', ' ', 'g'))
$$;
CREATE TABLE enablement.rollup_no_hit_spellings (
    day date NOT NULL, team text NOT NULL, query text NOT NULL, typed text NOT NULL,
    n bigint NOT NULL, last_ts timestamptz NOT NULL, PRIMARY KEY (day, team, query, typed)
);
INSERT INTO enablement.rollup_no_hit_spellings
    SELECT (ts AT TIME ZONE 'UTC')::date, team, enablement.normalise_query(query),
           enablement.tidy_query(query), count(*), max(ts)
    FROM enablement.events WHERE kind = 'search' AND hits = 0 AND query IS NOT NULL
    GROUP BY 1, 2, 3, 4;

CREATE FUNCTION enablement.roll_up_spellings() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO enablement.rollup_no_hit_spellings AS r (day, team, query, typed, n, last_ts)
        SELECT (ts AT TIME ZONE 'UTC')::date, team, enablement.normalise_query(query),
               enablement.tidy_query(query), count(*), max(ts)
        FROM fresh WHERE kind = 'search' AND hits = 0 AND query IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, team, query, typed) DO UPDATE
        SET n = r.n + excluded.n, last_ts = greatest(r.last_ts, excluded.last_ts);
    RETURN NULL;
END $$;
CREATE TRIGGER events_roll_up_spellings AFTER INSERT ON enablement.events
    REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION enablement.roll_up_spellings();

CREATE OR REPLACE FUNCTION enablement.figures_content_requests(p_since date, p_until date, p_team text)
RETURNS TABLE (query text, searches bigint, people bigint, last_searched text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH requests AS (
        SELECT r.query, sum(r.n)::bigint AS searches, count(DISTINCT r."user") AS people,
               max(r.last_ts) AS last_ts
        FROM enablement.rollup_no_hits r
        WHERE r.query <> ''
          AND (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
          AND (p_team IS NULL OR r.team = p_team)
        GROUP BY r.query
    ), spellings AS (
        SELECT DISTINCT ON (s.query) s.query, s.typed
        FROM (SELECT r.query, r.typed, sum(r.n) AS n, max(r.last_ts) AS last_ts
              FROM enablement.rollup_no_hit_spellings r
              WHERE r.query <> ''
                AND (p_since IS NULL OR r.day >= p_since) AND (p_until IS NULL OR r.day <= p_until)
                AND (p_team IS NULL OR r.team = p_team)
              GROUP BY r.query, r.typed) s
        ORDER BY s.query, s.n DESC, s.last_ts DESC, s.typed COLLATE "C"
    )
    SELECT coalesce(sp.typed, q.query), q.searches, q.people,
           to_char(q.last_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    FROM requests q LEFT JOIN spellings sp ON sp.query = q.query
$$;
"""


MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("events, roles, row-level security", _V1),
    ("roll-ups and the aggregate view", _V2),
    ("marketer figures", _V3),
    ("activity counts brief exports, not their rows", _V4),
    ("opens per asset without the team dimension", _V5),
    ("index probes for a laptop's push and pull", _V6),
    ("per-asset rating sums", _V7),
    ("roll-ups for every insights view at 10M events", _V8),
    ("filtered page views and product activity from indexes; a send-back page planned with its size", _V9),
    ("activity figures without temporary tables (read replicas)", _V10),
    ("content requests as people typed them", _V11),
)


def current_version(conn: psycopg.Connection) -> int:
    exists = conn.execute("SELECT to_regclass('enablement.schema_migrations')").fetchone()[0]
    if exists is None:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM enablement.schema_migrations").fetchone()[0]


def migrate(conn: psycopg.Connection) -> list[str]:
    """Apply the migrations this database lacks; return their descriptions (empty = up to date)."""
    applied: list[str] = []
    with conn.transaction():
        # One init at a time: two admins running it at once must not race.
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('enablement.migrate'))")
        conn.execute("CREATE SCHEMA IF NOT EXISTS enablement")
        conn.execute(
            """CREATE TABLE IF NOT EXISTS enablement.schema_migrations (
                   version integer PRIMARY KEY, description text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        done = current_version(conn)
    if done > len(MIGRATIONS):
        raise RuntimeError(
            f"this database is at schema version {done}, newer than this app knows "
            f"({len(MIGRATIONS)}): update the app"
        )
    for version, (description, sql) in enumerate(MIGRATIONS, start=1):
        if version <= done:
            continue
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('enablement.migrate'))")
            if current_version(conn) >= version:
                continue
            conn.execute(sql)
            conn.execute(
                "INSERT INTO enablement.schema_migrations (version, description) VALUES (%s, %s)",
                (version, description),
            )
        applied.append(f"{version}: {description}")
    return applied
