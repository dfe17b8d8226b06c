-- A bootstrap admin token is generated when no valid admin token is left, so there may be several
-- over time, but only one that is not revoked.
DROP INDEX tokens_one_bootstrap;
CREATE UNIQUE INDEX tokens_one_live_bootstrap ON tokens (bootstrap) WHERE bootstrap AND revoked_at IS NULL;

-- Idempotency-Key on token issue: the key, a digest of the request and the token it issued, written
-- in the issue's transaction. The secret is never kept, so a retry cannot be answered with it.
CREATE TABLE token_issue_keys (
  owner       text NOT NULL,
  key         text NOT NULL,
  fingerprint text NOT NULL,
  token_id    uuid NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (owner, key)
);
