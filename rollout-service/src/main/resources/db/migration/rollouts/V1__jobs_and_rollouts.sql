-- A job asks for samples_per_task rollouts of each selected task.
CREATE TABLE job (
    id                  UUID        PRIMARY KEY,
    environment         TEXT        NOT NULL,
    environment_version TEXT        NOT NULL,
    request             JSONB       NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'CANCELLED')),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at         TIMESTAMPTZ
);

-- One row per rollout identity (job_id, task_id, group_index, sample_index, attempt); every write is idempotent on it.
CREATE TABLE rollout (
    rollout_id        UUID        PRIMARY KEY,
    job_id            UUID        NOT NULL REFERENCES job (id),
    task_id           TEXT        NOT NULL,
    group_index       INT         NOT NULL,
    sample_index      INT         NOT NULL,
    attempt           INT         NOT NULL,
    status            TEXT        NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'SCORED', 'FAILED')),
    trainable         BOOLEAN,
    finish_reason     TEXT,
    policy_version    BIGINT,
    messages          JSONB,
    turns             JSONB,
    reward            DOUBLE PRECISION,
    reward_components JSONB,
    extracted_answer  TEXT,
    failure_stage     TEXT,
    failure_cause     TEXT,
    failure_message   TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (job_id, task_id, group_index, sample_index, attempt),
    -- A failed rollout never carries a reward: infrastructure failures are not wrong answers.
    CHECK (status <> 'FAILED' OR reward IS NULL)
);

CREATE INDEX rollout_by_job ON rollout (job_id, status);
