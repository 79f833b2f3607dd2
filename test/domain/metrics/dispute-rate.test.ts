import { describe, expect, it } from 'vitest';
import { disputeRate } from '../../../src/domain/metrics/dispute-rate.ts';
import { day } from './fixtures.ts';

const Q4 = { start: day('2026-10-01'), end: day('2026-12-31') };
const counts = (entries: Record<string, number>) => Object.entries(entries).map(([on, count]) => ({ on: day(on), count }));

describe('invoice dispute rate', () => {
  it('is disputes opened per 100 invoices issued in the period', () => {
    const result = disputeRate(counts({ '2026-10-05': 1, '2026-12-31': 2, '2027-01-01': 5 }), counts({ '2026-09-30': 100, '2026-10-01': 40, '2026-11-01': 45, '2026-12-01': 46 }), Q4);
    // 3 × 100 ÷ 131 = 2.290…
    expect([result.value?.toString(), result.disputes, result.invoices]).toEqual(['2.3', 3, 131]);
    expect(result.explanation).toEqual({
      formula: 'dispute rate = disputes opened ÷ invoices issued × 100',
      inputs: { from: '2026-10-01', to: '2026-12-31', disputes: 3, invoices: 131 },
      rounding: 'rounded half up to 1 decimal, once, from the exact quotient',
      text: '2026-10-01 – 2026-12-31: 3 disputes opened ÷ 131 invoices issued × 100 = 2.3 per 100 invoices.',
    });
  });

  it('is 0.0 without disputes and null without invoices', () => {
    expect(disputeRate([], counts({ '2026-11-01': 10 }), Q4).value?.toString()).toBe('0.0');
    const none = disputeRate(counts({ '2026-11-02': 1 }), [], Q4);
    expect(none.value).toBeNull();
    expect(none.explanation.text).toBe('2026-10-01 – 2026-12-31: no invoice was issued (1 dispute opened), so there is no rate.');
  });
});
