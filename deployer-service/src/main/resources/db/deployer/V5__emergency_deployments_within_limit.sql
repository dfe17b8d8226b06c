-- An emergency rollback is never refused for the environment's maxConcurrentDeployments: it stops
-- its workflow's deployment under way and must get through even when every other place is taken.
-- Its deployment says so in its strategy ({"type": "immediate", "emergency": true}), which only the
-- deployer's emergency rollback writes. It still counts against the deployments made after it.
CREATE OR REPLACE FUNCTION deployments_within_limit() RETURNS trigger AS $$
DECLARE
  allowed integer;
  under_way integer;
BEGIN
  IF (NEW.strategy->>'emergency') = 'true' THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('deployments:' || NEW.environment));
  SELECT (restrictions->>'maxConcurrentDeployments')::integer INTO allowed FROM environments WHERE name = NEW.environment;
  SELECT count(*) INTO under_way FROM deployments
    WHERE environment = NEW.environment
      AND status IN ('pending_approval', 'scheduled', 'in_progress', 'paused', 'rolling_back');
  IF under_way > allowed THEN
    RAISE EXCEPTION '% has % deployments under way, its maximum (maxConcurrentDeployments); wait for one to end',
      NEW.environment, under_way - 1 USING ERRCODE = 'AX409';
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
