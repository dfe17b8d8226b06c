-- The deployer's own tables (DESIGN §1: each service owns its tables).

-- Environments and their restrictions (DESIGN §2), seeded as a fresh installation has them.
CREATE TABLE environments (
  name         text PRIMARY KEY,
  type         text NOT NULL,
  config       jsonb NOT NULL DEFAULT '{"variables": {}}',
  restrictions jsonb NOT NULL,
  revision     integer NOT NULL DEFAULT 1,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO environments (name, type, restrictions) VALUES
('development', 'development', '{
  "allowedVersionStatuses": ["draft", "published"], "requiresApproval": false, "approvalsRequired": 0,
  "maxConcurrentDeployments": 10, "deploymentWindows": [], "freezes": [], "promotionSource": null,
  "rollbackPolicy": {"automatic": {"enabled": true, "triggers": [
      {"type": "error_rate", "threshold": 0.1, "duration": 60000, "minSamples": 50}], "timeout": 600000},
    "manual": {"enabled": true, "approvalRequired": false}}}'),
('staging', 'staging', '{
  "allowedVersionStatuses": ["published"], "requiresApproval": false, "approvalsRequired": 0,
  "maxConcurrentDeployments": 5, "deploymentWindows": [], "freezes": [], "promotionSource": "development",
  "rollbackPolicy": {"automatic": {"enabled": true, "triggers": [
      {"type": "error_rate", "threshold": 0.05, "duration": 60000, "minSamples": 100}], "timeout": 1800000},
    "manual": {"enabled": true, "approvalRequired": false}}}'),
('production', 'production', '{
  "allowedVersionStatuses": ["published"], "requiresApproval": true, "approvalsRequired": 1,
  "maxConcurrentDeployments": 3,
  "deploymentWindows": [{"days": ["tuesday", "thursday"], "start": "02:00", "end": "04:00", "timezone": "UTC"}],
  "freezes": [], "promotionSource": "staging",
  "rollbackPolicy": {"automatic": {"enabled": true, "triggers": [
      {"type": "error_rate", "threshold": 0.02, "duration": 60000, "minSamples": 200},
      {"type": "response_time", "threshold": 2000, "duration": 120000, "minSamples": 200, "metric": "p99"}],
      "timeout": 3600000},
    "manual": {"enabled": true, "approvalRequired": true}}}');

CREATE TABLE deployments (
  id               uuid PRIMARY KEY,
  workflow         text NOT NULL,
  version          text NOT NULL,
  environment      text NOT NULL REFERENCES environments (name),
  strategy         jsonb NOT NULL,
  status           text NOT NULL,
  previous_version text,
  reason           text,
  failure          text,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz
);
-- One active deployment per environment and workflow: a second one is a unique violation (409).
CREATE UNIQUE INDEX deployments_one_active ON deployments (environment, workflow)
  WHERE status IN ('pending_approval', 'scheduled', 'in_progress', 'paused', 'rolling_back');
CREATE INDEX deployments_newest ON deployments (created_at DESC, id DESC);

CREATE TABLE deployment_steps (
  deployment_id uuid NOT NULL REFERENCES deployments (id),
  seq           integer NOT NULL,
  name          text NOT NULL,
  status        text NOT NULL,
  detail        jsonb NOT NULL DEFAULT '{}',
  started_at    timestamptz,
  finished_at   timestamptz,
  PRIMARY KEY (deployment_id, seq)
);

-- Per environment and workflow, the latest revision (DESIGN §2); every revision is published.
CREATE TABLE routing_tables (
  environment text NOT NULL REFERENCES environments (name),
  workflow    text NOT NULL,
  revision    bigint NOT NULL,
  routing     jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (environment, workflow)
);

CREATE TABLE idempotency_keys (
  owner       text NOT NULL,
  key         text NOT NULL,
  fingerprint text NOT NULL,
  reply       jsonb NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);

CREATE TABLE outbox (
  seq          bigserial PRIMARY KEY,
  id           uuid NOT NULL UNIQUE,
  subject      text NOT NULL,
  event        jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
