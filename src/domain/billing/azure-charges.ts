import { type Explanation } from '../explanation.ts';
import { Decimal } from '../money/decimal.ts';
import { type AzureConsumption, type InvoiceLine } from './model.ts';
import { customerPrice, type PriceRule } from './price-rules.ts';

/** The product family Azure margin rules name. */
export const AZURE_FAMILY = 'azure';

/**
 * A month of Azure consumption on the client's invoice: the MSP's cost marked
 * up by the client's margin schedule (the rules for the `azure` family; a
 * fixed price means nothing for metered usage, so fixed rules are ignored).
 */
export function azureCharge(consumption: AzureConsumption, currencyCode: string, priceRules: readonly PriceRule[], glAccount: string): InvoiceLine {
  const rules = priceRules.filter((rule) => rule.method !== 'fixed');
  const price = customerPrice({ accountId: consumption.accountId, family: AZURE_FAMILY, skuId: null, cost: consumption.cost, currency: currencyCode }, rules);
  const range = `${consumption.periodStart.toString()} – ${consumption.periodEnd.toString()}`;
  const explanation: Explanation = {
    formula: 'amount = consumption at cost, marked up',
    inputs: { cost: consumption.cost.toString(), currency: currencyCode },
    rounding: price.explanation.rounding,
    text: `Azure consumption ${range}: ${price.explanation.text}`,
  };
  return {
    subscriptionId: consumption.subscriptionId || null,
    kind: 'azure',
    description: `Azure consumption, ${range}`,
    quantity: Decimal.fromInteger(1),
    unitPrice: price.unitPrice,
    amount: price.unitPrice,
    currency: currencyCode,
    serviceStart: consumption.periodStart,
    serviceEnd: consumption.periodEnd,
    glAccount,
    explanation,
    pricing: price.explanation,
  };
}
