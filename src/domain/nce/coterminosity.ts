import { type CalendarDate, daysInclusive } from '../calendar/date.ts';
import { defaultTermEnd, endDateAnniversary, type TermDuration } from '../calendar/periods.ts';

/** Another subscription of the same customer that a new term could end with. */
export interface CoTermCandidate {
  readonly id: string;
  /** Only subscriptions of the same customer can be aligned with. */
  readonly customer?: string;
  readonly term: TermDuration;
  /** Inclusive end of its current term. */
  readonly end: CalendarDate;
  /** Partner Center status; only `active` subscriptions can be aligned with. */
  readonly status: string;
  /** Trials, software subscriptions and legacy licences cannot be aligned with. */
  readonly kind?: 'license' | 'trial' | 'software' | 'legacy';
}

export interface EndDateQuery {
  readonly term: TermDuration;
  /** First day of the term being bought or renewed (term_start_date). */
  readonly start: CalendarDate;
  readonly candidates: readonly CoTermCandidate[];
  /** Restrict subscription-aligned dates to one subscription (target_coterm_subscription_id). */
  readonly targetSubscription?: string;
}

export type EndDateOption =
  | { readonly type: 'calendarMonthAligned'; readonly date: CalendarDate }
  | { readonly type: 'subscriptionAligned'; readonly date: CalendarDate; readonly subscriptions: string[] };

export interface EndDateOptions {
  readonly defaultEnd: CalendarDate;
  readonly options: EndDateOption[];
  /** Candidates that were considered and why each could not be aligned with. */
  readonly excluded: { readonly subscription: string; readonly reason: string }[];
}

/**
 * The custom term end dates Partner Center offers (customTermEndDates):
 * the last month end inside the first term, and the end dates of the
 * customer's active licence subscriptions — or their anniversaries in a later
 * year, for a longer term — that fall inside the first term.
 */
export function customTermEndDates(query: EndDateQuery): EndDateOptions {
  const defaultEnd = defaultTermEnd(query.start, query.term);
  const excluded: { subscription: string; reason: string }[] = [];
  return { defaultEnd, options: endDateOptions(query, defaultEnd, excluded), excluded };
}

/** The options, and when `excluded` is given, why each other candidate is not one (checking a date needs no reasons). */
function endDateOptions(query: EndDateQuery, defaultEnd: CalendarDate, excluded?: { subscription: string; reason: string }[]): EndDateOption[] {
  const { term, start } = query;
  const options: EndDateOption[] = [];
  const calendarAligned = defaultEnd.isLastDayOfMonth() ? defaultEnd : defaultEnd.addMonths(-1).lastDayOfMonth();
  if (!calendarAligned.isBefore(start)) options.push({ type: 'calendarMonthAligned', date: calendarAligned });

  const byDate = new Map<number, { date: CalendarDate; subscriptions: string[] }>();
  for (const candidate of query.candidates) {
    if (query.targetSubscription !== undefined && candidate.id !== query.targetSubscription) continue;
    const exclusion = exclusionOf(candidate, term);
    if (exclusion) {
      excluded?.push({ subscription: candidate.id, reason: exclusionReason(exclusion, candidate) });
      continue;
    }
    const date = latestAnniversaryWithin(candidate.end, start, defaultEnd);
    if (!date) {
      excluded?.push({ subscription: candidate.id, reason: `its end date ${candidate.end.toString()} does not fall inside the first term (${start.toString()} – ${defaultEnd.toString()})` });
      continue;
    }
    if (term === 'P1M' && date.day >= 28 && !date.isLastDayOfMonth()) {
      excluded?.push({ subscription: candidate.id, reason: `a monthly term cannot end on the ${date.day}th unless it is the month's last day (${date.toString()})` });
      continue;
    }
    const entry = byDate.get(date.epochDay) ?? { date, subscriptions: [] };
    entry.subscriptions.push(candidate.id);
    byDate.set(date.epochDay, entry);
  }
  const aligned = [...byDate.values()].sort((a, b) => a.date.compare(b.date));
  for (const { date, subscriptions } of aligned) options.push({ type: 'subscriptionAligned', date, subscriptions });
  return options;
}

