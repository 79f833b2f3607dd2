import { CalendarDate, daysInMonth } from '../calendar/date.ts';
import { alignmentStepMonths } from '../coterm/anchor-occurrence.ts';
import { type Decimal } from '../money/decimal.ts';

/** A day of the year an anchor recurs on; `'end'` is the month's last day whatever its length (Feb 28 or 29). */
export interface MonthDay {
  readonly month: number;
  readonly day: number | 'end';
}

/** Where an account's anchor came from. */
export type AnchorSource = 'policy' | 'term_ends' | 'none';

export interface AccountAnchor {
  readonly anchor: MonthDay | null;
  readonly source: AnchorSource;
}

/** A common year's month lengths: a policy's `02-28` or `04-30` is the month's end (policies refuse Feb 29). */
const COMMON_YEAR = 2001;

/**
 * The policy's `MM-DD` anchor. A month's last day means its end, as the
 * co-term plan treats it (Microsoft's anniversary of Feb 28 in a leap year is
 * Feb 29); undefined when unset or not a month and day.
 */
export function policyAnchorOf(text: string | null | undefined): MonthDay | undefined {
  const match = /^(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!match) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(COMMON_YEAR, month)) return undefined;
  return { month, day: day === daysInMonth(COMMON_YEAR, month) ? 'end' : day };
}

export function monthDayOf(date: CalendarDate): MonthDay {
  return { month: date.month, day: date.isLastDayOfMonth() ? 'end' : date.day };
}

/** The anchor's day in `year` (a day past the month's length becomes its last day). */
export function anchorIn(anchor: MonthDay, year: number): CalendarDate {
  const last = daysInMonth(year, anchor.month);
  return CalendarDate.of(year, anchor.month, anchor.day === 'end' ? last : Math.min(anchor.day, last));
}

/** `12-15`, or `02-28 (month end)`. */
export function monthDayText(anchor: MonthDay): string {
  const month = String(anchor.month).padStart(2, '0');
  return anchor.day === 'end' ? `${month}-${daysInMonth(COMMON_YEAR, anchor.month)} (month end)` : `${month}-${String(anchor.day).padStart(2, '0')}`;
}

/** A current term's last day, its length and the MRR it carries. */
export interface TermEndValue {
  readonly termEnd: CalendarDate;
  readonly termMonths: number;
  readonly value: Decimal;
}

/**
 * The month and day on which the most MRR's terms end (ties: the earliest
 * in the year; a month's end after its numbered days). Terms of a year or
 * more decide when there are any: a monthly or quarterly term's end moves
 * with every renewal, and it co-terms with any anchor on its day anyway.
 */
export function dominantTermEnd(terms: readonly TermEndValue[]): MonthDay | undefined {
  const yearly = terms.filter(hasYearlyRhythm);
  const candidates = yearly.length > 0 ? yearly : terms;
  const totals = new Map<number, { anchor: MonthDay; value: Decimal }>();
  for (const term of candidates) {
    const anchor = monthDayOf(term.termEnd);
    const key = sortKey(anchor);
    const group = totals.get(key);
    if (group) group.value = group.value.plus(term.value);
    else totals.set(key, { anchor, value: term.value });
  }
  let best: { key: number; anchor: MonthDay; value: Decimal } | undefined;
  for (const [key, group] of totals) {
    const order = best ? group.value.compare(best.value) : 1;
    if (!best || order > 0 || (order === 0 && key < best.key)) best = { key, ...group };
  }
  return best?.anchor;
}

function hasYearlyRhythm(term: TermEndValue): boolean {
  return alignmentStepMonths(term.termMonths) === 12;
}

/** Orders month-days through the year; a month's end comes after its numbered days. */
function sortKey(anchor: MonthDay): number {
  return anchor.month * 100 + (anchor.day === 'end' ? 99 : anchor.day);
}

/** An account's anchor: its policy's when set, else the day its terms' MRR mostly ends on. */
export function accountAnchor(policyAnchor: string | null | undefined, terms: readonly TermEndValue[]): AccountAnchor {
  const fromPolicy = policyAnchorOf(policyAnchor);
  if (fromPolicy) return { anchor: fromPolicy, source: 'policy' };
  const dominant = dominantTermEnd(terms);
  return dominant ? { anchor: dominant, source: 'term_ends' } : { anchor: null, source: 'none' };
}

