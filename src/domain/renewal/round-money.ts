import { currency } from '../money/currency.ts';
import { type Decimal } from '../money/decimal.ts';

/**
 * A computed money figure as shown: half up to the currency's minor units
 * (USD 2, JPY 0, BHD 3), once, after the exact arithmetic.
 */
export function roundMoney(amount: Decimal, currencyCode: string): Decimal {
  return amount.round(currency(currencyCode).minorUnits, 'halfUp');
}
