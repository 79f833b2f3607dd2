import { type CalendarDate, daysInclusive } from '../calendar/date.ts';
import { defaultTermEnd, TERM_MONTHS } from '../calendar/periods.ts';
import { InvalidInputError } from '../errors.ts';
import { currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { type CoTermCandidate } from '../nce/coterminosity.ts';
import { explainLine } from '../nce/explain.ts';
import { type ChargeLine, type NceEvent, type SubscriptionSpec } from '../nce/model.ts';
import { type PriceBook } from '../nce/price-list.ts';
import { simulateNce } from '../nce/simulate.ts';
import { type EngineStub, type Refund, type StubLine } from './model.ts';
import { type NceTerms } from './nce-terms.ts';

/**
 * Every NCE amount of a plan comes from the shadow-billing engine, so a stub
 * is billed exactly as Microsoft's reconciliation file will bill it. These
 * functions only set up the replays; they throw what the engine throws
 * (NceRuleError when Partner Center would refuse).
 */

/** The id the engine gives a licence bought again (Partner Center would assign a new subscription id). */
export const REBUY_SUFFIX = '~rebuy';

export interface RenewalStubRequest {
  readonly terms: NceTerms;
  /** The custom end date of the first renewed term. */
  readonly alignedEnd: CalendarDate;
  /** When the next-term instructions are scheduled (inside the current term). */
  readonly scheduleOn: CalendarDate;
  readonly candidates: readonly CoTermCandidate[];
  readonly priceBook: PriceBook;
}

/**
 * Replays the current term with next-term instructions carrying the custom
 * end date and returns what the renewal term is charged through that date.
 */
export function renewalStub(request: RenewalStubRequest): EngineStub {
  const { terms, alignedEnd, scheduleOn } = request;
  const renewal = terms.termEnd.addDays(1);
  const start = replayStart(terms);
  if (!start) throw new CurrentTermError(terms);
  // The end date is scheduled even when it is the default end: a renewal without one continues the
  // purchase's grid, which for a subscription bought on the 29th–31st can end on another day.
  const events: NceEvent[] = [{ type: 'scheduleNextTerm', date: scheduleOn, subscription: terms.id, index: 0, instructions: { customTermEnd: alignedEnd } }];
  const result = simulateNce({
    subscriptions: [specOf(terms, { id: terms.id, start, unitPrice: terms.unitPrice, autoRenew: true })],
    events,
    priceList: request.priceBook,
    through: alignedEnd,
    coTermCandidates: request.candidates,
  });
  return stubOf(terms, renewal, alignedEnd, result.lines.filter((line) => !line.orderDate.isBefore(renewal)));
}

export interface RebuyRequest {
  readonly terms: NceTerms;
  /** The day of the cancellation and the new purchase. */
  readonly on: CalendarDate;
  readonly alignedEnd: CalendarDate;
  readonly candidates: readonly CoTermCandidate[];
  readonly priceBook: PriceBook;
}

/** The new purchase that replaces a cancelled licence: same product and term, ending on the anchor, at the price-list price of the day. */
export function rebuyStub(request: RebuyRequest): EngineStub {
  const { terms, on, alignedEnd, priceBook } = request;
  const listed = priceBook.priceOn(terms.product, terms.term, terms.billing, terms.currency, on);
  const needsCustomEnd = !alignedEnd.equals(defaultTermEnd(on, terms.term));
  const spec = specOf(terms, { id: `${terms.id}${REBUY_SUFFIX}`, start: on, unitPrice: listed?.unitPrice ?? terms.unitPrice, autoRenew: terms.autoRenew ?? true });
  const result = simulateNce({
    subscriptions: [needsCustomEnd ? { ...spec, customTermEnd: alignedEnd } : spec],
    events: [],
    priceList: priceBook,
    through: alignedEnd,
    coTermCandidates: request.candidates,
  });
  return stubOf(terms, on, alignedEnd, result.lines);
}

/** The refund of cancelling the current term on `on` (inside its cancellation window). */
export function cancellationRefund(terms: NceTerms, on: CalendarDate, priceBook: PriceBook): Refund {
  const regular = defaultTermEnd(terms.termStart, terms.term).equals(terms.termEnd);
  const spec = specOf(terms, { id: terms.id, start: terms.termStart, unitPrice: terms.unitPrice, autoRenew: terms.autoRenew ?? true });
  // A current term bought with a custom end date is replayed as bought; the
  // stand-in candidate only makes that purchase valid (nothing renews here).
  const result = simulateNce({
    subscriptions: [regular ? spec : { ...spec, customTermEnd: terms.termEnd }],
    events: [{ type: 'cancel', date: on, subscription: terms.id, index: 0 }],
    priceList: priceBook,
    through: on,
    coTermCandidates: regular ? [] : [{ id: `${terms.id} (current term)`, customer: terms.tenant, term: terms.term, end: terms.termEnd, status: 'active', kind: 'license' }],
  });
  const lines = result.lines.filter((line) => line.chargeType === 'cancelImmediate');
  return { amount: sum(lines, terms.currency), currency: terms.currency, lines: lines.map(stubLineOf) };
}

/**
 * The day the replay buys the subscription. The engine's terms are points of
 * a grid anchored on the purchase, so a current term that is not the default
 * length from its start (a clamped month end, or a term bought co-termed)
 * is replayed from the grid anchor that ends a term on the same day.
 */
export function replayStart(terms: NceTerms): CalendarDate | undefined {
  if (defaultTermEnd(terms.termStart, terms.term).equals(terms.termEnd)) return terms.termStart;
  const next = terms.termEnd.addDays(1);
  const months = TERM_MONTHS[terms.term];
  // Up to 12 terms back is enough for any day of any month to recur unclamped (Feb 29 needs 4 years).
  for (let count = 1; count <= 12; count += 1) {
    const start = next.addMonths(-months * count);
    if (start.addMonths(months * count).equals(next)) return start;
  }
  return undefined;
}

/** The current term cannot be placed on Microsoft's calendar (no purchase date ends a term on its end date). */
export class CurrentTermError extends InvalidInputError {
  override name = 'CurrentTermError';

  constructor(terms: NceTerms) {
    super(`its current ${terms.term} term ${terms.termStart.toString()} – ${terms.termEnd.toString()} cannot be placed on Microsoft's calendar: no purchase date ends a term on ${terms.termEnd.toString()}`);
  }
}

function specOf(terms: NceTerms, fields: Pick<SubscriptionSpec, 'id' | 'start' | 'unitPrice' | 'autoRenew'>): SubscriptionSpec {
  return {
    ...fields,
    product: terms.product,
    ...(terms.sku === undefined ? {} : { sku: terms.sku }),
    customer: terms.tenant,
    currency: terms.currency,
    term: terms.term,
    billing: terms.billing,
    quantity: terms.quantity,
  };
}

function stubOf(terms: NceTerms, start: CalendarDate, end: CalendarDate, lines: readonly ChargeLine[]): EngineStub {
  return {
    basis: 'nceEngine',
    start,
    end,
    days: daysInclusive(start, end),
    charge: sum(lines, terms.currency),
    currency: terms.currency,
    lines: lines.map(stubLineOf),
  };
}

function sum(lines: readonly ChargeLine[], code: string): Decimal {
  return lines.reduce((total, line) => total.plus(line.subtotal), Decimal.of(0n, currency(code).minorUnits));
}

export function stubLineOf(line: ChargeLine): StubLine {
  return {
    chargeType: line.chargeType,
    chargeStart: line.chargeStart,
    chargeEnd: line.chargeEnd,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    effectiveUnitPrice: line.effectiveUnitPrice,
    subtotal: line.subtotal,
    explanation: explainLine(line).text,
  };
}
