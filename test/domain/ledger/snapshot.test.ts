import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { eventsFromSnapshot, type KnownSubscription, parseSnapshotStatus, type SubscriptionSnapshot } from '../../../src/domain/ledger/snapshot.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const d = (text: string) => CalendarDate.parse(text);
const AS_OF = d('2026-03-01');

const BASIC: SubscriptionSnapshot = {
  subscriptionId: 'sub-1',
  productName: 'Microsoft 365 Business Basic',
  skuId: '0001',
  quantity: 12,
  status: 'active',
  creationDate: d('2025-04-10'),
  effectiveStartDate: d('2025-04-10'),
  commitmentEndDate: d('2026-04-09'),
  autoRenew: true,
  term: 'P1Y',
  billing: 'monthly',
  unitPrice: Decimal.parse('7.20'),
  currency: 'USD',
  refundableQuantity: undefined,
  cancellationAllowedUntil: undefined,
  nextTerm: undefined,
};

/** The ledger's state after BASIC's purchase. */
const KNOWN: KnownSubscription = { status: 'active', quantity: 12, unitPrice: '7.20', currency: 'USD', termEnd: '2026-04-09', autoRenew: true, instructions: null };

const brief = (snapshot: SubscriptionSnapshot, known?: KnownSubscription, asOf = AS_OF) =>
  eventsFromSnapshot(snapshot, known, asOf, 'import 7').map((event) => ({ on: event.effectiveDate.toString(), type: event.type, payload: event.payload, identity: event.identity }));

