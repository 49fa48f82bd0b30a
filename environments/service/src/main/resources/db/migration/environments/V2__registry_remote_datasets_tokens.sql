-- The registry grows what remote environments and datasets need. A version stays immutable: only its lifecycle
-- may move (a trigger refuses every other change), and a version is never deleted while datasets refer to it.
ALTER TABLE environment_version
    ADD COLUMN task_schema JSONB NOT NULL DEFAULT '{"type": "object"}'::jsonb,
    ADD COLUMN examples    JSONB NOT NULL DEFAULT '[]'::jsonb,  -- [{task_id, task, gold_answer}], remote only
    ADD COLUMN probe       JSONB,                              -- the registration probe's report, remote only
    ADD COLUMN registered_by TEXT NOT NULL DEFAULT 'built-in';

CREATE FUNCTION environment_version_immutable() RETURNS trigger AS $$
BEGIN
    IF (NEW.name, NEW.version, NEW.domain, NEW.description, NEW.min_reward, NEW.max_reward, NEW.deterministic,
        NEW.tools, NEW.endpoint, NEW.task_schema, NEW.examples, NEW.registered_at, NEW.registered_by)
       IS DISTINCT FROM
       (OLD.name, OLD.version, OLD.domain, OLD.description, OLD.min_reward, OLD.max_reward, OLD.deterministic,
        OLD.tools, OLD.endpoint, OLD.task_schema, OLD.examples, OLD.registered_at, OLD.registered_by) THEN
        RAISE EXCEPTION 'environment version %@% is immutable; only its lifecycle may change', OLD.name, OLD.version;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER environment_version_immutable BEFORE UPDATE ON environment_version
    FOR EACH ROW EXECUTE FUNCTION environment_version_immutable();

-- A dataset of one environment version: each upload is a new dataset version, checksummed.
CREATE TABLE dataset (
    env_name      TEXT        NOT NULL,
    env_version   TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    version       INT         NOT NULL,
    sha256        TEXT        NOT NULL,
    row_count     BIGINT      NOT NULL,
    rejected_rows BIGINT      NOT NULL,
    mode          TEXT        NOT NULL CHECK (mode IN ('ALL_OR_NOTHING', 'SKIP_INVALID')),
    uploaded_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    uploaded_by   TEXT        NOT NULL,
    PRIMARY KEY (env_name, env_version, name, version),
    FOREIGN KEY (env_name, env_version) REFERENCES environment_version (name, version)
);

CREATE TABLE dataset_row (
    env_name    TEXT  NOT NULL,
    env_version TEXT  NOT NULL,
    dataset     TEXT  NOT NULL,
    version     INT   NOT NULL,
    line_number INT   NOT NULL,
    task_id     TEXT  NOT NULL,
    row         JSONB NOT NULL,
    PRIMARY KEY (env_name, env_version, dataset, version, line_number),
    UNIQUE (env_name, env_version, dataset, version, task_id),
    FOREIGN KEY (env_name, env_version, dataset, version) REFERENCES dataset (env_name, env_version, name, version)
);

-- REST API tokens. Only a SHA-256 of the token is kept; the token itself is shown once, when created.
CREATE TABLE api_token (
    id         UUID        PRIMARY KEY,
    name       TEXT        NOT NULL,
    role       TEXT        NOT NULL CHECK (role IN ('ADMIN', 'VIEWER')),
    token_hash TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);
