-- Events written in the same transaction as the state they announce, relayed to Kafka afterwards.
-- Shared by every service that publishes; each service has its own copy in its own schema.
CREATE TABLE outbox (
    id         BIGSERIAL   PRIMARY KEY,
    topic      TEXT        NOT NULL,
    record_key TEXT        NOT NULL,
    payload    BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
