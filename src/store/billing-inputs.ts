import { type Kysely, sql } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { type AzureConsumption, type BillableSubscription, type BillableVersion, type BillingPeriod } from '../domain/billing/model.ts';
import { type PriceRule } from '../domain/billing/price-rules.ts';
import { type ProductSetting } from '../domain/billing/product-settings.ts';
import { type TaxRule } from '../domain/billing/tax.ts';
import { prorationPolicyOf } from '../domain/ledger/service-terms.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type SubscriptionKind } from '../domain/portfolio/account-subscription.ts';
import { type Schema } from './schema.ts';

/** Months in one billing cycle, by the billing column of a version (NCE plans and service periods). */
const CYCLE_MONTHS: Readonly<Record<string, number>> = { monthly: 1, quarterly: 3, annual: 12, triennial: 36 };

type VersionRow = [from: string, to: string | null, status: string, quantity: number, unitPrice: string | null, currency: string | null, billing: string | null, termStart: string | null, termEnd: string | null];

/**
 * Every client subscription with the ledger versions that touch the billing
 * month (and the day before it, which decides whether a day's seats are a
 * change), handed over as one JSON array of versions per subscription.
 */
export async function billableSubscriptions(db: Kysely<Schema>, organizationId: string, period: BillingPeriod): Promise<BillableSubscription[]> {
  const dayBefore = period.start.addDays(-1).toString();
  const end = period.end.toString();
  const rows = await sql<{ id: string; kind: string; account_id: string; billing_entity_id: string | null; product_name: string; sku_id: string | null; family: string | null; proration_policy: string | null; versions: string }>`
    SELECT s.id, s.kind, s.account_id, s.billing_entity_id, s.product_name, coalesce(s.catalog_item_id, s.sku_id) AS sku_id, c.family,
           (SELECT e.payload->>'prorationPolicy' FROM subscription_events e
             WHERE e.organization_id = s.organization_id AND e.subscription_id = s.id AND e.effective_date <= ${end}::date AND e.payload ? 'prorationPolicy'
             ORDER BY e.effective_date DESC, e.id DESC LIMIT 1) AS proration_policy,
           json_agg(json_build_array(v.valid_from, v.valid_to, v.status, v.quantity, v.unit_price::text, v.currency, v.billing, v.term_start, v.term_end) ORDER BY v.valid_from)::text AS versions
      FROM subscriptions s
      JOIN subscription_versions v ON v.organization_id = s.organization_id AND v.subscription_id = s.id
      LEFT JOIN catalog_items c ON c.organization_id = s.organization_id AND c.id = s.catalog_item_id
     WHERE s.organization_id = ${organizationId} AND s.account_id IS NOT NULL
       AND v.valid_from <= ${end}::date AND (v.valid_to IS NULL OR v.valid_to > ${dayBefore}::date)
     GROUP BY s.organization_id, s.id, s.kind, s.account_id, s.billing_entity_id, s.product_name, s.catalog_item_id, s.sku_id, c.family
     ORDER BY s.account_id, s.id`.execute(db);
  return rows.rows.map((row) => ({
    id: row.id,
    kind: row.kind as SubscriptionKind,
    accountId: row.account_id,
    billingEntityId: row.billing_entity_id,
    productName: row.product_name,
    skuId: row.sku_id,
    family: row.family,
    prorationPolicy: row.kind === 'msp_service' ? (prorationPolicyOf(row.proration_policy ?? '') ?? 'daily') : null,
    versions: (JSON.parse(row.versions) as VersionRow[]).map(versionOf),
  }));
}

function versionOf([from, to, status, quantity, unitPrice, currencyCode, billing, termStart, termEnd]: VersionRow): BillableVersion {
  return {
    from: CalendarDate.parse(from),
    // Versions end the day before the next one starts: valid_to is exclusive.
    to: to === null ? null : CalendarDate.parse(to).addDays(-1),
    status,
    quantity,
    unitPrice: unitPrice === null ? null : Decimal.parse(unitPrice),
    currency: currencyCode,
    cycleMonths: CYCLE_MONTHS[billing ?? 'monthly'] ?? 1,
    termStart: termStart ? CalendarDate.parse(termStart) : null,
    termEnd: termEnd ? CalendarDate.parse(termEnd) : null,
  };
}

