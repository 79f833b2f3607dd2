-- The portfolio: organizations, clients, Microsoft tenants, the catalog and
-- price list, subscriptions with their effective-dated ledger, usage signals,
-- cross-system mapping, imports with their evidence, and the audit log.
-- Every row belongs to an organization (the MSP), the security boundary.

CREATE TABLE organizations (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Clients. A subsidiary points at its parent and shares its co-term anchor.
CREATE TABLE accounts (
  organization_id text NOT NULL REFERENCES organizations (id),
  id text NOT NULL,
  name text NOT NULL,
  normalized_name text NOT NULL,
  domain text,
  country text,
  parent_account_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, parent_account_id) REFERENCES accounts (organization_id, id)
);
CREATE INDEX accounts_by_name ON accounts (organization_id, normalized_name);
CREATE INDEX accounts_by_domain ON accounts (organization_id, domain);

CREATE TABLE billing_entities (
  organization_id text NOT NULL,
  id text NOT NULL,
  account_id text NOT NULL,
  name text NOT NULL,
  currency text NOT NULL,
  country text,
  tax_id text,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, account_id) REFERENCES accounts (organization_id, id)
);

-- Microsoft customers (tenants), by their Partner Center customer id.
CREATE TABLE tenants (
  organization_id text NOT NULL REFERENCES organizations (id),
  id text NOT NULL,
  account_id text,
  name text NOT NULL,
  domain text,
  country text,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, account_id) REFERENCES accounts (organization_id, id)
);
CREATE INDEX tenants_by_account ON tenants (organization_id, account_id);

-- Products and SKUs: Microsoft's, Azure, the MSP's own services.
CREATE TABLE catalog_items (
  organization_id text NOT NULL REFERENCES organizations (id),
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('microsoft_license', 'azure', 'msp_service', 'software', 'legacy')),
  product_id text NOT NULL,
  sku_id text NOT NULL DEFAULT '',
  product_title text NOT NULL,
  sku_title text,
  publisher text,
  unit_of_measure text,
  family text,
  PRIMARY KEY (organization_id, id),
  UNIQUE (organization_id, product_id, sku_id)
);

CREATE TABLE imports (
  organization_id text NOT NULL REFERENCES organizations (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL,
  file_name text NOT NULL,
  file_hash text NOT NULL,
  rows_read integer NOT NULL DEFAULT 0,
  imported integer NOT NULL DEFAULT 0,
  duplicates integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  actor text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX imports_by_hash ON imports (organization_id, kind, file_hash);

-- Microsoft's license-based price list: one row per SKU × term × billing plan × market × currency × period.
CREATE TABLE price_list_rows (
  organization_id text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  product_id text NOT NULL,
  sku_id text NOT NULL,
  product_title text NOT NULL,
  sku_title text,
  publisher text,
  unit_of_measure text,
  term text NOT NULL,
  billing text NOT NULL,
  market text NOT NULL,
  currency text NOT NULL,
  unit_price numeric NOT NULL,
  erp_price numeric,
  tier_min numeric NOT NULL DEFAULT 0,
  tier_max numeric,
  effective_start date NOT NULL,
  effective_end date,
  tags text,
  import_id bigint,
  PRIMARY KEY (organization_id, id),
  UNIQUE (organization_id, product_id, sku_id, term, billing, market, currency, tier_min, effective_start)
);

-- Subscriptions of every kind; their changing state lives in the ledger below.
CREATE TABLE subscriptions (
  organization_id text NOT NULL REFERENCES organizations (id),
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('nce', 'azure_plan', 'msp_service', 'legacy_csp', 'ea', 'software')),
  account_id text,
  tenant_id text,
  billing_entity_id text,
  catalog_item_id text,
  product_name text NOT NULL,
  sku_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, account_id) REFERENCES accounts (organization_id, id),
  FOREIGN KEY (organization_id, tenant_id) REFERENCES tenants (organization_id, id)
);
CREATE INDEX subscriptions_by_account ON subscriptions (organization_id, account_id);
CREATE INDEX subscriptions_by_tenant ON subscriptions (organization_id, tenant_id);

-- The append-only, effective-dated ledger. `identity` (unique per subscription
-- and day) makes re-imports add nothing; the same key reads a subscription's
-- events in date order.
-- The ledger and its versions are bulk-written by imports: the code guarantees
-- their subscription exists (a foreign key would cost a locked lookup per row).
CREATE TABLE subscription_events (
  organization_id text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  subscription_id text NOT NULL,
  effective_date date NOT NULL,
  type text NOT NULL CHECK (type IN ('purchase', 'seat_change', 'cancel', 'upgrade', 'renewal', 'auto_renew_change',
    'scheduled_instructions', 'price_change', 'status_change', 'extended_service_term')),
  payload jsonb NOT NULL,
  source text NOT NULL,
  source_ref text,
  identity text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  UNIQUE (organization_id, subscription_id, effective_date, identity)
);

