import { type ColumnType, type Generated } from 'kysely';

/**
 * The tables as Kysely sees them (migrations/*.sql is the source of truth).
 * Dates, numerics and bigints travel as PostgreSQL's text; jsonb as parsed JSON.
 */
type Timestamp = ColumnType<string, string | undefined, string>;
type Json = ColumnType<unknown, string, string>;
type Identity = ColumnType<string, never, never>;

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: Generated<string>;
  data_version: Generated<string>;
}

export interface AccountsTable {
  organization_id: string;
  id: string;
  name: string;
  normalized_name: string;
  domain: string | null;
  country: string | null;
  parent_account_id: string | null;
  created_at: Generated<string>;
}

export interface BillingEntitiesTable {
  organization_id: string;
  id: string;
  account_id: string;
  name: string;
  currency: string;
  country: string | null;
  tax_id: string | null;
}

export interface TenantsTable {
  organization_id: string;
  id: string;
  account_id: string | null;
  name: string;
  domain: string | null;
  country: string | null;
}

export interface CatalogItemsTable {
  organization_id: string;
  id: string;
  kind: 'microsoft_license' | 'azure' | 'msp_service' | 'software' | 'legacy';
  product_id: string;
  sku_id: Generated<string>;
  product_title: string;
  sku_title: string | null;
  publisher: string | null;
  unit_of_measure: string | null;
  family: string | null;
}

export interface ImportsTable {
  organization_id: string;
  id: Identity;
  kind: string;
  file_name: string;
  file_hash: string;
  rows_read: Generated<number>;
  imported: Generated<number>;
  duplicates: Generated<number>;
  rejected: Generated<number>;
  actor: string;
  started_at: string;
  finished_at: Timestamp;
}

export interface PriceListRowsTable {
  organization_id: string;
  id: Identity;
  product_id: string;
  sku_id: string;
  product_title: string;
  sku_title: string | null;
  publisher: string | null;
  unit_of_measure: string | null;
  term: string;
  billing: string;
  market: string;
  currency: string;
  unit_price: string;
  erp_price: string | null;
  tier_min: Generated<string>;
  tier_max: string | null;
  effective_start: string;
  effective_end: string | null;
  tags: string | null;
  import_id: string | null;
}

export type SubscriptionKind = 'nce' | 'azure_plan' | 'msp_service' | 'legacy_csp' | 'ea' | 'software';

export interface SubscriptionsTable {
  organization_id: string;
  id: string;
  kind: SubscriptionKind;
  account_id: string | null;
  tenant_id: string | null;
  billing_entity_id: string | null;
  catalog_item_id: string | null;
  product_name: string;
  sku_id: string | null;
  created_at: Generated<string>;
}

export interface SubscriptionEventsTable {
  organization_id: string;
  id: Identity;
  subscription_id: string;
  effective_date: string;
  type: string;
  payload: Json;
  source: string;
  source_ref: string | null;
  identity: string;
  recorded_at: Generated<string>;
}

export interface SubscriptionVersionsTable {
  organization_id: string;
  subscription_id: string;
  valid_from: string;
  valid_to: string | null;
  status: string;
  product_name: string;
  sku_id: string | null;
  quantity: number;
  unit_price: string | null;
  currency: string | null;
  term: string | null;
  billing: string | null;
  term_start: string | null;
  term_end: string | null;
  auto_renew: boolean | null;
}

export interface UsageSignalsTable {
  organization_id: string;
  id: Identity;
  account_id: string;
  subscription_id: Generated<string>;
  kind: 'seats_assigned' | 'azure_consumption' | 'backup_utilisation' | 'endpoint_coverage' | 'tickets';
  period_start: string;
  period_end: string;
  value: string;
  capacity: string | null;
  category: Generated<string>;
  source: string;
  import_id: string | null;
}

export interface ExternalIdsTable {
  organization_id: string;
  system: string;
  entity_type: 'account' | 'tenant' | 'catalog_item' | 'subscription' | 'billing_entity';
  external_id: string;
  entity_id: string;
  external_name: string | null;
  confidence: Generated<string>;
  matched_by: string;
}

