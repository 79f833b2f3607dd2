import { type Kysely, sql } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { parseBilling, parseTermDuration } from '../domain/ledger/term-and-billing.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type PriceListEntry } from '../domain/nce/model.ts';
import { type UsageSignal } from '../domain/renewal/usage.ts';
import { type SignalWindow } from '../app/renewals/run-cadence-day.ts';
import { parseCache } from './parse-cache.ts';
import { type Schema } from './schema.ts';

type SignalRow = [string, UsageSignal['kind'], string, string, string, string | null, string];

interface SignalParsers {
  readonly date: (text: string) => CalendarDate;
  readonly decimal: (text: string) => Decimal;
}

function signalOf([subscriptionId, kind, periodStart, periodEnd, value, capacity, category]: SignalRow, parse: SignalParsers): UsageSignal {
  return {
    kind,
    subscriptionId: subscriptionId === '' ? null : subscriptionId,
    periodStart: parse.date(periodStart),
    periodEnd: parse.date(periodEnd),
    value: parse.decimal(value),
    capacity: capacity === null ? null : parse.decimal(capacity),
    category,
  };
}

/** Usage signals of the given accounts in the window, by account. */
export async function usageSignalsByAccount(db: Kysely<Schema>, organizationId: string, accountIds: readonly string[], window: SignalWindow): Promise<Map<string, UsageSignal[]>> {
  const byAccount = new Map<string, UsageSignal[]>();
  const parse: SignalParsers = { date: parseCache(CalendarDate.parse), decimal: parseCache(Decimal.parse) };
  const latestKinds = window.latestOnly?.kinds ?? [];
  const asOf = window.latestOnly?.asOf ?? window.since;
  // One row per account with its signals as JSON: the embedded database spends ~30 µs handing over each row, JSON.parse ~1 µs.
  for (let start = 0; start < accountIds.length; start += 5000) {
    const accounts = accountIds.slice(start, start + 5000);
    const rows = await sql<{ account_id: string; signals: string }>`
      WITH latest AS (
        SELECT account_id, kind, subscription_id, max(period_end) AS period_end
          FROM usage_signals
         WHERE organization_id = ${organizationId} AND account_id = ANY(${accounts}::text[]) AND kind = ANY(${latestKinds}::text[])
           AND period_end BETWEEN ${window.since}::date AND ${asOf}::date
         GROUP BY account_id, kind, subscription_id)
      SELECT u.account_id, json_agg(json_build_array(u.subscription_id, u.kind, u.period_start, u.period_end, u.value::text, u.capacity::text, u.category))::text AS signals
        FROM usage_signals u
        LEFT JOIN latest l ON l.account_id = u.account_id AND l.kind = u.kind AND l.subscription_id = u.subscription_id
       WHERE u.organization_id = ${organizationId} AND u.account_id = ANY(${accounts}::text[]) AND u.period_end >= ${window.since}::date
         AND (u.kind <> ALL(${latestKinds}::text[]) OR u.period_end = l.period_end)
       GROUP BY u.account_id`.execute(db);
    for (const row of rows.rows) byAccount.set(row.account_id, (JSON.parse(row.signals) as SignalRow[]).map((signal) => signalOf(signal, parse)));
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
