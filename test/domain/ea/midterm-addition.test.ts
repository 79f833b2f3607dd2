import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { midTermAdditionCharge, trueUpBaseline } from '../../../src/domain/ea/midterm-addition.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { currency } from '../../../src/domain/money/currency.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const d = CalendarDate.parse;
const GBP = currency('GBP');
const price = Decimal.parse('432');

describe('mid-term EA additions', () => {
  it('charges AnnualUnitPrice × Quantity × months to the anniversary ÷ 12', () => {
    const charge = midTermAdditionCharge({ annualUnitPrice: price, quantity: 25, date: d('2026-06-01'), anniversary: d('2026-12-01') }, 'calendar', GBP);
    expect(charge.months.numerator).toBe(6n);
    expect(charge.charge.toString()).toBe('5400.00'); // 432 × 25 × 6 ÷ 12
    expect(charge.explanation.formula).toBe('ROUND(AnnualUnitPrice × Quantity ÷ 12 × RemainingMonths, 2)');
    expect(charge.explanation.text).toBe(
      '432 × 25 ÷ 12 = 900 per month (unrounded) × 6 months = 5400 → 5400.00 GBP (rounded half up to 2 decimals). ' +
        "Months to the anniversary: 6 calendar months (2026-06-01 → 2026-12-01; day 1 of each month, clamped to the month's length)",
    );
  });

  it('prices a part month exactly under both conventions', () => {
    const addition = { annualUnitPrice: price, quantity: 25, date: d('2026-03-15'), anniversary: d('2026-12-01') };
    // 8 months + 16/30 (2026-11-15 → 2026-12-15 has 30 days) = 128/15 months; 10800 × 128/15 ÷ 12 = 7680.
    expect(midTermAdditionCharge(addition, 'calendar', GBP).charge.toString()).toBe('7680.00');
    // 261 days ÷ 30: 10800 × 261 ÷ 360 = 7830.
    expect(midTermAdditionCharge(addition, '30-day', GBP).charge.toString()).toBe('7830.00');
  });

  it('refuses an anniversary that is not the next one, or a zero quantity', () => {
    expect(() => midTermAdditionCharge({ annualUnitPrice: price, quantity: 1, date: d('2026-03-15'), anniversary: d('2026-03-01') }, 'calendar', GBP)).toThrow(InvalidInputError);
    expect(() => midTermAdditionCharge({ annualUnitPrice: price, quantity: 1, date: d('2026-03-15'), anniversary: d('2027-03-16') }, 'calendar', GBP)).toThrow(/more than 12 months/);
    expect(() => midTermAdditionCharge({ annualUnitPrice: price, quantity: 0, date: d('2026-03-15'), anniversary: d('2026-12-01') }, 'calendar', GBP)).toThrow(/at least 1/);
  });

  it('accumulates additions into the true-up baseline in date order, per product', () => {
    const result = trueUpBaseline(
      [
        { product: 'E3', annualUnitPrice: price, quantity: 10, date: d('2026-09-01'), anniversary: d('2026-12-01') },
        { product: 'E3', annualUnitPrice: price, quantity: 25, date: d('2026-06-01'), anniversary: d('2026-12-01') },
        { product: 'Visio', annualUnitPrice: Decimal.parse('120'), quantity: 5, date: d('2026-07-01'), anniversary: d('2026-12-01') },
      ],
      'calendar',
      GBP,
      new Map([['E3', 500]]),
    );
    expect(result.rows.map((row) => [row.addition.date.toString(), row.addition.product, row.addition.charge.toString(), row.baselineQuantity, row.cumulativeCharges.toString()])).toEqual([
      ['2026-06-01', 'E3', '5400.00', 525, '5400.00'],
      ['2026-07-01', 'Visio', '250.00', 5, '5650.00'],
      ['2026-09-01', 'E3', '1080.00', 535, '6730.00'],
    ]);
    expect(result.baseline).toEqual([
      { product: 'E3', quantity: 535 },
      { product: 'Visio', quantity: 5 },
    ]);
    expect(result.totalCharges.toString()).toBe('6730.00');
    expect(result.totalExplanation.text).toBe('5400.00 (2026-06-01, 25 × E3) + 250.00 (2026-07-01, 5 × Visio) + 1080.00 (2026-09-01, 10 × E3) = 6730.00 GBP');
  });

  it('never charges more than a full year, and less the later the addition', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 1000 }), (daysBefore, later, cents, quantity) => {
        const anniversary = d('2026-12-01');
        const unitPrice = Decimal.of(BigInt(cents), 2);
        const early = anniversary.addDays(-daysBefore);
        const late = early.addDays(Math.min(later, daysBefore));
        const first = midTermAdditionCharge({ annualUnitPrice: unitPrice, quantity, date: early, anniversary }, 'calendar', GBP);
        const second = midTermAdditionCharge({ annualUnitPrice: unitPrice, quantity, date: late, anniversary }, 'calendar', GBP);
        expect(second.charge.compare(first.charge)).toBeLessThanOrEqual(0);
        expect(first.charge.compare(unitPrice.timesInteger(quantity).round(2, 'halfUp'))).toBeLessThanOrEqual(0);
      }),
    );
  });
});
