-- it-desk: one row per session. The world's tables (users, groups, assets, tickets, knowledge base) travel together
-- as one JSONB document, so a tool call is one row lock and one update, and any replica can serve any call.
CREATE TABLE it_desk_session (
    session_id  TEXT        PRIMARY KEY,
    task_id     TEXT        NOT NULL,
    world       JSONB       NOT NULL,
    tool_calls  INTEGER     NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Abandoned sessions are swept by age.
CREATE INDEX it_desk_session_updated_at ON it_desk_session (updated_at);
