import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { foldLedger } from '../../../src/domain/ledger/fold.ts';
import { afterServiceEvents, knownServiceLine, type ServiceLine, serviceLineEvents } from '../../../src/domain/ledger/service-line.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const d = CalendarDate.parse;

const MSA: ServiceLine = {
  contractId: 'MSA-1001',
  productName: 'Managed Services Agreement',
  quantity: 50,
  unitPrice: Decimal.parse('125.00'),
  currency: 'USD',
  billing: 'monthly',
  term: 'P12M',
  termStart: d('2025-12-01'),
  termEnd: d('2026-11-30'),
  autoRenew: true,
  noticeDays: 60,
  prorationPolicy: 'daily',
};

const TODAY = d('2026-04-14');
const show = (events: ReturnType<typeof serviceLineEvents>) => events.map((event) => `${event.effectiveDate.toString()} ${event.type} ${event.identity} ${JSON.stringify(event.payload)}`);

describe('service line changes as ledger events', () => {
  it('records a line the ledger does not know as a purchase on its start date, with every term', () => {
    expect(show(serviceLineEvents(undefined, MSA, TODAY))).toEqual([
      '2025-12-01 purchase purchase:2025-12-01 {"productName":"Managed Services Agreement","quantity":50,"unitPrice":"125.00","currency":"USD","autoRenew":true,' +
        '"termStart":"2025-12-01","termEnd":"2026-11-30","term":"P12M","billing":"monthly","noticeDays":60,"prorationPolicy":"daily","contractId":"MSA-1001"}',
    ]);
  });

  it('adds nothing when the line is unchanged (prices compared as numbers)', () => {
    const known = afterServiceEvents(undefined, serviceLineEvents(undefined, MSA, TODAY));
    expect(serviceLineEvents(known, { ...MSA, unitPrice: Decimal.parse('125') }, d('2026-05-01'))).toEqual([]);
  });

  it('dates seat, price, auto-renew and term changes within a term on the snapshot day', () => {
    const known = afterServiceEvents(undefined, serviceLineEvents(undefined, MSA, TODAY));
    const changed = { ...MSA, quantity: 55, unitPrice: Decimal.parse('130.00'), autoRenew: false, termEnd: d('2026-12-31'), noticeDays: 90 };
    expect(show(serviceLineEvents(known, changed, TODAY))).toEqual([
      '2026-04-14 seat_change seats:50>55@2026-04-14 {"quantity":55}',
      '2026-04-14 price_change price:130.00 USD@2026-04-14 {"unitPrice":"130.00","currency":"USD"}',
      '2026-04-14 auto_renew_change auto-renew:false@2026-04-14 {"autoRenew":false}',
      '2026-04-14 status_change terms:2025-12-01 2026-12-31 P12M monthly 90 daily@2026-04-14 {"termEnd":"2026-12-31","noticeDays":90,"change":"terms"}',
    ]);
  });

  it('dates a change to a term that has not started on its start', () => {
    const future = { ...MSA, termStart: d('2026-12-01'), termEnd: d('2027-11-30') };
    const known = afterServiceEvents(undefined, serviceLineEvents(undefined, future, TODAY));
    expect(show(serviceLineEvents(known, { ...future, quantity: 40 }, TODAY))).toEqual(['2026-12-01 seat_change seats:50>40@2026-12-01 {"quantity":40}']);
  });

  it('renews when the start date moves past the known term, and ignores an older term', () => {
    const known = knownServiceLine([{ quantity: 50, unitPrice: '125.00', currency: 'USD', termStart: '2025-12-01', termEnd: '2026-11-30', autoRenew: true }]);
    const renewed = { ...MSA, quantity: 52, unitPrice: Decimal.parse('131.25'), termStart: d('2026-12-01'), termEnd: d('2027-11-30') };
    const events = serviceLineEvents(known, renewed, d('2026-12-03'));
    expect(events.map((event) => `${event.effectiveDate.toString()} ${event.type} ${event.identity}`)).toEqual(['2026-12-01 renewal renewal:2026-12-01']);
    expect(afterServiceEvents(known, events)).toMatchObject({ quantity: 52, unitPrice: '131.25', termStart: '2026-12-01', termEnd: '2027-11-30' });
    expect(serviceLineEvents(afterServiceEvents(known, events), MSA, d('2026-12-03'))).toEqual([]);
  });

  it('folds into the states the contract list described', () => {
    const purchase = serviceLineEvents(undefined, MSA, TODAY);
    const seats = serviceLineEvents(afterServiceEvents(undefined, purchase), { ...MSA, quantity: 55 }, TODAY);
    const versions = foldLedger('Managed Services Agreement', [...purchase, ...seats].map((event, index) => ({ ...event, effectiveDate: event.effectiveDate.toString(), sequence: index })));
    expect(versions.map((v) => [v.validFrom, v.validTo, v.status, v.quantity, v.unitPrice, v.term, v.billing, v.termEnd])).toEqual([
      ['2025-12-01', '2026-04-14', 'active', 50, '125.00', 'P12M', 'monthly', '2026-11-30'],
      ['2026-04-14', null, 'active', 55, '125.00', 'P12M', 'monthly', '2026-11-30'],
    ]);
  });
});