export type CustomTermEndCheck =
  | { readonly ok: true; readonly option?: EndDateOption }
  | { readonly ok: false; readonly rule: 'CUSTOM_TERM_END_OUT_OF_RANGE' | 'CUSTOM_TERM_END_NOT_ALIGNED'; readonly detail: string };

/** Whether `end` is an end date Partner Center accepts for this purchase or renewal. */
export function checkCustomTermEnd(query: EndDateQuery, end: CalendarDate): CustomTermEndCheck {
  const defaultEnd = defaultTermEnd(query.start, query.term);
  if (end.isBefore(query.start) || end.isAfter(defaultEnd)) {
    return {
      ok: false,
      rule: 'CUSTOM_TERM_END_OUT_OF_RANGE',
      detail: `${end.toString()} is not within the first ${query.term} term (${query.start.toString()} – ${defaultEnd.toString()})`,
    };
  }
  if (end.equals(defaultEnd)) return { ok: true };
  if (query.term === 'P1M' && end.day >= 28 && !end.isLastDayOfMonth()) {
    return {
      ok: false,
      rule: 'CUSTOM_TERM_END_OUT_OF_RANGE',
      detail: `a monthly term cannot end on the ${end.day}th of a month unless it is the month's last day`,
    };
  }
  const options = endDateOptions(query, defaultEnd);
  const option = options.find((candidate) => candidate.date.equals(end));
  if (!option) {
    const allowed = options.map((candidate) => candidate.date.toString()).join(', ') || 'none';
    return {
      ok: false,
      rule: 'CUSTOM_TERM_END_NOT_ALIGNED',
      detail: `${end.toString()} is neither a month end nor the end date of an active subscription (allowed: ${allowed})`,
    };
  }
  return { ok: true, option };
}

export interface FirstTerm {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  readonly days: number;
  /** Days of the full term it replaces. */
  readonly fullTermDays: number;
  readonly months: number;
  readonly extraDays: number;
}

/** The (possibly shortened) first term that a custom end date produces. */
export function firstTermOf(start: CalendarDate, end: CalendarDate, term: TermDuration): FirstTerm {
  const nextStart = end.addDays(1);
  let months = start.monthIndexDistance(nextStart);
  while (months > 0 && start.addMonths(months).isAfter(nextStart)) months -= 1;
  return {
    start,
    end,
    days: daysInclusive(start, end),
    fullTermDays: daysInclusive(start, defaultTermEnd(start, term)),
    months,
    extraDays: start.addMonths(months).daysUntil(nextStart),
  };
}

type Exclusion = 'inactive' | 'not_a_licence' | 'monthly_candidate';

function exclusionOf(candidate: CoTermCandidate, term: TermDuration): Exclusion | undefined {
  if (candidate.status.toLowerCase() !== 'active') return 'inactive';
  if (candidate.kind !== undefined && candidate.kind !== 'license') return 'not_a_licence';
  if (term !== 'P1M' && candidate.term === 'P1M') return 'monthly_candidate';
  return undefined;
}

function exclusionReason(exclusion: Exclusion, candidate: CoTermCandidate): string {
  if (exclusion === 'inactive') return `it is ${candidate.status}, not active`;
  if (exclusion === 'not_a_licence') return `it is a ${candidate.kind} subscription, which cannot be co-termed`;
  return `an annual or triennial term cannot co-term with a monthly-term subscription`;
}

function latestAnniversaryWithin(end: CalendarDate, start: CalendarDate, defaultEnd: CalendarDate): CalendarDate | undefined {
  let found: CalendarDate | undefined;
  for (let years = 0; ; years += 1) {
    const date = endDateAnniversary(end, years);
    if (date.isAfter(defaultEnd)) return found;
    if (!date.isBefore(start)) found = date;
  }
}
