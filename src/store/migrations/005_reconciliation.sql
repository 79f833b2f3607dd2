-- Reconciliation against the ledger: each run's coverage, and the findings
-- with a status people set once and later runs remember.

CREATE TABLE reconciliation_runs (
  organization_id text NOT NULL REFERENCES organizations (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  period text NOT NULL,
  invoiced_source text NOT NULL CHECK (invoiced_source IN ('coterm', 'psa')),
  actor text NOT NULL,
  ran_at timestamptz NOT NULL DEFAULT now(),
  coverage jsonb NOT NULL,
  findings integer NOT NULL,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX reconciliation_runs_by_period ON reconciliation_runs (organization_id, period, id);

CREATE TABLE reconciliation_findings (
  organization_id text NOT NULL REFERENCES organizations (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  period text NOT NULL,
  -- The same difference found again has the same key: its status is kept.
  finding_key text NOT NULL,
  category text NOT NULL,
  account_id text,
  customer_id text NOT NULL,
  subscription_id text NOT NULL,
  product_name text,
  from_date date NOT NULL,
  until_date date NOT NULL,
  direction text NOT NULL CHECK (direction IN ('underbilled', 'overbilled')),
  microsoft_seats integer NOT NULL,
  invoiced_seats integer NOT NULL,
  impact numeric NOT NULL,
  annualised numeric NOT NULL,
  currency text,
  explanation text NOT NULL,
  suggestion text NOT NULL,
  evidence jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed')),
  status_reason text,
  status_by text,
  status_at timestamptz,
  first_run_id bigint NOT NULL,
  last_run_id bigint NOT NULL,
  -- False once a later run no longer finds it (corrected at the source).
  still_found boolean NOT NULL DEFAULT true,
  PRIMARY KEY (organization_id, id),
  UNIQUE (organization_id, period, finding_key),
  CHECK (status = 'open' OR status_reason IS NOT NULL)
);
CREATE INDEX reconciliation_findings_by_account ON reconciliation_findings (organization_id, account_id, period);
