import { describe, expect, it } from 'vitest';
import { billsWithinTerm, parseBilling, parseTermDuration } from '../../../src/domain/ledger/term-and-billing.ts';

describe('terms and billing plans', () => {
  it('reads the spellings of price lists, the API and the portal', () => {
    expect(['P1M', 'p1y', 'P3Y', 'P12M', 'P36M', '1 Month', '1 year', '3 Years'].map(parseTermDuration)).toEqual(['P1M', 'P1Y', 'P3Y', 'P1Y', 'P3Y', 'P1M', 'P1Y', 'P3Y']);
    expect(['Monthly', 'annual', 'Yearly', 'Triennial', 'OneTime', 'one_time', 'One-Time'].map(parseBilling)).toEqual([
      'monthly', 'annual', 'annual', 'triennial', 'onetime', 'onetime', 'onetime',
    ]);
  });

  it('knows nothing else', () => {
    expect(['P2Y', 'P1D', '', 'forever'].map(parseTermDuration)).toEqual([undefined, undefined, undefined, undefined]);
    expect(['weekly', 'none', ''].map(parseBilling)).toEqual([undefined, undefined, undefined]);
  });

  it('refuses a plan that bills less often than the term lasts', () => {
    expect(billsWithinTerm('P1M', 'monthly')).toBe(true);
    expect(billsWithinTerm('P1M', 'annual')).toBe(false);
    expect(billsWithinTerm('P1Y', 'annual')).toBe(true);
    expect(billsWithinTerm('P1Y', 'triennial')).toBe(false);
    expect(billsWithinTerm('P3Y', 'triennial')).toBe(true);
    expect(billsWithinTerm('P3Y', 'monthly')).toBe(true);
    expect(billsWithinTerm('P1M', 'onetime')).toBe(true);
  });
});
