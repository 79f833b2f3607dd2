-- The renewal cycle: policies, tracked renewals with their packs, notices,
-- tasks and warnings, and the days the daily cadence has run. Every row is
-- keyed so that running a day twice adds nothing.

-- A policy field set for the whole organization (account_id '') or one account.
CREATE TABLE policy_settings (
  organization_id text NOT NULL REFERENCES organizations (id),
  account_id text NOT NULL DEFAULT '',
  field text NOT NULL,
  value jsonb NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, account_id, field)
);

-- One renewal conversation: an account's commitments ending on one day.
CREATE TABLE renewals (
  organization_id text NOT NULL,
  id text NOT NULL,
  account_id text NOT NULL,
  renewal_date date NOT NULL,
  subscription_ids jsonb NOT NULL,
  not_renewing jsonb NOT NULL DEFAULT '[]',
  currency text,
  monthly_value numeric NOT NULL DEFAULT 0,
  annual_value numeric NOT NULL DEFAULT 0,
  stage text NOT NULL DEFAULT 'identified'
    CHECK (stage IN ('identified', 'pack_ready', 'in_review', 'client_contacted', 'quoted', 'won', 'lost')),
  health_score integer,
  health_band text CHECK (health_band IN ('green', 'amber', 'red')),
  at_risk boolean NOT NULL DEFAULT false,
  owner text NOT NULL,
  identified_on date NOT NULL,
  pack_generated_on date,
  -- The annual value when the pack went out (the forecast) and when it closed.
  forecast_annual_value numeric,
  closed_annual_value numeric,
  closed_on date,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, account_id) REFERENCES accounts (organization_id, id)
);
CREATE INDEX renewals_by_date ON renewals (organization_id, renewal_date);

CREATE TABLE renewal_stage_changes (
  organization_id text NOT NULL,
  renewal_id text NOT NULL,
  stage text NOT NULL,
  on_date date NOT NULL,
  actor text NOT NULL,
  reason text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, renewal_id, stage, on_date),
  FOREIGN KEY (organization_id, renewal_id) REFERENCES renewals (organization_id, id)
);

CREATE TABLE renewal_packs (
  organization_id text NOT NULL,
  renewal_id text NOT NULL,
  generated_on date NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (organization_id, renewal_id),
  FOREIGN KEY (organization_id, renewal_id) REFERENCES renewals (organization_id, id)
);

CREATE TABLE renewal_tasks (
  organization_id text NOT NULL,
  renewal_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('prepare', 'review', 'client_call', 'save_play', 'exec_call')),
  assignee text NOT NULL,
  reason text NOT NULL,
  created_on date NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  completed_on date,
  escalated_on date,
  escalated_to text,
  PRIMARY KEY (organization_id, renewal_id, kind),
  FOREIGN KEY (organization_id, renewal_id) REFERENCES renewals (organization_id, id)
);
CREATE INDEX renewal_tasks_open ON renewal_tasks (organization_id, status, due_on);

-- Emails written in the transaction that decides them and delivered after it
-- commits (an outbox): a crash between the two delivers late, never twice
-- for the same notice.
CREATE TABLE notices (
  organization_id text NOT NULL,
  id text NOT NULL,
  renewal_id text,
  kind text NOT NULL CHECK (kind IN ('renewal_notice', 'escalation')),
  due_on date NOT NULL,
  recipient text,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'superseded')),
  message_id text,
  error text,
  sent_at timestamptz,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX notices_queued ON notices (organization_id, status);

CREATE TABLE renewal_warnings (
  organization_id text NOT NULL,
  code text NOT NULL,
  subject_id text NOT NULL,
  account_id text,
  message text NOT NULL,
  first_seen_on date NOT NULL,
  last_seen_on date NOT NULL,
  PRIMARY KEY (organization_id, code, subject_id)
);

CREATE TABLE cadence_runs (
  organization_id text NOT NULL,
  run_date date NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  summary jsonb NOT NULL,
  PRIMARY KEY (organization_id, run_date)
);
