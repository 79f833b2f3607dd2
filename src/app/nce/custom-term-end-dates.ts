import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../domain/calendar/periods.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type CoTermCandidate, customTermEndDates, firstTermOf } from '../../domain/nce/coterminosity.ts';
import { simulateNce } from '../../domain/nce/simulate.ts';
import { type ChargeLineView, chargeLineView } from './charge-line-view.ts';

export interface EndDatesRequest {
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly start: CalendarDate;
  readonly candidates: readonly CoTermCandidate[];
  readonly targetSubscription?: string;
  /** When given, each option also shows what its first term would be billed. */
  readonly pricing?: { readonly unitPrice: Decimal; readonly currency: string; readonly quantity: number; readonly product: string };
}

export interface EndDateOptionView {
  type: 'calendarMonthAligned' | 'subscriptionAligned' | 'default';
  date: string;
  subscriptions?: string[];
  firstTerm: { start: string; end: string; days: number; fullTermDays: number; months: number; extraDays: number };
  firstTermCharges?: { lines: ChargeLineView[]; total: string; currency: string };
}

export interface EndDatesView {
  term: TermDuration;
  start: string;
  defaultEnd: string;
  options: EndDateOptionView[];
  excluded: { subscription: string; reason: string }[];
}

/** Partner Center's allowed custom term end dates, each with the first term it produces and, priced, its charges. */
export function listCustomTermEndDates(request: EndDatesRequest): EndDatesView {
  const { defaultEnd, options, excluded } = customTermEndDates({
    term: request.term,
    start: request.start,
    candidates: request.candidates,
    ...(request.targetSubscription === undefined ? {} : { targetSubscription: request.targetSubscription }),
  });
  const defaultListed = options.some((option) => option.date.equals(defaultEnd));
  const all = defaultListed ? options : [...options, { type: 'default' as const, date: defaultEnd }];
  return {
    term: request.term,
    start: request.start.toString(),
    defaultEnd: defaultEnd.toString(),
    options: all.map((option) => {
      const first = firstTermOf(request.start, option.date, request.term);
      return {
        type: option.type,
        date: option.date.toString(),
        ...('subscriptions' in option ? { subscriptions: option.subscriptions } : {}),
        firstTerm: { ...first, start: first.start.toString(), end: first.end.toString() },
        ...(request.pricing ? { firstTermCharges: firstTermCharges(request, option.date, defaultEnd) } : {}),
      };
    }),
    excluded,
  };
}

function firstTermCharges(request: EndDatesRequest, end: CalendarDate, defaultEnd: CalendarDate): EndDateOptionView['firstTermCharges'] {
  const pricing = request.pricing;
  if (!pricing) return undefined;
  const result = simulateNce({
    subscriptions: [
      {
        id: 'NEW',
        product: pricing.product,
        unitPrice: pricing.unitPrice,
        currency: pricing.currency,
        term: request.term,
        billing: request.billing,
        start: request.start,
        quantity: pricing.quantity,
        autoRenew: true,
        ...(end.equals(defaultEnd) ? {} : { customTermEnd: end }),
      },
    ],
    events: [],
    through: end,
    coTermCandidates: request.candidates,
  });
  const total = result.lines.reduce((sum, line) => sum.plus(line.subtotal), Decimal.ZERO);
  return { lines: result.lines.map(chargeLineView), total: total.toString(), currency: pricing.currency.toUpperCase() };
}
