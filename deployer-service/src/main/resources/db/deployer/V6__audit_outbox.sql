-- The deployer's audit records wait here, written in the transaction of the change they record,
-- until the registry (which keeps the audit trail) has appended them: a change that rolls back
-- leaves no record, and a committed one never loses its record.
CREATE TABLE audit_outbox (
  seq         bigserial PRIMARY KEY,
  id          text NOT NULL UNIQUE,          -- the record's id in the trail: appending it again finds the first
  record      jsonb NOT NULL,                -- {id, service, action, subject, details}
  request_id  text,
  actor       text NOT NULL,
  actor_token text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  rejected    text                           -- why the registry refused it (a 4xx): kept for a person, not retried
);
