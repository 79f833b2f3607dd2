import { type CalendarDate, maxDate, minDate } from '../calendar/date.ts';
import { BILLING_MONTHS, type BillingPlan, gridPeriod, gridPeriodContaining, type Period, TERM_MONTHS, type TermDuration } from '../calendar/periods.ts';
import { type Decimal } from '../money/decimal.ts';
import { type NextTermInstructions, type SubscriptionOutcome, type SubscriptionStatus } from './model.ts';
import { type SeatBatch } from './seat-window.ts';

/**
 * Where a term sits on its subscription's grid. Terms and charge cycles are
 * `anchor + k·months`, each clamped from the anchor, so a subscription bought
 * on the 31st keeps billing on the last day of short months. A co-termed term
 * (custom end date E) is term −1 of a grid anchored on E + 1, clipped to its
 * real start: its first cycle is the prorated stub.
 */
export interface TermPlacement {
  readonly anchor: CalendarDate;
  readonly index: number;
  /** The real first day; later than the grid's when the term was co-termed. */
  readonly start: CalendarDate;
}

export interface LiveSubscriptionInit {
  readonly id: string;
  readonly customer: string;
  readonly product: string;
  readonly sku?: string;
  readonly unitPrice: Decimal;
  readonly currency: string;
  readonly minorUnits: number;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly quantity: number;
  readonly autoRenew: boolean;
  /** First day of the first term (EST eligibility looks at it). */
  readonly purchased: CalendarDate;
}

/** The mutable state of one subscription while a scenario is replayed. */
export class LiveSubscription {
  readonly id: string;
  readonly customer: string;
  readonly currency: string;
  readonly minorUnits: number;
  readonly purchased: CalendarDate;
  product: string;
  sku: string | undefined;
  unitPrice: Decimal;
  term: TermDuration;
  billing: BillingPlan;
  quantity: number;
  autoRenew: boolean;
  cancelAtTermEnd = false;
  status: SubscriptionStatus = 'pending';
  scheduled: NextTermInstructions | undefined;
  /** Purchase or renewal day: the cancellation window runs from it. */
  windowStart!: CalendarDate;
  batches: SeatBatch[] = [];
  placement!: TermPlacement;
  termStart!: CalendarDate;
  termEnd!: CalendarDate;
  /** The current charge cycle, clipped to the term. */
  cycle!: Period;
  /** The whole grid cycle the current cycle belongs to (differs from `cycle` only for a co-term stub). */
  fullCycle!: Period;

  constructor(init: LiveSubscriptionInit) {
    this.id = init.id;
    this.customer = init.customer;
    this.product = init.product;
    this.sku = init.sku;
    this.unitPrice = init.unitPrice;
    this.currency = init.currency;
    this.minorUnits = init.minorUnits;
    this.term = init.term;
    this.billing = init.billing;
    this.quantity = init.quantity;
    this.autoRenew = init.autoRenew;
    this.purchased = init.purchased;
  }

  get isLive(): boolean {
    return this.status === 'active' || this.status === 'extendedServiceTerm';
  }

  /** The first day of the next charge cycle or term. */
  get nextBoundary(): CalendarDate {
    return this.cycle.end.addDays(1);
  }

  get isStubCycle(): boolean {
    return !this.cycle.start.equals(this.fullCycle.start) || !this.cycle.end.equals(this.fullCycle.end);
  }

  enterTerm(placement: TermPlacement): void {
    this.placement = placement;
    const grid = gridPeriod(placement.anchor, TERM_MONTHS[this.term], placement.index);
    this.termStart = maxDate(grid.start, placement.start);
    this.termEnd = grid.end;
    this.enterCycleAt(this.termStart);
  }

  enterCycleAt(date: CalendarDate): void {
    const full = gridPeriodContaining(this.placement.anchor, BILLING_MONTHS[this.billing], date);
    this.fullCycle = { start: full.start, end: full.end };
    this.cycle = { start: maxDate(full.start, this.termStart), end: minDate(full.end, this.termEnd) };
  }

  /** Takes over the term, cycle and window of another subscription (a partial upgrade keeps the source's dates). */
  copyScheduleFrom(source: LiveSubscription): void {
    this.placement = source.placement;
    this.termStart = source.termStart;
    this.termEnd = source.termEnd;
    this.cycle = source.cycle;
    this.fullCycle = source.fullCycle;
    this.windowStart = source.windowStart;
  }

  outcome(): SubscriptionOutcome {
    const started = this.status !== 'pending';
    return {
      id: this.id,
      product: this.product,
      status: this.status,
      quantity: this.quantity,
      unitPrice: this.unitPrice,
      term: this.term,
      billing: this.billing,
      ...(started ? { termStart: this.termStart, termEnd: this.termEnd } : {}),
      autoRenew: this.autoRenew,
      ...(this.scheduled ? { scheduledNextTerm: this.scheduled } : {}),
    };
  }
}
