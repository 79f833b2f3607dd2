import { type CalendarDate } from '../calendar/date.ts';
import { type TermDuration } from '../calendar/periods.ts';
import { Decimal, pow10 } from '../money/decimal.ts';
import { type Billing } from '../ledger/term-and-billing.ts';
import { type BillingPeriod, type ProrationPolicy } from '../ledger/service-terms.ts';

/** The kinds of subscription a client has; only NCE licences co-term by Microsoft's mechanism. */
export type SubscriptionKind = 'nce' | 'azure_plan' | 'msp_service' | 'legacy_csp' | 'ea' | 'software';

/**
 * A client's subscription as the ledger knows it on one day: what co-term
 * planning, renewal packs and the daily cadence read. Money is exact; dates
 * are calendar dates with inclusive ends.
 */
export interface AccountSubscription {
  readonly id: string;
  readonly kind: SubscriptionKind;
  readonly accountId: string;
  /** The Microsoft customer (tenant): NCE subscriptions co-term only within one customer. */
  readonly tenantId: string | null;
  readonly productName: string;
  readonly skuId: string | null;
  /** Ledger status: active, cancelled, expired, ended, extendedServiceTerm, suspended… */
  readonly status: string;
  readonly quantity: number;
  /**
   * Price of one unit for one billing cycle: a month, a year or three years
   * for NCE (`billing`), the service's billing period for an MSP service.
   */
  readonly unitPrice: Decimal | null;
  readonly currency: string | null;
  /** NCE term; null for Azure plans, legacy offers and MSP services (see `serviceTerm`). */
  readonly term: TermDuration | null;
  /** NCE billing plan; null when not an NCE licence. */
  readonly billing: Billing | null;
  readonly termStart: CalendarDate | null;
  /** Last day of the current term (inclusive). */
  readonly termEnd: CalendarDate | null;
  readonly autoRenew: boolean | null;
  /** First day the subscription existed (its purchase), when known. */
  readonly purchased: CalendarDate | null;
  /** MSP services only: their contract's terms. */
  readonly service?: {
    readonly billing: BillingPeriod;
    /** Renewal term in whole months (12 for `P12M`). */
    readonly termMonths: number;
    readonly noticeDays: number;
    readonly prorationPolicy: ProrationPolicy;
  };
}

/** Decimals kept in a monthly value: a triennial price spread over 36 months is not exact in cents. */
export const MONTHLY_VALUE_SCALE = 4;

/** The monthly recurring value of a subscription's current quantity at its unit price, to 4 decimals (half-even). */
export function monthlyValue(subscription: AccountSubscription): Decimal | undefined {
  const { unitPrice } = subscription;
  if (!unitPrice) return undefined;
  const cycleMonths = billingCycleMonths(subscription);
  if (cycleMonths === undefined) return undefined;
  const cycle = unitPrice.timesInteger(subscription.quantity);
  return Decimal.ratio(cycle.units, BigInt(cycleMonths) * pow10(cycle.scale), MONTHLY_VALUE_SCALE, 'halfEven');
}

function billingCycleMonths(subscription: AccountSubscription): number | undefined {
  if (subscription.kind === 'msp_service') {
    const billing = subscription.service?.billing ?? 'monthly';
    return billing === 'monthly' ? 1 : billing === 'quarterly' ? 3 : 12;
  }
  switch (subscription.billing) {
    case 'monthly':
      return 1;
    case 'annual':
      return 12;
    case 'triennial':
      return 36;
    default:
      return subscription.kind === 'azure_plan' ? 1 : undefined;
  }
}
