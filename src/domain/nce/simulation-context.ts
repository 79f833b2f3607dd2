import { type CalendarDate, daysInclusive } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type CoTermCandidate } from './coterminosity.ts';
import { type Decimal } from '../money/decimal.ts';
import { type ChargeLine, type ChargeType, type LineNote, type SimulationWarning, type WarningCode } from './model.ts';
import { type PriceBook } from './price-list.ts';
import { type ChargeCalculation, computeCharge, cycleDaysOf } from './proration.ts';
import { type NceSettings } from './settings.ts';
import { type LiveSubscription } from './subscription-state.ts';

/** Boundary rows (purchases, cycles, renewals) sort before event rows of the same day. */
export const enum Phase {
  Boundary = 0,
  Event = 1,
}

interface PendingLine {
  readonly line: ChargeLine;
  readonly day: number;
  readonly phase: Phase;
  /** Boundary rows of one day follow the subscriptions' order; event rows the order applied. */
  readonly order: number;
  readonly seq: number;
}

/** What a row bills: whose product at which unit price, when the subscription's current one doesn't apply. */
export interface LineSubject {
  readonly product: string;
  readonly sku: string | undefined;
  readonly unitPrice: Decimal;
}

/**
 * Shared state of one replay: settings, the subscriptions, and the rows and
 * warnings produced so far.
 */
export class SimulationContext {
  readonly subscriptions = new Map<string, LiveSubscription>();
  readonly byCustomer = new Map<string, LiveSubscription[]>();
  readonly warnings: SimulationWarning[] = [];
  private readonly pending: PendingLine[] = [];
  private readonly ordinals = new Map<LiveSubscription, number>();
  private referenceCount = 0;
  private seq = 0;

  constructor(
    readonly settings: NceSettings,
    readonly priceBook: PriceBook,
    readonly through: CalendarDate,
    /** Subscriptions outside the scenario whose end dates new terms may align with. */
    readonly externalCandidates: readonly CoTermCandidate[] = [],
  ) {}

  register(subscription: LiveSubscription, field: string): void {
    if (this.subscriptions.has(subscription.id)) throw new InvalidInputError(`subscription id "${subscription.id}" is used twice`, field);
    this.subscriptions.set(subscription.id, subscription);
    this.ordinals.set(subscription, this.ordinals.size);
    const siblings = this.byCustomer.get(subscription.customer) ?? [];
    siblings.push(subscription);
    this.byCustomer.set(subscription.customer, siblings);
  }

  find(id: string, field: string): LiveSubscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new InvalidInputError(`unknown subscription "${id}"`, field);
    return subscription;
  }

  newReference(): string {
    this.referenceCount += 1;
    return `R${String(this.referenceCount).padStart(6, '0')}`;
  }

  warn(code: WarningCode, date: CalendarDate, subscription: string, message: string): void {
    this.warnings.push({ code, date, subscription, message });
  }

  /** Microsoft silently deletes scheduled next-term instructions on any mid-term change; say so. */
  dropScheduled(subscription: LiveSubscription, date: CalendarDate, cause: string): void {
    if (!subscription.scheduled) return;
    subscription.scheduled = undefined;
    this.warn(
      'SCHEDULED_INSTRUCTIONS_DROPPED',
      date,
      subscription.id,
      `${cause} deleted the scheduled next-term instructions of ${subscription.id}; schedule them again if they still apply`,
    );
  }

  /** Bills the subscription's current cycle in full, or prorated when it is a co-term stub. */
  billCurrentCycle(subscription: LiveSubscription, chargeType: ChargeType, note?: LineNote): void {
    const calculation: ChargeCalculation = subscription.isStubCycle
      ? this.proratedCalculation(subscription, subscription.cycle.start, subscription.quantity, 1, chargeType, subscription.unitPrice)
      : {
          kind: 'fullCycle',
          period: subscription.cycle,
          unitPrice: subscription.unitPrice,
          quantity: subscription.quantity,
          direction: 1,
          variant: this.settings.truncationVariant[chargeType],
          mode: this.settings.roundingMode,
          minorUnits: subscription.minorUnits,
        };
    this.push(subscription, chargeType, subscription.cycle.start, calculation, this.newReference(), Phase.Boundary, subscription, note);
  }

  /** Charges (+1) or refunds (−1) `quantity` units from `date` to the end of the current cycle. */
  billRestOfCycle(
    subscription: LiveSubscription,
    chargeType: ChargeType,
    date: CalendarDate,
    quantity: number,
    direction: 1 | -1,
    reference: string,
    subject: LineSubject = subscription,
  ): void {
    const calculation = this.proratedCalculation(subscription, date, quantity, direction, chargeType, subject.unitPrice);
    this.push(subscription, chargeType, date, calculation, reference, Phase.Event, subject);
  }

  /** The rows in the order Microsoft raised them: by day, cycle rows before changes, then as applied. */
  lines(): ChargeLine[] {
    return this.pending.sort((a, b) => a.day - b.day || a.phase - b.phase || a.order - b.order || a.seq - b.seq).map((entry) => entry.line);
  }

  private proratedCalculation(
    subscription: LiveSubscription,
    from: CalendarDate,
    quantity: number,
    direction: 1 | -1,
    chargeType: ChargeType,
    unitPrice: Decimal,
  ): ChargeCalculation {
    const billed = { start: from, end: subscription.cycle.end };
    const divisor = cycleDaysOf(subscription.fullCycle, subscription.billing, this.settings.cycleDaysRule);
    const days = daysInclusive(billed.start, billed.end);
    return {
      kind: 'prorated',
      billed,
      billingDays: Math.min(days, divisor.days),
      cycle: subscription.fullCycle,
      cycleDays: divisor.days,
      cycleDaysBasis: divisor.basis,
      capped: days > divisor.days,
      unitPrice,
      quantity,
      direction,
      variant: this.settings.truncationVariant[chargeType],
      mode: this.settings.roundingMode,
      minorUnits: subscription.minorUnits,
    };
  }

  private push(
    subscription: LiveSubscription,
    chargeType: ChargeType,
    orderDate: CalendarDate,
    calculation: ChargeCalculation,
    reference: string,
    phase: Phase,
    subject: LineSubject,
    note?: LineNote,
  ): void {
    const amount = computeCharge(calculation);
    const chargePeriod = calculation.kind === 'fullCycle' ? calculation.period : calculation.billed;
    const line: ChargeLine = {
      subscription: subscription.id,
      customer: subscription.customer,
      product: subject.product,
      sku: subject.sku,
      chargeType,
      orderDate,
      chargeStart: chargePeriod.start,
      chargeEnd: chargePeriod.end,
      unitPrice: calculation.unitPrice,
      effectiveUnitPrice: amount.effectiveUnitPrice,
      quantity: calculation.quantity,
      subtotal: amount.subtotal,
      currency: subscription.currency,
      reference,
      term: subscription.term,
      billing: subscription.billing,
      termStart: subscription.termStart,
      termEnd: subscription.termEnd,
      calculation,
      note,
    };
    this.seq += 1;
    const order = phase === Phase.Boundary ? (this.ordinals.get(subscription) ?? 0) : 0;
    this.pending.push({ line, day: orderDate.epochDay, phase, order, seq: this.seq });
  }
}
