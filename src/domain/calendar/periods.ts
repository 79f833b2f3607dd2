import { type CalendarDate, daysInclusive } from './date.ts';

export type TermDuration = 'P1M' | 'P1Y' | 'P3Y';
export type BillingPlan = 'monthly' | 'annual' | 'triennial';

export const TERM_DURATIONS: readonly TermDuration[] = ['P1M', 'P1Y', 'P3Y'];
export const BILLING_PLANS: readonly BillingPlan[] = ['monthly', 'annual', 'triennial'];

export const TERM_MONTHS: Readonly<Record<TermDuration, number>> = { P1M: 1, P1Y: 12, P3Y: 36 };
export const BILLING_MONTHS: Readonly<Record<BillingPlan, number>> = { monthly: 1, annual: 12, triennial: 36 };

/** A closed interval of calendar dates: both `start` and `end` are included. */
export interface Period {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

export function periodDays(period: Period): number {
  return daysInclusive(period.start, period.end);
}

/**
 * The default end of a term: start + term − 1 day, the month addition clamped
 * (a monthly term bought Jan 31 ends Feb 27 and renews Feb 28).
 */
export function defaultTermEnd(start: CalendarDate, term: TermDuration): CalendarDate {
  return start.addMonths(TERM_MONTHS[term]).addDays(-1);
}

/**
 * The period of an anchored grid that contains `date`. Grid boundaries are
 * `anchor + k·stepMonths` for every integer k, each clamped independently from
 * the anchor — never chained from the previous boundary — so an anchor on the
 * 31st gives Jan 31, Feb 28, Mar 31, Apr 30, …
 */
export function gridPeriodContaining(anchor: CalendarDate, stepMonths: number, date: CalendarDate): Period & { index: number } {
  let index = Math.floor(anchor.monthIndexDistance(date) / stepMonths);
  while (anchor.addMonths(index * stepMonths).isAfter(date)) index -= 1;
  while (!anchor.addMonths((index + 1) * stepMonths).isAfter(date)) index += 1;
  return gridPeriod(anchor, stepMonths, index);
}

/** The k-th period of an anchored grid (k may be negative: periods before the anchor). */
export function gridPeriod(anchor: CalendarDate, stepMonths: number, index: number): Period & { index: number } {
  return {
    index,
    start: anchor.addMonths(index * stepMonths),
    end: anchor.addMonths((index + 1) * stepMonths).addDays(-1),
  };
}

/** The anniversaries of an end date: the same inclusive end a whole number of years later, month-end aware. */
export function endDateAnniversary(end: CalendarDate, years: number): CalendarDate {
  return end.addDays(1).addMonths(12 * years).addDays(-1);
}
