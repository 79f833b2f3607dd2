import { describe, expect, it } from 'vitest';
import { renewalEvents } from '../../../src/domain/renewal/renewal-event.ts';
import { accountSubscription, day } from '../../support/account-subscription.ts';

describe('renewal events', () => {
  const subscriptions = [
    accountSubscription({ id: 'S2', termEnd: '2027-01-31', quantity: 10, unitPrice: '12.50' }),
    accountSubscription({ id: 'S1', termEnd: '2027-01-31', quantity: 2, unitPrice: '396.00', billing: 'annual', autoRenew: false }),
    accountSubscription({ id: 'S3', termEnd: '2027-01-31', accountId: 'B' }),
    accountSubscription({ id: 'MONTHLY', termEnd: '2026-12-14', term: 'P1M' }),
    accountSubscription({ id: 'AZURE', kind: 'azure_plan', termEnd: '2026-12-31', term: null, billing: null }),
    accountSubscription({ id: 'GONE', termEnd: '2026-12-31', status: 'cancelled' }),
    accountSubscription({ id: 'LATER', termEnd: '2027-06-30' }),
    accountSubscription({
      id: 'MSA',
      kind: 'msp_service',
      termEnd: '2026-12-31',
      term: null,
      billing: null,
      unitPrice: '1500.00',
      quantity: 1,
      service: { billing: 'monthly', termMonths: 12, noticeDays: 60, prorationPolicy: 'daily' },
    }),
  ];

  it('groups an account’s commitments ending on one day, skipping monthly terms, Azure and ended subscriptions', () => {
    const events = renewalEvents(subscriptions, day('2026-11-22'), day('2027-03-22'));
    expect(events.map((event) => [event.id, event.subscriptionIds, event.notRenewing])).toEqual([
      ['A:2026-12-31', ['MSA'], []],
      ['A:2027-01-31', ['S1', 'S2'], ['S1']],
      ['B:2027-01-31', ['S3'], []],
    ]);
  });

  it('values a renewal as the sum of monthly values: 10 × 12.50 + 2 × 396.00 / 12', () => {
    const event = renewalEvents(subscriptions, day('2026-11-22'), day('2027-03-22')).find((item) => item.id === 'A:2027-01-31');
    expect(event?.values.map((value) => [value.currency, value.monthly.toString(), value.annual.toString()])).toEqual([['USD', '191.0000', '2292.0000']]);
  });
});