export interface UnmappedRecordsTable {
  organization_id: string;
  system: string;
  entity_type: string;
  external_id: string;
  external_name: string | null;
  domain: string | null;
  candidates: ColumnType<unknown, string | undefined, string>;
  first_import_id: string | null;
  status: Generated<'open' | 'resolved' | 'ignored'>;
  resolved_entity_id: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface BilledLinesTable {
  organization_id: string;
  subscription_key: string;
  import_id: string;
  line_number: number;
  row_hash: string;
  partner_id: string | null;
  customer_id: string | null;
  customer_name: string | null;
  customer_domain: string | null;
  customer_country: string | null;
  invoice_number: string | null;
  order_id: string | null;
  order_date: string | null;
  product_id: string | null;
  sku_id: string | null;
  availability_id: string | null;
  sku_name: string | null;
  product_name: string | null;
  charge_type: string;
  unit_price: string | null;
  effective_unit_price: string | null;
  quantity: string | null;
  billable_quantity: string | null;
  subtotal: string;
  tax_total: string | null;
  total: string | null;
  currency: string | null;
  subscription_id: string | null;
  subscription_description: string | null;
  charge_start: string | null;
  charge_end: string | null;
  term_and_billing_cycle: string | null;
  billing_frequency: string | null;
  subscription_start: string | null;
  subscription_end: string | null;
  reference_id: string | null;
  alternate_id: string | null;
  pc_to_bc_exchange_rate: string | null;
  promotion_id: string | null;
}

export interface PsaContractLinesTable {
  organization_id: string;
  system: 'connectwise' | 'autotask';
  external_id: string;
  contract_id: string;
  contract_name: string | null;
  company_id: string | null;
  company_name: string | null;
  account_id: string | null;
  product: string;
  description: string | null;
  quantity: string;
  unit_price: string;
  unit_cost: string | null;
  bill_customer: Generated<boolean>;
  effective_date: string | null;
  cancelled_date: string | null;
  prorate: boolean | null;
  import_id: string | null;
}

export interface AuditLogTable {
  organization_id: string;
  id: Identity;
  at: Generated<string>;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  details: ColumnType<unknown, string | undefined, string>;
}

export interface PolicySettingsTable {
  organization_id: string;
  account_id: Generated<string>;
  field: string;
  value: Json;
  set_by: string;
  set_at: Timestamp;
}

export interface RenewalsTable {
  organization_id: string;
  id: string;
  account_id: string;
  renewal_date: string;
  subscription_ids: Json;
  not_renewing: ColumnType<unknown, string | undefined, string>;
  currency: string | null;
  monthly_value: ColumnType<string, string | undefined, string>;
  annual_value: ColumnType<string, string | undefined, string>;
  stage: ColumnType<string, string | undefined, string>;
  health_score: number | null;
  health_band: 'green' | 'amber' | 'red' | null;
  at_risk: ColumnType<boolean, boolean | undefined, boolean>;
  owner: string;
  identified_on: string;
  pack_generated_on: string | null;
  forecast_annual_value: string | null;
  closed_annual_value: string | null;
  closed_on: string | null;
}

export interface RenewalStageChangesTable {
  organization_id: string;
  renewal_id: string;
  stage: string;
  on_date: string;
  actor: string;
  reason: string | null;
  recorded_at: Generated<string>;
}

export interface RenewalPacksTable {
  organization_id: string;
  renewal_id: string;
  generated_on: string;
  content: Json;
}

export interface RenewalTasksTable {
  organization_id: string;
  renewal_id: string;
  kind: string;
  assignee: string;
  reason: string;
  created_on: string;
  due_on: string;
  status: ColumnType<'open' | 'done' | 'cancelled', 'open' | 'done' | 'cancelled' | undefined, 'open' | 'done' | 'cancelled'>;
  completed_on: string | null;
  escalated_on: string | null;
  escalated_to: string | null;
}

export interface NoticesTable {
  organization_id: string;
  id: string;
  renewal_id: string | null;
  kind: 'renewal_notice' | 'escalation';
  due_on: string;
  recipient: string | null;
  subject: string;
  body: string;
  status: ColumnType<'queued' | 'sent' | 'failed' | 'superseded', 'queued' | 'sent' | 'failed' | 'superseded' | undefined, 'queued' | 'sent' | 'failed' | 'superseded'>;
  message_id: string | null;
  error: string | null;
  sent_at: string | null;
}

export interface RenewalWarningsTable {
  organization_id: string;
  code: string;
  subject_id: string;
  account_id: string | null;
  message: string;
  first_seen_on: string;
  last_seen_on: string;
}

export interface CadenceRunsTable {
  organization_id: string;
  run_date: string;
  finished_at: Timestamp;
  summary: Json;
}

export interface PriceRulesTable {
  organization_id: string;
  id: Identity;
  account_id: string | null;
  family: string | null;
  sku_id: string | null;
  method: 'markup' | 'margin' | 'fixed';
  value: string;
  created_by: string;
  created_at: Generated<string>;
}

export interface ProductBillingSettingsTable {
  organization_id: string;
  scope: 'sku' | 'family' | 'kind';
  scope_value: string;
  gl_account: string | null;
  proration_policy: 'daily' | 'monthly' | 'none' | null;
}

export interface TaxRulesTable {
  organization_id: string;
  scope: 'default' | 'country' | 'billing_entity';
  scope_value: string;
  name: string;
  rate: string;
  inclusive: boolean;
  rounding: 'line' | 'invoice';
}

export interface BillingSettingsTable {
  organization_id: string;
  seller_name: string;
  seller_address: Generated<string>;
  seller_tax_id: Generated<string>;
  default_currency: Generated<string>;
  payment_terms_days: Generated<number>;
  invoice_prefix: Generated<string>;
  credit_note_prefix: Generated<string>;
}

export interface InvoicesTable {
  organization_id: string;
  id: string;
  kind: 'invoice' | 'credit_note';
  status: 'draft' | 'issued';
  number: string | null;
  account_id: string;
  billing_entity_id: string | null;
  period: string;
  currency: string;
  subtotal: string;
  tax: string;
  total: string;
  tax_rule: Json;
  warnings: ColumnType<unknown, string | undefined, string>;
  credits_invoice_id: string | null;
  reason: string | null;
  issued_on: string | null;
  due_on: string | null;
  issued_by: string | null;
  issued_at: string | null;
  parties: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Generated<string>;
}

export interface InvoiceLinesTable {
  organization_id: string;
  invoice_id: string;
  line_number: number;
  subscription_id: string | null;
  kind: string;
  description: string;
  quantity: string;
  unit_price: string;
  amount: string;
  net: string;
  tax: string;
  gl_account: string;
  service_start: string;
  service_end: string;
  explanation: Json;
  pricing: Json;
  adjustment: ColumnType<unknown, string | null | undefined, string | null>;
  credits_line_number: number | null;
}

export interface InvoiceNumberSeriesTable {
  organization_id: string;
  series: string;
  next_number: string;
}

export interface InvoiceDisputesTable {
  organization_id: string;
  id: Identity;
  invoice_id: string;
  opened_on: string;
  reason: string;
  opened_by: string;
  status: ColumnType<'open' | 'resolved', 'open' | 'resolved' | undefined, 'open' | 'resolved'>;
  resolved_on: string | null;
  resolution: string | null;
}

export interface ReconciliationRunsTable {
  organization_id: string;
  id: Identity;
  period: string;
  invoiced_source: 'coterm' | 'psa';
  actor: string;
  ran_at: Generated<string>;
  coverage: Json;
  findings: number;
}

export interface ReconciliationFindingsTable {
  organization_id: string;
  id: Identity;
  period: string;
  finding_key: string;
  category: string;
  account_id: string | null;
  customer_id: string;
  subscription_id: string;
  product_name: string | null;
  from_date: string;
  until_date: string;
  direction: 'underbilled' | 'overbilled';
  microsoft_seats: number;
  invoiced_seats: number;
  impact: string;
  annualised: string;
  currency: string | null;
  explanation: string;
  suggestion: string;
  evidence: Json;
  status: ColumnType<'open' | 'accepted' | 'dismissed', 'open' | 'accepted' | 'dismissed' | undefined, 'open' | 'accepted' | 'dismissed'>;
  status_reason: string | null;
  status_by: string | null;
  status_at: string | null;
  first_run_id: string;
  last_run_id: string;
  still_found: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface PostingsTable {
  organization_id: string;
  id: Identity;
  target: 'connectwise' | 'autotask' | 'quickbooks' | 'xero';
  idempotency_key: string;
  subject_type: 'invoice' | 'finding';
  subject_id: string;
  status: 'previewed' | 'posted' | 'failed';
  requests: Json;
  responses: ColumnType<unknown, string | undefined, string>;
  external_ids: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  actor: string;
  at: Generated<string>;
}

export type Role = 'admin' | 'billing' | 'account_manager' | 'read_only' | 'portal_contact';

export interface UsersTable {
  organization_id: string;
  id: string;
  email: string;
  name: string;
  role: Role;
  account_id: string | null;
  password_hash: string | null;
  disabled_at: Timestamp | null;
  created_at: Generated<string>;
}

export interface SessionsTable {
  token_hash: string;
  organization_id: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<string>;
  expires_at: string;
}

export interface ApiTokensTable {
  organization_id: string;
  id: string;
  name: string;
  token_hash: string;
  scopes: Json;
  user_id: string;
  created_at: Generated<string>;
  revoked_at: string | null;
}

export type QuoteStatus = 'open' | 'accepted' | 'withdrawn';

export interface QuotesTable {
  organization_id: string;
  id: string;
  renewal_id: string;
  account_id: string;
  contact_id: string;
  status: ColumnType<QuoteStatus, QuoteStatus | undefined, QuoteStatus>;
  document: Json;
  pdf: Uint8Array;
  document_sha256: string;
  issued_on: string;
  expires_on: string;
  created_by: string;
  created_at: Generated<string>;
}

export interface QuoteLinksTable {
  token_hash: string;
  organization_id: string;
  quote_id: string;
  contact_id: string;
  expires_at: string;
  used_at: string | null;
  created_at: Generated<string>;
}

export interface QuoteAcceptancesTable {
  organization_id: string;
  quote_id: string;
  option: 'hold' | 'harden' | 'modernize';
  signer_name: string;
  contact_id: string;
  signed_at: string;
  ip: string;
  user_agent: string;
  document_sha256: string;
  signed_pdf: Uint8Array;
}

export interface ProvisioningPlansTable {
  organization_id: string;
  id: string;
  quote_id: string;
  account_id: string;
  status: ColumnType<'review' | 'done' | 'failed', 'review' | 'done' | 'failed' | undefined, 'review' | 'done' | 'failed'>;
  actions: Json;
  created_at: Generated<string>;
}

export interface ProvisioningRunsTable {
  organization_id: string;
  id: Identity;
  plan_id: string;
  dry_run: boolean;
  approved: Json;
  results: Json;
  status: 'previewed' | 'done' | 'failed';
  actor: string;
  at: Generated<string>;
}

export interface Schema {
  organizations: OrganizationsTable;
  accounts: AccountsTable;
  billing_entities: BillingEntitiesTable;
  tenants: TenantsTable;
  catalog_items: CatalogItemsTable;
  imports: ImportsTable;
  price_list_rows: PriceListRowsTable;
  subscriptions: SubscriptionsTable;
  subscription_events: SubscriptionEventsTable;
  subscription_versions: SubscriptionVersionsTable;
  usage_signals: UsageSignalsTable;
  external_ids: ExternalIdsTable;
  unmapped_records: UnmappedRecordsTable;
  billed_lines: BilledLinesTable;
  psa_contract_lines: PsaContractLinesTable;
  audit_log: AuditLogTable;
  policy_settings: PolicySettingsTable;
  renewals: RenewalsTable;
  renewal_stage_changes: RenewalStageChangesTable;
  renewal_packs: RenewalPacksTable;
  renewal_tasks: RenewalTasksTable;
  notices: NoticesTable;
  renewal_warnings: RenewalWarningsTable;
  cadence_runs: CadenceRunsTable;
  price_rules: PriceRulesTable;
  product_billing_settings: ProductBillingSettingsTable;
  tax_rules: TaxRulesTable;
  billing_settings: BillingSettingsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_number_series: InvoiceNumberSeriesTable;
  invoice_disputes: InvoiceDisputesTable;
  reconciliation_runs: ReconciliationRunsTable;
  reconciliation_findings: ReconciliationFindingsTable;
  postings: PostingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  quotes: QuotesTable;
  quote_links: QuoteLinksTable;
  quote_acceptances: QuoteAcceptancesTable;
  provisioning_plans: ProvisioningPlansTable;
  provisioning_runs: ProvisioningRunsTable;
}
