-- Each target's state per location, kept apart from the raw results (which stay as they were):
-- a target goes down after probe.down_after failures in a row and comes back after
-- probe.up_after successes in a row, so one lost packet is not an outage and one lucky answer
-- is not a recovery.
CREATE TABLE probe_state (
    target                text NOT NULL,
    location              text NOT NULL,
    state                 text NOT NULL CHECK (state IN ('up', 'degraded', 'down')),
    since                 timestamptz NOT NULL,
    consecutive_failures  integer NOT NULL DEFAULT 0,
    consecutive_successes integer NOT NULL DEFAULT 0,
    failing_since         timestamptz,
    last_outcome          text NOT NULL,
    last_check            timestamptz NOT NULL,
    PRIMARY KEY (target, location)
);

-- Outages: from the first failure of the run that took a target down to the success that
-- brought it back (null while it lasts), with the outcome that started it.
CREATE TABLE probe_incidents (
    id         bigserial PRIMARY KEY,
    target     text NOT NULL,
    location   text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    cause      text NOT NULL,
    detail     text
);
CREATE INDEX probe_incidents_target_idx ON probe_incidents (target, started_at DESC);

INSERT INTO webtop_settings (key, value, kind, min_value, max_value, default_value, description) VALUES
    ('probe.down_after', '2', 'integer', '1', '100', '2', 'failed checks in a row that take a target down'),
    ('probe.up_after', '2', 'integer', '1', '100', '2', 'successful checks in a row that bring a target back up');
