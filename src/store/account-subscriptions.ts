import { sql } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { parseBilling, parseTermDuration } from '../domain/ledger/term-and-billing.ts';
import { billingPeriodOf, prorationPolicyOf } from '../domain/ledger/service-terms.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type AccountSubscription, type SubscriptionKind } from '../domain/portfolio/account-subscription.ts';
import { type Schema } from './schema.ts';
import { type Kysely } from 'kysely';

export interface SubscriptionFilter {
  /** Only these accounts (every account when absent). */
  readonly accountIds?: readonly string[];
  /** Only subscriptions whose term ends in [from, until] on the day. */
  readonly termEndBetween?: { readonly from: string; readonly until: string };
}

/**
 * Every client subscription as the ledger has it on `day`: one indexed
 * lookup of the version in force, its first day (the purchase) and, for the
 * MSP's own services, the contract terms their events carry.
 */
export async function accountSubscriptionsOn(db: Kysely<Schema>, organizationId: string, day: string, filter: SubscriptionFilter = {}): Promise<AccountSubscription[]> {
  if (filter.accountIds?.length === 0) return [];
  let query = db
    .selectFrom('subscription_versions as v')
    .innerJoin('subscriptions as s', (join) => join.onRef('s.organization_id', '=', 'v.organization_id').onRef('s.id', '=', 'v.subscription_id'))
    .select([
      's.id',
      's.kind',
      's.account_id',
      's.tenant_id',
      'v.product_name',
      'v.sku_id',
      'v.status',
      'v.quantity',
      'v.unit_price',
      'v.currency',
      'v.term',
      'v.billing',
      'v.term_start',
      'v.term_end',
      'v.auto_renew',
      sql<string>`(SELECT min(f.valid_from) FROM subscription_versions f WHERE f.organization_id = v.organization_id AND f.subscription_id = v.subscription_id)`.as('purchased'),
      sql<string | null>`CASE WHEN s.kind = 'msp_service' THEN (SELECT e.payload::text FROM subscription_events e
        WHERE e.organization_id = v.organization_id AND e.subscription_id = v.subscription_id AND e.effective_date <= ${day} AND e.payload ? 'noticeDays'
        ORDER BY e.effective_date DESC, e.id DESC LIMIT 1) END`.as('service_terms'),
    ])
    .where('v.organization_id', '=', organizationId)
    .where('s.account_id', 'is not', null)
    .where('v.valid_from', '<=', day)
    .where((eb) => eb.or([eb('v.valid_to', 'is', null), eb('v.valid_to', '>', day)]));
  if (filter.accountIds) query = query.where('s.account_id', 'in', filter.accountIds);
  if (filter.termEndBetween) query = query.where('v.term_end', '>=', filter.termEndBetween.from).where('v.term_end', '<=', filter.termEndBetween.until);
  const rows = await query.orderBy('s.account_id').orderBy('s.id').execute();
  return rows.map((row) => {
    const service = row.kind === 'msp_service' ? serviceTerms(row.service_terms, row.billing, row.term) : undefined;
    return {
      id: row.id,
      kind: row.kind as SubscriptionKind,
      accountId: row.account_id as string,
      tenantId: row.tenant_id,
      productName: row.product_name,
      skuId: row.sku_id,
      status: row.status,
      quantity: row.quantity,
      unitPrice: row.unit_price === null ? null : Decimal.parse(row.unit_price),
      currency: row.currency,
      term: row.kind === 'nce' && row.term ? (parseTermDuration(row.term) ?? null) : null,
      billing: row.kind === 'nce' && row.billing ? (parseBilling(row.billing) ?? null) : null,
      termStart: row.term_start ? CalendarDate.parse(row.term_start) : null,
      termEnd: row.term_end ? CalendarDate.parse(row.term_end) : null,
      autoRenew: row.auto_renew,
      purchased: row.purchased ? CalendarDate.parse(row.purchased) : null,
      ...(service ? { service } : {}),
    };
  });
}

/** An MSP service's billing period, renewal term in months, notice and proration, from its latest terms event. */
function serviceTerms(payloadText: string | null, billing: string | null, term: string | null): AccountSubscription['service'] {
  const payload = payloadText ? (JSON.parse(payloadText) as Record<string, unknown>) : {};
  const months = /^P(\d+)M$/.exec(String(payload.term ?? term ?? ''));
  return {
    billing: billingPeriodOf(String(payload.billing ?? billing ?? '')) ?? 'monthly',
    termMonths: months ? Number(months[1]) : 12,
    noticeDays: typeof payload.noticeDays === 'number' ? payload.noticeDays : 30,
    prorationPolicy: prorationPolicyOf(String(payload.prorationPolicy ?? '')) ?? 'daily',
  };
}
