import { describe, expect, it } from 'vitest';
import { mainMrrCurrency, mrrSnapshot, recurringValue } from '../../../src/domain/metrics/mrr-snapshot.ts';
import { day, mspService, subscription } from './fixtures.ts';

describe('MRR on a day', () => {
  it('counts live subscriptions and the Extended Service Term, not ended or unpriced ones', () => {
    expect(recurringValue(subscription({ id: 'live', unitPrice: '12.50', quantity: 10 }))?.toString()).toBe('125.0000');
    expect(recurringValue(subscription({ id: 'annual-billing', unitPrice: '150.00', billing: 'annual' }))?.toString()).toBe('12.5000');
    expect(recurringValue(subscription({ id: 'est', status: 'extendedServiceTerm', unitPrice: '15.00' }))?.toString()).toBe('15.0000');
    expect(recurringValue(subscription({ id: 'cancelled', status: 'cancelled' }))).toBeUndefined();
    expect(recurringValue(subscription({ id: 'suspended', status: 'suspended' }))).toBeUndefined();
    expect(recurringValue({ ...subscription({ id: 'unpriced' }), unitPrice: null })).toBeUndefined();
    expect(recurringValue(subscription({ id: 'no-currency', currency: null }))).toBeUndefined();
  });

  it('sums per account in one currency and totals the others apart', () => {
    const snapshot = mrrSnapshot(
      day('2026-10-31'),
      [
        subscription({ id: 'a1', accountId: 'A', unitPrice: '100.00' }),
        mspService({ id: 'a2', accountId: 'A', unitPrice: '0.0050' }),
        subscription({ id: 'b1', accountId: 'B', unitPrice: '30.00', currency: 'usd' }),
        subscription({ id: 'c1', accountId: 'C', unitPrice: '80.00', currency: 'EUR' }),
        subscription({ id: 'c2', accountId: 'C', unitPrice: '20.00', currency: 'EUR' }),
        subscription({ id: 'd1', accountId: 'D', unitPrice: '999.00', status: 'expired' }),
      ],
      'USD',
    );
    expect([...snapshot.byAccount].map(([account, value]) => [account, value.toString()])).toEqual([
      ['A', '100.0050'],
      ['B', '30.0000'],
    ]);
    expect(snapshot.total.toString()).toBe('130.0050');
    expect([...snapshot.leftOut].map(([code, value]) => [code, value.toString()])).toEqual([['EUR', '100.0000']]);
  });

  it('reports in the currency carrying the most MRR, ties going alphabetically', () => {
    expect(mainMrrCurrency([subscription({ id: 'u', unitPrice: '100.00' }), subscription({ id: 'e', unitPrice: '150.00', currency: 'EUR' })])).toBe('EUR');
    expect(mainMrrCurrency([subscription({ id: 'u', unitPrice: '100.00' }), subscription({ id: 'g', unitPrice: '100.00', currency: 'GBP' })])).toBe('GBP');
    expect(mainMrrCurrency([subscription({ id: 'gone', status: 'cancelled' })])).toBeNull();
  });
});
