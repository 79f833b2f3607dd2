import { type Explanation } from '../explanation.ts';
import { currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';

/**
 * How the MSP turns its cost into the client's price: a markup on cost, a
 * gross margin on the price, or a fixed price per billing cycle.
 */
export type PriceMethod = 'markup' | 'margin' | 'fixed';

export const PRICE_METHODS: readonly PriceMethod[] = ['markup', 'margin', 'fixed'];

/**
 * A margin rule. Empty scopes match everything; the most specific rule that
 * matches wins (SKU, then account, then product family), the latest on a tie.
 */
export interface PriceRule {
  readonly id: number;
  readonly accountId: string | null;
  /** Product family (`Microsoft 365`, `azure`, …) as the catalog names it. */
  readonly family: string | null;
  readonly skuId: string | null;
  readonly method: PriceMethod;
  /** Percent for markup and margin (15 = 15 %); the client's unit price per billing cycle for fixed. */
  readonly value: Decimal;
}

/** What a price is asked for. */
export interface PricedItem {
  readonly accountId: string;
  readonly family: string | null;
  readonly skuId: string | null;
  /** The MSP's cost of one unit for one billing cycle. */
  readonly cost: Decimal;
  readonly currency: string;
}

export interface CustomerPrice {
  readonly unitPrice: Decimal;
  /** The rule applied; undefined when none matched and the item is priced at cost. */
  readonly rule: PriceRule | undefined;
  readonly explanation: Explanation;
}

/** The rule that decides an item's price: the most specific match (SKU 4, account 2, family 1), the latest on a tie. */
export function ruleFor(item: Omit<PricedItem, 'cost' | 'currency'>, rules: readonly PriceRule[]): PriceRule | undefined {
  let best: PriceRule | undefined;
  let bestScore = -1;
  for (const rule of rules) {
    if (rule.accountId !== null && rule.accountId !== item.accountId) continue;
    if (rule.skuId !== null && rule.skuId.toLowerCase() !== (item.skuId ?? '').toLowerCase()) continue;
    if (rule.family !== null && rule.family.toLowerCase() !== (item.family ?? '').toLowerCase()) continue;
    const score = (rule.skuId !== null ? 4 : 0) + (rule.accountId !== null ? 2 : 0) + (rule.family !== null ? 1 : 0);
    if (score > bestScore || (score === bestScore && best !== undefined && rule.id > best.id)) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}

const HUNDRED = Decimal.fromInteger(100);

/**
 * The client's unit price: cost × (1 + markup), cost ÷ (1 − margin) or the
 * fixed price, rounded once half up to the currency's minor units. Without a
 * rule the item is priced at cost — and the explanation says so, because a
 * line sold at cost is usually a missing rule.
 */
export function customerPrice(item: PricedItem, rules: readonly PriceRule[]): CustomerPrice {
  const rule = ruleFor(item, rules);
  const places = currency(item.currency).minorUnits;
  const inputs = { cost: item.cost.toString(), currency: item.currency };
  if (!rule) {
    return {
      unitPrice: item.cost,
      rule: undefined,
      explanation: { formula: 'price = cost', inputs, rounding: 'none', text: `No margin rule matches; priced at cost ${item.cost.toString()} ${item.currency}.` },
    };
  }
  const scope = describeScope(rule);
  if (rule.method === 'fixed') {
    return {
      unitPrice: rule.value,
      rule,
      explanation: { formula: 'price = fixed price', inputs: { ...inputs, fixed: rule.value.toString() }, rounding: 'none', text: `Fixed price ${rule.value.toString()} ${item.currency} (${scope}).` },
    };
  }
  const percent = rule.value;
  const unitPrice =
    rule.method === 'markup'
      ? Decimal.quotient(item.cost.times(HUNDRED.plus(percent)), HUNDRED, places, 'halfUp')
      : Decimal.quotient(item.cost.times(HUNDRED), HUNDRED.minus(percent), places, 'halfUp');
  const formula = rule.method === 'markup' ? 'price = cost × (1 + markup ÷ 100)' : 'price = cost ÷ (1 − margin ÷ 100)';
  const verb = rule.method === 'markup' ? `marked up ${percent.toString()} %` : `at a ${percent.toString()} % margin`;
  return {
    unitPrice,
    rule,
    explanation: {
      formula,
      inputs: { ...inputs, [rule.method]: percent.toString() },
      rounding: `half up to ${places} decimals`,
      text: `Cost ${item.cost.toString()} ${item.currency} ${verb} (${scope}) = ${unitPrice.toString()}.`,
    },
  };
}

/** `account Contoso, family Microsoft 365` or `global rule`: which rule applied, in words. */
export function describeScope(rule: PriceRule): string {
  const parts = [rule.skuId && `SKU ${rule.skuId}`, rule.accountId && `account ${rule.accountId}`, rule.family && `family ${rule.family}`].filter(Boolean);
  return parts.length === 0 ? `rule ${rule.id}, global` : `rule ${rule.id}, ${parts.join(', ')}`;
}
