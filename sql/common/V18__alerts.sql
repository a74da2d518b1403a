-- Alerts: where they go (channels), when they fire (rules), what is firing now, what waits to be
-- sent (the outbox) and when nothing is sent (silences). `webtop alert` keeps them; plain SQL may
-- too. Rules, channels and silences are settings and survive `webtop reset`.

-- A receiver: a generic webhook (a versioned JSON body, signed when a secret is set), a Slack
-- incoming webhook, or e-mail over SMTP (url smtp://host:port; settings hold from, to, user and
-- whether STARTTLS is required). secret is the webhook's signing key or the SMTP password.
CREATE TABLE alert_channels (
    name     text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
    kind     text NOT NULL CHECK (kind IN ('webhook', 'slack', 'email')),
    url      text NOT NULL,
    secret   text,
    settings jsonb NOT NULL DEFAULT '{}',
    added_at timestamptz NOT NULL DEFAULT now()
);

-- When to tell someone. A rule's subject is a probe target (down, slow, certificate), a domain
-- (burst, dark), a job (job), a followed access log (source) or the database itself (database);
-- a null subject means every one of its kind, each firing on its own.
--   down:        at least `locations` locations see the target down (an open incident)
--   slow:        the last `checks` checks from one location were all degraded
--   certificate: the certificate chain ends within `days` days
--   burst:       the dashboard's burst rule holds for the domain
--   dark:        no page view for `quiet`, or (with `below_percent`) the last full hour had less than
--                that share of the same hour in the weeks before
--   job:         one of webtop's jobs failed `failures` times in a row
--   source:      an access log `webtop ingest` follows delivered nothing for `quiet`
--   database:    `webtop serve` could not reach the database for `quiet` (sent by serve itself)
-- remind_every repeats a firing alert while it lasts.
CREATE TABLE alert_rules (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('down', 'slow', 'certificate', 'burst', 'dark', 'job', 'source',
                                                'database')),
    target        text,
    domain        text,
    job           text,
    source        text,
    locations     integer NOT NULL DEFAULT 1 CHECK (locations BETWEEN 1 AND 100),
    checks        integer CHECK (checks BETWEEN 1 AND 1000),
    days          integer CHECK (days BETWEEN 1 AND 3650),
    failures      integer CHECK (failures BETWEEN 1 AND 1000),
    quiet         interval CHECK (quiet >= INTERVAL '10 seconds'),
    below_percent numeric CHECK (below_percent > 0 AND below_percent < 100),
    remind_every  interval CHECK (remind_every >= INTERVAL '1 minute'),
    added_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (kind IN ('down', 'slow', 'certificate') OR target IS NULL),
    CHECK (kind IN ('burst', 'dark') OR domain IS NULL),
    CHECK (kind = 'job' OR job IS NULL),
    CHECK (kind = 'source' OR source IS NULL),
    CHECK (kind <> 'slow' OR checks IS NOT NULL),
    CHECK (kind <> 'certificate' OR days IS NOT NULL),
    CHECK (kind <> 'job' OR failures IS NOT NULL),
    CHECK (kind NOT IN ('source', 'database') OR quiet IS NOT NULL),
    CHECK (kind <> 'dark' OR quiet IS NOT NULL OR below_percent IS NOT NULL)
);

-- Which channels a rule tells. A channel in use cannot be removed before its rules.
CREATE TABLE alert_routes (
    rule_id bigint NOT NULL REFERENCES alert_rules ON DELETE CASCADE,
    channel text   NOT NULL REFERENCES alert_channels ON DELETE RESTRICT,
    PRIMARY KEY (rule_id, channel)
);

-- What fires now, per rule and subject; the row goes when the alert is resolved. notified says
-- whether the firing message went out (a silenced alert's did not, and neither will its
-- resolution).
CREATE TABLE alert_firing (
    rule_id        bigint      NOT NULL REFERENCES alert_rules ON DELETE CASCADE,
    subject        text        NOT NULL,
    since          timestamptz NOT NULL,
    summary        text        NOT NULL,
    notified       boolean     NOT NULL,
    last_told_at   timestamptz,
    PRIMARY KEY (rule_id, subject)
);

-- Messages to send, written in the transaction that decided them; dispatchers claim a channel
-- at a time with FOR UPDATE SKIP LOCKED, send in id order and mark. message_id stays the same
-- across retries, so a receiver can drop a repeat.
CREATE TABLE alert_outbox (
    id              bigserial PRIMARY KEY,
    message_id      uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    channel         text        NOT NULL REFERENCES alert_channels ON DELETE CASCADE,
    rule_id         bigint,
    event           text        NOT NULL CHECK (event IN ('firing', 'resolved', 'reminder')),
    kind            text        NOT NULL,
    subject         text        NOT NULL,
    summary         text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz
);
CREATE INDEX alert_outbox_pending_idx ON alert_outbox (channel, id) WHERE state = 'pending';

-- When nothing is sent for a target or a domain: once (starts_at to ends_at), or every week on
-- the given ISO weekdays (1 = Monday) from from_time to to_time in time_zone (a window whose
-- end is before its start runs past midnight). Checks still run and are stored.
CREATE TABLE alert_silences (
    id        bigserial PRIMARY KEY,
    target    text,
    domain    text,
    starts_at timestamptz,
    ends_at   timestamptz,
    weekdays  smallint[] CHECK (weekdays <@ '{1,2,3,4,5,6,7}'::smallint[] AND cardinality(weekdays) > 0),
    from_time time,
    to_time   time,
    time_zone text NOT NULL DEFAULT 'UTC',
    reason    text,
    added_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((target IS NULL) <> (domain IS NULL)),
    CHECK ((ends_at IS NOT NULL AND starts_at IS NOT NULL AND weekdays IS NULL AND ends_at > starts_at)
        OR (ends_at IS NULL AND starts_at IS NULL AND weekdays IS NOT NULL AND from_time IS NOT NULL
            AND to_time IS NOT NULL AND from_time <> to_time))
);

INSERT INTO webtop_settings (key, value, kind, min_value, max_value, default_value, description) VALUES
    ('alerts.every', '15 seconds', 'interval', '1 second', '1 hour', '15 seconds',
     'how often the webtop-alerts job looks at traffic and certificates (probe results are looked at as they are stored)'),
    ('alerts.give_up_after', '1 day', 'interval', '1 minute', NULL, '1 day',
     'a message its channel has refused for this long is marked failed and no longer retried'),
    ('alerts.keep_sent', '30 days', 'interval', '1 hour', NULL, '30 days',
     'sent and failed messages older than this leave the outbox');
