import { type CalendarDate } from '../../domain/calendar/date.ts';
import { monthStart, PRICE_RISE_MONTHS_BEFORE } from './price-list.ts';

/** The dates a demo portfolio is built around; all but the snapshot depend only on the as-of month. */
export interface DemoCalendar {
  /** The day the Partner Center snapshot describes. */
  readonly asOf: CalendarDate;
  /** First day of the as-of month. */
  readonly asOfMonth: CalendarDate;
  /** First day of the history: the 1st of the month a year before the as-of month (the price list starts then). */
  readonly start: CalendarDate;
  /** Last day of the history Microsoft has invoiced: the end of the month before the as-of month. */
  readonly end: CalendarDate;
  /** The first day of each invoiced month, oldest first (one reconciliation file each). */
  readonly months: readonly CalendarDate[];
  /** When the price rise takes effect. */
  readonly riseOn: CalendarDate;
}

export function demoCalendar(asOf: CalendarDate): DemoCalendar {
  const asOfMonth = monthStart(asOf);
  const start = asOfMonth.addMonths(-12);
  return {
    asOf,
    asOfMonth,
    start,
    end: asOfMonth.addDays(-1),
    months: Array.from({ length: 12 }, (_, index) => start.addMonths(index)),
    riseOn: asOfMonth.addMonths(-PRICE_RISE_MONTHS_BEFORE),
  };
}

/** `2026-05` */
export function monthKey(date: CalendarDate): string {
  return date.toString().slice(0, 7);
}

/** How many 1sts of a month fall in (after, through]: the monthly invoices issued after a change, up to a day. */
export function invoicesAfter(after: CalendarDate, through: CalendarDate): number {
  let count = 0;
  for (let first = monthStart(after).addMonths(1); !first.isAfter(through); first = first.addMonths(1)) count += 1;
  return count;
}
