import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { billingPeriodOf, prorationPolicyOf, termLength, termOfMonths } from '../../../src/domain/ledger/service-terms.ts';

const d = CalendarDate.parse;

describe('service terms', () => {
  it('reads billing periods and proration policies as MSPs write them', () => {
    expect(['Monthly', 'quarterly', ' Annual ', 'annually', 'Yearly'].map(billingPeriodOf)).toEqual(['monthly', 'quarterly', 'annual', 'annual', 'annual']);
    expect(billingPeriodOf('weekly')).toBeUndefined();
    expect(['Daily', 'monthly', 'NONE'].map(prorationPolicyOf)).toEqual(['daily', 'monthly', 'none']);
    expect(prorationPolicyOf('pro-rata')).toBeUndefined();
  });

  it('measures a term in whole months when it is whole, else in days', () => {
    expect(termLength(d('2025-12-01'), d('2026-11-30'))).toBe('P12M');
    expect(termLength(d('2026-03-15'), d('2027-03-14'))).toBe('P12M');
    expect(termLength(d('2025-01-01'), d('2027-12-31'))).toBe('P36M');
    expect(termLength(d('2026-01-31'), d('2026-02-27'))).toBe('P1M');
    expect(termLength(d('2026-03-15'), d('2026-12-31'))).toBe('P292D');
    expect(termLength(d('2026-06-01'), d('2026-06-01'))).toBe('P1D');
    expect(termOfMonths(24)).toBe('P24M');
  });
});
