-- Accounts of the admin UI (roles: ADMIN may change, VIEWER may only read).
CREATE TABLE app_user (
    username      TEXT        PRIMARY KEY,
    password_hash TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('ADMIN', 'VIEWER')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
