-- Bearer tokens, kept only as sha-256 digests: a token is 32 random bytes, so a fast hash is
-- enough (a slow one such as bcrypt is for guessable passwords).
CREATE TABLE tokens (
  id         uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_name  text NOT NULL,
  roles      text[] NOT NULL,
  bootstrap  boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL
);

-- at most one generated bootstrap admin token, whichever gateway starts first
CREATE UNIQUE INDEX tokens_one_bootstrap ON tokens (bootstrap) WHERE bootstrap;
