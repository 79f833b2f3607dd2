import { type CalendarDate } from '../calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../calendar/periods.ts';
import { type Decimal } from '../money/decimal.ts';
import { type AccountSubscription } from '../portfolio/account-subscription.ts';

/** An NCE licence with everything the engine needs to replay its renewal. */
export interface NceTerms {
  readonly id: string;
  readonly product: string;
  readonly sku: string | undefined;
  /** The Microsoft customer it co-terms within (see tenantKeyOf). */
  readonly tenant: string;
  readonly unitPrice: Decimal;
  readonly currency: string;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly quantity: number;
  readonly termStart: CalendarDate;
  readonly termEnd: CalendarDate;
  readonly autoRenew: boolean | null;
}

/**
 * The customer a subscription co-terms within. Without a tenant id nothing
 * proves two subscriptions share a Microsoft customer, so each such
 * subscription is alone (only month ends are offered to it).
 */
export function tenantKeyOf(subscription: AccountSubscription): string {
  return subscription.tenantId === null ? `untenanted:${subscription.id}` : `tenant:${subscription.tenantId}`;
}

/** The NCE terms of a subscription, or the names of the fields it lacks. */
export function nceTermsOf(subscription: AccountSubscription): NceTerms | { readonly missing: readonly string[] } {
  const { unitPrice, currency, term, billing, termStart, termEnd, quantity } = subscription;
  const missing: string[] = [];
  if (!unitPrice) missing.push('unit price');
  if (!currency) missing.push('currency');
  if (!term) missing.push('term');
  if (!billing || billing === 'onetime') missing.push('billing plan');
  if (!termStart) missing.push('term start');
  if (!termEnd) missing.push('term end');
  if (!Number.isSafeInteger(quantity) || quantity < 1) missing.push('quantity');
  if (!unitPrice || !currency || !term || !billing || billing === 'onetime' || !termStart || !termEnd || missing.length > 0) return { missing };
  return {
    id: subscription.id,
    product: subscription.productName,
    sku: subscription.skuId ?? undefined,
    tenant: tenantKeyOf(subscription),
    unitPrice,
    currency: currency.toUpperCase(),
    term,
    billing,
    quantity,
    termStart,
    termEnd,
    autoRenew: subscription.autoRenew,
  };
}