describe('the ledger events a Partner Center snapshot implies', () => {
  it('records a subscription the ledger does not know as a purchase on its term start, with everything the snapshot shows', () => {
    expect(brief({ ...BASIC, refundableQuantity: 0, cancellationAllowedUntil: d('2025-04-17') })).toEqual([
      {
        on: '2025-04-10',
        type: 'purchase',
        payload: {
          status: 'active', productName: 'Microsoft 365 Business Basic', skuId: '0001', quantity: 12, unitPrice: '7.20', currency: 'USD', term: 'P1Y',
          billing: 'monthly', termStart: '2025-04-10', termEnd: '2026-04-09', autoRenew: true, creationDate: '2025-04-10', refundableQuantity: 0,
          cancellationAllowedUntil: '2025-04-17',
        },
        identity: 'purchase:2025-04-10',
      },
    ]);
  });

  it('dates a purchase by the creation date, else the snapshot day, and never records instructions before it', () => {
    const legacy: SubscriptionSnapshot = {
      ...BASIC, effectiveStartDate: undefined, commitmentEndDate: undefined, term: undefined, billing: undefined, unitPrice: undefined, currency: undefined,
      autoRenew: undefined, status: undefined, skuId: undefined,
    };
    expect(brief(legacy)).toEqual([
      { on: '2025-04-10', type: 'purchase', payload: { productName: 'Microsoft 365 Business Basic', quantity: 12, creationDate: '2025-04-10' }, identity: 'purchase:2025-04-10' },
    ]);
    const future = { ...BASIC, effectiveStartDate: d('2026-03-05'), commitmentEndDate: undefined, creationDate: undefined, nextTerm: { productId: undefined, skuId: '0002', availabilityId: undefined, quantity: 10, term: undefined, billing: undefined, customTermEnd: undefined } };
    expect(brief(future).map((event) => `${event.on} ${event.type} ${event.identity}`)).toEqual([
      '2026-03-05 purchase purchase:2026-03-05',
      '2026-03-05 scheduled_instructions snapshot:2026-03-01:import 7:instructions',
    ]);
    expect(brief({ ...legacy, creationDate: undefined }).map((event) => event.on)).toEqual(['2026-03-01']);
  });

  it('adds nothing when the snapshot shows what the ledger knows', () => {
    expect(brief(BASIC, KNOWN)).toEqual([]);
    expect(brief({ ...BASIC, unitPrice: Decimal.parse('7.2') }, KNOWN)).toEqual([]);
    expect(brief({ ...BASIC, unitPrice: undefined, autoRenew: undefined, status: undefined }, KNOWN)).toEqual([]);
  });

  it('records seat, status, auto-renew and price changes on the snapshot day', () => {
    expect(brief({ ...BASIC, quantity: 15, status: 'suspended', autoRenew: false, unitPrice: Decimal.parse('7.56') }, KNOWN)).toEqual([
      { on: '2026-03-01', type: 'seat_change', payload: { quantity: 15 }, identity: 'snapshot:2026-03-01:import 7:seats:15' },
      { on: '2026-03-01', type: 'status_change', payload: { status: 'suspended' }, identity: 'snapshot:2026-03-01:import 7:status:suspended' },
      { on: '2026-03-01', type: 'auto_renew_change', payload: { autoRenew: false }, identity: 'snapshot:2026-03-01:import 7:autoRenew:false' },
      { on: '2026-03-01', type: 'price_change', payload: { unitPrice: '7.56', currency: 'USD' }, identity: 'snapshot:2026-03-01:import 7:price:7.56USD' },
    ]);
  });

  it('takes Partner Center\'s names for the ledger\'s statuses: deleted is cancelled, an Extended Service Term is active', () => {
    expect(brief({ ...BASIC, status: 'deleted' }, { ...KNOWN, status: 'cancelled' })).toEqual([]);
    expect(brief({ ...BASIC, status: 'active' }, { ...KNOWN, status: 'extendedServiceTerm' })).toEqual([]);
    expect(brief({ ...BASIC, status: 'active' }, { ...KNOWN, status: 'cancelled' }).map((event) => event.type)).toEqual(['status_change']);
  });

  it('records a renewal when the term moved past the known term end, and compares the rest with the renewed (active) term', () => {
    const renewed = { ...BASIC, effectiveStartDate: d('2026-04-10'), commitmentEndDate: d('2027-04-09'), unitPrice: Decimal.parse('7.56'), quantity: 10 };
    expect(brief(renewed, { ...KNOWN, status: 'suspended' }, d('2026-05-01'))).toEqual([
      {
        on: '2026-04-10', type: 'renewal', payload: { termStart: '2026-04-10', termEnd: '2027-04-09', term: 'P1Y', billing: 'monthly', unitPrice: '7.56', currency: 'USD' },
        identity: 'renewal:2026-04-10',
      },
      { on: '2026-05-01', type: 'seat_change', payload: { quantity: 10 }, identity: 'snapshot:2026-05-01:import 7:seats:10' },
    ]);
    const noEnd = brief({ ...renewed, commitmentEndDate: undefined }, KNOWN, d('2026-05-01'));
    expect(noEnd[0]?.payload.termEnd).toBe('2027-04-09');
  });

  it('renews a legacy offer whose commitment end moved on once the known end has passed', () => {
    const legacy = { ...BASIC, term: undefined, effectiveStartDate: d('2019-04-10'), commitmentEndDate: d('2027-04-09'), unitPrice: undefined };
    expect(brief(legacy, KNOWN, d('2026-04-10')).map((event) => `${event.on} ${event.type} ${String(event.payload.termStart)}..${String(event.payload.termEnd)}`)).toEqual([
      '2026-04-10 renewal 2026-04-10..2027-04-09',
    ]);
    expect(brief(legacy, KNOWN, d('2026-04-09'))).toEqual([]);
  });

  it('records scheduled next-term instructions when they differ from the latest known ones', () => {
    const nextTerm = { productId: 'CFQ7TTC0LDPB', skuId: '0001', availabilityId: undefined, quantity: 12, term: 'P1Y' as const, billing: 'annual' as const, customTermEnd: undefined };
    const snapshot = { ...BASIC, nextTerm };
    expect(brief(snapshot, KNOWN)).toEqual([
      {
        on: '2026-03-01', type: 'scheduled_instructions', payload: { instructions: { productId: 'CFQ7TTC0LDPB', skuId: '0001', quantity: 12, term: 'P1Y', billing: 'annual' } },
        identity: 'snapshot:2026-03-01:import 7:instructions',
      },
    ]);
    const stored = { billing: 'annual', quantity: 12, skuId: '0001', term: 'P1Y', productId: 'CFQ7TTC0LDPB' };
    expect(brief(snapshot, { ...KNOWN, instructions: stored })).toEqual([]);
    expect(brief({ ...snapshot, nextTerm: { ...nextTerm, quantity: 8 } }, { ...KNOWN, instructions: stored }).map((event) => event.type)).toEqual(['scheduled_instructions']);
  });

  it('reads Partner Center statuses in any case', () => {
    expect(['Active', 'SUSPENDED', ' expired ', 'disabled', 'Deleted', 'cancelled', 'pending'].map(parseSnapshotStatus)).toEqual([
      'active', 'suspended', 'expired', 'disabled', 'deleted', undefined, undefined,
    ]);
  });
});
