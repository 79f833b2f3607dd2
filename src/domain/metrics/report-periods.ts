import { type CalendarDate } from '../calendar/date.ts';
import { type Period } from '../calendar/periods.ts';

/**
 * The periods a KPI report looks at. MRR is compared between two days (the
 * window's first day `from` and its last day `to`); things that happen —
 * renewals closing, invoices, disputes — count when they fall in
 * [from + 1, to], so a day never belongs to two consecutive windows.
 */
export interface ReportWindow {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  /** The days whose events count: from + 1 … to. */
  readonly days: Period;
}

/**
 * The trailing window of `months` calendar months ending on `asOf`. A day
 * keeps its number (Nov 22 → Nov 22, a short month clamping: Mar 30 − 1
 * month = Feb 28); a month end stays a month end (Apr 30 − 3 months = Jan 31),
 * so a window never loses a month's last day.
 */
export function trailingWindow(asOf: CalendarDate, months: number): ReportWindow {
  if (asOf.isLastDayOfMonth()) return monthEndWindow(asOf, months);
  const from = asOf.addMonths(-months);
  return { from, to: asOf, days: { start: from.addDays(1), end: asOf } };
}

/**
 * The trailing window ending on a month end starts on the month end
 * `months` earlier: the year to 2028-02-29 starts on 2027-02-28, the year to
 * 2029-02-28 on 2028-02-29 — never a day short or a day over.
 */
export function monthEndWindow(monthEnd: CalendarDate, months: number): ReportWindow {
  const from = monthEnd.addMonths(-months).lastDayOfMonth();
  return { from, to: monthEnd, days: { start: from.addDays(1), end: monthEnd } };
}

/** The `months` month ends ending with the last one on or before `asOf`: one per month, the running month counting once it ends. */
export function trendMonthEnds(asOf: CalendarDate, months: number): CalendarDate[] {
  const last = asOf.isLastDayOfMonth() ? asOf : asOf.addDays(-asOf.day);
  const ends: CalendarDate[] = [];
  for (let back = months - 1; back >= 0; back -= 1) ends.push(last.addMonths(-back).lastDayOfMonth());
  return ends;
}

/** A calendar quarter, cut short at the report's last day when it is still running. */
export interface QuarterPeriod extends Period {
  /** `2026-Q4`. */
  readonly label: string;
}

/** The calendar quarters that overlap `days`, each whole except the last, which ends on `days.end`. */
export function quartersOverlapping(days: Period): QuarterPeriod[] {
  const quarters: QuarterPeriod[] = [];
  for (let start = quarterStart(days.start); !start.isAfter(days.end); start = start.addMonths(3)) {
    const end = start.addMonths(3).addDays(-1);
    quarters.push({ label: quarterLabel(start), start, end: end.isAfter(days.end) ? days.end : end });
  }
  return quarters;
}

/** `2026-11` for any day of November 2026. */
export function monthLabel(date: CalendarDate): string {
  return date.toString().slice(0, 7);
}

export function quarterLabel(date: CalendarDate): string {
  return `${date.year}-Q${Math.floor((date.month - 1) / 3) + 1}`;
}

function quarterStart(date: CalendarDate): CalendarDate {
  return date.addDays(1 - date.day).addMonths(-((date.month - 1) % 3));
}

export function isWithin(date: CalendarDate, period: Period): boolean {
  return !date.isBefore(period.start) && !date.isAfter(period.end);
}
