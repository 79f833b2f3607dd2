import { type CalendarDate } from '../calendar/date.ts';

/** How often an MSP service line is invoiced. */
export type BillingPeriod = 'monthly' | 'quarterly' | 'annual';

export const BILLING_PERIODS: readonly BillingPeriod[] = ['monthly', 'quarterly', 'annual'];

/** How a mid-term change of a service line is charged. */
export type ProrationPolicy = 'daily' | 'monthly' | 'none';

export const PRORATION_POLICIES: readonly ProrationPolicy[] = ['daily', 'monthly', 'none'];

const BILLING_SPELLINGS: Readonly<Record<string, BillingPeriod>> = {
  monthly: 'monthly',
  month: 'monthly',
  quarterly: 'quarterly',
  quarter: 'quarterly',
  annual: 'annual',
  annually: 'annual',
  yearly: 'annual',
  year: 'annual',
};

/** `Monthly`, `quarterly`, `Annually`, `yearly` → the billing period; undefined for anything else. */
export function billingPeriodOf(text: string): BillingPeriod | undefined {
  return BILLING_SPELLINGS[text.trim().toLowerCase()];
}

/** `Daily`, `monthly`, `none` → the proration policy; undefined for anything else. */
export function prorationPolicyOf(text: string): ProrationPolicy | undefined {
  const value = text.trim().toLowerCase();
  return (PRORATION_POLICIES as readonly string[]).includes(value) ? (value as ProrationPolicy) : undefined;
}

/** A renewal term of whole months as an ISO 8601 duration: 12 → `P12M`. */
export function termOfMonths(months: number): string {
  return `P${months}M`;
}

/**
 * The length of a term from its first to its last day (inclusive): `P12M`
 * when it is a whole number of calendar months (1 Jan–31 Dec, 15 Mar–14 Mar),
 * otherwise its exact length in days (`P291D` for a co-termed stub), so no
 * length is invented.
 */
export function termLength(start: CalendarDate, end: CalendarDate): string {
  const after = end.addDays(1);
  const months = start.monthIndexDistance(after);
  if (months > 0 && start.addMonths(months).equals(after)) return termOfMonths(months);
  return `P${start.daysUntil(after)}D`;
}
