import { type CalendarDate } from '../calendar/date.ts';
import { Decimal } from '../money/decimal.ts';
import { type AccountSubscription, MONTHLY_VALUE_SCALE, monthlyValue } from '../portfolio/account-subscription.ts';

/** Statuses (compared without case) in which a subscription is billed every month: live, or running on in the Extended Service Term. */
const RECURRING_STATUSES: ReadonlySet<string> = new Set(['active', 'extendedserviceterm']);

/** A subscription's monthly recurring revenue on the day the ledger describes, or undefined when it brings none (ended, unpriced, no currency). */
export function recurringValue(subscription: AccountSubscription): Decimal | undefined {
  if (!subscription.currency || !RECURRING_STATUSES.has(subscription.status.trim().toLowerCase())) return undefined;
  return monthlyValue(subscription);
}

/** Per-account MRR on one day, in one currency. */
export interface MrrSnapshot {
  readonly on: CalendarDate;
  readonly currency: string;
  /** Σ monthly values of each account's recurring subscriptions in `currency` (each 4 decimals, half-even; the sum is exact). */
  readonly byAccount: ReadonlyMap<string, Decimal>;
  readonly total: Decimal;
  /** MRR in other currencies, left out of every figure: currency → Σ. */
  readonly leftOut: ReadonlyMap<string, Decimal>;
}

/** A recurring subscription with its monthly value. */
export interface Valued {
  readonly subscription: AccountSubscription;
  readonly value: Decimal;
}

/** The recurring subscriptions in `currency`, grouped by account, and the MRR of every other currency totalled apart. */
export function recurringIn(subscriptions: readonly AccountSubscription[], currency: string): { byAccount: Map<string, Valued[]>; leftOut: Map<string, Decimal> } {
  const byAccount = new Map<string, Valued[]>();
  const leftOut = new Map<string, Decimal>();
  for (const subscription of subscriptions) {
    const value = recurringValue(subscription);
    if (value === undefined) continue;
    const code = (subscription.currency as string).toUpperCase();
    if (code !== currency) {
      leftOut.set(code, (leftOut.get(code) ?? Decimal.ZERO).plus(value));
      continue;
    }
    const valued = byAccount.get(subscription.accountId);
    if (valued) valued.push({ subscription, value });
    else byAccount.set(subscription.accountId, [{ subscription, value }]);
  }
  return { byAccount, leftOut };
}

/** MRR per account on `on` in `currency`; MRR in other currencies is totalled apart so a report can say what it left out. */
export function mrrSnapshot(on: CalendarDate, subscriptions: readonly AccountSubscription[], currency: string): MrrSnapshot {
  const recurring = recurringIn(subscriptions, currency);
  const byAccount = new Map<string, Decimal>();
  let total = Decimal.of(0n, MONTHLY_VALUE_SCALE);
  for (const [accountId, valued] of recurring.byAccount) {
    let sum = Decimal.ZERO;
    for (const { value } of valued) sum = sum.plus(value);
    byAccount.set(accountId, sum);
    total = total.plus(sum);
  }
  return { on, currency, byAccount, total, leftOut: recurring.leftOut };
}

/** The currency carrying the most MRR (amounts compared as written; ties: alphabetical), or null when nothing recurs. */
export function mainMrrCurrency(subscriptions: readonly AccountSubscription[]): string | null {
  const totals = new Map<string, Decimal>();
  for (const subscription of subscriptions) {
    const value = recurringValue(subscription);
    if (value === undefined) continue;
    const code = (subscription.currency as string).toUpperCase();
    totals.set(code, (totals.get(code) ?? Decimal.ZERO).plus(value));
  }
  let best: [string, Decimal] | undefined;
  for (const entry of totals) {
    if (!best || entry[1].compare(best[1]) > 0 || (entry[1].equals(best[1]) && entry[0] < best[0])) best = entry;
  }
  return best?.[0] ?? null;
}

/** "EUR 120.0000, GBP 80.0000", for an explanation; empty when nothing was left out. */
export function leftOutText(leftOut: ReadonlyMap<string, Decimal>): string {
  return [...leftOut.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, value]) => `${code} ${value.toString()}`)
    .join(', ');
}
