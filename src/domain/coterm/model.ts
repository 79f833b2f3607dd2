import { type CalendarDate } from '../calendar/date.ts';
import { type Explanation } from '../explanation.ts';
import { type Decimal } from '../money/decimal.ts';
import { type PriceListEntry } from '../nce/model.ts';
import { type PriceBook } from '../nce/price-list.ts';
import { type AccountSubscription, type SubscriptionKind } from '../portfolio/account-subscription.ts';
import { type ProrationPolicy } from '../ledger/service-terms.ts';

/**
 * Co-term planning: given an anchor (the last day of the co-termed term,
 * recurring every year on the same month and day), say for every
 * subscription of an account what happens to it and when, and what it costs.
 * Every type here is JSON-friendly: CalendarDate and Decimal serialise to
 * ISO dates and decimal strings.
 */
export interface CoTermPlanInput {
  readonly asOf: CalendarDate;
  /** Last day (inclusive) of the co-termed term; recurs yearly (month ends stay month ends). */
  readonly anchor: CalendarDate;
  readonly subscriptions: readonly AccountSubscription[];
  /** Prices new terms (renewals, re-purchases) the way Microsoft does; without it renewals keep their price. */
  readonly priceList?: readonly PriceListEntry[] | PriceBook;
}

export type AlignmentAction = 'aligned' | 'align_now' | 'at_next_renewal' | 'prorate_service' | 'cannot_align' | 'not_renewing' | 'no_term';

/** A charge row of a stub term as the NCE engine raised it, with the engine's explanation. */
export interface StubLine {
  readonly chargeType: string;
  readonly chargeStart: CalendarDate;
  readonly chargeEnd: CalendarDate;
  readonly quantity: number;
  readonly unitPrice: Decimal;
  readonly effectiveUnitPrice: Decimal;
  readonly subtotal: Decimal;
  readonly explanation: string;
}

interface StubBase {
  /** First day of the shortened term. */
  readonly start: CalendarDate;
  /** Its last day: the anchor occurrence. */
  readonly end: CalendarDate;
  /** Days from start to end, both counted. */
  readonly days: number;
  /** Everything the shortened term is charged, in the currency's minor units. */
  readonly charge: Decimal;
  readonly currency: string;
}

/** An NCE stub term: Microsoft's charge rows for it, computed by the shadow-billing engine. */
export interface EngineStub extends StubBase {
  readonly basis: 'nceEngine';
  readonly lines: readonly StubLine[];
}

/** An MSP service's stub term, priced by the service's own proration policy. */
export interface ServiceStub extends StubBase {
  readonly basis: 'serviceProration';
  readonly policy: ProrationPolicy;
  readonly explanation: Explanation;
}

export type Stub = EngineStub | ServiceStub;

/** The refund of cancelling a licence inside its cancellation window, as the engine computes it. */
export interface Refund {
  /** Negative. */
  readonly amount: Decimal;
  readonly currency: string;
  readonly lines: readonly StubLine[];
}

/** The fields every alignment carries. */
export interface AlignmentBase {
  readonly subscriptionId: string;
  readonly productName: string;
  readonly kind: SubscriptionKind;
  readonly currency: string | null;
  readonly currentTermEnd: CalendarDate | null;
  /** The subscription's monthly value (monthlyValue()), null when unknown. */
  readonly monthlyValue: Decimal | null;
  /** One or two sentences a person can act on. */
  readonly reason: string;
}

export type CannotAlignCause =
  /** Legacy CSP, EA and software subscriptions: Microsoft's co-terminosity does not apply. */
  | 'not_co_termable_kind'
  /** Annual and triennial terms cannot take a monthly-term subscription's end date. */
  | 'monthly_term_target'
  /** Partner Center would refuse the custom end date (or the change). */
  | 'refused'
  /** The new first term contains no anchor occurrence. */
  | 'no_anchor_occurrence'
  /** Price, term, dates or currency are missing, stale or invalid. */
  | 'missing_data';

