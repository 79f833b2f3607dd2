import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { analyseEarlyTermination, type EarlyTerminationInput } from '../../../src/domain/ea/early-termination.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { currency } from '../../../src/domain/money/currency.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const d = CalendarDate.parse;
const GBP = currency('GBP');
const base: EarlyTerminationInput = {
  acv: Decimal.parse('600000'),
  end: d('2027-11-30'),
  target: d('2026-06-30'),
  terminationForConvenience: false,
  currency: GBP,
};

describe('early termination of an agreement running past the target', () => {
  it('assumes a three-year EA and owes the annual payments due after the target', () => {
    const result = analyseEarlyTermination(base);
    expect(result.start.toString()).toBe('2024-12-01');
    expect(result.startAssumed).toBe(true);
    expect(result.schedule.map((payment) => [payment.date.toString(), payment.amount.toString(), payment.owedOnTermination])).toEqual([
      ['2024-12-01', '600000.00', false],
      ['2025-12-01', '600000.00', false],
      ['2026-12-01', '600000.00', true],
    ]);
    expect(result.termination.basis).toBe('remainingPayments');
    expect(result.termination.cost.toString()).toBe('600000.00');
    expect(result.termination.explanation.text).toBe(
      'standard EA: early termination is not permitted without a fee, typically the remaining annual payments; annual anniversary payments due after 2026-06-30: 2026-12-01 600000.00 = 600000.00 GBP',
    );
  });

  it('counts only anniversaries strictly after the target', () => {
    expect(analyseEarlyTermination({ ...base, target: d('2025-12-01') }).termination.cost.toString()).toBe('600000.00');
    expect(analyseEarlyTermination({ ...base, target: d('2025-11-30') }).termination.cost.toString()).toBe('1200000.00');
    expect(analyseEarlyTermination({ ...base, target: d('2026-12-01') }).termination.cost.toString()).toBe('0.00');
  });

  it('derives the default start month-end aware (a February end does not start on the 29th)', () => {
    expect(analyseEarlyTermination({ ...base, end: d('2027-02-28'), target: d('2026-06-30') }).start.toString()).toBe('2024-03-01');
  });

  it('uses a given start and payment schedule', () => {
    const result = analyseEarlyTermination({
      ...base,
      start: d('2024-12-01'),
      payments: [
        { date: d('2024-12-01'), amount: Decimal.parse('900000') },
        { date: d('2026-12-01'), amount: Decimal.parse('450000.004') },
        { date: d('2026-06-01'), amount: Decimal.parse('450000') },
      ],
    });
    expect(result.scheduleSource).toBe('given');
    expect(result.schedule.map((payment) => payment.date.toString())).toEqual(['2024-12-01', '2026-06-01', '2026-12-01']);
    expect(result.termination.cost.toString()).toBe('450000.00');
  });

  it('owes the fee, default zero, under termination for convenience', () => {
    const free = analyseEarlyTermination({ ...base, terminationForConvenience: true });
    expect(free.termination.basis).toBe('terminationForConvenience');
    expect(free.termination.cost.toString()).toBe('0.00');
    expect(free.recommendation.choice).toBe('terminateEarly');
    const withFee = analyseEarlyTermination({ ...base, terminationForConvenience: true, fee: Decimal.parse('25000') });
    expect(withFee.termination.cost.toString()).toBe('25000.00');
  });

  it('measures the misalignment and its administrative cost', () => {
    const result = analyseEarlyTermination({ ...base, annualAdminCost: Decimal.parse('50000') });
    expect(result.misalignment.months.numerator).toBe(17n);
    expect(result.misalignment.adminCost?.toString()).toBe('70833.33');
    expect(result.misalignment.breakEvenAnnualAdminCost.toString()).toBe('423529.41');
    expect(result.recommendation.choice).toBe('allowMisalignment');
    expect(result.recommendation.reasons[0]).toBe(
      'early termination (600000.00 GBP) costs more than the administrative overhead of the misalignment for 17 months (until 2027-11-30) (70833.33 GBP)',
    );
  });

  it('recommends early termination when it costs less than the misalignment', () => {
    const result = analyseEarlyTermination({ ...base, terminationForConvenience: true, fee: Decimal.parse('10000'), annualAdminCost: Decimal.parse('50000') });
    expect(result.recommendation.choice).toBe('terminateEarly');
    expect(result.recommendation.reasons).toEqual([
      'early termination (10000.00 GBP) costs less than running a second agreement for 17 months (until 2027-11-30) (70833.33 GBP)',
    ]);
  });

  it('allows the misalignment by default when terminating has a cost and no admin cost is given', () => {
    const result = analyseEarlyTermination(base);
    expect(result.misalignment.adminCost).toBeUndefined();
    expect(result.recommendation.choice).toBe('allowMisalignment');
  });

  it('refuses impossible inputs', () => {
    expect(() => analyseEarlyTermination({ ...base, target: d('2027-11-30') })).toThrow(InvalidInputError);
    expect(() => analyseEarlyTermination({ ...base, target: d('2024-01-31') })).toThrow(/before the agreement start/);
    expect(() => analyseEarlyTermination({ ...base, fee: Decimal.parse('5') })).toThrow(/only with termination for convenience/);
    expect(() => analyseEarlyTermination({ ...base, terminationForConvenience: true, fee: Decimal.parse('-5') })).toThrow(/cannot be negative/);
    expect(() => analyseEarlyTermination({ ...base, payments: [{ date: d('2028-01-01'), amount: Decimal.parse('1') }] })).toThrow(/outside the agreement/);
  });

  it('never costs more to terminate later, and recommends terminating whenever it is cheaper than the admin cost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1090 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 2_000_000 }), (offset, later, admin) => {
        const start = d('2024-12-01');
        const target = start.addDays(offset);
        const laterTarget = target.addDays(later);
        fc.pre(laterTarget.isBefore(base.end));
        const input = { ...base, start, annualAdminCost: Decimal.fromInteger(admin) };
        const now = analyseEarlyTermination({ ...input, target });
        const then = analyseEarlyTermination({ ...input, target: laterTarget });
        expect(then.termination.cost.compare(now.termination.cost)).toBeLessThanOrEqual(0);
        const cheaper = now.termination.cost.compare(now.misalignment.adminCost ?? Decimal.ZERO) < 0 || now.termination.cost.isZero();
        expect(now.recommendation.choice).toBe(cheaper ? 'terminateEarly' : 'allowMisalignment');
      }),
    );
  });
});
