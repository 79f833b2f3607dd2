import { type CalendarDate } from '../calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../calendar/periods.ts';
import { type Decimal } from '../money/decimal.ts';
import { type ChargeCalculation } from './proration.ts';

/** The ChargeType values of Microsoft's NCE reconciliation file that shadow billing produces. */
export type ChargeType =
  | 'new'
  | 'cycleCharge'
  | 'renew'
  | 'addQuantity'
  | 'removeQuantity'
  | 'cancelImmediate'
  | 'convert'
  | 'moveQuantity'
  | 'extendTerm';

/** A licence-based NCE subscription as bought. */
export interface SubscriptionSpec {
  readonly id: string;
  readonly product: string;
  readonly sku?: string;
  /** Subscriptions co-term only within one customer; absent means "the scenario's customer". */
  readonly customer?: string;
  /** One unit for one charge cycle of the billing plan (a month, a year or three years). */
  readonly unitPrice: Decimal;
  readonly currency: string;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly start: CalendarDate;
  readonly quantity: number;
  /** Co-terminosity: an end date inside the first term chosen at purchase. */
  readonly customTermEnd?: CalendarDate;
  readonly autoRenew: boolean;
}

/** What Microsoft applies at the next renewal (scheduledNextTermInstructions). */
export interface NextTermInstructions {
  readonly product?: string;
  readonly sku?: string;
  readonly unitPrice?: Decimal;
  readonly quantity?: number;
  readonly term?: TermDuration;
  readonly billing?: BillingPlan;
  readonly customTermEnd?: CalendarDate;
}

export type UpgradeTarget =
  | { readonly kind: 'new'; readonly id: string; readonly product: string; readonly sku?: string; readonly unitPrice: Decimal }
  | { readonly kind: 'existing'; readonly subscription: string };

interface EventBase {
  readonly date: CalendarDate;
  readonly subscription: string;
  /** Position in the input, for error messages (`events[3]`). */
  readonly index: number;
}

export type NceEvent =
  | (EventBase & { readonly type: 'setQuantity'; readonly quantity: number })
  | (EventBase & { readonly type: 'cancel' })
  | (EventBase & { readonly type: 'upgrade'; readonly quantity: number; readonly to: UpgradeTarget })
  | (EventBase & { readonly type: 'autoRenewOff' })
  | (EventBase & { readonly type: 'autoRenewOn' })
  | (EventBase & { readonly type: 'cancelAtTermEnd' })
  | (EventBase & { readonly type: 'scheduleNextTerm'; readonly instructions: NextTermInstructions })
  | (EventBase & { readonly type: 'changeTermEnd'; readonly customTermEnd: CalendarDate });

/** One row of Microsoft's license-based price list, as far as shadow billing needs it. */
export interface PriceListEntry {
  readonly product: string;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly currency: string;
  readonly unitPrice: Decimal;
  readonly effectiveStart: CalendarDate;
  readonly effectiveEnd?: CalendarDate;
}

/** A charge row as Microsoft's reconciliation file would show it, with the calculation behind it. */
export interface ChargeLine {
  readonly subscription: string;
  readonly customer?: string;
  readonly product: string;
  readonly sku?: string;
  readonly chargeType: ChargeType;
  /** The day the charge was raised (purchase, event or cycle start). */
  readonly orderDate: CalendarDate;
  readonly chargeStart: CalendarDate;
  readonly chargeEnd: CalendarDate;
  readonly unitPrice: Decimal;
  /** Negative on refunds. */
  readonly effectiveUnitPrice: Decimal;
  /** Always positive (BillableQuantity). */
  readonly quantity: number;
  /** Negative on refunds. */
  readonly subtotal: Decimal;
  readonly currency: string;
  /** Rows of one change (refund and recharge, or both sides of an upgrade) share a reference. */
  readonly reference: string;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly termStart: CalendarDate;
  readonly termEnd: CalendarDate;
  readonly calculation: ChargeCalculation;
  /** Context a reader needs beyond the arithmetic (where a renewal price came from, why a term is short). */
  readonly note?: LineNote;
}

/** Where the price of a new term came from; the price lock ends at renewal. */
export type RenewalPriceSource =
  | { readonly kind: 'priceList'; readonly entry: PriceListEntry }
  | { readonly kind: 'instructions' }
  | { readonly kind: 'previousPrice' };

/** A renewal row's context is kept as data and written out only when explained. */
export type LineNote = string | { readonly renewalPrice: RenewalPriceSource; readonly alignedTo?: CalendarDate };

export type WarningCode =
  | 'SCHEDULED_INSTRUCTIONS_DROPPED'
  | 'EXTENDED_SERVICE_TERM_STARTED'
  | 'EXTENDED_SERVICE_TERM_PRICE_ASSUMED'
  | 'SUBSCRIPTION_EXPIRED'
  | 'EVENT_AFTER_THROUGH'
  | 'CHANGE_REFUSED';

export interface SimulationWarning {
  readonly code: WarningCode;
  readonly date: CalendarDate;
  readonly subscription: string;
  readonly message: string;
}

export type SubscriptionStatus = 'pending' | 'active' | 'extendedServiceTerm' | 'cancelled' | 'expired' | 'ended';

/** The state of a subscription when the simulation stops. */
export interface SubscriptionOutcome {
  readonly id: string;
  readonly product: string;
  readonly status: SubscriptionStatus;
  readonly quantity: number;
  readonly unitPrice: Decimal;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly termStart?: CalendarDate;
  readonly termEnd?: CalendarDate;
  readonly autoRenew: boolean;
  readonly scheduledNextTerm?: NextTermInstructions;
}

export interface SimulationResult {
  readonly through: CalendarDate;
  readonly lines: ChargeLine[];
  readonly warnings: SimulationWarning[];
  readonly subscriptions: SubscriptionOutcome[];
}
