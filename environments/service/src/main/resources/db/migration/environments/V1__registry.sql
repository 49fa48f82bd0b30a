-- The environment registry. A row is one immutable version of one environment: name@version.
CREATE TABLE environment_version (
    name          TEXT             NOT NULL,
    version       TEXT             NOT NULL,
    domain        TEXT             NOT NULL,
    description   TEXT             NOT NULL,
    lifecycle     TEXT             NOT NULL CHECK (lifecycle IN ('DRAFT', 'ACTIVE', 'DEPRECATED')),
    min_reward    DOUBLE PRECISION NOT NULL,
    max_reward    DOUBLE PRECISION NOT NULL,
    deterministic BOOLEAN          NOT NULL,
    tools         JSONB            NOT NULL,
    endpoint      TEXT             NOT NULL,  -- 'builtin', or the base URL of a remote environment
    task_count    BIGINT           NOT NULL,  -- -1 for a generator without end
    registered_at TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (name, version),
    CHECK (min_reward < max_reward)
);
