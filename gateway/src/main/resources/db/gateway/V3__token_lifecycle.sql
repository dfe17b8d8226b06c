-- Tokens users can manage: an optional expiry, revocation (kept, not deleted, so that the list shows
-- it), and which token came from AXON_ADMIN_TOKEN, so that a new value retires the old one.
ALTER TABLE tokens
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN revoked_at timestamptz,
  ADD COLUMN revoked_by text,
  ADD COLUMN configured boolean NOT NULL DEFAULT false;
UPDATE tokens SET configured = true WHERE created_by = 'AXON_ADMIN_TOKEN';

-- Bumped in every transaction that issues or revokes a token: a gateway reloads its in-memory view
-- of the tokens when it sees a new value, so revocation reaches every gateway within a refresh.
CREATE TABLE token_changes (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version   bigint NOT NULL
);
INSERT INTO token_changes (version) VALUES (1);

-- Idempotency keys are kept by the service that owns each write, in the write's own transaction.
DROP TABLE idempotency_keys;
