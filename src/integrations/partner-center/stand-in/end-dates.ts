import { type CalendarDate } from '../../../domain/calendar/date.ts';
import { type TermDuration } from '../../../domain/calendar/periods.ts';
import { checkCustomTermEnd, type CoTermCandidate, customTermEndDates, type EndDateOption } from '../../../domain/nce/coterminosity.ts';
import { type StandInResponse } from '../../posting/stand-ins/json-http.ts';
import { calendarDateOf, termDurationOf } from './fields.ts';
import { refuse } from './microsoft-errors.ts';
import { type PartnerCenterState } from './state.ts';
import { coTermCandidate } from './stored-subscription.ts';

/** The customer's subscriptions a new term could end with (the domain keeps only the active licence ones). */
export function endDateCandidates(state: PartnerCenterState, customerId: string, excludedSubscriptionId?: string): CoTermCandidate[] {
  return state
    .customerSubscriptions(customerId)
    .filter((subscription) => subscription.id !== excludedSubscriptionId)
    .map(coTermCandidate);
}

export type EndDateVerdict = 'ok' | 'outOfRange' | 'notAligned';

/** Whether Partner Center would accept `end` for a term starting on `start`, by the same rules that list the dates. */
export function judgeEndDate(candidates: readonly CoTermCandidate[], term: TermDuration, start: CalendarDate, end: CalendarDate): EndDateVerdict {
  const check = checkCustomTermEnd({ term, start, candidates }, end);
  if (check.ok) return 'ok';
  return check.rule === 'CUSTOM_TERM_END_OUT_OF_RANGE' ? 'outOfRange' : 'notAligned';
}

/** GET customers/{id}/subscriptions/customTermEndDates?term_duration=&term_start_date=&target_coterm_subscription_id= */
export function customTermEndDatesAnswer(state: PartnerCenterState, customerId: string, query: URLSearchParams): StandInResponse {
  const term = termDurationOf(query.get('term_duration'));
  if (!term) return refuse.invalidInput('term_duration must be P1M, P1Y or P3Y');
  const today = state.todayDate();
  const startText = query.get('term_start_date');
  const start = startText === null ? today : calendarDateOf(startText);
  if (!start) return refuse.invalidInput(`term_start_date "${startText ?? ''}" is not a date`);
  if (start.isBefore(today)) return refuse.invalidInput(`term_start_date ${start.toString()} is in the past`);
  const target = query.get('target_coterm_subscription_id') ?? undefined;
  const { options } = customTermEndDates({ term, start, candidates: endDateCandidates(state, customerId), targetSubscription: target });
  const items = options.map(endDateItem);
  return { status: 200, body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } } };
}

function endDateItem(option: EndDateOption): Record<string, unknown> {
  const date = `${option.date.toString()}T00:00:00`;
  if (option.type === 'calendarMonthAligned') return { allowedCustomTermEndDateType: option.type, allowedCustomTermEndDate: date };
  return { allowedCustomTermEndDateType: option.type, cotermSubscriptionIds: option.subscriptions, allowedCustomTermEndDate: date };
}
