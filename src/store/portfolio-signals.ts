import { type Kysely } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { parseBilling, parseTermDuration } from '../domain/ledger/term-and-billing.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type PriceListEntry } from '../domain/nce/model.ts';
import { type UsageSignal } from '../domain/renewal/usage.ts';
import { type Schema } from './schema.ts';

/** Usage signals of the given accounts whose period ended on or after `since`, by account. */
export async function usageSignalsByAccount(db: Kysely<Schema>, organizationId: string, accountIds: readonly string[], since: string): Promise<Map<string, UsageSignal[]>> {
  const byAccount = new Map<string, UsageSignal[]>();
  for (let start = 0; start < accountIds.length; start += 5000) {
    const rows = await db
      .selectFrom('usage_signals')
      .select(['account_id', 'subscription_id', 'kind', 'period_start', 'period_end', 'value', 'capacity', 'category'])
      .where('organization_id', '=', organizationId)
      .where('account_id', 'in', accountIds.slice(start, start + 5000))
      .where('period_end', '>=', since)
      .execute();
    for (const row of rows) {
      const list = byAccount.get(row.account_id) ?? [];
      list.push({
        kind: row.kind,
        subscriptionId: row.subscription_id === '' ? null : row.subscription_id,
        periodStart: CalendarDate.parse(row.period_start),
        periodEnd: CalendarDate.parse(row.period_end),
        value: Decimal.parse(row.value),
        capacity: row.capacity === null ? null : Decimal.parse(row.capacity),
        category: row.category,
      });
      byAccount.set(row.account_id, list);
    }
  }
  return byAccount;
}

/** The organization's Microsoft price list rows that shadow billing can price with (NCE terms and billing plans). */
export async function priceListEntries(db: Kysely<Schema>, organizationId: string): Promise<PriceListEntry[]> {
  const rows = await db
    .selectFrom('price_list_rows')
    .select(['product_title', 'sku_title', 'term', 'billing', 'currency', 'unit_price', 'effective_start', 'effective_end'])
    .where('organization_id', '=', organizationId)
    .where('tier_min', '=', '0')
    .execute();
  const entries: PriceListEntry[] = [];
  for (const row of rows) {
    const term = parseTermDuration(row.term);
    const billing = parseBilling(row.billing);
    if (!term || !billing || billing === 'onetime') continue;
    entries.push({
      product: row.sku_title ?? row.product_title,
      term,
      billing,
      currency: row.currency,
      unitPrice: Decimal.parse(row.unit_price),
      effectiveStart: CalendarDate.parse(row.effective_start),
      ...(row.effective_end ? { effectiveEnd: CalendarDate.parse(row.effective_end) } : {}),
    });
  }
  return entries;
}
