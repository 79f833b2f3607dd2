import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { customTermEndDates } from '../../../src/domain/nce/coterminosity.ts';
import { explanationText, rows, simulate, subscription } from '../../support/nce.ts';

const d = CalendarDate.parse;

/** The worked examples of Microsoft's Partner Center billing documentation, reproduced to the cent. */
describe("Microsoft's worked examples", () => {
  it('seat change: 10 seats at EUR 10.08 bought 2021-06-18, 2 added on 2021-06-20 → +100.80, −94.08, +112.89', () => {
    const result = simulate({
      subscriptions: [subscription({ start: '2021-06-18' })],
      events: [{ date: '2021-06-20', subscription: 'S1', type: 'setQuantity', quantity: 12 }],
      through: '2021-06-30',
    });
    expect(rows(result)).toEqual([
      { subscription: 'S1', chargeType: 'new', chargeStart: '2021-06-18', chargeEnd: '2021-07-17', quantity: 10, unitPrice: '10.08', effectiveUnitPrice: '10.08', subtotal: '100.80' },
      { subscription: 'S1', chargeType: 'addQuantity', chargeStart: '2021-06-20', chargeEnd: '2021-07-17', quantity: 10, unitPrice: '10.08', effectiveUnitPrice: '-9.408', subtotal: '-94.08' },
      { subscription: 'S1', chargeType: 'addQuantity', chargeStart: '2021-06-20', chargeEnd: '2021-07-17', quantity: 12, unitPrice: '10.08', effectiveUnitPrice: '9.408', subtotal: '112.89' },
    ]);
    const [, refund, charge] = result.lines;
    expect(refund?.reference).toBe(charge?.reference);
    expect(explanationText(charge)).toBe(
      'charged: 10.08 ÷ 30 × 28 = 9.408 per unit; × 12 = 112.896 → 112.89 (truncated) (2021-06-20 – 2021-07-17 = 28 billing days; 30 = days in the charge cycle 2021-06-18 – 2021-07-17)',
    );
  });

  it('cancellation: 10 seats at 10.08 bought 2021-07-15, cancelled 2021-07-17 → 29 unused days, −94.20', () => {
    const result = simulate({
      subscriptions: [subscription({ start: '2021-07-15' })],
      events: [{ date: '2021-07-17', subscription: 'S1', type: 'cancel' }],
      through: '2021-08-31',
    });
    expect(rows(result)).toEqual([
      { subscription: 'S1', chargeType: 'new', chargeStart: '2021-07-15', chargeEnd: '2021-08-14', quantity: 10, unitPrice: '10.08', effectiveUnitPrice: '10.08', subtotal: '100.80' },
      { subscription: 'S1', chargeType: 'cancelImmediate', chargeStart: '2021-07-17', chargeEnd: '2021-08-14', quantity: 10, unitPrice: '10.08', effectiveUnitPrice: '-9.42', subtotal: '-94.20' },
    ]);
    expect(explanationText(result.lines[1])).toContain('10.08 ÷ 31 × 29 = 9.4296774193… → 9.42 per unit (truncated); × 10 = 94.20');
    expect(result.subscriptions[0]?.status).toBe('cancelled');
  });

  it('upfront annual: one new row of 10 × 120.96 = 1,209.60 for 2021-06-18 … 2022-06-17', () => {
    const result = simulate({
      subscriptions: [subscription({ start: '2021-06-18', term: 'P1Y', billing: 'annual', unitPrice: '120.96' })],
      through: '2022-06-17',
    });
    expect(rows(result)).toEqual([
      { subscription: 'S1', chargeType: 'new', chargeStart: '2021-06-18', chargeEnd: '2022-06-17', quantity: 10, unitPrice: '120.96', effectiveUnitPrice: '120.96', subtotal: '1209.60' },
    ]);
  });

  it('monthly term bought 2021-01-31 ends 2021-02-27 and renews 2021-02-28; bought 2021-02-28 ends 2021-03-27', () => {
    const result = simulate({
      subscriptions: [subscription({ start: '2021-01-31' }), subscription({ id: 'S2', start: '2021-02-28' })],
      through: '2021-03-28',
    });
    expect(result.lines.map((line) => `${line.subscription} ${line.chargeType} ${line.chargeStart.toString()}..${line.chargeEnd.toString()}`)).toEqual([
      'S1 new 2021-01-31..2021-02-27',
      'S1 renew 2021-02-28..2021-03-30',
      'S2 new 2021-02-28..2021-03-27',
      'S2 renew 2021-03-28..2021-04-27',
    ]);
  });

  it('a monthly-billed term starting on the 31st bills Jan 31–Feb 27, Feb 28–Mar 30, Mar 31–Apr 29 (cycles from the anchor)', () => {
    const result = simulate({ subscriptions: [subscription({ start: '2021-01-31', term: 'P1Y' })], through: '2021-04-30' });
    expect(result.lines.map((line) => `${line.chargeType} ${line.chargeStart.toString()}..${line.chargeEnd.toString()} ${line.subtotal.toString()}`)).toEqual([
      'new 2021-01-31..2021-02-27 100.80',
      'cycleCharge 2021-02-28..2021-03-30 100.80',
      'cycleCharge 2021-03-31..2021-04-29 100.80',
      'cycleCharge 2021-04-30..2021-05-30 100.80',
    ]);
  });

  it('charge cycle days are the days of the month the cycle starts in: 28 for 2022-02-21, 31 for 2022-03-21', () => {
    const result = simulate({
      subscriptions: [subscription({ start: '2022-01-21', term: 'P1Y' })],
      events: [
        { date: '2022-02-25', subscription: 'S1', type: 'setQuantity', quantity: 11 },
        { date: '2022-03-25', subscription: 'S1', type: 'setQuantity', quantity: 12 },
      ],
      through: '2022-03-31',
    });
    const changes = result.lines.filter((line) => line.chargeType === 'addQuantity');
    expect(changes.map((line) => (line.calculation.kind === 'prorated' ? [line.calculation.cycleDays, line.calculation.billingDays] : []))).toEqual([
      [28, 24],
      [28, 24],
      [31, 27],
      [31, 27],
    ]);
    expect(changes.map((line) => line.subtotal.toString())).toEqual(['-86.40', '95.04', '-96.57', '105.35']);
  });

  it('monthly-billed annual and triennial terms bill each cycle at the locked price even when the price list changes', () => {
    const result = simulate({
      subscriptions: [subscription({ start: '2021-06-18', term: 'P1Y' })],
      priceList: [{ product: 'Microsoft 365 Business Standard', term: 'P1Y', billing: 'monthly', currency: 'EUR', unitPrice: '10.58', effectiveStart: '2022-04-01' }],
      through: '2022-07-17',
    });
    const last = result.lines.slice(-3).map((line) => `${line.chargeType} ${line.chargeStart.toString()} ${line.unitPrice.toString()} ${line.subtotal.toString()}`);
    expect(last).toEqual(['cycleCharge 2022-04-18 10.08 100.80', 'cycleCharge 2022-05-18 10.08 100.80', 'renew 2022-06-18 10.58 105.80']);
    expect(explanationText(result.lines.at(-1))).toContain('price-list price in force on 2022-06-18 (effective from 2022-04-01)');
  });

  it('custom term end dates for a purchase on 2022-07-15: P1M → 2022-07-31, P1Y → 2023-06-30, P3Y → 2025-06-30', () => {
    const calendarAligned = (term: 'P1M' | 'P1Y' | 'P3Y'): string[] =>
      customTermEndDates({ term, start: d('2022-07-15'), candidates: [] }).options.map((option) => `${option.type} ${option.date.toString()}`);
    expect(calendarAligned('P1M')).toEqual(['calendarMonthAligned 2022-07-31']);
    expect(calendarAligned('P1Y')).toEqual(['calendarMonthAligned 2023-06-30']);
    expect(calendarAligned('P3Y')).toEqual(['calendarMonthAligned 2025-06-30']);
  });

  it('a P3Y bought 2022-07-01 co-terms with a P1Y ending 2022-10-01 to 2024-10-01 (27 months); a P1Y to 2022-10-01 (3 months)', () => {
    const candidates = [{ id: 'ANNUAL', term: 'P1Y' as const, end: d('2022-10-01'), status: 'active' }];
    const aligned = (term: 'P1Y' | 'P3Y'): string | undefined =>
      customTermEndDates({ term, start: d('2022-07-01'), candidates })
        .options.filter((option) => option.type === 'subscriptionAligned')
        .map((option) => option.date.toString())[0];
    expect(aligned('P3Y')).toBe('2024-10-01');
    expect(aligned('P1Y')).toBe('2022-10-01');
  });
});
