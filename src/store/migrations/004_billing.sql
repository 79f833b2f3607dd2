-- Billing: how clients are priced and taxed, their invoices and credit notes,
-- gapless numbering and disputes.

-- Margin rules: empty scopes match everything; the most specific match wins.
CREATE TABLE price_rules (
  organization_id text NOT NULL REFERENCES organizations (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text,
  family text,
  sku_id text,
  method text NOT NULL CHECK (method IN ('markup', 'margin', 'fixed')),
  value numeric NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  CHECK (method <> 'fixed' OR sku_id IS NOT NULL),
  CHECK (method = 'fixed' OR value >= 0),
  CHECK (method <> 'margin' OR value < 100)
);
-- One rule per scope: setting a scope again replaces its rule.
CREATE UNIQUE INDEX price_rules_one_per_scope ON price_rules (organization_id, coalesce(account_id, ''), lower(coalesce(family, '')), lower(coalesce(sku_id, '')));

-- Where a product's revenue is booked and how its mid-term changes are charged, per SKU, family or kind.
CREATE TABLE product_billing_settings (
  organization_id text NOT NULL REFERENCES organizations (id),
  scope text NOT NULL CHECK (scope IN ('sku', 'family', 'kind')),
  scope_value text NOT NULL,
  gl_account text,
  proration_policy text CHECK (proration_policy IN ('daily', 'monthly', 'none')),
  PRIMARY KEY (organization_id, scope, scope_value)
);

-- Tax per billing entity, else per country, else the default ('' scope value).
CREATE TABLE tax_rules (
  organization_id text NOT NULL REFERENCES organizations (id),
  scope text NOT NULL CHECK (scope IN ('default', 'country', 'billing_entity')),
  scope_value text NOT NULL,
  name text NOT NULL,
  rate numeric NOT NULL CHECK (rate >= 0 AND rate < 100),
  inclusive boolean NOT NULL,
  rounding text NOT NULL CHECK (rounding IN ('line', 'invoice')),
  PRIMARY KEY (organization_id, scope, scope_value)
);

-- The seller as invoices show it, and the numbering and payment terms.
CREATE TABLE billing_settings (
  organization_id text PRIMARY KEY REFERENCES organizations (id),
  seller_name text NOT NULL,
  seller_address text NOT NULL DEFAULT '',
  seller_tax_id text NOT NULL DEFAULT '',
  default_currency text NOT NULL DEFAULT 'USD',
  payment_terms_days integer NOT NULL DEFAULT 30 CHECK (payment_terms_days >= 0),
  invoice_prefix text NOT NULL DEFAULT 'INV',
  credit_note_prefix text NOT NULL DEFAULT 'CN'
);

CREATE TABLE invoices (
  organization_id text NOT NULL REFERENCES organizations (id),
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  status text NOT NULL CHECK (status IN ('draft', 'issued')),
  number text,
  account_id text NOT NULL,
  billing_entity_id text,
  period text NOT NULL,
  currency text NOT NULL,
  subtotal numeric NOT NULL,
  tax numeric NOT NULL,
  total numeric NOT NULL,
  tax_rule jsonb NOT NULL,
  warnings jsonb NOT NULL DEFAULT '[]',
  -- A credit note: the invoice it corrects and why.
  credits_invoice_id text,
  reason text,
  issued_on date,
  due_on date,
  issued_by text,
  issued_at timestamptz,
  -- Who the invoice was addressed to and who issued it, as they were on the day.
  parties jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  UNIQUE (organization_id, number),
  FOREIGN KEY (organization_id, account_id) REFERENCES accounts (organization_id, id),
  FOREIGN KEY (organization_id, credits_invoice_id) REFERENCES invoices (organization_id, id),
  CHECK ((status = 'issued') = (number IS NOT NULL AND issued_on IS NOT NULL)),
  CHECK ((kind = 'credit_note') = (credits_invoice_id IS NOT NULL))
);
CREATE INDEX invoices_by_period ON invoices (organization_id, period, account_id);

CREATE TABLE invoice_lines (
  organization_id text NOT NULL,
  invoice_id text NOT NULL,
  line_number integer NOT NULL,
  subscription_id text,
  kind text NOT NULL,
  description text NOT NULL,
  quantity numeric NOT NULL,
  unit_price numeric NOT NULL,
  amount numeric NOT NULL,
  net numeric NOT NULL,
  tax numeric NOT NULL,
  gl_account text NOT NULL,
  service_start date NOT NULL,
  service_end date NOT NULL,
  explanation jsonb NOT NULL,
  pricing jsonb NOT NULL,
  -- A reviewer's change: the reason, who, when and the line as it was.
  adjustment jsonb,
  -- On a credit note: the line of the credited invoice this one reverses.
  credits_line_number integer,
  PRIMARY KEY (organization_id, invoice_id, line_number),
  FOREIGN KEY (organization_id, invoice_id) REFERENCES invoices (organization_id, id) ON DELETE CASCADE
);

-- Issued invoices are immutable: corrections are credit notes. The database
-- refuses any change, so no code path can rewrite what a client received.
CREATE FUNCTION refuse_change_to_issued_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'issued' THEN
    RAISE EXCEPTION 'invoice % is issued and cannot be changed; correct it with a credit note', OLD.number USING ERRCODE = 'CT001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER issued_invoices_are_immutable BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_issued_invoice();

CREATE FUNCTION refuse_change_to_issued_invoice_line() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  line invoice_lines := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
  issued_number text;
BEGIN
  SELECT number INTO issued_number FROM invoices
   WHERE organization_id = line.organization_id AND id = line.invoice_id AND status = 'issued';
  IF FOUND THEN
    RAISE EXCEPTION 'invoice % is issued and its lines cannot be changed; correct it with a credit note', issued_number USING ERRCODE = 'CT001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER issued_invoice_lines_are_immutable BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_issued_invoice_line();

-- Gapless numbering: the next number of a series is taken in the issuing
-- transaction (the row lock orders concurrent issuers), so a failed issue
-- gives its number back.
CREATE TABLE invoice_number_series (
  organization_id text NOT NULL REFERENCES organizations (id),
  series text NOT NULL,
  next_number bigint NOT NULL,
  PRIMARY KEY (organization_id, series)
);

CREATE TABLE invoice_disputes (
  organization_id text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  invoice_id text NOT NULL,
  opened_on date NOT NULL,
  reason text NOT NULL,
  opened_by text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolved_on date,
  resolution text,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, invoice_id) REFERENCES invoices (organization_id, id)
);
