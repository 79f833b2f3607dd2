import { type Explanation } from '../explanation.ts';
import { currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';

/** How a billing entity is taxed: one rate, prices with or without tax, rounding per line or once per invoice. */
export interface TaxRule {
  readonly name: string;
  /** Percent: 20 = 20 %. */
  readonly rate: Decimal;
  /** Prices already include the tax (the tax is taken out of them) rather than being added. */
  readonly inclusive: boolean;
  readonly rounding: 'line' | 'invoice';
}

export const NO_TAX: TaxRule = { name: 'No tax', rate: Decimal.ZERO, inclusive: false, rounding: 'line' };

export interface LineTax {
  readonly net: Decimal;
  readonly tax: Decimal;
}

const HUNDRED = Decimal.fromInteger(100);

/**
 * The net and tax of each line. Exclusive: tax = amount × rate ÷ 100.
 * Inclusive: tax = amount × rate ÷ (100 + rate), net = amount − tax. Per
 * line, each tax is rounded half up; per invoice, the total tax is rounded
 * once and spread over the lines by largest remainder, so the lines still
 * add up to the total.
 */
export function taxLines(amounts: readonly Decimal[], rule: TaxRule, currencyCode: string): { lines: LineTax[]; explanation: Explanation } {
  const places = currency(currencyCode).minorUnits;
  const divisor = rule.inclusive ? HUNDRED.plus(rule.rate) : HUNDRED;
  const exact = amounts.map((amount) => Decimal.quotient(amount.times(rule.rate), divisor, places + 6, 'halfEven'));
  let taxes = exact.map((tax) => tax.round(places, 'halfUp'));
  if (rule.rounding === 'invoice' && exact.length > 0) {
    // One divisor for every line: the invoice's tax is exactly Σ(amount × rate) ÷ divisor, rounded once.
    const total = Decimal.quotient(amounts.reduce((sum, amount) => sum.plus(amount), Decimal.ZERO).times(rule.rate), divisor, places, 'halfUp');
    taxes = spread(total, exact, taxes, places);
  }
  const lines = amounts.map((amount, index) => {
    const tax = taxes[index]!;
    return { net: rule.inclusive ? amount.minus(tax) : amount, tax };
  });
  const formula = rule.inclusive ? 'tax = amount × rate ÷ (100 + rate); net = amount − tax' : 'tax = amount × rate ÷ 100';
  return {
    lines,
    explanation: {
      formula,
      inputs: { tax: rule.name, rate: rule.rate.toString(), inclusive: String(rule.inclusive) },
      rounding: rule.rounding === 'line' ? `half up to ${places} decimals per line` : `half up to ${places} decimals once per invoice, spread over lines by largest remainder`,
      text: `${rule.name} ${rule.rate.toString()} % ${rule.inclusive ? 'included in' : 'added to'} the prices, rounded ${rule.rounding === 'line' ? 'per line' : 'once per invoice'}.`,
    },
  };
}

/** Moves minor units between rounded line taxes until they add up to `total`, starting with the lines rounding moved most. */
function spread(total: Decimal, exact: readonly Decimal[], rounded: readonly Decimal[], places: number): Decimal[] {
  const result = [...rounded];
  const unit = Decimal.of(1n, places);
  let gap = total.minus(result.reduce((sum, tax) => sum.plus(tax), Decimal.ZERO));
  const order = exact.map((tax, index) => ({ index, error: tax.minus(rounded[index]!) }));
  while (!gap.isZero()) {
    const up = gap.sign() > 0;
    order.sort((a, b) => (up ? b.error.compare(a.error) : a.error.compare(b.error)));
    const pick = order[0]!;
    const step = up ? unit : unit.negated();
    result[pick.index] = result[pick.index]!.plus(step);
    pick.error = pick.error.minus(step);
    gap = gap.minus(step);
  }
  return result;
}