-- The ledger folded into date ranges: the state of a subscription on any day is one index lookup.
CREATE TABLE subscription_versions (
  organization_id text NOT NULL,
  subscription_id text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  status text NOT NULL,
  product_name text NOT NULL,
  sku_id text,
  quantity integer NOT NULL,
  unit_price numeric,
  currency text,
  term text,
  billing text,
  term_start date,
  term_end date,
  auto_renew boolean,
  PRIMARY KEY (organization_id, subscription_id, valid_from)
);

CREATE TABLE usage_signals (
  organization_id text NOT NULL REFERENCES organizations (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  -- '' for a signal about the whole account.
  subscription_id text NOT NULL DEFAULT '',
  kind text NOT NULL CHECK (kind IN ('seats_assigned', 'azure_consumption', 'backup_utilisation', 'endpoint_coverage', 'tickets')),
  period_start date NOT NULL,
  period_end date NOT NULL,
  value numeric NOT NULL,
  capacity numeric,
  category text NOT NULL DEFAULT '',
  source text NOT NULL,
  import_id bigint,
  PRIMARY KEY (organization_id, id),
  UNIQUE (organization_id, account_id, kind, period_start, category, subscription_id),
  FOREIGN KEY (organization_id, account_id) REFERENCES accounts (organization_id, id)
);

-- How each record is called in the other systems (Partner Center, the PSA, accounting, a distributor).
CREATE TABLE external_ids (
  organization_id text NOT NULL REFERENCES organizations (id),
  system text NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('account', 'tenant', 'catalog_item', 'subscription', 'billing_entity')),
  external_id text NOT NULL,
  entity_id text NOT NULL,
  external_name text,
  confidence numeric NOT NULL DEFAULT 1,
  matched_by text NOT NULL,
  PRIMARY KEY (organization_id, system, entity_type, external_id)
);
CREATE INDEX external_ids_by_entity ON external_ids (organization_id, entity_type, entity_id);

-- Records from other systems no rule could match: resolved once, remembered in external_ids.
CREATE TABLE unmapped_records (
  organization_id text NOT NULL REFERENCES organizations (id),
  system text NOT NULL,
  entity_type text NOT NULL,
  external_id text NOT NULL,
  external_name text,
  domain text,
  candidates jsonb NOT NULL DEFAULT '[]',
  first_import_id bigint,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'ignored')),
  resolved_entity_id text,
  resolved_by text,
  resolved_at timestamptz,
  PRIMARY KEY (organization_id, system, entity_type, external_id)
);

-- What Microsoft billed: reconciliation-file rows kept as evidence. Bulk
-- tables carry no foreign keys: imports write them a million rows at a time
-- and check what they reference themselves.
CREATE TABLE billed_lines (
  organization_id text NOT NULL,
  -- The subscription (or '' for a row without one) leads the key: a file
  -- arrives subscription by subscription, so its rows land on neighbouring pages.
  subscription_key text NOT NULL,
  -- The row's content hashed: the same charge in two files is stored once.
  row_hash uuid NOT NULL,
  import_id bigint NOT NULL,
  line_number integer NOT NULL,
  partner_id text,
  customer_id text,
  customer_name text,
  customer_domain text,
  customer_country text,
  invoice_number text,
  order_id text,
  order_date date,
  product_id text,
  sku_id text,
  availability_id text,
  sku_name text,
  product_name text,
  charge_type text NOT NULL,
  unit_price numeric,
  effective_unit_price numeric,
  quantity numeric,
  billable_quantity numeric,
  subtotal numeric NOT NULL,
  tax_total numeric,
  total numeric,
  currency text,
  subscription_id text,
  subscription_description text,
  charge_start date,
  charge_end date,
  term_and_billing_cycle text,
  billing_frequency text,
  subscription_start date,
  subscription_end date,
  reference_id text,
  alternate_id text,
  pc_to_bc_exchange_rate numeric,
  promotion_id text,
  PRIMARY KEY (organization_id, subscription_key, row_hash)
);

-- What the PSA bills the client: ConnectWise agreement additions, Autotask contract services.
CREATE TABLE psa_contract_lines (
  organization_id text NOT NULL REFERENCES organizations (id),
  system text NOT NULL CHECK (system IN ('connectwise', 'autotask')),
  external_id text NOT NULL,
  contract_id text NOT NULL,
  contract_name text,
  company_id text,
  company_name text,
  account_id text,
  product text NOT NULL,
  description text,
  quantity numeric NOT NULL,
  unit_price numeric NOT NULL,
  unit_cost numeric,
  bill_customer boolean NOT NULL DEFAULT true,
  effective_date date,
  cancelled_date date,
  prorate boolean,
  import_id bigint,
  PRIMARY KEY (organization_id, system, external_id)
);

CREATE TABLE audit_log (
  organization_id text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX audit_log_by_entity ON audit_log (organization_id, entity_type, entity_id, at);
