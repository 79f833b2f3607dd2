import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../domain/calendar/periods.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { type ChargeLine, type SimulationResult } from '../../domain/nce/model.ts';

/** A stretch of days over which Microsoft billed a subscription the same way. */
export interface Segment {
  readonly from: CalendarDate;
  /** Last day (inclusive); undefined while it lasts. */
  to: CalendarDate | undefined;
  readonly product: string;
  readonly sku: string | undefined;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  /** The price of one billing cycle. */
  readonly unitPrice: Decimal;
  readonly quantity: number;
  readonly status: 'active' | 'extendedServiceTerm';
}

/** A subscription as Microsoft billed it: the stretches, and the facts Partner Center shows. */
export interface SubscriptionHistory {
  readonly id: string;
  readonly segments: Segment[];
  readonly lines: ChargeLine[];
  /** The last commitment term (the Extended Service Term is month to month beyond it). */
  lastTerm: { start: CalendarDate; end: CalendarDate; term: TermDuration; billing: BillingPlan } | undefined;
  cancelledOn: CalendarDate | undefined;
  /** First day of the Extended Service Term. */
  extendedFrom: CalendarDate | undefined;
}

type Terms = Pick<Segment, 'product' | 'sku' | 'term' | 'billing' | 'unitPrice' | 'quantity' | 'status'>;

/**
 * Reads a simulation's rows back into each subscription's billed stretches:
 * a purchase opens one; a renewal that changes anything, a seat change, an
 * upgrade or the Extended Service Term starts another; a cancellation ends it.
 */
export function billingHistories(result: SimulationResult): Map<string, SubscriptionHistory> {
  const histories = new Map<string, SubscriptionHistory>();
  const upgradeCharges = new Map<string, Set<string>>();
  for (const line of result.lines) {
    if ((line.chargeType === 'convert' || line.chargeType === 'moveQuantity') && line.calculation.direction === 1) {
      upgradeCharges.set(line.reference, (upgradeCharges.get(line.reference) ?? new Set()).add(line.subscription));
    }
  }
  for (const line of result.lines) {
    let history = histories.get(line.subscription);
    if (!history) {
      history = { id: line.subscription, segments: [], lines: [], lastTerm: undefined, cancelledOn: undefined, extendedFrom: undefined };
      histories.set(line.subscription, history);
    }
    history.lines.push(line);
    apply(history, line, upgradeCharges);
  }
  for (const outcome of result.subscriptions) {
    const history = histories.get(outcome.id);
    const last = history?.segments.at(-1);
    if (outcome.status === 'expired' && last && !last.to && outcome.termEnd) last.to = outcome.termEnd;
  }
  return histories;
}

function apply(history: SubscriptionHistory, line: ChargeLine, upgradeCharges: ReadonlyMap<string, ReadonlySet<string>>): void {
  const open = history.segments.at(-1);
  const current = open && !open.to ? open : undefined;
  const charge = line.calculation.direction === 1;
  const lineTerms: Terms = {
    product: line.product,
    sku: line.sku,
    term: line.term,
    billing: line.billing,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    status: 'active',
  };
  if (line.chargeType !== 'extendTerm') history.lastTerm = { start: line.termStart, end: line.termEnd, term: line.term, billing: line.billing };
  switch (line.chargeType) {
    case 'new':
    case 'renew':
      change(history, line.chargeStart, lineTerms);
      return;
    case 'addQuantity':
    case 'removeQuantity':
      if (charge && current) change(history, line.chargeStart, { ...current, quantity: line.quantity });
      return;
    case 'convert':
    case 'moveQuantity': {
      const intoSame = upgradeCharges.get(line.reference)?.has(line.subscription) ?? false;
      if (charge) change(history, line.chargeStart, current && intoSame ? { ...lineTerms, quantity: current.quantity } : lineTerms);
      else if (current && !intoSame) change(history, line.chargeStart, { ...current, quantity: current.quantity - line.quantity });
      return;
    }
    case 'cancelImmediate':
      history.cancelledOn = line.chargeStart;
      if (current) close(history, current, line.chargeStart.addDays(-1));
      return;
    case 'extendTerm':
      history.extendedFrom ??= line.chargeStart;
      change(history, line.chargeStart, { ...lineTerms, status: 'extendedServiceTerm' });
      return;
    case 'cycleCharge':
      return;
  }
}

/** From `date` on the subscription is billed on `terms` (nothing changes when they are the same). */
function change(history: SubscriptionHistory, date: CalendarDate, terms: Terms): void {
  const open = history.segments.at(-1);
  const current = open && !open.to ? open : undefined;
  if (current && sameTerms(current, terms)) return;
  if (current) {
    if (current.from.equals(date)) history.segments.pop();
    else current.to = date.addDays(-1);
  }
  history.segments.push({
    from: date,
    to: undefined,
    product: terms.product,
    sku: terms.sku,
    term: terms.term,
    billing: terms.billing,
    unitPrice: terms.unitPrice,
    quantity: terms.quantity,
    status: terms.status,
  });
}

function close(history: SubscriptionHistory, segment: Segment, last: CalendarDate): void {
  if (last.isBefore(segment.from)) history.segments.splice(history.segments.indexOf(segment), 1);
  else segment.to = last;
}

function sameTerms(a: Terms, b: Terms): boolean {
  return a.product === b.product && a.sku === b.sku && a.term === b.term && a.billing === b.billing && a.unitPrice.equals(b.unitPrice) && a.quantity === b.quantity && a.status === b.status;
}

/** The stretch billed on a day, if any. */
export function segmentOn(history: SubscriptionHistory, day: CalendarDate): Segment | undefined {
  return history.segments.find((segment) => !segment.from.isAfter(day) && (!segment.to || !segment.to.isBefore(day)));
}
