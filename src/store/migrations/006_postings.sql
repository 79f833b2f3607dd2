-- What was sent to the PSA and accounting systems (or would be, in a dry run):
-- the exact requests, the responses, the records created. A posting made
-- once is never made again under the same idempotency key.
CREATE TABLE postings (
  organization_id text NOT NULL REFERENCES organizations (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  target text NOT NULL CHECK (target IN ('connectwise', 'autotask', 'quickbooks', 'xero')),
  idempotency_key text NOT NULL,
  -- What was posted: an issued invoice or credit note, or an accepted finding's seat change.
  subject_type text NOT NULL CHECK (subject_type IN ('invoice', 'finding')),
  subject_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('previewed', 'posted', 'failed')),
  requests jsonb NOT NULL,
  responses jsonb NOT NULL DEFAULT '[]',
  external_ids jsonb NOT NULL DEFAULT '[]',
  error text,
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX postings_posted_once ON postings (organization_id, target, idempotency_key) WHERE status = 'posted';
CREATE INDEX postings_by_subject ON postings (organization_id, subject_type, subject_id);
