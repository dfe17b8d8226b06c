-- Which versions are live where, as the deployer's routing tables say (its axon.routing.revised
-- events, and its whole list of tables when the registry starts and every few minutes after). Kept
-- here, not read from the deployer's tables: the registry must refuse to archive a live version
-- after a restart, before it has heard from the deployer again.

-- The newest revision seen of each (environment, workflow) table; an older one arriving late changes nothing.
CREATE TABLE routing_revisions (
  environment text NOT NULL,
  workflow    text NOT NULL,
  revision    bigint NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (environment, workflow)
);

-- Every version that revision keeps loaded: a route at any weight (0 is the rollback target) or the preview.
CREATE TABLE live_versions (
  environment text NOT NULL,
  workflow    text NOT NULL,
  -- as the table spells it, and SemanticVersion.precedenceKey() to meet versions.precedence
  version     text NOT NULL,
  precedence  text COLLATE "C" NOT NULL,
  weight      integer,
  preview     boolean NOT NULL,
  PRIMARY KEY (environment, workflow, precedence),
  FOREIGN KEY (environment, workflow) REFERENCES routing_revisions ON DELETE CASCADE
);

-- Where one version is live: what archiving and replacing a definition ask.
CREATE INDEX live_versions_by_version ON live_versions (workflow, precedence);
