import { describe, expect, it } from 'vitest';
import { monthEndWindow, monthLabel, quarterLabel, quartersOverlapping, trailingWindow, trendMonthEnds } from '../../../src/domain/metrics/report-periods.ts';
import { day } from './fixtures.ts';

const text = (dates: readonly { toString(): string }[]) => dates.map(String);

describe('report periods', () => {
  it('a trailing window compares MRR on its first and last day and counts events after the first', () => {
    const window = trailingWindow(day('2026-11-22'), 12);
    expect([window.from, window.to, window.days.start, window.days.end].map(String)).toEqual(['2025-11-22', '2026-11-22', '2025-11-23', '2026-11-22']);
    expect([trailingWindow(day('2026-03-31'), 1).from, trailingWindow(day('2026-03-30'), 1).from, trailingWindow(day('2028-04-30'), 3).from].map(String)).toEqual(['2026-02-28', '2026-02-28', '2028-01-31']);
  });

  it('trends over the last month ends, one per month', () => {
    expect(text(trendMonthEnds(day('2026-11-22'), 12))).toEqual([
      '2025-11-30', '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31',
    ]);
    expect(text(trendMonthEnds(day('2028-04-30'), 3))).toEqual(['2028-02-29', '2028-03-31', '2028-04-30']);
    expect(text(trendMonthEnds(day('2026-03-29'), 1))).toEqual(['2026-02-28']);
    expect(text(trendMonthEnds(day('2026-03-01'), 2))).toEqual(['2026-01-31', '2026-02-28']);
  });

  it('a window ending on a month end starts on a month end', () => {
    expect([monthEndWindow(day('2028-02-29'), 12).from, monthEndWindow(day('2029-02-28'), 12).from, monthEndWindow(day('2026-04-30'), 2).from].map(String)).toEqual(['2027-02-28', '2028-02-29', '2026-02-28']);
  });

  it('quarters are whole but the running one, which stops at the report day', () => {
    const quarters = quartersOverlapping(trailingWindow(day('2026-11-22'), 12).days);
    expect(quarters.map((quarter) => [quarter.label, quarter.start.toString(), quarter.end.toString()])).toEqual([
      ['2025-Q4', '2025-10-01', '2025-12-31'],
      ['2026-Q1', '2026-01-01', '2026-03-31'],
      ['2026-Q2', '2026-04-01', '2026-06-30'],
      ['2026-Q3', '2026-07-01', '2026-09-30'],
      ['2026-Q4', '2026-10-01', '2026-11-22'],
    ]);
    expect(quartersOverlapping(trailingWindow(day('2026-12-31'), 1).days).map((quarter) => [quarter.label, quarter.start.toString(), quarter.end.toString()])).toEqual([['2026-Q4', '2026-10-01', '2026-12-31']]);
    expect([monthLabel(day('2026-02-28')), quarterLabel(day('2026-03-31')), quarterLabel(day('2026-04-01'))]).toEqual(['2026-02', '2026-Q1', '2026-Q2']);
  });
});
