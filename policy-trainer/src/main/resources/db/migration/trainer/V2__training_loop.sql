-- The training loop's state. Everything the trainer needs to resume after a crash lives here: the consumer
-- offsets of the topics it reads, every received sample, GRPO groups (open, ready, used, dropped), prepared and
-- applied steps, and the checkpoint registry. Counts of dropped rollouts are derived from these rows, never kept
-- as separate counters, so they cannot drift.

ALTER TABLE training_run
    ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN error          TEXT,
    ADD COLUMN requested_jobs BIGINT NOT NULL DEFAULT 0;

-- Kafka positions of the trainer's consumer, written in the same transaction as the samples they delivered.
CREATE TABLE consumer_offset (
    topic       TEXT    NOT NULL,
    partition   INT     NOT NULL,
    next_offset BIGINT  NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- A rollout job the trainer asked rollout-service for.
CREATE TABLE rollout_request (
    job_id         UUID        PRIMARY KEY,
    run_id         UUID        NOT NULL REFERENCES training_run (id),
    purpose        TEXT        NOT NULL CHECK (purpose IN ('TRAIN', 'EVAL')),
    environment    TEXT        NOT NULL,
    groups         INT         NOT NULL CHECK (groups > 0),
    group_size     INT         NOT NULL CHECK (group_size > 0),
    policy_version BIGINT      NOT NULL,
    reasoning_mode TEXT        CHECK (reasoning_mode IN ('on', 'off')),
    budget_tokens  INT,
    eval_step      BIGINT,
    requested_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX rollout_request_run ON rollout_request (run_id, purpose);

-- One GRPO group: the samples of one task in one job.
CREATE TABLE sample_group (
    job_id      UUID        NOT NULL REFERENCES rollout_request (job_id),
    group_index INT         NOT NULL,
    run_id      UUID        NOT NULL,
    purpose     TEXT        NOT NULL,
    expected    INT         NOT NULL,
    received    INT         NOT NULL DEFAULT 0,
    status      TEXT        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'READY', 'USED', 'DROPPED')),
    reason      TEXT,
    step        BIGINT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    ready_at    TIMESTAMPTZ,
    PRIMARY KEY (job_id, group_index)
);
CREATE INDEX sample_group_run_status ON sample_group (run_id, status);

-- A received rollout (scored or failed), once: the primary key and the identity constraint make redelivery a no-op.
CREATE TABLE sample (
    rollout_id       UUID             PRIMARY KEY,
    run_id           UUID             NOT NULL,
    job_id           UUID             NOT NULL,
    group_index      INT              NOT NULL,
    sample_index     INT              NOT NULL,
    environment      TEXT             NOT NULL,
    outcome          TEXT             NOT NULL CHECK (outcome IN ('SCORED', 'FAILED')),
    reward           DOUBLE PRECISION,
    correct          DOUBLE PRECISION,
    length_tokens    INT              NOT NULL DEFAULT 0,
    thinking_tokens  INT              NOT NULL DEFAULT 0,
    truncated        BOOLEAN          NOT NULL DEFAULT false,
    trainable        BOOLEAN          NOT NULL DEFAULT false,
    behaviour_version BIGINT,
    payload          BYTEA,
    disposition      TEXT,
    shaped_reward    DOUBLE PRECISION,
    advantage        DOUBLE PRECISION,
    step             BIGINT,
    received_at      TIMESTAMPTZ      NOT NULL DEFAULT now(),
    UNIQUE (job_id, group_index, sample_index),
    CHECK ((outcome = 'SCORED') = (reward IS NOT NULL))
);
CREATE INDEX sample_group_key ON sample (job_id, group_index);
CREATE INDEX sample_run_step ON sample (run_id, step);

-- A train step: PREPARED (its samples are fixed, the engine call may or may not have happened) then APPLIED.
CREATE TABLE train_step (
    run_id                 UUID        NOT NULL REFERENCES training_run (id),
    step                   BIGINT      NOT NULL,
    status                 TEXT        NOT NULL CHECK (status IN ('PREPARED', 'APPLIED')),
    weights_version_before BIGINT      NOT NULL,
    weights_version        BIGINT,
    metrics                JSONB,
    prepared_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at             TIMESTAMPTZ,
    PRIMARY KEY (run_id, step)
);

-- Checkpoints saved by the engine for a run.
CREATE TABLE checkpoint (
    run_id          UUID        NOT NULL REFERENCES training_run (id),
    step            BIGINT      NOT NULL,
    name            TEXT        NOT NULL,
    path            TEXT        NOT NULL,
    weights_version BIGINT      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, step)
);
