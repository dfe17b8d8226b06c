CREATE TABLE workflows (
  id          bigserial PRIMARY KEY,
  key         text NOT NULL UNIQUE,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL
);

CREATE TABLE versions (
  id           bigserial PRIMARY KEY,
  workflow_id  bigint NOT NULL REFERENCES workflows (id),
  version      text NOT NULL,
  -- SemanticVersion.precedenceKey(): byte order is SemVer precedence; build metadata left out,
  -- so 1.0.0+a and 1.0.0+b are the same version
  precedence   text COLLATE "C" NOT NULL,
  major        integer NOT NULL,
  minor        integer NOT NULL,
  patch        integer NOT NULL,
  prerelease   text,
  status       text NOT NULL CHECK (status IN ('draft', 'published', 'deprecated', 'archived')),
  definition   jsonb NOT NULL,
  digest       text NOT NULL,
  metadata     jsonb NOT NULL,
  dependencies jsonb NOT NULL,
  revision     integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workflow_id, precedence)
);

CREATE INDEX versions_by_release ON versions (workflow_id, major, minor, patch) WHERE prerelease IS NULL;
