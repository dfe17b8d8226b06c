-- Exactly-once writes: a caller's key, the digest of the command it came with and the reply, written
-- in the transaction of the change (common/db/IdempotencyKeys).
CREATE TABLE idempotency_keys (
  owner       text NOT NULL,
  key         text NOT NULL,
  fingerprint text NOT NULL,
  reply       jsonb NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);

-- Events written with the change they report, relayed after commit (common/events/OutboxRelay).
CREATE TABLE outbox (
  seq          bigserial PRIMARY KEY,
  id           uuid NOT NULL UNIQUE,
  subject      text NOT NULL,
  event        jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;

-- Published means pinned: the node type version each node resolved to when it was published.
ALTER TABLE versions ADD COLUMN node_types jsonb;

-- The audit chain is keyed from here on: HMAC-SHA256 under a key that never enters the database,
-- from a random genesis. Records before keyed_from (an installation older than this migration) were
-- chained with plain sha-256 and are reported as such.
ALTER TABLE audit_log ADD COLUMN service text, ADD COLUMN entry_id text, ADD COLUMN actor_token text;
UPDATE audit_log SET service = 'registry', entry_id = id::text;
ALTER TABLE audit_log ALTER COLUMN service SET NOT NULL, ALTER COLUMN entry_id SET NOT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entry_id UNIQUE (entry_id);

CREATE TABLE audit_genesis (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  genesis    text NOT NULL,
  keyed_from bigint NOT NULL,
  -- HMAC of a fixed text under the key, so that a start with another key is refused
  key_check  text
);
INSERT INTO audit_genesis (genesis, keyed_from)
SELECT encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex'),
       seq + 1
FROM audit_head;
UPDATE audit_head SET hash = (SELECT genesis FROM audit_genesis) WHERE seq = 0;

-- Verified heads, each under the key's HMAC: verify starts from the newest instead of from genesis.
CREATE TABLE audit_checkpoints (
  seq  bigint PRIMARY KEY,
  hash text NOT NULL,
  mac  text NOT NULL,
  at   timestamptz NOT NULL DEFAULT now()
);

-- Append-only, enforced by the database: records are never updated or deleted, the head only moves
-- one record forward, the genesis never changes once its key check is set.
CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <> OLD.seq + 1 THEN
    RAISE EXCEPTION 'the audit head only moves forward one record at a time' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION audit_genesis_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.key_check IS NOT NULL OR NEW.genesis <> OLD.genesis OR NEW.keyed_from <> OLD.keyed_from THEN
    RAISE EXCEPTION 'the audit genesis is set once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head FOR EACH ROW EXECUTE FUNCTION audit_head_forward();
CREATE TRIGGER audit_head_kept BEFORE DELETE ON audit_head FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_genesis_once BEFORE UPDATE ON audit_genesis FOR EACH ROW EXECUTE FUNCTION audit_genesis_once();
CREATE TRIGGER audit_genesis_kept BEFORE DELETE ON audit_genesis FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_refuse();
