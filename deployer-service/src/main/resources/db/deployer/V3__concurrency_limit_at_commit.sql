-- An environment's maxConcurrentDeployments, enforced when a new deployment commits: the check
-- takes a lock per environment only for the moment of the commit, so deployments into one
-- environment are not made one at a time while each waits for its audit record. The deployer
-- refuses early (and says why) when the limit is plainly reached; this catches two that race for
-- the last place.
CREATE FUNCTION deployments_within_limit() RETURNS trigger AS $$
DECLARE
  allowed integer;
  under_way integer;
BEGIN
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

CREATE CONSTRAINT TRIGGER deployments_within_limit AFTER INSERT ON deployments
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION deployments_within_limit();
