import { type PackAccount, type PackBatch } from '../app/renewals/pack-composer.ts';
import { type Stored } from '../documents/stored.ts';
import { CalendarDate } from '../domain/calendar/date.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type PriceListEntry } from '../domain/nce/model.ts';
import { type AccountSubscription } from '../domain/portfolio/account-subscription.ts';
import { type RenewalEvent } from '../domain/renewal/renewal-event.ts';
import { type UsageSignal } from '../domain/renewal/usage.ts';
import { parseCache } from '../store/parse-cache.ts';

/**
 * Pack batches and the price list as JSON across the thread boundary. JSON
 * turns every CalendarDate and Decimal into its text (a Decimal keeps its
 * scale: "4.20"); decoding turns the fields typed so back into them. The
 * Stored<T> types make the compiler name any field a change would miss.
 */
export function encodeForWorker(value: PackBatch | readonly PriceListEntry[]): string {
  return JSON.stringify(value);
}

export function decodePackBatch(text: string): PackBatch {
  const stored = JSON.parse(text) as Stored<PackBatch>;
  const date = parseCache(CalendarDate.parse);
  const decimal = parseCache(Decimal.parse);
  const accounts: Record<string, PackAccount> = {};
  for (const [id, account] of Object.entries(stored.accounts)) {
    accounts[id] = {
      account: account.account,
      policy: account.policy,
      health: account.health,
      subscriptions: account.subscriptions.map((subscription) => subscriptionOf(subscription, date, decimal)),
      signals: account.signals.map((signal) => signalOf(signal, date, decimal)),
    };
  }
  return { asOf: date(stored.asOf), events: stored.events.map((event) => eventOf(event, date, decimal)), accounts };
}

export function decodePriceList(text: string): PriceListEntry[] {
  return (JSON.parse(text) as Stored<PriceListEntry[]>).map((entry) => {
    const { effectiveEnd, ...rest } = entry;
    return {
      ...rest,
      unitPrice: Decimal.parse(entry.unitPrice),
      effectiveStart: CalendarDate.parse(entry.effectiveStart),
      ...(effectiveEnd === undefined ? {} : { effectiveEnd: CalendarDate.parse(effectiveEnd) }),
    };
  });
}

type DateOf = (value: string) => CalendarDate;
type DecimalOf = (value: string) => Decimal;

function subscriptionOf(stored: Stored<AccountSubscription>, date: DateOf, decimal: DecimalOf): AccountSubscription {
  return {
    ...stored,
    unitPrice: stored.unitPrice === null ? null : decimal(stored.unitPrice),
    termStart: stored.termStart === null ? null : date(stored.termStart),
    termEnd: stored.termEnd === null ? null : date(stored.termEnd),
    purchased: stored.purchased === null ? null : date(stored.purchased),
  };
}

function signalOf(stored: Stored<UsageSignal>, date: DateOf, decimal: DecimalOf): UsageSignal {
  return {
    ...stored,
    periodStart: date(stored.periodStart),
    periodEnd: date(stored.periodEnd),
    value: decimal(stored.value),
    capacity: stored.capacity === null ? null : decimal(stored.capacity),
  };
}

function eventOf(stored: Stored<RenewalEvent>, date: DateOf, decimal: DecimalOf): RenewalEvent {
  return {
    ...stored,
    date: date(stored.date),
    values: stored.values.map((value) => ({ currency: value.currency, monthly: decimal(value.monthly), annual: decimal(value.annual) })),
  };
}
