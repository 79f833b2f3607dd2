import { InvalidDateError } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { fractionText, type MonthCount, monthsDecimal } from '../../domain/ea/extension-months.ts';

/** Shapes shared by the EA views: amounts as decimal strings, dates as ISO dates. */

export interface MonthCountView {
  from: string;
  to: string;
  convention: string;
  /** Exact fraction, `7` or `106/15`. */
  exact: string;
  /** Up to four decimals. */
  decimal: string;
  days: number;
  wholeMonths: number;
  remainingDays: number;
  /** The month-long span (calendar) or 30 days the remaining days are a fraction of; only when there are remaining days. */
  partMonth?: { start?: string; end?: string; days: number };
  text: string;
}

export function monthCountView(count: MonthCount): MonthCountView {
  const { start, end, days } = count.partMonth;
  return {
    from: count.from.toString(),
    to: count.to.toString(),
    convention: count.convention,
    exact: fractionText(count),
    decimal: monthsDecimal(count).toString(),
    days: count.days,
    wholeMonths: count.wholeMonths,
    remainingDays: count.remainingDays,
    ...(count.remainingDays === 0 ? {} : { partMonth: { ...(start ? { start: start.toString() } : {}), ...(end ? { end: end.toString() } : {}), days } }),
    text: count.text,
  };
}

/** A month count as a JSON number with up to four decimals (7, 7.0667). */
export function monthsNumber(count: MonthCount): number {
  return Number(monthsDecimal(count).toString());
}


/** Runs a calculation, reporting date arithmetic beyond the supported calendar (years 1–9999) as bad input. */
export function withinCalendar<T>(calculate: () => T): T {
  try {
    return calculate();
  } catch (error) {
    if (error instanceof InvalidDateError) throw new InvalidInputError(`the dates are too close to the calendar's limits: ${error.message}`);
    throw error;
  }
}
