import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taxLines, type TaxRule } from '../../../src/domain/billing/tax.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const vat = (rounding: TaxRule['rounding'], inclusive = false, rate = '20'): TaxRule => ({ name: 'VAT', rate: Decimal.parse(rate), inclusive, rounding });
const amounts = (...values: string[]) => values.map((value) => Decimal.parse(value));
const shown = (result: ReturnType<typeof taxLines>) => result.lines.map((line) => [line.net.toString(), line.tax.toString()]);

describe('taxes', () => {
  it('add exclusive tax per line, half up', () => {
    expect(shown(taxLines(amounts('177.42', '447.10', '0.03'), vat('line'), 'GBP'))).toEqual([
      ['177.42', '35.48'], // 35.484
      ['447.10', '89.42'],
      ['0.03', '0.01'], // 0.006
    ]);
  });

  it('take inclusive tax out of the price', () => {
    expect(shown(taxLines(amounts('120.00', '10.00'), vat('line', true), 'GBP'))).toEqual([
      ['100.00', '20.00'],
      ['8.33', '1.67'], // 1.666…
    ]);
  });

  it('round once per invoice and spread the tax so the lines add up', () => {
    // per line: 3 × 0.01 (0.006 each) = 0.03; once: 0.018 → 0.02
    const result = taxLines(amounts('0.03', '0.03', '0.03'), vat('invoice'), 'GBP');
    expect(shown(result)).toEqual([
      ['0.03', '0.00'],
      ['0.03', '0.01'],
      ['0.03', '0.01'],
    ]);
    expect(result.lines.reduce((sum, line) => sum.plus(line.tax), Decimal.ZERO).toString()).toBe('0.02');
  });

  it('per invoice: line taxes add up to the rounded exact total, each within one minor unit of exact', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -100_000n, max: 1_000_000n }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 2_700 }), fc.boolean(), (cents, rateBasis, inclusive) => {
        const rate = Decimal.of(BigInt(rateBasis), 2);
        const values = cents.map((value) => Decimal.of(value, 2));
        const result = taxLines(values, { name: 'T', rate, inclusive, rounding: 'invoice' }, 'EUR');
        const divisor = inclusive ? Decimal.fromInteger(100).plus(rate) : Decimal.fromInteger(100);
        const exact = values.map((value) => Decimal.quotient(value.times(rate), divisor, 12, 'halfEven'));
        const total = Decimal.quotient(values.reduce((sum, value) => sum.plus(value), Decimal.ZERO).times(rate), divisor, 2, 'halfUp');
        const lineSum = result.lines.reduce((sum, line) => sum.plus(line.tax), Decimal.ZERO);
        const cent = Decimal.of(1n, 2);
        return lineSum.equals(total) && result.lines.every((line, index) => line.tax.minus(exact[index]!).abs().compare(cent) < 0);
      }),
    );
  });
});
