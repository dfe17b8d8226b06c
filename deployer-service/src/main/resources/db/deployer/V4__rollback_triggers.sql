-- Automatic rollback: the trigger that fired, with the numbers that fired it.
ALTER TABLE deployments ADD COLUMN rollback_trigger jsonb;
