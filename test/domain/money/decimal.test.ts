import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currency } from '../../../src/domain/money/currency.ts';
import { Decimal, type RoundingMode } from '../../../src/domain/money/decimal.ts';

const p = Decimal.parse;
const ORACLE_MODE: Record<RoundingMode, DecimalJs.Rounding> = {
  truncate: DecimalJs.ROUND_DOWN,
  halfUp: DecimalJs.ROUND_HALF_UP,
  halfEven: DecimalJs.ROUND_HALF_EVEN,
};
const Oracle = DecimalJs.clone({ precision: 200 });

const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 8 }))
  .map(([negative, units, scale]) => Decimal.of(negative ? -units : units, scale).toString());
const mode = fc.constantFrom<RoundingMode>('truncate', 'halfUp', 'halfEven');

describe('Decimal', () => {
  it('parses and prints exactly, keeping the written scale', () => {
    expect(p('10.08').toString()).toBe('10.08');
    expect(p('-0.050').toString()).toBe('-0.050');
    expect(p('120.96').timesInteger(10).toString()).toBe('1209.60');
    expect(p('0.1').plus(p('0.2')).toString()).toBe('0.3');
    expect(() => p('1e3')).toThrow('"1e3" is not a decimal number');
    expect(() => p('10,08')).toThrow('is not a decimal number');
  });

  it('rounds with the mode it is told to use', () => {
    expect(['truncate', 'halfUp', 'halfEven'].map((m) => p('112.896').round(2, m as RoundingMode).toString())).toEqual(['112.89', '112.90', '112.90']);
    expect(['truncate', 'halfUp', 'halfEven'].map((m) => p('2.345').round(2, m as RoundingMode).toString())).toEqual(['2.34', '2.35', '2.34']);
    expect(['truncate', 'halfUp', 'halfEven'].map((m) => p('-2.345').round(2, m as RoundingMode).toString())).toEqual(['-2.34', '-2.35', '-2.34']);
    expect(Decimal.ratio(1008n * 29n, 100n * 31n, 2, 'truncate').toString()).toBe('9.42');
    expect(Decimal.ratio(-1n, 2n, 0, 'halfEven').toString()).toBe('0');
  });

  it('agrees with decimal.js on addition, multiplication and comparison', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        expect(p(a).plus(p(b)).equals(p(new Oracle(a).plus(b).toFixed()))).toBe(true);
        expect(p(a).times(p(b)).equals(p(new Oracle(a).times(b).toFixed()))).toBe(true);
        expect(p(a).compare(p(b))).toBe(new Oracle(a).comparedTo(b));
      }),
    );
  });

  it('agrees with decimal.js on division and rounding in every mode', () => {
    fc.assert(
      fc.property(decimalText, fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.integer({ min: 0, max: 6 }), mode, (a, divisor, scale, m) => {
        const value = p(a);
        const ours = Decimal.ratio(value.units, divisor * 10n ** BigInt(value.scale), scale, m);
        const oracle = new Oracle(a).dividedBy(divisor.toString()).toDecimalPlaces(scale, ORACLE_MODE[m]);
        expect(ours.toString()).toBe(oracle.toFixed(scale));
      }),
    );
  });

  it('truncates towards zero, so a refund and a charge of the same amount cancel', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 4 }), mode, (a, scale, m) => {
        expect(p(a).negated().round(scale, m).equals(p(a).round(scale, m).negated())).toBe(true);
      }),
    );
  });
});

describe('currencies', () => {
  it('knows minor units per ISO 4217 and refuses unknown codes', () => {
    expect(currency('eur')).toEqual({ code: 'EUR', minorUnits: 2 });
    expect(currency('JPY').minorUnits).toBe(0);
    expect(currency('BHD').minorUnits).toBe(3);
    expect(() => currency('EURO')).toThrow('"EURO" is not an ISO 4217 currency code');
  });

});
