import { type CalendarDate } from '../calendar/date.ts';
import { BILLING_MONTHS } from '../calendar/periods.ts';
import { Decimal, pow10, ROUNDING_MODE_NAMES } from '../money/decimal.ts';
import { type PriceBook } from './price-list.ts';
import { type ExtendedServiceTermSettings } from './settings.ts';
import { type LiveSubscription } from './subscription-state.ts';

/**
 * Since 2026-05-04 a subscription neither renewed nor cancelled at term end
 * rolls into the Extended Service Term: month to month, cancellable any time.
 */
export function entersExtendedServiceTerm(subscription: LiveSubscription, settings: ExtendedServiceTermSettings): boolean {
  return !subscription.termEnd.isBefore(settings.effectiveFrom) && !subscription.purchased.isBefore(settings.purchasedFrom);
}

export interface ExtendedServiceTermPrice {
  readonly unitPrice: Decimal;
  readonly note: string;
  /** True when no monthly-term price was known and the +23% rule was assumed. */
  readonly assumed: boolean;
}

/** Monthly-term price +3%; +23% on the monthly equivalent when the product has no monthly plan. */
export function extendedServiceTermPrice(
  subscription: LiveSubscription,
  startsOn: CalendarDate,
  priceBook: PriceBook,
  settings: ExtendedServiceTermSettings,
): ExtendedServiceTermPrice {
  const listed = priceBook.priceOn(subscription.product, 'P1M', 'monthly', subscription.currency, startsOn);
  if (listed) return uplifted(listed.unitPrice, 1, settings.upliftWithMonthlyPlan, settings, 'monthly-term price-list price', false);
  if (subscription.term === 'P1M') return uplifted(subscription.unitPrice, 1, settings.upliftWithMonthlyPlan, settings, 'monthly-term price', false);
  const months = BILLING_MONTHS[subscription.billing];
  const assumed = !priceBook.hasMonthlyPlan(subscription.product, subscription.currency);
  return uplifted(subscription.unitPrice, months, settings.upliftWithoutMonthlyPlan, settings, `no monthly plan known for ${subscription.product}; its ${subscription.billing} price`, assumed);
}

function uplifted(
  base: Decimal,
  months: number,
  uplift: Decimal,
  settings: ExtendedServiceTermSettings,
  source: string,
  assumed: boolean,
): ExtendedServiceTermPrice {
  const factor = Decimal.fromInteger(1).plus(uplift);
  const scaled = base.times(factor);
  const decimals = Math.max(base.scale, 2);
  const unitPrice = Decimal.ratio(scaled.units, pow10(scaled.scale) * BigInt(months), decimals, settings.priceRounding);
  const perMonth = months === 1 ? '' : ` ÷ ${months} months`;
  const percent = uplift.timesInteger(100).trimmed().toString();
  return {
    unitPrice,
    note: `Extended Service Term price: ${source} ${base.toString()}${perMonth} + ${percent}% = ${unitPrice.toString()}, ${ROUNDING_MODE_NAMES[settings.priceRounding]}`,
    assumed,
  };
}
