import { type CalendarDate } from '../calendar/date.ts';
import { Decimal } from '../money/decimal.ts';
import { type AccountSubscription, monthlyValue } from '../portfolio/account-subscription.ts';

/** One renewal conversation: every commitment of an account that ends on the same day. */
export interface RenewalEvent {
  /** `account:YYYY-MM-DD`: stable, so the daily scan finds the same renewal again. */
  readonly id: string;
  readonly accountId: string;
  /** Last day of the terms that renew (inclusive); the new terms start the day after. */
  readonly date: CalendarDate;
  readonly subscriptionIds: readonly string[];
  /** Subscriptions set not to renew: they end (or roll into the Extended Service Term) unless someone acts. */
  readonly notRenewing: readonly string[];
  /** The renewing value per currency, largest first. */
  readonly values: readonly RenewalValue[];
}

export interface RenewalValue {
  readonly currency: string;
  /** Σ monthly values of the renewing subscriptions (4 decimals, half-even per subscription). */
  readonly monthly: Decimal;
  /** monthly × 12. */
  readonly annual: Decimal;
}

export function renewalId(accountId: string, date: CalendarDate): string {
  return `${accountId}:${date.toString()}`;
}

/**
 * Whether a subscription renews as a commitment worth a renewal conversation:
 * annual and triennial licences, MSP contracts of a year or more, and legacy,
 * EA and software subscriptions with a term end. Monthly terms renew every
 * month and Azure plans have no term; they appear in packs, not as renewals.
 */
export function isRenewingCommitment(subscription: AccountSubscription): boolean {
  if (subscription.status !== 'active' || !subscription.termEnd) return false;
  switch (subscription.kind) {
    case 'nce':
      return subscription.term === 'P1Y' || subscription.term === 'P3Y';
    case 'msp_service':
      return (subscription.service?.termMonths ?? 12) >= 12;
    case 'azure_plan':
      return false;
    default:
      return true;
  }
}

/** The renewal events whose date falls in [from, until], by date then account. */
export function renewalEvents(subscriptions: readonly AccountSubscription[], from: CalendarDate, until: CalendarDate): RenewalEvent[] {
  const groups = new Map<string, AccountSubscription[]>();
  for (const subscription of subscriptions) {
    const end = subscription.termEnd;
    if (!end || end.isBefore(from) || end.isAfter(until) || !isRenewingCommitment(subscription)) continue;
    const id = renewalId(subscription.accountId, end);
    const group = groups.get(id);
    if (group) group.push(subscription);
    else groups.set(id, [subscription]);
  }
  const events = [...groups.entries()].map(([id, members]) => {
    const first = members[0] as AccountSubscription;
    const sorted = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      id,
      accountId: first.accountId,
      date: first.termEnd as CalendarDate,
      subscriptionIds: sorted.map((subscription) => subscription.id),
      notRenewing: sorted.filter((subscription) => subscription.autoRenew === false).map((subscription) => subscription.id),
      values: valuesOf(sorted),
    };
  });
  return events.sort((a, b) => a.date.compare(b.date) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}

function valuesOf(subscriptions: readonly AccountSubscription[]): RenewalValue[] {
  const monthly = new Map<string, Decimal>();
  for (const subscription of subscriptions) {
    const value = monthlyValue(subscription);
    if (!value || !subscription.currency) continue;
    monthly.set(subscription.currency, (monthly.get(subscription.currency) ?? Decimal.ZERO).plus(value));
  }
  return [...monthly.entries()]
    .map(([currency, value]) => ({ currency, monthly: value, annual: value.timesInteger(12) }))
    .sort((a, b) => b.monthly.compare(a.monthly) || (a.currency < b.currency ? -1 : 1));
}
