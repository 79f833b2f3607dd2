import { type CalendarDate } from '../calendar/date.ts';
import { BILLING_MONTHS, type BillingPlan, TERM_MONTHS, type TermDuration } from '../calendar/periods.ts';
import { type Decimal } from '../money/decimal.ts';
import { NceRuleError } from './errors.ts';
import { type NextTermInstructions, type RenewalPriceSource } from './model.ts';
import { type PriceBook } from './price-list.ts';
import { type LiveSubscription } from './subscription-state.ts';

const FROM_INSTRUCTIONS: RenewalPriceSource = { kind: 'instructions' };
const PREVIOUS_PRICE: RenewalPriceSource = { kind: 'previousPrice' };

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
  readonly priceSource: RenewalPriceSource;
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
  /** Where to report a refusal when scheduling (defaults to the renewal day). */
  refusal?: { readonly date: CalendarDate; readonly field?: string },
): NextTerm {
  const product = instructions?.product ?? subscription.product;
  const term = instructions?.term ?? subscription.term;
  const billing = instructions?.billing ?? subscription.billing;
  if (BILLING_MONTHS[billing] > TERM_MONTHS[term]) {
    throw new NceRuleError('BILLING_LONGER_THAN_TERM', refusal?.date ?? renewalStart, subscription.id, `a ${term} term cannot be billed ${billing}`, refusal?.field);
  }
  if (instructions?.unitPrice !== undefined) return nextTerm(subscription, instructions, instructions.unitPrice, FROM_INSTRUCTIONS);
  const listed = priceBook.priceOn(product, term, billing, subscription.currency, renewalStart);
  if (listed) return nextTerm(subscription, instructions, listed.unitPrice, { kind: 'priceList', entry: listed });
  const unchanged = product === subscription.product && term === subscription.term && billing === subscription.billing;
  if (!unchanged) {
    throw new NceRuleError(
      'PRICE_NOT_FOUND',
      refusal?.date ?? renewalStart,
      subscription.id,
      `no price for ${product} ${term} billed ${billing} in ${subscription.currency} on ${renewalStart.toString()}: give a unitPrice in the instructions or a price-list row`,
      refusal?.field,
    );
  }
  return nextTerm(subscription, instructions, subscription.unitPrice, PREVIOUS_PRICE);
}

function nextTerm(
  subscription: LiveSubscription,
  instructions: NextTermInstructions | undefined,
  unitPrice: Decimal,
  priceSource: RenewalPriceSource,
): NextTerm {
  return {
    product: instructions?.product ?? subscription.product,
    sku: instructions?.product === undefined ? subscription.sku : instructions.sku,
    term: instructions?.term ?? subscription.term,
    billing: instructions?.billing ?? subscription.billing,
    quantity: instructions?.quantity ?? subscription.quantity,
    unitPrice,
    customTermEnd: instructions?.customTermEnd,
    priceSource,
  };
}