/** The Azure consumption measured for months that start in the billing month, per subscription (categories added up). */
export async function azureConsumption(db: Kysely<Schema>, organizationId: string, period: BillingPeriod): Promise<AzureConsumption[]> {
  const rows = await db
    .selectFrom('usage_signals')
    .select(['account_id', 'subscription_id', 'period_start', 'period_end', (eb) => eb.fn.sum<string>('value').as('value')])
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'azure_consumption')
    .where('period_start', '>=', period.start.toString())
    .where('period_start', '<=', period.end.toString())
    .groupBy(['account_id', 'subscription_id', 'period_start', 'period_end'])
    .orderBy('account_id')
    .orderBy('subscription_id')
    .execute();
  return rows.map((row) => ({
    accountId: row.account_id,
    subscriptionId: row.subscription_id,
    periodStart: CalendarDate.parse(row.period_start),
    periodEnd: CalendarDate.parse(row.period_end),
    cost: Decimal.parse(String(row.value)),
  }));
}

export async function priceRules(db: Kysely<Schema>, organizationId: string): Promise<PriceRule[]> {
  const rows = await db.selectFrom('price_rules').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
  return rows.map((row) => ({ id: Number(row.id), accountId: row.account_id, family: row.family, skuId: row.sku_id, method: row.method, value: Decimal.parse(row.value) }));
}

export async function productSettings(db: Kysely<Schema>, organizationId: string): Promise<ProductSetting[]> {
  const rows = await db.selectFrom('product_billing_settings').selectAll().where('organization_id', '=', organizationId).execute();
  return rows.map((row) => ({
    skuId: row.scope === 'sku' ? row.scope_value : null,
    family: row.scope === 'family' ? row.scope_value : null,
    kind: row.scope === 'kind' ? (row.scope_value as SubscriptionKind) : null,
    glAccount: row.gl_account,
    prorationPolicy: row.proration_policy,
  }));
}

export type TaxScope = 'default' | 'country' | 'billing_entity';

export interface StoredTaxRule extends TaxRule {
  readonly scope: TaxScope;
  readonly scopeValue: string;
}

export async function taxRules(db: Kysely<Schema>, organizationId: string): Promise<StoredTaxRule[]> {
  const rows = await db.selectFrom('tax_rules').selectAll().where('organization_id', '=', organizationId).execute();
  return rows.map((row) => ({ scope: row.scope, scopeValue: row.scope_value, name: row.name, rate: Decimal.parse(row.rate), inclusive: row.inclusive, rounding: row.rounding }));
}

/** An account with its billing entities and country: who invoices are addressed to. */
export interface BillingParty {
  readonly accountId: string;
  readonly name: string;
  readonly country: string | null;
  readonly entities: readonly { readonly id: string; readonly name: string; readonly currency: string; readonly country: string | null; readonly taxId: string | null }[];
}

export async function billingParties(db: Kysely<Schema>, organizationId: string): Promise<Map<string, BillingParty>> {
  const accounts = await db.selectFrom('accounts').select(['id', 'name', 'country']).where('organization_id', '=', organizationId).execute();
  const entities = await db.selectFrom('billing_entities').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
  const parties = new Map<string, BillingParty & { entities: BillingParty['entities'][number][] }>();
  for (const account of accounts) parties.set(account.id, { accountId: account.id, name: account.name, country: account.country, entities: [] });
  for (const entity of entities) parties.get(entity.account_id)?.entities.push({ id: entity.id, name: entity.name, currency: entity.currency, country: entity.country, taxId: entity.tax_id });
  return parties;
}
