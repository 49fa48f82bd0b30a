-- One row per rollout that reached a verdict or failed verification; the primary key makes scoring idempotent.
CREATE TABLE reward (
    rollout_id       UUID             PRIMARY KEY,
    job_id           UUID             NOT NULL,
    task_id          TEXT             NOT NULL,
    group_index      INT              NOT NULL,
    sample_index     INT              NOT NULL,
    attempt          INT              NOT NULL,
    environment      TEXT             NOT NULL,
    status           TEXT             NOT NULL CHECK (status IN ('SCORED', 'FAILED')),
    reward           DOUBLE PRECISION,
    components       JSONB,
    extracted_answer TEXT,
    failure_stage    TEXT,
    failure_cause    TEXT,
    failure_message  TEXT,
    scored_at        TIMESTAMPTZ      NOT NULL DEFAULT now(),
    -- A failure is never a reward; a score always has one.
    CHECK ((status = 'SCORED') = (reward IS NOT NULL))
);

CREATE INDEX reward_by_job ON reward (job_id);
