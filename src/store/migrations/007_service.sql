-- The service: people and integrations that sign in, quotes a client signs
-- in the portal, and the provisioning plans an acceptance produces.

-- Bumped with every audit-log row, in the same transaction: the number of
-- changes an organization's data went through. Its row lock orders writers,
-- so a reader that sees version v sees every change up to v (views cached
-- per version are never stale).
ALTER TABLE organizations ADD COLUMN data_version bigint NOT NULL DEFAULT 0;

-- Staff of the MSP (admin, billing, account_manager, read_only) and the
-- client's portal contacts, who belong to exactly one account. An email signs
-- in to one organization.
CREATE TABLE users (
  organization_id text NOT NULL REFERENCES organizations (id),
  id text NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'billing', 'account_manager', 'read_only', 'portal_contact')),
  account_id text,
  -- scrypt, with its parameters and salt; null for a contact who only opens links.
  password_hash text,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, account_id) REFERENCES accounts (organization_id, id),
  CHECK ((role = 'portal_contact') = (account_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_by_email ON users (lower(email));

-- Browser sessions. Only the SHA-256 of the cookie's token is kept.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  organization_id text NOT NULL,
  user_id text NOT NULL,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);

-- Tokens for integrations: hashed at rest, scoped, revocable.
CREATE TABLE api_tokens (
  organization_id text NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes jsonb NOT NULL,
  user_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);

-- A renewal pack turned into a quote: the frozen document and its PDF, whose
-- SHA-256 an acceptance signs.
CREATE TABLE quotes (
  organization_id text NOT NULL,
  id text NOT NULL,
  renewal_id text NOT NULL,
  account_id text NOT NULL,
  contact_id text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'withdrawn')),
  document jsonb NOT NULL,
  pdf bytea NOT NULL,
  document_sha256 text NOT NULL,
  issued_on date NOT NULL,
  expires_on date NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, renewal_id) REFERENCES renewals (organization_id, id),
  FOREIGN KEY (organization_id, contact_id) REFERENCES users (organization_id, id)
);
CREATE INDEX quotes_by_account ON quotes (organization_id, account_id);

-- Single-use, expiring links to a quote, bound to the contact (and so to the contact's account).
CREATE TABLE quote_links (
  token_hash text PRIMARY KEY,
  organization_id text NOT NULL,
  quote_id text NOT NULL,
  contact_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, quote_id) REFERENCES quotes (organization_id, id)
);

-- One acceptance per quote: the key makes a second click, a second browser or
-- a retried request find the first acceptance instead of making another.
CREATE TABLE quote_acceptances (
  organization_id text NOT NULL,
  quote_id text NOT NULL,
  option text NOT NULL CHECK (option IN ('hold', 'harden', 'modernize')),
  signer_name text NOT NULL,
  contact_id text NOT NULL,
  signed_at timestamptz NOT NULL,
  ip text NOT NULL,
  user_agent text NOT NULL,
  document_sha256 text NOT NULL,
  signed_pdf bytea NOT NULL,
  PRIMARY KEY (organization_id, quote_id),
  FOREIGN KEY (organization_id, quote_id) REFERENCES quotes (organization_id, id)
);

-- What an acceptance asks for, as concrete actions to review and run.
CREATE TABLE provisioning_plans (
  organization_id text NOT NULL,
  id text NOT NULL,
  quote_id text NOT NULL,
  account_id text NOT NULL,
  status text NOT NULL DEFAULT 'review' CHECK (status IN ('review', 'done', 'failed')),
  actions jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  UNIQUE (organization_id, quote_id),
  FOREIGN KEY (organization_id, quote_id) REFERENCES quotes (organization_id, id)
);

-- Each run of a plan (dry or real): what was sent and answered, action by action.
CREATE TABLE provisioning_runs (
  organization_id text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  plan_id text NOT NULL,
  dry_run boolean NOT NULL,
  approved jsonb NOT NULL DEFAULT '[]',
  results jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('previewed', 'done', 'failed')),
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, plan_id) REFERENCES provisioning_plans (organization_id, id)
);

CREATE INDEX audit_log_by_time ON audit_log (organization_id, at DESC, id DESC);
