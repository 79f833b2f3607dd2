import { type CalendarDate } from '../calendar/date.ts';
import { BILLING_MONTHS, type BillingPlan, TERM_MONTHS, type TermDuration } from '../calendar/periods.ts';
import { type Decimal } from '../money/decimal.ts';
import { NceRuleError } from './errors.ts';
import { type NextTermInstructions } from './model.ts';
import { type PriceBook } from './price-list.ts';
import { type LiveSubscription } from './subscription-state.ts';

/** The next term as it will start: instructions applied, price resolved. */
export interface NextTerm {
  readonly product: string;
  readonly sku: string | undefined;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly quantity: number;
  readonly unitPrice: Decimal;
  readonly customTermEnd: CalendarDate | undefined;
  /** Where the price came from, for the renewal row's explanation. */
  readonly priceNote: string;
}

/**
 * Resolves what a renewal on `renewalStart` buys. The price lock ends at
 * renewal: the price list in force that day sets the price; an explicit
 * instruction price wins; without either, an unchanged product keeps its price.
 */
export function resolveNextTerm(
  subscription: LiveSubscription,
  renewalStart: CalendarDate,
  instructions: NextTermInstructions | undefined,
  priceBook: PriceBook,
  refusal: { readonly date: CalendarDate; readonly field?: string } = { date: renewalStart },
): NextTerm {
  const product = instructions?.product ?? subscription.product;
  const term = instructions?.term ?? subscription.term;
  const billing = instructions?.billing ?? subscription.billing;
  const quantity = instructions?.quantity ?? subscription.quantity;
  const sku = instructions?.product === undefined ? subscription.sku : instructions.sku;
  const base = { product, sku, term, billing, quantity, customTermEnd: instructions?.customTermEnd };
  if (BILLING_MONTHS[billing] > TERM_MONTHS[term]) {
    throw new NceRuleError('BILLING_LONGER_THAN_TERM', refusal.date, subscription.id, `a ${term} term cannot be billed ${billing}`, refusal.field);
  }
  if (instructions?.unitPrice !== undefined) {
    return { ...base, unitPrice: instructions.unitPrice, priceNote: 'price set by the scheduled next-term instructions' };
  }
  const listed = priceBook.priceOn(product, term, billing, subscription.currency, renewalStart);
  if (listed) {
    return { ...base, unitPrice: listed.unitPrice, priceNote: `price-list price in force on ${renewalStart.toString()} (effective from ${listed.effectiveStart.toString()})` };
  }
  const unchanged = product === subscription.product && term === subscription.term && billing === subscription.billing;
  if (!unchanged) {
    throw new NceRuleError(
      'PRICE_NOT_FOUND',
      refusal.date,
      subscription.id,
      `no price for ${product} ${term} billed ${billing} in ${subscription.currency} on ${renewalStart.toString()}: give a unitPrice in the instructions or a price-list row`,
      refusal.field,
    );
  }
  return { ...base, unitPrice: subscription.unitPrice, priceNote: 'no price-list row for the renewal date: renewed at the previous price' };
}
