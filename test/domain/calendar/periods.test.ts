import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { defaultTermEnd, endDateAnniversary, gridPeriod, gridPeriodContaining } from '../../../src/domain/calendar/periods.ts';

const d = CalendarDate.parse;
const text = (period: { start: CalendarDate; end: CalendarDate }): string => `${period.start.toString()}..${period.end.toString()}`;

describe('terms and charge cycles', () => {
  it('ends a term on start + term − 1 day (Microsoft: monthly bought Jan 31 ends Feb 27, bought Feb 28 ends Mar 27)', () => {
    expect(defaultTermEnd(d('2021-01-31'), 'P1M').toString()).toBe('2021-02-27');
    expect(defaultTermEnd(d('2021-02-28'), 'P1M').toString()).toBe('2021-03-27');
    expect(defaultTermEnd(d('2021-06-18'), 'P1Y').toString()).toBe('2022-06-17');
    expect(defaultTermEnd(d('2022-07-15'), 'P3Y').toString()).toBe('2025-07-14');
  });

  it('counts cycles from the anchor, not from the previous cycle (Jan 31–Feb 27, Feb 28–Mar 30, Mar 31–Apr 29)', () => {
    const anchor = d('2021-01-31');
    expect([0, 1, 2, 3].map((k) => text(gridPeriod(anchor, 1, k)))).toEqual([
      '2021-01-31..2021-02-27',
      '2021-02-28..2021-03-30',
      '2021-03-31..2021-04-29',
      '2021-04-30..2021-05-30',
    ]);
    expect(text(gridPeriodContaining(anchor, 1, d('2021-03-15')))).toBe('2021-02-28..2021-03-30');
    expect(text(gridPeriodContaining(anchor, 1, d('2021-03-31')))).toBe('2021-03-31..2021-04-29');
  });

  it('follows the anchor rule for a start on the day before a month end (Jan 30)', () => {
    const anchor = d('2021-01-30');
    expect([0, 1, 2].map((k) => text(gridPeriod(anchor, 1, k)))).toEqual(['2021-01-30..2021-02-27', '2021-02-28..2021-03-29', '2021-03-30..2021-04-29']);
  });

  it('steps end dates to their anniversaries, month ends staying month ends', () => {
    expect(endDateAnniversary(d('2022-10-01'), 2).toString()).toBe('2024-10-01');
    expect(endDateAnniversary(d('2023-02-28'), 1).toString()).toBe('2024-02-29');
  });

  it('tiles time: consecutive grid periods touch and the containing period contains the date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40000 }).map(CalendarDate.fromEpochDay),
        fc.integer({ min: 0, max: 4000 }),
        fc.constantFrom(1, 12, 36),
        (anchor, offset, step) => {
          const date = anchor.addDays(offset - 2000);
          const period = gridPeriodContaining(anchor, step, date);
          expect(period.start.isAfter(date) || period.end.isBefore(date)).toBe(false);
          const next = gridPeriod(anchor, step, period.index + 1);
          expect(next.start.equals(period.end.addDays(1))).toBe(true);
        },
      ),
    );
  });
});
