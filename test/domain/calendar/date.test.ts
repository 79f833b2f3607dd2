import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate, daysInclusive, daysInMonth, isLeapYear } from '../../../src/domain/calendar/date.ts';

const d = CalendarDate.parse;
const anyDate = fc.integer({ min: CalendarDate.of(1901, 1, 1).epochDay, max: CalendarDate.of(2199, 12, 31).epochDay }).map(CalendarDate.fromEpochDay);

describe('CalendarDate', () => {
  it('parses strict ISO dates and rejects impossible ones', () => {
    expect(d('2024-02-29').toString()).toBe('2024-02-29');
    expect(() => d('2023-02-29')).toThrow('day 29 does not exist in 2023-02');
    expect(() => d('2023-13-01')).toThrow('month 13 is out of range');
    expect(() => d('21-06-18')).toThrow('is not a date in the form YYYY-MM-DD');
    expect(() => d('2021-6-18')).toThrow('YYYY-MM-DD');
  });

  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
    expect([daysInMonth(2023, 2), daysInMonth(2024, 2), daysInMonth(2022, 6), daysInMonth(2022, 8)]).toEqual([28, 29, 30, 31]);
  });

  it('counts epoch days like the proleptic Gregorian calendar', () => {
    expect(d('1970-01-01').epochDay).toBe(0);
    expect(d('2000-03-01').epochDay).toBe(11017);
    expect(d('1969-12-31').epochDay).toBe(-1);
  });

  it('adds months clamping to the end of shorter months', () => {
    expect(d('2021-01-31').addMonths(1).toString()).toBe('2021-02-28');
    expect(d('2024-01-31').addMonths(1).toString()).toBe('2024-02-29');
    expect(d('2021-01-31').addMonths(2).toString()).toBe('2021-03-31');
    expect(d('2021-03-31').addMonths(-1).toString()).toBe('2021-02-28');
    expect(d('2021-12-15').addMonths(1).toString()).toBe('2022-01-15');
    expect(d('2022-01-15').addMonths(-13).toString()).toBe('2020-12-15');
  });

  it('counts inclusive days', () => {
    expect(daysInclusive(d('2021-06-20'), d('2021-07-17'))).toBe(28);
    expect(daysInclusive(d('2021-07-17'), d('2021-08-14'))).toBe(29);
    expect(daysInclusive(d('2024-01-01'), d('2024-12-31'))).toBe(366);
  });

  it('round-trips through epoch days, ISO text and day arithmetic', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5000, max: 5000 }), (date, days) => {
        expect(CalendarDate.fromEpochDay(date.epochDay).toString()).toBe(date.toString());
        expect(d(date.toString()).epochDay).toBe(date.epochDay);
        expect(date.addDays(days).addDays(-days).equals(date)).toBe(true);
        expect(date.daysUntil(date.addDays(days))).toBe(days);
      }),
    );
  });

  it('adds months to the same day or the last day of the target month', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -60, max: 60 }), (date, months) => {
        const moved = date.addMonths(months);
        expect(date.monthIndexDistance(moved)).toBe(months);
        expect(moved.day).toBe(Math.min(date.day, daysInMonth(moved.year, moved.month)));
      }),
    );
  });

  it('advances one calendar day at a time across month and year ends', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const next = date.addDays(1);
        if (date.isLastDayOfMonth()) {
          expect(next.day).toBe(1);
          expect(next.month).toBe(date.month === 12 ? 1 : date.month + 1);
        } else {
          expect([next.year, next.month, next.day]).toEqual([date.year, date.month, date.day + 1]);
        }
      }),
    );
  });
});
