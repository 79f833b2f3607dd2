import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PackBatch } from '../../src/app/renewals/pack-composer.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { DEFAULT_POLICY } from '../../src/domain/renewal/policy.ts';
import { decodePackBatch, decodePriceList, encodeForWorker } from '../../src/workers/pack-batch-codec.ts';

const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 })).map(([units, scale]) => Decimal.of(units, scale));
const date = fc.integer({ min: CalendarDate.parse('2000-01-01').epochDay, max: CalendarDate.parse('2040-12-31').epochDay }).map((day) => CalendarDate.fromEpochDay(day));

function batchWith(amount: Decimal, day: CalendarDate, capacity: Decimal | null): PackBatch {
  return {
    asOf: day,
    events: [{ id: `acct-1:${day.toString()}`, accountId: 'acct-1', date: day, subscriptionIds: ['sub-1'], notRenewing: [], values: [{ currency: 'USD', monthly: amount, annual: amount }] }],
    accounts: {
      'acct-1': {
        account: { id: 'acct-1', name: 'Contoso' },
        policy: DEFAULT_POLICY,
        health: { score: 85, band: 'green', atRisk: false, atRiskThreshold: 50, factors: [{ factor: 'shelfware', points: -15, evidence: '12 of 40 seats unassigned' }] },
        subscriptions: [
          {
            id: 'sub-1',
            kind: 'nce',
            accountId: 'acct-1',
            tenantId: 'tenant-1',
            productName: 'Microsoft 365 E3',
            skuId: null,
            status: 'active',
            quantity: 40,
            unitPrice: amount,
            currency: 'USD',
            term: 'P1Y',
            billing: 'monthly',
            termStart: day,
            termEnd: day.addDays(364),
            autoRenew: true,
            purchased: null,
          },
        ],
        signals: [{ kind: 'seats_assigned', subscriptionId: 'sub-1', periodStart: day, periodEnd: day.addDays(30), value: amount, capacity, category: '' }],
      },
    },
  };
}

describe('the pack batch codec between threads', () => {
  it('brings back every date and amount as itself, an amount with its scale', () => {
    fc.assert(
      fc.property(decimal, date, fc.option(decimal), (amount, day, capacity) => {
        const batch = batchWith(amount, day, capacity);
        const decoded = decodePackBatch(encodeForWorker(batch));
        // Same text everywhere (a Decimal's text carries its scale), and the domain's types where the types say so.
        expect(JSON.stringify(decoded)).toBe(JSON.stringify(batch));
        const account = decoded.accounts['acct-1'];
        const [subscription] = account?.subscriptions ?? [];
        const [signal] = account?.signals ?? [];
        const [event] = decoded.events;
        for (const value of [decoded.asOf, event?.date, subscription?.termStart, subscription?.termEnd, signal?.periodStart, signal?.periodEnd]) expect(value).toBeInstanceOf(CalendarDate);
        for (const value of [event?.values[0]?.monthly, event?.values[0]?.annual, subscription?.unitPrice, signal?.value]) expect(value).toBeInstanceOf(Decimal);
        if (capacity === null) expect(signal?.capacity).toBeNull();
        else expect(signal?.capacity).toBeInstanceOf(Decimal);
      }),
    );
  });

  it('brings back a price list, open-ended rows included', () => {
    const entries = [
      { product: 'Microsoft 365 E3', term: 'P1Y' as const, billing: 'monthly' as const, currency: 'USD', unitPrice: Decimal.parse('36.00'), effectiveStart: CalendarDate.parse('2026-04-01') },
      { product: 'Microsoft 365 E3', term: 'P1Y' as const, billing: 'monthly' as const, currency: 'USD', unitPrice: Decimal.parse('33.60'), effectiveStart: CalendarDate.parse('2023-01-01'), effectiveEnd: CalendarDate.parse('2026-03-31') },
    ];
    const decoded = decodePriceList(encodeForWorker(entries));
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(entries));
    expect(decoded[0]).not.toHaveProperty('effectiveEnd');
    for (const entry of decoded) {
      expect(entry.unitPrice).toBeInstanceOf(Decimal);
      expect(entry.effectiveStart).toBeInstanceOf(CalendarDate);
    }
    expect(decoded[1]?.effectiveEnd).toBeInstanceOf(CalendarDate);
  });
});
