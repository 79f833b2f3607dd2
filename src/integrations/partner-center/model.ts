import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../domain/calendar/periods.ts';

/** One Partner Center REST call, exactly as it goes on the wire apart from the per-call headers the client adds. */
export interface PartnerCenterRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Below the base URL, beginning `/v1/`, query string included. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /**
   * What the call changes, in words (`quantity 10 → 12`): the body alone
   * cannot say it, since Partner Center takes the whole new resource.
   */
  readonly summary?: string;
}

/** Partner Center's ScheduledNextTermInstructions, as it travels in a subscription. */
export interface ScheduledNextTermInstructions {
  readonly product: {
    readonly productId: string;
    readonly skuId: string;
    readonly availabilityId: string;
    readonly billingCycle: string;
    readonly termDuration: string;
  };
  readonly quantity: number;
  readonly customTermEndDate?: string;
}

/**
 * A subscription resource as Partner Center returns it. A PATCH sends the
 * whole resource back, so fields this adapter does not read are kept too.
 */
export interface PartnerCenterSubscription {
  readonly id: string;
  /** `productId:skuId:availabilityId`. */
  readonly offerId: string;
  readonly offerName?: string;
  readonly friendlyName?: string;
  readonly quantity: number;
  readonly status: string;
  readonly autoRenewEnabled?: boolean;
  readonly billingCycle: string;
  readonly termDuration: string;
  readonly creationDate?: string;
  readonly effectiveStartDate?: string;
  readonly commitmentEndDate?: string;
  readonly scheduledNextTermInstructions?: ScheduledNextTermInstructions | null;
  readonly [field: string]: unknown;
}

/** What the next term of a subscription becomes at renewal. */
export interface NextTermInstructions {
  /** `productId:skuId:availabilityId`: the same product, or one it may be upgraded to. */
  readonly catalogItemId: string;
  readonly billingCycle: BillingPlan;
  readonly termDuration: TermDuration;
  readonly quantity: number;
  /** Co-terms the next term with another subscription or a month end. */
  readonly customTermEndDate?: CalendarDate;
}

/** One product to buy through a cart. */
export interface CartLineInput {
  readonly catalogItemId: string;
  readonly quantity: number;
  readonly billingCycle: BillingPlan;
  readonly termDuration: TermDuration;
  readonly customTermEndDate?: CalendarDate;
}

export type TransitionType = 'transition_only' | 'transition_with_license_transfer';

/** An upgrade of some or all seats to another product, into a new subscription or an existing one. */
export interface TransitionInput {
  readonly toCatalogItemId: string;
  readonly quantity: number;
  readonly transitionType: TransitionType;
  /** Moves the seats into this existing subscription instead of a new one. */
  readonly toSubscriptionId?: string;
  readonly termDuration?: TermDuration;
  readonly billingCycle?: BillingPlan;
}

export interface CustomTermEndDateOption {
  readonly allowedCustomTermEndDateType: 'calendarMonthAligned' | 'subscriptionAligned';
  /** `YYYY-MM-DDT00:00:00`. */
  readonly allowedCustomTermEndDate: string;
  readonly cotermSubscriptionIds?: readonly string[];
}

export interface CustomTermEndDateCollection {
  readonly totalCount: number;
  readonly items: readonly CustomTermEndDateOption[];
}

export interface CartLineItem {
  readonly id: number;
  readonly catalogItemId: string;
  readonly quantity: number;
  readonly billingCycle: string;
  readonly termDuration: string;
  readonly customTermEndDate?: string;
}

export interface Cart {
  readonly id: string;
  readonly status: string;
  readonly lineItems: readonly CartLineItem[];
}

export interface OrderLineItem {
  readonly lineItemNumber: number;
  readonly offerId: string;
  readonly subscriptionId: string;
  readonly quantity: number;
  readonly termDuration: string;
}

export interface Order {
  readonly id: string;
  readonly referenceCustomerId: string;
  readonly lineItems: readonly OrderLineItem[];
  readonly status: string;
}

export interface CartCheckoutResult {
  readonly orders: readonly Order[];
  readonly orderErrors: readonly unknown[];
}

/** What `order` returns: the checked-out cart and the subscriptions it created, in line order. */
export interface PlacedOrder extends CartCheckoutResult {
  readonly cartId: string;
  readonly subscriptionIds: readonly string[];
}

export interface TransitionEligibility {
  readonly catalogItemId: string;
  readonly title: string;
  readonly quantity: number;
  readonly eligibilities: readonly { readonly isEligible: boolean; readonly transitionType: string; readonly errors: readonly { code: number; description: string }[] }[];
  readonly subscriptionEligibilities: readonly {
    readonly isEligible: boolean;
    readonly subscriptionId: string;
    readonly errors: readonly { code: number; description: string }[];
  }[];
}

export interface TransitionEligibilityCollection {
  readonly totalCount: number;
  readonly items: readonly TransitionEligibility[];
}

export interface Transition {
  readonly fromCatalogItemId: string;
  readonly fromSubscriptionId: string;
  readonly toCatalogItemId: string;
  readonly toSubscriptionId: string;
  readonly quantity: number;
  readonly transitionType: string;
  readonly events: readonly { readonly name: string; readonly status: string }[];
}
