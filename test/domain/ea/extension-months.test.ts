import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { calendarMonthStep, countMonths, formatMonths, fractionText, monthsDecimal } from '../../../src/domain/ea/extension-months.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';

const d = CalendarDate.parse;
const firstDay = CalendarDate.of(2020, 1, 1).epochDay;
const anyDate = fc.integer({ min: firstDay, max: firstDay + 4000 }).map(CalendarDate.fromEpochDay);
/**
 * Dates from which whole months chain exactly: month ends, or days 1–27
 * (Jan 28 + 1 month is Feb 28, a month end, which then maps to Mar 31).
 */
const chainableDate = fc.oneof(
  anyDate.map((date) => date.lastDayOfMonth()),
  anyDate.map((date) => CalendarDate.of(date.year, date.month, Math.min(date.day, 27))),
);

describe('calendar month counting', () => {
  it('counts the advisory example as exactly 7 months: month ends map to month ends', () => {
    const count = countMonths(d('2025-11-30'), d('2026-06-30'), 'calendar');
    expect(fractionText(count)).toBe('7');
    expect(count.wholeMonths).toBe(7);
    expect(count.remainingDays).toBe(0);
    expect(count.days).toBe(212);
    expect(count.text).toBe('7 calendar months (2025-11-30 → 2026-06-30; month ends map to month ends)');
  });

  it('maps month ends to month ends, including from February', () => {
    expect(calendarMonthStep(d('2025-11-30'), 7).toString()).toBe('2026-06-30');
    expect(calendarMonthStep(d('2026-02-28'), 1).toString()).toBe('2026-03-31');
    expect(calendarMonthStep(d('2024-02-29'), 12).toString()).toBe('2025-02-28');
    expect(calendarMonthStep(d('2025-04-30'), 1).toString()).toBe('2025-05-31');
    expect(fractionText(countMonths(d('2026-02-28'), d('2026-03-31'), 'calendar'))).toBe('1');
    expect(fractionText(countMonths(d('2025-04-30'), d('2025-05-31'), 'calendar'))).toBe('1');
  });

  it('clamps a day that is not a month end, counted from the anchor', () => {
    expect(calendarMonthStep(d('2025-01-30'), 1).toString()).toBe('2025-02-28');
    expect(calendarMonthStep(d('2025-01-30'), 2).toString()).toBe('2025-03-30');
    expect(fractionText(countMonths(d('2025-01-30'), d('2025-03-30'), 'calendar'))).toBe('2');
  });

  it('counts remaining days as a fraction of the month-long span that follows the whole months', () => {
    const count = countMonths(d('2025-11-30'), d('2026-07-15'), 'calendar');
    expect(count.wholeMonths).toBe(7);
    expect(count.remainingDays).toBe(15);
    expect(count.partMonth.start?.toString()).toBe('2026-06-30');
    expect(count.partMonth.end?.toString()).toBe('2026-07-31');
    expect(count.partMonth.days).toBe(31);
    expect(fractionText(count)).toBe('232/31'); // 7 + 15/31
    expect(monthsDecimal(count).toString()).toBe('7.4839');
    expect(formatMonths(count)).toBe('≈7.4839');
    expect(count.text).toBe(
      '7 calendar months to 2026-06-30 + 15/31 of the following month (15 of the 31 days from 2026-06-30 to 2026-07-31) = ≈7.4839 months (2025-11-30 → 2026-07-15; month ends map to month ends)',
    );
  });

  it('uses February as the following month when the part-month falls in it', () => {
    const count = countMonths(d('2026-01-31'), d('2026-02-14'), 'calendar');
    expect(count.wholeMonths).toBe(0);
    expect(fractionText(count)).toBe('1/2'); // 14 of 28 days
    expect(monthsDecimal(count).toString()).toBe('0.5');
  });

  it('is zero from a date to itself and refuses to count backwards', () => {
    expect(fractionText(countMonths(d('2025-11-30'), d('2025-11-30'), 'calendar'))).toBe('0');
    expect(fractionText(countMonths(d('2025-11-30'), d('2025-11-30'), '30-day'))).toBe('0');
    expect(() => countMonths(d('2025-11-30'), d('2025-11-29'), 'calendar')).toThrow(InvalidInputError);
  });

  it('counts whole months back exactly from any chainable date', () => {
    fc.assert(
      fc.property(chainableDate, fc.integer({ min: 0, max: 60 }), (from, months) => {
        const count = countMonths(from, calendarMonthStep(from, months), 'calendar');
        expect(fractionText(count)).toBe(String(months));
      }),
    );
  });

  it('is additive over whole months', () => {
    fc.assert(
      fc.property(chainableDate, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (from, first, second) => {
        const middle = calendarMonthStep(from, first);
        const to = calendarMonthStep(middle, second);
        expect(to.equals(calendarMonthStep(from, first + second))).toBe(true);
        const whole = countMonths(from, to, 'calendar');
        const a = countMonths(from, middle, 'calendar');
        const b = countMonths(middle, to, 'calendar');
        expect(whole.numerator * a.denominator * b.denominator).toBe(whole.denominator * (a.numerator * b.denominator + b.numerator * a.denominator));
      }),
    );
  });

  it('does not chain from the 28th into a February month end', () => {
    expect(calendarMonthStep(d('2025-01-28'), 2).toString()).toBe('2025-03-28');
    expect(calendarMonthStep(calendarMonthStep(d('2025-01-28'), 1), 1).toString()).toBe('2025-03-31');
    expect(fractionText(countMonths(d('2025-01-28'), d('2025-03-28'), 'calendar'))).toBe('2');
  });

  it('grows strictly with the later date and stays within one month of the whole months', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 800 }), fc.integer({ min: 1, max: 60 }), (from, offset, step) => {
        const near = countMonths(from, from.addDays(offset), 'calendar');
        const far = countMonths(from, from.addDays(offset + step), 'calendar');
        expect(near.numerator * far.denominator < far.numerator * near.denominator).toBe(true);
        expect(near.remainingDays).toBeLessThan(near.partMonth.days);
        expect(near.numerator >= BigInt(near.wholeMonths) * near.denominator).toBe(true);
        expect(near.numerator < BigInt(near.wholeMonths + 1) * near.denominator).toBe(true);
      }),
    );
  });
});

describe('30-day month counting', () => {
  it('divides the days between the dates by 30', () => {
    const count = countMonths(d('2025-11-30'), d('2026-06-30'), '30-day');
    expect(count.days).toBe(212);
    expect(fractionText(count)).toBe('106/15');
    expect(monthsDecimal(count).toString()).toBe('7.0667');
    expect(count.text).toBe('212 days (2025-11-30 → 2026-06-30) ÷ 30 = ≈7.0667 months (30-day month convention)');
  });

  it('is additive for any dates', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 900 }), (from, first, second) => {
        const middle = from.addDays(first);
        const to = middle.addDays(second);
        const total = countMonths(from, to, '30-day');
        const a = countMonths(from, middle, '30-day');
        const b = countMonths(middle, to, '30-day');
        expect(total.numerator * a.denominator * b.denominator).toBe(total.denominator * (a.numerator * b.denominator + b.numerator * a.denominator));
      }),
    );
  });
});
