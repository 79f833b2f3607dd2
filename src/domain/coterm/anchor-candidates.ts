import { type CalendarDate, daysInMonth } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { Decimal } from '../money/decimal.ts';
import { type AccountSubscription, MONTHLY_VALUE_SCALE, monthlyValue } from '../portfolio/account-subscription.ts';
import { alignmentStepMonths, nextMonthDayAfter } from './anchor-occurrence.ts';
import { anchorDayText } from './describe.ts';

/** Where a candidate anchor comes from. */
export type AnchorSource = 'quarterEnd' | 'microsoftFiscalYearEnd' | 'budgetYearEnd' | 'dominantEndDate';

export interface AnchorCandidate {
  readonly anchor: CalendarDate;
  readonly sources: readonly AnchorSource[];
  readonly labels: readonly string[];
}

/** A day of the year: month 1–12 and a day that exists in that month (Feb 29 recurs as Feb 28 in other years). */
export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

/** The existing end date carrying the most monthly value. */
export interface DominantEndDate {
  readonly anchor: CalendarDate;
  readonly currency: string;
  readonly monthlyValue: Decimal;
  readonly subscriptions: readonly string[];
}

const QUARTER_END_MONTHS = [3, 6, 9, 12];
/** Microsoft's fiscal year ends on 30 June. */
const MICROSOFT_FISCAL_YEAR_END: MonthDay = { month: 6, day: 30 };

/**
 * The anchors worth comparing, each as its next date after asOf (an anchor
 * recurs yearly, so only its month and day matter): the next four calendar
 * quarter ends, Microsoft's fiscal year end, the client's budget year end and
 * the dominant existing end date. Candidates on the same date are merged.
 */
export function anchorCandidates(asOf: CalendarDate, subscriptions: readonly AccountSubscription[], budgetYearEnd?: MonthDay): AnchorCandidate[] {
  const found: { anchor: CalendarDate; source: AnchorSource; label: string }[] = [];
  const quarterEnds = QUARTER_END_MONTHS.map((month) => nextMonthDayAfter(asOf, month, 'end')).sort((a, b) => a.compare(b));
  for (const anchor of quarterEnds) found.push({ anchor, source: 'quarterEnd', label: `Calendar quarter end (Q${anchor.month / 3})` });
  found.push({ anchor: nextMonthDayAfter(asOf, MICROSOFT_FISCAL_YEAR_END.month, MICROSOFT_FISCAL_YEAR_END.day), source: 'microsoftFiscalYearEnd', label: "Microsoft's fiscal year end (30 June)" });
  if (budgetYearEnd) {
    requireMonthDay(budgetYearEnd);
    const anchor = nextMonthDayAfter(asOf, budgetYearEnd.month, budgetYearEnd.day);
    found.push({ anchor, source: 'budgetYearEnd', label: `The client's budget year end (${anchorDayText(anchor)})` });
  }
  const dominant = dominantEndDate(asOf, subscriptions);
  if (dominant) {
    const count = dominant.subscriptions.length;
    found.push({
      anchor: dominant.anchor,
      source: 'dominantEndDate',
      label: `The dominant existing end date (${anchorDayText(dominant.anchor)}: ${count} subscription${count === 1 ? '' : 's'}, ${dominant.monthlyValue.toString()} ${dominant.currency} a month)`,
    });
  }
  const byDate = new Map<number, { anchor: CalendarDate; sources: AnchorSource[]; labels: string[] }>();
  for (const { anchor, source, label } of found) {
    const entry = byDate.get(anchor.epochDay) ?? { anchor, sources: [], labels: [] };
    entry.sources.push(source);
    entry.labels.push(label);
    byDate.set(anchor.epochDay, entry);
  }
  return [...byDate.values()].sort((a, b) => a.anchor.compare(b.anchor));
}

/**
 * The month and day (a month end counting as one day: Feb 28 and Feb 29 are
 * both February's end) on which the most monthly value of active term-based
 * subscriptions ends, in the account's main currency. Terms shorter than a
 * year are left out: their end date moves every month or quarter. Ties go to
 * the date that comes first after asOf.
 */
export function dominantEndDate(asOf: CalendarDate, subscriptions: readonly AccountSubscription[]): DominantEndDate | undefined {
  const code = mainCurrency(subscriptions);
  if (code === null) return undefined;
  const groups = new Map<number, { anchor: CalendarDate; value: Decimal; ids: string[] }>();
  for (const subscription of subscriptions) {
    const { termEnd } = subscription;
    const value = monthlyValue(subscription);
    if (!termEnd || !value || subscription.currency?.toUpperCase() !== code || !isActiveTermBased(subscription)) continue;
    const anchor = nextMonthDayAfter(asOf, termEnd.month, termEnd.isLastDayOfMonth() ? 'end' : termEnd.day);
    const group = groups.get(anchor.epochDay) ?? { anchor, value: Decimal.of(0n, MONTHLY_VALUE_SCALE), ids: [] };
    group.value = group.value.plus(value);
    group.ids.push(subscription.id);
    groups.set(anchor.epochDay, group);
  }
  const best = [...groups.values()].sort((a, b) => b.value.compare(a.value) || a.anchor.compare(b.anchor))[0];
  return best ? { anchor: best.anchor, currency: code, monthlyValue: best.value, subscriptions: best.ids } : undefined;
}

/** The currency most of the account's live subscriptions are billed in (ties: alphabetical); null when none has one. */
export function mainCurrency(subscriptions: readonly AccountSubscription[]): string | null {
  const counts = new Map<string, number>();
  for (const subscription of subscriptions) {
    if (!subscription.currency || subscription.status.trim().toLowerCase() !== 'active') continue;
    const code = subscription.currency.toUpperCase();
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0));
  return ranked[0]?.[0] ?? null;
}

function isActiveTermBased(subscription: AccountSubscription): boolean {
  if (subscription.status.trim().toLowerCase() !== 'active' || subscription.kind === 'azure_plan') return false;
  const termMonths = subscription.kind === 'msp_service' ? subscription.service?.termMonths : subscription.term === 'P1M' ? 1 : 12;
  return termMonths !== undefined && alignmentStepMonths(termMonths) === 12;
}

function requireMonthDay(value: MonthDay): void {
  const { month, day } = value;
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new InvalidInputError(`the budget year end month must be 1–12 (got ${month})`, 'budgetYearEnd.month');
  // A leap year's length: 29 February is a valid budget year end.
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(2000, month)) throw new InvalidInputError(`day ${day} does not exist in month ${month}`, 'budgetYearEnd.day');
}
