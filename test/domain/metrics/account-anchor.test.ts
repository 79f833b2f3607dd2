import { describe, expect, it } from 'vitest';
import { accountAnchor, anchorIn, dominantTermEnd, monthDayText, policyAnchorOf } from '../../../src/domain/metrics/account-anchor.ts';
import { day, money } from './fixtures.ts';

const term = (termEnd: string, value: string, termMonths = 12) => ({ termEnd: day(termEnd), termMonths, value: money(value) });

describe("an account's anchor", () => {
  it("reads the policy's MM-DD, a month's last day meaning its end", () => {
    expect(policyAnchorOf('12-15')).toEqual({ month: 12, day: 15 });
    expect(policyAnchorOf('12-31')).toEqual({ month: 12, day: 'end' });
    expect(policyAnchorOf('02-28')).toEqual({ month: 2, day: 'end' });
    expect(policyAnchorOf('04-30')).toEqual({ month: 4, day: 'end' });
    expect([policyAnchorOf(null), policyAnchorOf(''), policyAnchorOf('02-30'), policyAnchorOf('13-01'), policyAnchorOf('2026-12-31')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('falls on the month end of each year, Feb 29 in a leap year', () => {
    expect(anchorIn({ month: 2, day: 'end' }, 2028).toString()).toBe('2028-02-29');
    expect(anchorIn({ month: 2, day: 'end' }, 2027).toString()).toBe('2027-02-28');
    expect(anchorIn({ month: 6, day: 15 }, 2027).toString()).toBe('2027-06-15');
    expect([monthDayText({ month: 2, day: 'end' }), monthDayText({ month: 3, day: 5 })]).toEqual(['02-28 (month end)', '03-05']);
  });

  it('is the month-day carrying the most MRR among the term ends', () => {
    expect(dominantTermEnd([term('2027-03-15', '40.0000'), term('2026-09-30', '70.0000'), term('2027-03-15', '40.0000')])).toEqual({ month: 3, day: 15 });
  });

  it('counts Feb 28 of a common year and Feb 29 of a leap year as the same month end', () => {
    expect(dominantTermEnd([term('2027-02-28', '30.0000'), term('2028-02-29', '30.0000'), term('2027-06-01', '50.0000')])).toEqual({ month: 2, day: 'end' });
  });

  it('breaks a tie with the earliest month-day, a month end after the numbered days of its month', () => {
    expect(dominantTermEnd([term('2027-06-30', '50.0000'), term('2027-01-31', '50.0000')])).toEqual({ month: 1, day: 'end' });
    expect(dominantTermEnd([term('2027-01-31', '50.0000'), term('2027-01-30', '50.0000')])).toEqual({ month: 1, day: 30 });
  });

  it('lets yearly terms decide: a monthly term ends somewhere new every month', () => {
    expect(dominantTermEnd([term('2027-05-15', '10.0000'), term('2026-11-30', '500.0000', 1), term('2026-12-31', '300.0000', 3)])).toEqual({ month: 5, day: 15 });
    expect(dominantTermEnd([term('2026-11-30', '500.0000', 1), term('2026-12-31', '300.0000', 3)])).toEqual({ month: 11, day: 'end' });
    expect(dominantTermEnd([])).toBeUndefined();
  });

  it("prefers the policy's anchor over the term ends, and has none without either", () => {
    expect(accountAnchor('06-30', [term('2027-03-15', '40.0000')])).toEqual({ anchor: { month: 6, day: 'end' }, source: 'policy' });
    expect(accountAnchor(null, [term('2027-03-15', '40.0000')])).toEqual({ anchor: { month: 3, day: 15 }, source: 'term_ends' });
    expect(accountAnchor(undefined, [])).toEqual({ anchor: null, source: 'none' });
  });
});
