-- Append-only, hash-chained: hash = sha256(prev_hash || canonical record). seq has no gaps, so a
-- deleted record shows as a gap; audit_head holds the last seq and hash, so a deleted tail shows too.
CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY,
  id         uuid NOT NULL UNIQUE,
  at         timestamptz NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL,
  subject    text NOT NULL,
  request_id text,
  details    jsonb NOT NULL,
  prev_hash  text NOT NULL,
  hash       text NOT NULL
);

CREATE INDEX audit_log_by_subject ON audit_log (subject text_pattern_ops, seq);

CREATE TABLE audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq       bigint NOT NULL,
  hash      text NOT NULL
);

INSERT INTO audit_head (seq, hash) VALUES (0, 'genesis');
