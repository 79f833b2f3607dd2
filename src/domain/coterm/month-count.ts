import { type CalendarDate } from '../calendar/date.ts';

/**
 * Calendar months from `from` through `lastDay`, a started month counting
 * whole (May 20 – Dec 31 is 8: seven whole months and a started eighth);
 * 0 when `lastDay` is before `from`. Months are counted from `from`, clamped
 * (Jan 31 + 1 month = Feb 28), as terms are.
 */
export function monthsStarted(from: CalendarDate, lastDay: CalendarDate): number {
  const next = lastDay.addDays(1);
  if (!next.isAfter(from)) return 0;
  let months = from.monthIndexDistance(next);
  while (months > 0 && from.addMonths(months).isAfter(next)) months -= 1;
  return from.addMonths(months).isBefore(next) ? months + 1 : months;
}
