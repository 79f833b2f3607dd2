import { type CalendarDate } from '../calendar/date.ts';
import { Decimal } from '../money/decimal.ts';
import { type PriceBook } from '../nce/price-list.ts';
import { type AccountSubscription, monthlyValue } from '../portfolio/account-subscription.ts';
import { microsoftPlan } from './renewal-pricing.ts';
import { roundMoney } from './round-money.ts';

/**
 * A renewing subscription's price: its contract unit price, Microsoft's list
 * price today and on the renewal date (a future-dated list row already in the
 * price book is the forward projection), and what the difference does to the
 * bill at the current quantity. Unit prices are as listed; the delta is the
 * exact difference of two listed prices; monthly and annual impacts are
 * rounded half up to minor units.
 */
export interface PricingDelta {
  readonly subscriptionId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly term: string | null;
  readonly billing: string | null;
  readonly contractUnitPrice: Decimal | null;
  readonly listPriceNow: Decimal | null;
  readonly listPriceAtRenewal: Decimal | null;
  /** List price at renewal − contract unit price, per unit per billing cycle. */
  readonly unitDelta: Decimal | null;
  readonly monthlyImpact: Decimal | null;
  readonly annualImpact: Decimal | null;
  readonly note: string;
}

export function pricingDeltas(subscriptions: readonly AccountSubscription[], priceBook: PriceBook, asOf: CalendarDate, renewalDate: CalendarDate, currency: string): PricingDelta[] {
  return subscriptions.map((subscription) => {
    const plan = microsoftPlan(subscription);
    const base = {
      subscriptionId: subscription.id,
      productName: subscription.productName,
      quantity: subscription.quantity,
      term: plan?.term ?? (subscription.service ? `P${subscription.service.termMonths}M` : null),
      billing: plan?.billing ?? subscription.service?.billing ?? subscription.billing,
      contractUnitPrice: subscription.unitPrice,
    };
    const none = { listPriceNow: null, listPriceAtRenewal: null, unitDelta: null, monthlyImpact: null, annualImpact: null };
    if (!plan) {
      const note = subscription.kind === 'msp_service' ? "the MSP's own price: no Microsoft list price applies" : `${subscription.kind}: no Microsoft term and billing plan to look up`;
      return { ...base, ...none, note };
    }
    const now = priceBook.priceOn(subscription.productName, plan.term, plan.billing, currency, asOf)?.unitPrice ?? null;
    const atRenewal = priceBook.priceOn(subscription.productName, plan.term, plan.billing, currency, renewalDate)?.unitPrice ?? null;
    const contract = subscription.unitPrice;
    if (!atRenewal || !contract) {
      const note = !atRenewal ? `no list price for ${plan.term} ${plan.billing} ${currency} on ${renewalDate.toString()}: renews at the contract price` : 'no contract unit price to compare';
      return { ...base, ...none, listPriceNow: now, listPriceAtRenewal: atRenewal, note };
    }
    const unitDelta = atRenewal.minus(contract);
    const monthly = monthlyValue({ ...subscription, unitPrice: unitDelta }) ?? Decimal.ZERO;
    const direction = unitDelta.sign() > 0 ? 'rises' : unitDelta.sign() < 0 ? 'falls' : 'is unchanged';
    return {
      ...base,
      listPriceNow: now,
      listPriceAtRenewal: atRenewal,
      unitDelta,
      monthlyImpact: roundMoney(monthly, currency),
      annualImpact: roundMoney(monthly.timesInteger(12), currency),
      note: `the price ${direction} at renewal on ${renewalDate.toString()}: list ${atRenewal.toString()} against contract ${contract.toString()}`,
    };
  });
}
