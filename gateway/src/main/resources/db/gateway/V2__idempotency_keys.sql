-- Writes with an Idempotency-Key: the first request reserves the key (status NULL while it runs),
-- its successful answer is stored before it is sent, and a retry gets that answer again.
CREATE TABLE idempotency_keys (
  user_name   text NOT NULL,
  key         text NOT NULL,
  fingerprint text NOT NULL,
  status      integer,
  response    text,
  etag        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_name, key)
);
