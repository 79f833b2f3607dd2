import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { compareRates, extensionCost } from '../../../src/domain/ea/extension-cost.ts';
import { type MonthConvention } from '../../../src/domain/ea/extension-months.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { currency } from '../../../src/domain/money/currency.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const d = CalendarDate.parse;
const GBP = currency('GBP');
const acv600k = Decimal.parse('600000');
const cost = (acv: string, end: string, target: string, convention: MonthConvention = 'calendar', code = 'GBP') =>
  extensionCost({ acv: Decimal.parse(acv), end: d(end), target: d(target), convention, currency: currency(code) });

describe('EA extension cost: (ACV ÷ 12) × extension months', () => {
  it('prices the advisory example exactly: £600,000 extended 7 months is £50,000 a month, £350,000', () => {
    const result = cost('600000', '2025-11-30', '2026-06-30');
    expect(result.months.numerator).toBe(7n);
    expect(result.months.denominator).toBe(1n);
    expect(result.monthlyCost.toString()).toBe('50000.00');
    expect(result.total.toString()).toBe('350000.00');
    expect(result.explanations.total).toEqual({
      formula: 'ROUND(ACV ÷ 12 × ExtensionMonths, 2)',
      inputs: { acv: '600000', currency: 'GBP', from: '2025-11-30', to: '2026-06-30', convention: 'calendar', days: 212, months: '7', monthsExact: '7' },
      rounding: 'rounded half up to 2 decimals, once, on the total computed from the unrounded monthly cost',
      text:
        '600000 ÷ 12 = 50000 per month (unrounded) × 7 months = 350000 → 350000.00 GBP (rounded half up to 2 decimals). ' +
        'Extension months: 7 calendar months (2025-11-30 → 2026-06-30; month ends map to month ends)',
    });
    expect(result.explanations.monthlyCost).toEqual({
      formula: 'ROUND(ACV ÷ 12, 2)',
      inputs: { acv: '600000', currency: 'GBP' },
      rounding: 'rounded half up to 2 decimals',
      text: '600000 ÷ 12 = 50000 → 50000.00 GBP per month (rounded half up to 2 decimals; the total is computed from the unrounded monthly cost)',
    });
  });

  it('prices the 30-day convention as ACV × days ÷ 360: 212 days gives 353333.33', () => {
    const result = cost('600000', '2025-11-30', '2026-06-30', '30-day');
    expect(result.months.days).toBe(212);
    expect(result.total.toString()).toBe('353333.33');
    expect(result.monthlyCost.toString()).toBe('50000.00');
    expect(result.explanations.total.text).toBe(
      '600000 ÷ 12 = 50000 per month (unrounded) × 106/15 (≈7.0667) months = 600000 × 212 ÷ 360 = 353333.3333333333… → 353333.33 GBP (rounded half up to 2 decimals). ' +
        'Extension months: 212 days (2025-11-30 → 2026-06-30) ÷ 30 = ≈7.0667 months (30-day month convention)',
    );
  });

  it('computes the total from the unrounded monthly cost, rounding once', () => {
    // 100000 ÷ 12 = 8333.333…; 7 × 8333.33 would be 58333.31, the exact total is 58333.333… → 58333.33.
    const result = cost('100000', '2025-11-30', '2026-06-30');
    expect(result.monthlyCost.toString()).toBe('8333.33');
    expect(result.total.toString()).toBe('58333.33');
    // 1000 ÷ 12 × 5 = 416.666… rounds up; 5 × 83.33 would give 416.65.
    expect(cost('1000', '2025-11-30', '2026-04-30').total.toString()).toBe('416.67');
  });

  it('rounds half up at the currency minor units', () => {
    // 6 ÷ 12 × 1 = 0.5 yen → 1 yen (JPY has no minor units); 30 ÷ 12 × 1 = 2.5 → 3.
    expect(cost('6', '2025-11-30', '2025-12-31', 'calendar', 'JPY').total.toString()).toBe('1');
    expect(cost('30', '2025-11-30', '2025-12-31', 'calendar', 'JPY').total.toString()).toBe('3');
    // 0.06 ÷ 12 = 0.005 → 0.01 (half up).
    expect(cost('0.06', '2025-11-30', '2025-12-31').total.toString()).toBe('0.01');
    expect(cost('1', '2025-11-30', '2025-12-31', 'calendar', 'BHD').total.toString()).toBe('0.083');
  });

  it('prices a part month as a fraction of the following month', () => {
    // 7 + 15/31 months: 50000 × 232/31 = 374193.548… → 374193.55.
    expect(cost('600000', '2025-11-30', '2026-07-15').total.toString()).toBe('374193.55');
  });

  it('shows original and current rates side by side with the difference', () => {
    const original = cost('600000', '2025-11-30', '2026-06-30');
    const current = cost('660000', '2025-11-30', '2026-06-30');
    const comparison = compareRates(original, current);
    expect(current.total.toString()).toBe('385000.00');
    expect(comparison.difference.toString()).toBe('35000.00');
    expect(comparison.explanation.text).toBe(
      '385000.00 (current rates, ACV 660000) − 350000.00 (original rates, ACV 600000) = 35000.00 GBP: extending without price protection costs 35000.00 GBP more',
    );
  });

  it('refuses a non-positive ACV and a target before the end', () => {
    expect(() => cost('0', '2025-11-30', '2026-06-30')).toThrow(InvalidInputError);
    expect(() => cost('-1', '2025-11-30', '2026-06-30')).toThrow(/greater than zero/);
    expect(() => cost('600000', '2025-11-30', '2025-10-31')).toThrow(InvalidInputError);
  });

  it('costs nothing when the target is the end date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 1, max: 1_000_000_000 }), fc.constantFrom<MonthConvention>('calendar', '30-day'), (offset, cents, convention) => {
        const end = CalendarDate.of(2020, 1, 1).addDays(offset);
        const result = extensionCost({ acv: Decimal.of(BigInt(cents), 2), end, target: end, convention, currency: GBP });
        expect(result.total.isZero()).toBe(true);
      }),
    );
  });

  it('never falls as the target moves later, under either convention', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4000 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.constantFrom<MonthConvention>('calendar', '30-day'),
        (offset, first, more, cents, convention) => {
          const end = CalendarDate.of(2020, 1, 1).addDays(offset);
          const acv = Decimal.of(BigInt(cents), 2);
          const near = extensionCost({ acv, end, target: end.addDays(first), convention, currency: GBP });
          const far = extensionCost({ acv, end, target: end.addDays(first + more), convention, currency: GBP });
          expect(near.total.compare(far.total)).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  it('charges exactly ACV × m ÷ 12 for m whole months from a month end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 36 }), fc.integer({ min: 1, max: 100_000_000 }), (offset, months, pounds) => {
        const end = CalendarDate.of(2020, 1, 1).addDays(offset).lastDayOfMonth();
        const acv = Decimal.fromInteger(pounds * 12);
        const result = extensionCost({ acv, end, target: end.addMonths(months).lastDayOfMonth(), convention: 'calendar', currency: GBP });
        expect(result.total.equals(Decimal.fromInteger(pounds * months))).toBe(true);
      }),
    );
  });

  it('keeps the ACV given', () => {
    expect(cost('600000', '2025-11-30', '2026-06-30').acv.equals(acv600k)).toBe(true);
  });
});
