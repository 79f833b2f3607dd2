import { CalendarDate, InvalidDateError } from '../../../domain/calendar/date.ts';
import { BILLING_MONTHS, BILLING_PLANS, type BillingPlan, TERM_DURATIONS, TERM_MONTHS, type TermDuration } from '../../../domain/calendar/periods.ts';
import { isoDatePart } from '../../posting/stand-ins/json-http.ts';

export function termDurationOf(value: unknown): TermDuration | undefined {
  return TERM_DURATIONS.find((term) => term === value);
}

/** Partner Center writes billing cycles in either case (`monthly`, `Annual`). */
export function billingCycleOf(value: unknown): BillingPlan | undefined {
  return typeof value === 'string' ? BILLING_PLANS.find((plan) => plan === value.toLowerCase()) : undefined;
}

export function billsLongerThanTerm(billing: BillingPlan, term: TermDuration): boolean {
  return BILLING_MONTHS[billing] > TERM_MONTHS[term];
}

/** A date or a date-time (`2025-06-30T00:00:00Z`); only the day counts. */
export function calendarDateOf(value: unknown): CalendarDate | undefined {
  const day = isoDatePart(value);
  if (day === undefined) return undefined;
  try {
    return CalendarDate.parse(day);
  } catch (error) {
    if (error instanceof InvalidDateError) return undefined;
    throw error;
  }
}

export function isSeatCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** Partner Center's DateTime for the start of a day. */
export function startOfDay(date: CalendarDate): string {
  return `${date.toString()}T00:00:00Z`;
}

/** The last moment of a day: windows stay open through their closing day. */
export function endOfDay(date: CalendarDate): string {
  return `${date.toString()}T23:59:59Z`;
}
