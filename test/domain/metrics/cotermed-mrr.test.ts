import { describe, expect, it } from 'vitest';
import { cotermedMrr } from '../../../src/domain/metrics/cotermed-mrr.ts';
import { day, mspService, subscription } from './fixtures.ts';

const ON = day('2026-11-30');
const noPolicy = new Map<string, string | null>();

describe('co-termed MRR %', () => {
  it("measures each account against its policy's anchor: annual ends on it, monthly ends on its day of every month, Azure only in the total", () => {
    const result = cotermedMrr(
      ON,
      [
        subscription({ id: 'annual-on-anchor', unitPrice: '100.00', termEnd: '2026-12-31' }),
        subscription({ id: 'annual-elsewhere', unitPrice: '50.00', termEnd: '2027-06-15' }),
        subscription({ id: 'monthly', unitPrice: '20.00', term: 'P1M', termEnd: '2026-11-30' }),
        subscription({ id: 'azure', kind: 'azure_plan', unitPrice: '30.00', term: null, billing: null, termEnd: null }),
      ],
      'USD',
      new Map([['A', '12-31']]),
    );
    // (100 + 20) ÷ 200
    expect([result.cotermed.toString(), result.total.toString(), result.value?.toString()]).toEqual(['120.0000', '200.0000', '60.0']);
    expect(result.anchors.get('A')).toEqual({ anchor: { month: 12, day: 'end' }, source: 'policy' });
    expect(result.explanation).toEqual({
      formula: 'co-termed MRR % = MRR of subscriptions whose current term ends on their account anchor ÷ total MRR × 100',
      inputs: { on: '2026-11-30', currency: 'USD', cotermedMrr: '120.0000', totalMrr: '200.0000', accounts: 1, anchorsFromPolicy: 1, anchorsFromTermEnds: 0, accountsWithoutAnchor: 0, subscriptionsWithoutTerm: 1 },
      rounding: 'rounded half up to 1 decimal, once, from the exact quotient',
      text: "On 2026-11-30, 120.0000 of 200.0000 USD MRR ends on its account's anchor: 60.0%. Anchors: 1 from the policy, 0 from the day most of the account's MRR ends, 0 accounts without one; 1 subscription without a term counted only in the total.",
    });
  });

  it('without a policy anchor, takes the month-day most of the MRR ends on', () => {
    const result = cotermedMrr(
      ON,
      [
        subscription({ id: 'march-1', accountId: 'B', unitPrice: '40.00', termEnd: '2027-03-15' }),
        subscription({ id: 'march-2', accountId: 'B', unitPrice: '40.00', termEnd: '2027-03-15' }),
        subscription({ id: 'september', accountId: 'B', unitPrice: '70.00', termEnd: '2027-09-30' }),
      ],
      'USD',
      noPolicy,
    );
    // 80 ÷ 150 = 53.33…%
    expect([result.cotermed.toString(), result.value?.toString()]).toEqual(['80.0000', '53.3']);
    expect(result.anchors.get('B')).toEqual({ anchor: { month: 3, day: 15 }, source: 'term_ends' });
  });

  it('takes a February month-end anchor to Feb 29 in a leap year and Feb 28 otherwise', () => {
    const result = cotermedMrr(
      day('2027-12-31'),
      [
        subscription({ id: 'leap', unitPrice: '10.00', termEnd: '2028-02-29' }),
        subscription({ id: 'common', unitPrice: '10.00', termEnd: '2029-02-28', term: 'P3Y' }),
        subscription({ id: 'a-day-short', unitPrice: '10.00', termEnd: '2028-02-28' }),
        subscription({ id: 'quarterly-service-on-rhythm', kind: 'msp_service', unitPrice: '10.00', termEnd: '2028-05-31', term: null, billing: null, service: { billing: 'monthly', termMonths: 3, noticeDays: 30, prorationPolicy: 'daily' } }),
        mspService({ id: 'quarterly-service-off-rhythm', unitPrice: '10.00', termEnd: '2028-04-30', termMonths: 3 }),
      ],
      'USD',
      new Map([['A', '02-28']]),
    );
    expect([result.cotermed.toString(), result.total.toString(), result.value?.toString()]).toEqual(['30.0000', '50.0000', '60.0']);
  });

  it("clamps a day past a short month's end for monthly terms: anchor 01-30 meets Feb 28", () => {
    const result = cotermedMrr(
      day('2027-02-01'),
      [subscription({ id: 'monthly', unitPrice: '10.00', term: 'P1M', termEnd: '2027-02-28' }), subscription({ id: 'monthly-end', unitPrice: '10.00', term: 'P1M', termEnd: '2027-03-31' })],
      'USD',
      new Map([['A', '01-30']]),
    );
    expect(result.value?.toString()).toBe('50.0');
  });

  it('counts the Extended Service Term in the total only, and cancelled subscriptions nowhere', () => {
    const result = cotermedMrr(
      ON,
      [
        subscription({ id: 'live', unitPrice: '60.00', termEnd: '2026-12-31' }),
        subscription({ id: 'est', status: 'extendedServiceTerm', unitPrice: '40.00', termEnd: '2026-12-31' }),
        subscription({ id: 'gone', status: 'cancelled', unitPrice: '500.00', termEnd: '2026-12-31' }),
      ],
      'USD',
      noPolicy,
    );
    expect([result.cotermed.toString(), result.total.toString(), result.value?.toString()]).toEqual(['60.0000', '100.0000', '60.0']);
    expect(result.explanation.inputs.subscriptionsWithoutTerm).toBe(1);
  });

  it('leaves other currencies out and says so; an account without any term end has no anchor', () => {
    const result = cotermedMrr(
      ON,
      [
        subscription({ id: 'usd', accountId: 'A', unitPrice: '75.00', termEnd: '2027-01-31' }),
        subscription({ id: 'eur', accountId: 'E', currency: 'EUR', unitPrice: '900.00', termEnd: '2027-01-31' }),
        subscription({ id: 'azure-only', accountId: 'Z', kind: 'azure_plan', unitPrice: '25.00', term: null, billing: null, termEnd: null }),
      ],
      'USD',
      noPolicy,
    );
    expect([result.cotermed.toString(), result.total.toString(), result.value?.toString()]).toEqual(['75.0000', '100.0000', '75.0']);
    expect(result.anchors.get('Z')).toEqual({ anchor: null, source: 'none' });
    expect(result.anchors.has('E')).toBe(false);
    expect(result.explanation.text).toBe(
      "On 2026-11-30, 75.0000 of 100.0000 USD MRR ends on its account's anchor: 75.0%. Anchors: 0 from the policy, 1 from the day most of the account's MRR ends, 1 account without one; 1 subscription without a term counted only in the total. MRR in other currencies is left out: EUR 900.0000.",
    );
  });

  it('is null with no MRR', () => {
    const result = cotermedMrr(ON, [subscription({ id: 'gone', status: 'cancelled' })], 'USD', noPolicy);
    expect(result.value).toBeNull();
    expect(result.explanation.text).toBe('No USD MRR on 2026-11-30: nothing to measure.');
  });
});
