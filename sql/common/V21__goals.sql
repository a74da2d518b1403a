-- Goals (Plausible's most asked-for feature): a page of a domain (kind 'path': page views of
-- that path) or an event (kind 'event': events of that type), whose completions and converting
-- visitors the writers count from the moment the goal exists (and, when it is added, from the raw
-- rows still kept).
CREATE TABLE webtop_goals (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    domain     text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('path', 'event')),
    target     text        NOT NULL CHECK (target <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (domain, kind, target)
);

-- Who completed each goal in each hour and how often: a row per writer's batch, hour, goal and
-- visitor (webtop_visitor_hash), so that completions are a sum and converting visitors a
-- distinct count, exact while kept (retention.visitors, like the visitors they are a share of).
CREATE TABLE goal_hours (
    hour        timestamptz NOT NULL,
    goal_id     integer     NOT NULL,
    visitor     bigint      NOT NULL,
    bot         boolean     NOT NULL DEFAULT false,
    completions integer     NOT NULL CHECK (completions > 0)
);

SELECT create_hypertable('goal_hours', by_range('hour', INTERVAL '7 days'), create_default_indexes => false);
CREATE INDEX goal_hours_goal_hour_idx ON goal_hours (goal_id, hour);
