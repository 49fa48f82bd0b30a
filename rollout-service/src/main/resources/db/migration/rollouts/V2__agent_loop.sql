-- The agent loop's record of a rollout: why it is not trainable, its reasoning counts and its token trajectory.
ALTER TABLE rollout ADD COLUMN untrainable_reason TEXT;
ALTER TABLE rollout ADD COLUMN reasoning JSONB;
ALTER TABLE rollout ADD COLUMN trajectory JSONB;
ALTER TABLE rollout ADD COLUMN turn_count INT;

-- Listing across jobs: newest first, and by the filters the API offers.
CREATE INDEX rollout_by_status ON rollout (status, rollout_id);
CREATE INDEX rollout_by_policy_version ON rollout (policy_version) WHERE policy_version IS NOT NULL;
CREATE INDEX rollout_by_update ON rollout (job_id, updated_at);
CREATE INDEX job_by_environment ON job (environment);
