import { type CalendarDate, maxDate } from '../calendar/date.ts';
import { defaultTermEnd, TERM_MONTHS } from '../calendar/periods.ts';
import { InvalidInputError } from '../errors.ts';
import { checkCustomTermEnd, type EndDateOption } from '../nce/coterminosity.ts';
import { NceRuleError } from '../nce/errors.ts';
import { type PriceBook } from '../nce/price-list.ts';
import { endsOnAnchor, latestAlignedEndWithin } from './anchor-occurrence.ts';
import { type CandidatePool } from './candidate-pool.ts';
import { type PendingNce } from './classify.ts';
import { alignedEndsText, money } from './describe.ts';
import { type Alignment, type CannotAlignCause } from './model.ts';
import { cancellationRefund, REBUY_SUFFIX, rebuyStub, renewalStub } from './nce-stub.ts';

export interface NceContext {
  readonly asOf: CalendarDate;
  readonly anchor: CalendarDate;
  /** The tenant's licences by end date over time; each alignment made here is added to it. */
  readonly pool: CandidatePool;
  readonly priceBook: PriceBook;
}

/** Aligned now, or why not (the licence then waits for its renewal). */
export type AlignNowOutcome = { readonly alignment: Alignment } | { readonly refused: string };

/**
 * Inside the cancellation window a licence can be cancelled and bought again
 * with a custom term end date on the anchor, instead of waiting a whole term.
 */
export function alignNow(pending: PendingNce, context: NceContext): AlignNowOutcome {
  const { terms, base } = pending;
  const { asOf, anchor, pool, priceBook } = context;
  const termMonths = TERM_MONTHS[terms.term];
  const alignedEnd = latestAlignedEndWithin(anchor, termMonths, asOf, defaultTermEnd(asOf, terms.term));
  if (!alignedEnd) return { refused: `A ${terms.term} term bought on ${asOf.toString()} would contain no occurrence of the anchor.` };
  let refund;
  let stub;
  try {
    refund = cancellationRefund(terms, asOf, priceBook);
    stub = rebuyStub({ terms, on: asOf, alignedEnd, candidates: pool.candidatesOn(terms.tenant, asOf, terms.id), priceBook });
  } catch (error) {
    if (error instanceof NceRuleError || error instanceof InvalidInputError) return { refused: `Cancelling and buying it again now is not possible: ${error.message}.` };
    throw error;
  }
  pool.endOn(terms.id, asOf);
  pool.add({ id: `${terms.id}${REBUY_SUFFIX}`, tenant: terms.tenant, term: terms.term, end: alignedEnd, from: asOf, until: null, renews: terms.autoRenew ?? true });
  return {
    alignment: {
      ...base,
      action: 'align_now',
      on: asOf,
      alignedEnd,
      stub,
      refund,
      windowClosesOn: pending.windowClosesOn,
      reason:
        `Its term started on ${terms.termStart.toString()}, so it is inside its cancellation window until ${pending.windowClosesOn.toString()}: ` +
        `cancel it on ${asOf.toString()} (refund ${money(refund.amount, refund.currency)}) and buy it again with a custom term end date of ${alignedEnd.toString()}; ` +
        `the first term ${asOf.toString()} – ${alignedEnd.toString()} (${stub.days} days) is charged ${money(stub.charge, stub.currency)}.`,
    },
  };
}

/**
 * At renewal Microsoft applies scheduled next-term instructions with a custom
 * term end date. The instructions can be scheduled from the first day
 * Partner Center accepts the date (a month end, or the end date of another
 * active licence of the tenant — possibly one this plan aligns first) until
 * the current term's last day. The stub is billed by the engine.
 */
