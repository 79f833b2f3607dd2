import { describe, expect, it } from 'vitest';
import { anchorCandidates, dominantEndDate } from '../../../src/domain/coterm/anchor-candidates.ts';
import { recommendAnchors } from '../../../src/domain/coterm/recommend-anchors.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { d, money, nce } from './fixtures.ts';

const asOf = d('2026-11-22');
/** 200.00 a month ending 30 April, and two smaller licences ending mid-February and January 20. */
const subscriptions = [
  nce({ id: 'X', quantity: 20, unitPrice: money('10.00'), termStart: d('2026-05-01') }),
  nce({ id: 'Y', quantity: 5, unitPrice: money('10.00'), termStart: d('2026-02-15') }),
  nce({ id: 'Z', quantity: 3, unitPrice: money('10.00'), termStart: d('2026-01-21') }),
  nce({ id: 'W', kind: 'azure_plan', term: null, billing: null, quantity: 1, unitPrice: money('900.00'), termStart: d('2026-01-01'), termEnd: null }),
];

describe('recommending an anchor', () => {
  const result = recommendAnchors({ asOf, subscriptions, budgetYearEnd: { month: 3, day: 31 } });
  const summary = result.ranking.map((entry) =>
    [entry.rank, entry.anchor.toString(), entry.sources.join('+'), entry.coTermedShareNow?.toString(), entry.coTermedShareWhenDone?.toString(), entry.fullyCoTermedOn?.toString() ?? 'null', entry.alignmentCost?.toString()].join(' '),
  );

  it('compares quarter ends, Microsoft’s and the client’s year ends and the dominant end date, merging equal dates', () => {
    expect(result.currency).toBe('EUR');
    expect(result.ranking.map((entry) => entry.anchor.toString()).sort()).toEqual(['2026-12-31', '2027-03-31', '2027-04-30', '2027-06-30', '2027-09-30']);
    const june = result.ranking.find((entry) => entry.anchor.toString() === '2027-06-30');
    expect(june?.labels).toEqual(['Calendar quarter end (Q2)', "Microsoft's fiscal year end (30 June)"]);
  });

  it('ranks by share when done, then share now, then time to co-term, then cost, then date', () => {
    expect(summary).toEqual([
      // X already ends 30 April; Y and Z take X's date at renewal. Y: Feb 15–28 = 10.00 ÷ 28 × 14 × 5 = 25.00 + 2 × 50.00;
      // Z: Jan 21–31 = 10.00 ÷ 31 × 11 × 3 = 10.645… → 10.64 + 3 × 30.00. Share now 200 ÷ 280 = 0.7143.
      '1 2027-04-30 dominantEndDate 0.7143 1.0000 2027-02-15 225.64',
      // Z renews 2027-01-21 into the month-end option 2027-12-31; Y and X then take Z's new end date.
      '2 2026-12-31 quarterEnd 0.0000 1.0000 2027-05-01 2465.64',
      // Nothing ends on these dates or on a month end a renewal can choose: nothing aligns; ties go to the earlier date.
      '3 2027-03-31 quarterEnd+budgetYearEnd 0.0000 0.0000 null 0.00',
      '4 2027-06-30 quarterEnd+microsoftFiscalYearEnd 0.0000 0.0000 null 0.00',
      '5 2027-09-30 quarterEnd 0.0000 0.0000 null 0.00',
    ]);
    expect(result.ranking[0]?.reasons).toEqual([
      'More existing monthly value ends on this date than on any other, so fewer subscriptions need to move.',
      'Co-termed MRR: 71.43% now, 100.00% once the plan is done.',
      '1 subscription already ends on it.',
      'Fully co-termed on 2027-02-15 (3 months).',
      'Stub terms charge 225.64 EUR in all.',
    ]);
    expect(result.ranking[2]?.reasons).toContain('3 subscriptions cannot align on it: X, Y, Z.');
  });

  it('finds the dominant end date by monthly value, month ends counting as one day', () => {
    const februaries = [
      nce({ id: 'F1', quantity: 1, termStart: d('2026-03-01'), termEnd: d('2027-02-28') }),
      nce({ id: 'F2', quantity: 1, termStart: d('2027-03-01'), termEnd: d('2028-02-29') }),
      nce({ id: 'BIG', quantity: 2, termStart: d('2026-06-16') }),
      nce({ id: 'MONTHLY', term: 'P1M', quantity: 50, termStart: d('2026-11-10') }),
    ];
    const dominant = dominantEndDate(asOf, februaries);
    // F1 + F2 = 12.50 + 12.50 at the end of February (Feb 28 and Feb 29 are one day) tie with BIG's 2 × 12.50 on 15 June:
    // the earlier next date wins. MONTHLY's 625.00 is left out: a monthly term's end date moves every month.
    expect([dominant?.anchor.toString(), dominant?.monthlyValue.toString(), dominant?.subscriptions]).toEqual(['2027-02-28', '25.0000', ['F1', 'F2']]);
  });

  it('refuses a budget year end that does not exist', () => {
    expect(() => anchorCandidates(asOf, [], { month: 4, day: 31 })).toThrow(InvalidInputError);
    expect(anchorCandidates(asOf, [], { month: 2, day: 29 }).map((candidate) => candidate.anchor.toString())).toContain('2027-02-28');
  });
});
