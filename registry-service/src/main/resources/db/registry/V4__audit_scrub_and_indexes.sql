-- Where the next verify's scrub starts: each verify re-checks one slice of the records below the last
-- verified head, so that an edit below it is found within a bounded number of verifies. Not sealed:
-- moving it only makes verify check more or less of the old records sooner.
CREATE TABLE audit_scrub (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  next_seq  bigint NOT NULL
);
INSERT INTO audit_scrub (next_seq) VALUES (1);

-- The outbox sweep forgets events published long ago.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Versions published before node types were pinned are pinned at the registry's next start.
CREATE INDEX versions_unpinned ON versions (id) WHERE node_types IS NULL AND status <> 'draft';

-- Audit records of a subject and everything below it, found by a range in byte order.
CREATE INDEX audit_log_by_subject_c ON audit_log ((subject COLLATE "C"), seq);
