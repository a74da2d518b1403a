-- Real traffic from web server access logs: the referrer, and the client address only when the
-- user asks for it (--keep-ip); users are otherwise a daily-salted hash of address and agent.
ALTER TABLE logs
    ADD COLUMN referrer  text,
    ADD COLUMN client_ip text;

-- Where `webtop ingest` stands in each file it reads: the file's identity (device and inode),
-- the bytes consumed (whole lines only) and the lines they held. Written in the same
-- transaction as the rows those lines became, so a restart resumes exactly there.
CREATE TABLE ingest_checkpoints (
    source     text PRIMARY KEY,
    file_key   text        NOT NULL,
    position   bigint      NOT NULL CHECK (position >= 0),
    lines      bigint      NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The secret behind the users' daily hashes: made once per database, never printed.
CREATE TABLE webtop_salt (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    secret    text    NOT NULL
);
INSERT INTO webtop_salt (secret)
VALUES (md5(random()::text || clock_timestamp()::text) || md5(random()::text || pg_backend_pid()::text));
