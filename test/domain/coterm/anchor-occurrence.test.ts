import { describe, expect, it } from 'vitest';
import { anchorOccurrenceIn, endsOnAnchor, isAnchorOccurrence, latestAlignedEndWithin, nextMonthDayAfter } from '../../../src/domain/coterm/anchor-occurrence.ts';
import { monthsStarted } from '../../../src/domain/coterm/month-count.ts';
import { d } from './fixtures.ts';

describe('anchor occurrences', () => {
  it("recur yearly the way Microsoft's end-date anniversaries do", () => {
    expect(anchorOccurrenceIn(d('2028-02-29'), 2029).toString()).toBe('2029-02-28');
    expect(anchorOccurrenceIn(d('2027-02-28'), 2028).toString()).toBe('2028-02-29');
    expect(anchorOccurrenceIn(d('2026-12-31'), 2024).toString()).toBe('2024-12-31');
    // A Feb 28 anchor in a leap year is the day before a Feb 29 renewal: it recurs on Feb 27.
    expect(anchorOccurrenceIn(d('2028-02-28'), 2029).toString()).toBe('2029-02-27');
    expect(isAnchorOccurrence(d('2026-06-30'), d('2031-06-30'))).toBe(true);
    expect(isAnchorOccurrence(d('2026-06-30'), d('2031-07-30'))).toBe(false);
  });

  it("co-term terms shorter than a year on the anchor's day in every month of their rhythm", () => {
    expect(endsOnAnchor(d('2026-12-31'), 1, d('2027-02-28'))).toBe(true);
    expect(endsOnAnchor(d('2026-06-15'), 1, d('2027-02-15'))).toBe(true);
    expect(endsOnAnchor(d('2026-03-30'), 1, d('2027-02-28'))).toBe(true);
    expect(endsOnAnchor(d('2026-03-30'), 1, d('2027-05-31'))).toBe(false);
    expect(endsOnAnchor(d('2026-12-31'), 3, d('2027-03-31'))).toBe(true);
    expect(endsOnAnchor(d('2026-12-31'), 3, d('2027-04-30'))).toBe(false);
    expect(endsOnAnchor(d('2026-12-31'), 12, d('2027-11-30'))).toBe(false);
    expect(endsOnAnchor(d('2026-12-31'), 36, d('2029-12-31'))).toBe(true);
  });

  it('finds the latest aligned end inside a first term, or none', () => {
    expect(latestAlignedEndWithin(d('2026-12-31'), 36, d('2027-03-15'), d('2030-03-14'))?.toString()).toBe('2029-12-31');
    expect(latestAlignedEndWithin(d('2026-12-31'), 12, d('2027-03-15'), d('2028-03-14'))?.toString()).toBe('2027-12-31');
    expect(latestAlignedEndWithin(d('2026-12-15'), 1, d('2027-03-16'), d('2027-04-15'))?.toString()).toBe('2027-04-15');
    expect(latestAlignedEndWithin(d('2026-12-31'), 12, d('2027-01-01'), d('2027-12-30'))).toBeUndefined();
  });

  it('gives the next date of a month and day strictly after a date', () => {
    expect(nextMonthDayAfter(d('2026-11-22'), 2, 29).toString()).toBe('2027-02-28');
    expect(nextMonthDayAfter(d('2027-03-01'), 2, 29).toString()).toBe('2028-02-29');
    expect(nextMonthDayAfter(d('2026-12-31'), 12, 'end').toString()).toBe('2027-12-31');
  });

  it('counts started months', () => {
    expect(monthsStarted(d('2027-05-20'), d('2027-12-31'))).toBe(8);
    expect(monthsStarted(d('2027-05-01'), d('2027-12-31'))).toBe(8);
    expect(monthsStarted(d('2027-01-31'), d('2027-02-27'))).toBe(1);
    expect(monthsStarted(d('2027-01-31'), d('2027-01-30'))).toBe(0);
  });
});
