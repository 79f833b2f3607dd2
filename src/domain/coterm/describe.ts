import { type CalendarDate } from '../calendar/date.ts';
import { type Decimal } from '../money/decimal.ts';
import { type SubscriptionKind } from '../portfolio/account-subscription.ts';
import { alignmentStepMonths } from './anchor-occurrence.ts';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `31 December`, `the last day of February`: how the anchor recurs, in words. */
export function anchorDayText(anchor: CalendarDate): string {
  const month = MONTH_NAMES[anchor.month - 1] ?? String(anchor.month);
  return anchor.month === 2 && anchor.isLastDayOfMonth() ? 'the last day of February' : `${anchor.day} ${month}`;
}

/** How a term of `termMonths` co-terms with the anchor, in words (monthly terms end on the anchor's day every month). */
export function alignedEndsText(anchor: CalendarDate, termMonths: number): string {
  const step = alignmentStepMonths(termMonths);
  if (step === 12) return `the anchor (${anchorDayText(anchor)} each year)`;
  const day = anchor.isLastDayOfMonth() ? "the month's last day" : `the ${ordinal(anchor.day)}`;
  return step === 1 ? `the anchor's day of the month (${day})` : `the anchor's day (${day}) every ${step} months`;
}

export function ordinal(day: number): string {
  const tens = day % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : day % 10 === 1 ? 'st' : day % 10 === 2 ? 'nd' : day % 10 === 3 ? 'rd' : 'th';
  return `${day}${suffix}`;
}

export function money(amount: Decimal, currency: string): string {
  return `${amount.toString()} ${currency}`;
}

export const KIND_NAMES: Readonly<Record<SubscriptionKind, string>> = {
  nce: 'NCE licence',
  azure_plan: 'Azure plan',
  msp_service: 'MSP service',
  legacy_csp: 'legacy CSP licence',
  ea: 'Enterprise Agreement subscription',
  software: 'software subscription',
};

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
