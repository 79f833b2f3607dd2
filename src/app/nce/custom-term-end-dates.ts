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

interface FirstTermView {
  firstTerm: { start: string; end: string; days: number; fullTermDays: number; months: number; extraDays: number };
  firstTermCharges?: { lines: ChargeLineView[]; total: string; currency: string };
}

export interface EndDateOptionView extends FirstTermView {
  type: 'calendarMonthAligned' | 'subscriptionAligned';
  date: string;
  subscriptions?: string[];
}

export interface EndDatesView {
  term: TermDuration;
  start: string;
  defaultEnd: string;
  /** The term without a custom end date, for comparison. */
  default: FirstTermView;
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
  const firstTermView = (end: CalendarDate): FirstTermView => {
    const first = firstTermOf(request.start, end, request.term);
    return {
      firstTerm: { ...first, start: first.start.toString(), end: first.end.toString() },
      ...(request.pricing ? { firstTermCharges: firstTermCharges(request, end, defaultEnd) } : {}),
    };
  };
  return {
    term: request.term,
    start: request.start.toString(),
    defaultEnd: defaultEnd.toString(),
    default: firstTermView(defaultEnd),
    options: options.map((option) => ({
      type: option.type,
      date: option.date.toString(),
      ...(option.type === 'subscriptionAligned' ? { subscriptions: option.subscriptions } : {}),
      ...firstTermView(option.date),
    })),
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