export function alignAtRenewal(pending: PendingNce, context: NceContext, note = ''): Alignment {
  const { terms, base } = pending;
  const { asOf, anchor, pool, priceBook } = context;
  const prefix = note ? `${note} ` : '';
  const cannotAlign = (cause: CannotAlignCause, reason: string, refusalCode?: string): Alignment => ({
    ...base,
    action: 'cannot_align',
    on: null,
    alignedEnd: null,
    stub: null,
    cause,
    ...(refusalCode === undefined ? {} : { refusalCode }),
    reason: `${prefix}${reason}`,
  });
  const renewal = terms.termEnd.addDays(1);
  const defaultEnd = defaultTermEnd(renewal, terms.term);
  const termMonths = TERM_MONTHS[terms.term];
  const alignedEnd = latestAlignedEndWithin(anchor, termMonths, renewal, defaultEnd);
  if (!alignedEnd) {
    return cannotAlign('no_anchor_occurrence', `Its next ${terms.term} term ${renewal.toString()} – ${defaultEnd.toString()} contains no occurrence of ${alignedEndsText(anchor, termMonths)}.`);
  }

  const from = maxDate(asOf, terms.termStart);
  const accepted = alignedEnd.equals(defaultEnd) ? { day: from, option: undefined } : firstAcceptingDay(pending, context, from, renewal, alignedEnd);
  const scheduleOn = accepted?.day ?? from;
  const candidates = pool.candidatesOn(terms.tenant, scheduleOn, terms.id);
  let stub;
  try {
    stub = renewalStub({ terms, alignedEnd, scheduleOn, candidates, priceBook });
  } catch (error) {
    if (error instanceof NceRuleError) {
      const unaligned = error.rule === 'CUSTOM_TERM_END_NOT_ALIGNED' && terms.term !== 'P1M';
      const monthly = !unaligned ? [] : candidates.filter((candidate) => candidate.term === 'P1M' && endsOnAnchor(anchor, 1, candidate.end)).map((candidate) => candidate.id);
      const why = `Partner Center would refuse the custom term end date ${alignedEnd.toString()} for its renewal on ${renewal.toString()}: ${error.message}.`;
      if (monthly.length > 0) {
        return cannotAlign(
          'monthly_term_target',
          `${why} ${monthly.join(', ')} end${monthly.length === 1 ? 's' : ''} on the anchor's day but ${monthly.length === 1 ? 'has a monthly term' : 'have monthly terms'}, and an annual or triennial term cannot co-term with a monthly-term subscription's date.`,
          error.code,
        );
      }
      return cannotAlign('refused', why, error.code);
    }
    if (error instanceof InvalidInputError) return cannotAlign('missing_data', `Its renewal cannot be replayed: ${error.message}.`);
    throw error;
  }
  pool.endOn(terms.id, renewal);
  pool.add({ id: terms.id, tenant: terms.tenant, term: terms.term, end: alignedEnd, from: renewal, until: null, renews: true });

  const charged = `the first renewed term ${renewal.toString()} – ${alignedEnd.toString()} (${stub.days} days) is charged ${money(stub.charge, stub.currency)}`;
  const allowed = alignedEnd.equals(defaultEnd) ? 'its default end date' : allowedAs(accepted?.option);
  const reason =
    `Renews on ${renewal.toString()}: schedule next-term instructions with a custom term end date of ${alignedEnd.toString()} (${allowed}) ` +
    `between ${scheduleOn.toString()} and ${terms.termEnd.toString()}; ${charged}.`;
  return { ...base, action: 'at_next_renewal', on: renewal, alignedEnd, stub, scheduleFrom: scheduleOn, scheduleBy: terms.termEnd, reason: `${prefix}${reason}` };
}

/** The first day in [from, current term end] on which Partner Center accepts the end date, and the option that allows it. */
function firstAcceptingDay(
  pending: PendingNce,
  context: NceContext,
  from: CalendarDate,
  renewal: CalendarDate,
  alignedEnd: CalendarDate,
): { readonly day: CalendarDate; readonly option: EndDateOption | undefined } | undefined {
  const { terms } = pending;
  // A month end inside the first term is accepted whatever the tenant's other subscriptions: no need to walk their changes.
  const monthEnd = checkCustomTermEnd({ term: terms.term, start: renewal, candidates: [] }, alignedEnd);
  if (monthEnd.ok) return { day: from, option: monthEnd.option };
  for (const day of context.pool.changeDays(terms.tenant, from, terms.termEnd)) {
    const check = checkCustomTermEnd({ term: terms.term, start: renewal, candidates: context.pool.candidatesOn(terms.tenant, day, terms.id) }, alignedEnd);
    if (check.ok) return { day, option: check.option };
  }
  return undefined;
}

function allowedAs(option: EndDateOption | undefined): string {
  if (!option) return 'not among the dates Partner Center offers';
  if (option.type === 'calendarMonthAligned') return 'allowed as a calendar month end';
  const names = option.subscriptions.map((id) => (id.endsWith(REBUY_SUFFIX) ? `${id.slice(0, -REBUY_SUFFIX.length)} (bought again)` : id));
  return `allowed as the end date of ${names.join(', ')}`;
}