export type NotRenewingCause = 'inactive' | 'auto_renew_off' | 'extended_service_term';

export type Alignment =
  | (AlignmentBase & { readonly action: 'aligned'; readonly on: null; readonly alignedEnd: CalendarDate; readonly stub: null })
  | (AlignmentBase & {
      readonly action: 'align_now';
      /** The day to cancel and buy again (asOf). */
      readonly on: CalendarDate;
      readonly alignedEnd: CalendarDate;
      readonly stub: EngineStub;
      readonly refund: Refund;
      /** Last day of the cancellation window. */
      readonly windowClosesOn: CalendarDate;
    })
  | (AlignmentBase & {
      readonly action: 'at_next_renewal';
      /** The renewal day: the shortened term starts. */
      readonly on: CalendarDate;
      readonly alignedEnd: CalendarDate;
      readonly stub: EngineStub;
      /** First day the next-term instructions can be scheduled (later than asOf when another alignment must happen first). */
      readonly scheduleFrom: CalendarDate;
      /** Last day to schedule them: the current term's end. */
      readonly scheduleBy: CalendarDate;
    })
  | (AlignmentBase & { readonly action: 'prorate_service'; readonly on: CalendarDate; readonly alignedEnd: CalendarDate; readonly stub: ServiceStub })
  | (AlignmentBase & {
      readonly action: 'cannot_align';
      readonly on: null;
      readonly alignedEnd: null;
      readonly stub: null;
      readonly cause: CannotAlignCause;
      /** Partner Center's error code when it is a refusal (900242, 900245, …). */
      readonly refusalCode?: string;
    })
  | (AlignmentBase & { readonly action: 'not_renewing'; readonly on: null; readonly alignedEnd: null; readonly stub: null; readonly cause: NotRenewingCause })
  | (AlignmentBase & { readonly action: 'no_term'; readonly on: null; readonly alignedEnd: null; readonly stub: null });

export type AlignmentOf<A extends AlignmentAction> = Extract<Alignment, { action: A }>;

/** Decimals of a co-termed share (0.6667 = 66.67%). */
export const SHARE_DECIMALS = 4;

/** A plan's figures in one currency (amounts in different currencies are never added). */
export interface CurrencyTotals {
  readonly currency: string;
  /** Sum of the stub terms' charges. */
  readonly stubCharges: Decimal;
  /** Sum of the refunds of cancel-and-buy-again alignments (negative or zero). */
  readonly refunds: Decimal;
  /** Monthly value of every subscription still live (not cancelled, expired, ended or suspended). */
  readonly monthlyValueTotal: Decimal;
  /** The co-termed share's denominator: live, renewing, term-based (Azure plans and not-renewing subscriptions left out). */
  readonly monthlyValueInShare: Decimal;
  /** Monthly value whose current term already ends on the anchor. */
  readonly monthlyValueOnAnchorNow: Decimal;
  /** Monthly value ending on the anchor once every alignment of the plan has happened. */
  readonly monthlyValueOnAnchorWhenDone: Decimal;
  /** monthlyValueOnAnchorNow ÷ monthlyValueInShare, rounded half up to 4 decimals; null when there is nothing to share. */
  readonly coTermedShareNow: Decimal | null;
  readonly coTermedShareWhenDone: Decimal | null;
  /** The last alignment day; asOf when everything that can align already is; null when nothing is or can be co-termed. */
  readonly fullyCoTermedOn: CalendarDate | null;
  /** Calendar months from asOf to fullyCoTermedOn, a started month counting whole. */
  readonly monthsUntilFullyCoTermed: number | null;
}

export interface CoTermPlan {
  readonly asOf: CalendarDate;
  readonly anchor: CalendarDate;
  /** One per input subscription, in input order. */
  readonly alignments: readonly Alignment[];
  /** By currency code, sorted. */
  readonly totals: readonly CurrencyTotals[];
  /** Over all currencies. */
  readonly fullyCoTermedOn: CalendarDate | null;
  readonly monthsUntilFullyCoTermed: number | null;
}
