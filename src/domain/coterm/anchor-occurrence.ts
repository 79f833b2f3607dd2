import { CalendarDate, daysInMonth } from '../calendar/date.ts';
import { endDateAnniversary } from '../calendar/periods.ts';

/**
 * The dates a co-termed term ends on. The anchor recurs every year on the
 * same month and day, the way Microsoft's anniversaries of an end date do
 * (`endDateAnniversary`: a month end stays a month end, Feb 29 becomes Feb 28).
 * Terms shorter than a year that divide it (a monthly NCE term, a quarterly
 * service) co-term on the anchor's day in every month of their own rhythm:
 * the month's last day when the anchor is a month end, else the anchor's day
 * (clamped to short months).
 */

/** The anchor's occurrence in a given year. */
export function anchorOccurrenceIn(anchor: CalendarDate, year: number): CalendarDate {
  return endDateAnniversary(anchor, year - anchor.year);
}

/** Whether `date` is a yearly occurrence of the anchor. */
export function isAnchorOccurrence(anchor: CalendarDate, date: CalendarDate): boolean {
  return date.month === anchor.month && anchorOccurrenceIn(anchor, date.year).equals(date);
}

/**
 * Months between two aligned ends for a term of `termMonths`: the term itself
 * when it divides a year (1, 2, 3, 4, 6), else a year (12, 24, 36: their ends
 * fall on yearly occurrences).
 */
export function alignmentStepMonths(termMonths: number): number {
  return termMonths < 12 && 12 % termMonths === 0 ? termMonths : 12;
}

/** The aligned end in a month, or undefined when the month is not in the term's rhythm. */
function alignedEndInMonth(anchor: CalendarDate, step: number, year: number, month: number): CalendarDate | undefined {
  if ((((month - anchor.month) % step) + step) % step !== 0) return undefined;
  if (month === anchor.month) return anchorOccurrenceIn(anchor, year);
  const day = anchor.isLastDayOfMonth() ? daysInMonth(year, month) : Math.min(anchor.day, daysInMonth(year, month));
  return CalendarDate.of(year, month, day);
}

/** Whether a term of `termMonths` ending on `date` is co-termed with the anchor. */
export function endsOnAnchor(anchor: CalendarDate, termMonths: number, date: CalendarDate): boolean {
  return alignedEndInMonth(anchor, alignmentStepMonths(termMonths), date.year, date.month)?.equals(date) ?? false;
}

/**
 * The latest aligned end inside [start, end] — for a new first term, the
 * custom end date that co-terms it (for a triennial term the latest of up to
 * three yearly occurrences, as Microsoft offers the latest anniversary).
 */
export function latestAlignedEndWithin(anchor: CalendarDate, termMonths: number, start: CalendarDate, end: CalendarDate): CalendarDate | undefined {
  const step = alignmentStepMonths(termMonths);
  for (let month = end.addMonths(0); start.monthIndexDistance(month) >= 0; month = month.addMonths(-1)) {
    const date = alignedEndInMonth(anchor, step, month.year, month.month);
    if (date && !date.isAfter(end) && !date.isBefore(start)) return date;
  }
  return undefined;
}

/** The first date after `after` falling on month/day (Feb 29 becomes Feb 28 in other years; `'end'` is the month's last day). */
export function nextMonthDayAfter(after: CalendarDate, month: number, day: number | 'end'): CalendarDate {
  for (let year = after.year; ; year += 1) {
    const last = daysInMonth(year, month);
    const date = CalendarDate.of(year, month, day === 'end' ? last : Math.min(day, last));
    if (date.isAfter(after)) return date;
  }
}
