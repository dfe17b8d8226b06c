-- Progressive delivery: deadlines, pauses, rollbacks, leases and approvals.

ALTER TABLE deployments
  -- why the deployment is in its status (waiting for a promote, for a window, rolled back because ...)
  ADD COLUMN message       text,
  -- the progress deadline: set when the deployment starts, pushed back by the time it spends paused
  ADD COLUMN deadline_ms   bigint,
  ADD COLUMN deadline_at   timestamptz,
  ADD COLUMN paused_at     timestamptz,
  -- while rolling back: the version traffic goes back to (null: none, the version just leaves),
  -- and the status the deployment ends in (rolled_back, aborted or failed)
  ADD COLUMN rollback_target text,
  ADD COLUMN ends_as       text,
  -- the deployer process driving it, until its lease runs out (another one takes over then)
  ADD COLUMN driver        text,
  ADD COLUMN lease_until   timestamptz;

CREATE INDEX deployments_driven ON deployments (status) WHERE status IN ('scheduled', 'in_progress', 'rolling_back');

CREATE TABLE approvals (
  id            uuid PRIMARY KEY,
  deployment_id uuid NOT NULL REFERENCES deployments (id),
  action        text NOT NULL,            -- deploy or rollback
  status        text NOT NULL,            -- pending, approved, rejected, expired
  required      integer NOT NULL,
  requested_by  text NOT NULL,
  details       jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  decided_at    timestamptz
);
-- One open request per deployment.
CREATE UNIQUE INDEX approvals_one_pending ON approvals (deployment_id) WHERE status = 'pending';
CREATE INDEX approvals_newest ON approvals (created_at DESC, id DESC);

CREATE TABLE approval_votes (
  approval_id uuid NOT NULL REFERENCES approvals (id),
  voter       text NOT NULL,
  verdict     text NOT NULL,              -- approve or reject
  comment     text,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (approval_id, voter)        -- each approver counts once
);
