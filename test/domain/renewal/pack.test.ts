import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../../src/domain/calendar/periods.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { type PriceListEntry } from '../../../src/domain/nce/model.ts';
import { PriceBook } from '../../../src/domain/nce/price-list.ts';
import { type AccountSubscription } from '../../../src/domain/portfolio/account-subscription.ts';
import { buildRenewalPack, type CotermOption, type RenewalPackInput } from '../../../src/domain/renewal/pack.ts';
import { BCDR_ADD_ON } from '../../../src/domain/renewal/upgrade-paths.ts';
import { type UsageSignal, type UsageSignalKind } from '../../../src/domain/renewal/usage.ts';

const d = CalendarDate.parse;
const n = Decimal.parse;
const asOf = d('2025-07-02');
const renewalDate = d('2025-10-01');

function price(product: string, unitPrice: string, billing: BillingPlan = 'monthly', start = '2025-01-01', end?: string, term: TermDuration = 'P1Y', currency = 'USD'): PriceListEntry {
  return { product, term, billing, currency, unitPrice: n(unitPrice), effectiveStart: d(start), ...(end ? { effectiveEnd: d(end) } : {}) };
}

function licence(id: string, productName: string, quantity: number, unitPrice: string, billing: BillingPlan = 'monthly', termEnd = '2025-09-30', currency = 'USD'): AccountSubscription {
  return {
    id,
    kind: 'nce',
    accountId: 'acc',
    tenantId: 'tenant',
    productName,
    skuId: null,
    status: 'active',
    quantity,
    unitPrice: n(unitPrice),
    currency,
    term: billing === 'triennial' ? 'P3Y' : 'P1Y',
    billing,
    termStart: d(termEnd).addDays(1).addMonths(-12),
    termEnd: d(termEnd),
    autoRenew: true,
    purchased: null,
  };
}

function service(id: string, productName: string, quantity: number, unitPrice: string): AccountSubscription {
  return {
    ...licence(id, productName, quantity, unitPrice, 'monthly', '2026-03-31'),
    kind: 'msp_service',
    term: null,
    billing: null,
    service: { billing: 'monthly', termMonths: 12, noticeDays: 60, prorationPolicy: 'daily' },
  };
}

function monthly(kind: UsageSignalKind, month: string, value: string, extra: Partial<UsageSignal> = {}): UsageSignal {
  const periodStart = d(`${month}-01`);
  return { kind, subscriptionId: null, periodStart, periodEnd: periodStart.lastDayOfMonth(), value: n(value), capacity: null, category: '', ...extra };
}

const standard = licence('std', 'Microsoft 365 Business Standard', 20, '150.00', 'annual');
const e3 = licence('e3', 'Microsoft 365 E3', 10, '36.00');
const azurePlan: AccountSubscription = { ...licence('az', 'Azure plan', 1, '0', 'monthly'), kind: 'azure_plan', unitPrice: null, term: null, billing: null, termEnd: null };
const msa = service('msa', 'Managed Services Agreement', 25, '105.00');
const backup = service('bkp', 'Backup (per TB)', 4, '100.00');

const PRICES = [
  price('Microsoft 365 Business Standard', '150.00', 'annual', '2025-01-01', '2025-07-31'),
  price('Microsoft 365 Business Standard', '157.50', 'annual', '2025-08-01'),
  price('Microsoft 365 Business Premium', '264.00', 'annual'),
  price('Microsoft Defender for Business', '36.00', 'annual'),
  price('Microsoft 365 E3', '36.00', 'monthly', '2025-01-01', '2025-07-31'),
  price('Microsoft 365 E3', '37.80', 'monthly', '2025-08-01'),
  price('Microsoft 365 E5', '57.00'),
  price('Microsoft Defender for Endpoint P2', '5.20'),
];

const SIGNALS: UsageSignal[] = [
  monthly('seats_assigned', '2025-06', '15', { subscriptionId: 'std', capacity: n('20') }),
  monthly('seats_assigned', '2025-06', '9', { subscriptionId: 'e3', capacity: n('10') }),
  monthly('tickets', '2025-06', '3', { category: 'security how-to' }),
  monthly('tickets', '2025-06', '4', { category: 'password reset' }),
  monthly('backup_utilisation', '2025-06', '3.5', { subscriptionId: 'bkp', capacity: n('4') }),
  monthly('endpoint_coverage', '2025-06', '28', { capacity: n('30') }),
  ...['700', '720', '760', '790', '800', '850'].map((value, index) => monthly('azure_consumption', `2025-0${index + 1}`, value, { subscriptionId: 'azure-sub', category: 'Virtual Machines' })),
];

const COTERM: CotermOption = {
  anchor: d('2026-09-30'),
  lines: [
    {
      subscriptionId: 'msa',
      productName: 'Managed Services Agreement',
      description: 'Align to 2026-09-30',
      start: d('2026-04-01'),
      end: d('2026-09-30'),
      amount: n('15750.00'),
      currency: 'USD',
      explanation: '25 × 105.00 × 6 months',
    },
  ],
  total: n('15750.00'),
  currency: 'USD',
};

function input(extra: Partial<RenewalPackInput> = {}): RenewalPackInput {
  return {
    asOf,
    renewalDate,
    account: { id: 'acc', name: 'Contoso Dental' },
    subscriptions: [standard, e3, azurePlan],
    allSubscriptions: [standard, e3, azurePlan, msa, backup],
    signals: SIGNALS,
    priceBook: new PriceBook(PRICES),
    cotermOption: COTERM,
    serviceCatalog: [{ productName: BCDR_ADD_ON, unitPrice: n('25.00'), currency: 'USD', billing: 'monthly' }],
    ...extra,
  };
}

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const STD_LIST = 'Microsoft price list: Microsoft 365 Business Standard P1Y annual USD in force on 2025-10-01 (effective 2025-08-01)';
const E3_LIST = 'Microsoft price list: Microsoft 365 E3 P1Y monthly USD in force on 2025-10-01 (effective 2025-08-01)';

describe('renewal pack', () => {
  const pack = buildRenewalPack(input());

  it('heads the pack with the account, dates, currency and health', () => {
    expect(json({ account: pack.account, asOf: pack.asOf, renewalDate: pack.renewalDate, currency: pack.currency })).toEqual({
      account: { id: 'acc', name: 'Contoso Dental' },
      asOf: '2025-07-02',
      renewalDate: '2025-10-01',
      currency: 'USD',
    });
    // 7 tickets ÷ 24 seats in use: 0; 24 of 30 seats = 80%: 0; 28 of 30 devices = 93.3%: −10; backup 87.5%: 0.
    expect(pack.health.factors.map((factor) => [factor.factor, factor.points])).toEqual([
      ['ticket_volume', 0],
      ['shelfware', 0],
      ['endpoint_coverage', -10],
      ['backup_capacity', 0],
    ]);
    expect(pack.health.score).toBe(90);
  });

  it('takes the health given instead of computing it', () => {
    const health = { score: 40, band: 'red' as const, atRisk: true, atRiskThreshold: 50, factors: [] };
    expect(buildRenewalPack(input({ health })).health).toBe(health);
  });

  it('(a) sets entitlements against usage: seats, the Azure trend, backup and endpoint coverage', () => {
    expect(json(pack.entitlements)).toEqual({
      seats: [
        { subscriptionId: 'std', productName: 'Microsoft 365 Business Standard', contracted: 20, assigned: '15', utilisationPercent: '75.0', measuredFrom: '2025-06-01', measuredTo: '2025-06-30' },
        { subscriptionId: 'e3', productName: 'Microsoft 365 E3', contracted: 10, assigned: '9', utilisationPercent: '90.0', measuredFrom: '2025-06-01', measuredTo: '2025-06-30' },
      ],
      azure: {
        months: [
          { month: '2025-01', total: '700' },
          { month: '2025-02', total: '720' },
          { month: '2025-03', total: '760' },
          { month: '2025-04', total: '790' },
          { month: '2025-05', total: '800' },
          { month: '2025-06', total: '850' },
        ],
        points: 6,
        // Σx = 15, Σy = 4620, Σxy = 12060, Σx² = 55: slope = (6·12060 − 15·4620) ÷ (6·55 − 15²) = 3060 ÷ 105 = 29.142857…
        slopePerMonth: '29.14',
        projectedMonth: '2025-09',
        // ȳ + slope × (8 − x̄) = 770 + 29.142857… × 5.5 = 930.2857…
        projected: '930.29',
        currency: 'USD',
      },
      backup: [{ subscriptionId: 'bkp', used: '3.5', capacity: '4', utilisationPercent: '87.5', periodStart: '2025-06-01', periodEnd: '2025-06-30' }],
      endpoints: [{ subscriptionId: null, used: '28', capacity: '30', utilisationPercent: '93.3', periodStart: '2025-06-01', periodEnd: '2025-06-30' }],
    });
  });

  it('(b) prices the contract against the list now and on the renewal date', () => {
    expect(json(pack.pricing)).toEqual([
      {
        subscriptionId: 'std',
        productName: 'Microsoft 365 Business Standard',
        quantity: 20,
        term: 'P1Y',
        billing: 'annual',
        contractUnitPrice: '150.00',
        listPriceNow: '150.00',
        listPriceAtRenewal: '157.50',
        unitDelta: '7.50',
        monthlyImpact: '12.50',
        annualImpact: '150.00',
        note: 'the price rises at renewal on 2025-10-01: list 157.50 against contract 150.00',
      },
      {
        subscriptionId: 'e3',
        productName: 'Microsoft 365 E3',
        quantity: 10,
        term: 'P1Y',
        billing: 'monthly',
        contractUnitPrice: '36.00',
        listPriceNow: '36.00',
        listPriceAtRenewal: '37.80',
        unitDelta: '1.80',
        monthlyImpact: '18.00',
        annualImpact: '216.00',
        note: 'the price rises at renewal on 2025-10-01: list 37.80 against contract 36.00',
      },
      {
        subscriptionId: 'az',
        productName: 'Azure plan',
        quantity: 1,
        term: null,
        billing: null,
        contractUnitPrice: null,
        listPriceNow: null,
        listPriceAtRenewal: null,
        unitDelta: null,
        monthlyImpact: null,
        annualImpact: null,
        note: 'azure_plan: no Microsoft term and billing plan to look up',
      },
    ]);
  });

  it('(c) lists the plays that fire, aligned on the co-term anchor', () => {
    expect(pack.recommendations.map((recommendation) => [recommendation.play, recommendation.title, recommendation.monthlyImpact?.toString()])).toEqual([
      ['anchor_and_expand', 'Co-term 2 renewal dates on 2026-09-30', '3025.00'], // a month of the MSA (2625.00) and backup (400.00)
      ['usage_to_upgrade', 'Security questions on Microsoft 365 Business Standard: Add Microsoft Defender for Business × 15', '45.00'],
      ['usage_to_upgrade', 'Security questions on Microsoft 365 E3: Add Microsoft Defender for Endpoint P2 × 9', '46.80'],
      ['usage_to_upgrade', 'Backup storage filling up: BCDR add-on', '100.00'],
      ['inflation_guard', 'Microsoft price rise on 2 subscriptions: 366.00 USD a year', '30.50'],
    ]);
  });

  it('(d) carries the co-term option through unchanged', () => {
    expect(pack.coterm).toBe(COTERM);
    expect(buildRenewalPack(input({ cotermOption: undefined })).coterm).toBeNull();
  });

  it('(e) prices hold at the renewal-date list prices, excluding what cannot be priced', () => {
    expect(json(pack.options.hold)).toEqual({
      name: 'hold',
      description: 'Status quo: every subscription renews at its current quantity at the price in force on the renewal date.',
      lines: [
        { subscriptionId: 'std', action: 'renew', productName: 'Microsoft 365 Business Standard', quantity: 20, unitPrice: '157.50', term: 'P1Y', billing: 'annual', monthlyValue: '262.50', annualValue: '3150.00', priceSource: STD_LIST },
        { subscriptionId: 'e3', action: 'renew', productName: 'Microsoft 365 E3', quantity: 10, unitPrice: '37.80', term: 'P1Y', billing: 'monthly', monthlyValue: '378.00', annualValue: '4536.00', priceSource: E3_LIST },
      ],
      totals: { monthly: '640.50', annual: '7686.00', monthlyDeltaVsHold: '0.00', annualDeltaVsHold: '0.00' },
      notOffered: [],
    });
    expect(pack.excluded).toEqual([{ subscriptionId: 'az', productName: 'Azure plan', reason: 'consumption-billed: no unit price to renew' }]);
  });

  it('(e) hardens with security add-ons sized by the seats in use, saying what it could not offer', () => {
    const { harden } = pack.options;
    expect(json(harden.lines.filter((line) => line.action === 'add'))).toEqual([
      {
        subscriptionId: 'std',
        action: 'add',
        productName: 'Microsoft Defender for Business',
        quantity: 15,
        unitPrice: '36.00',
        term: 'P1Y',
        billing: 'annual',
        monthlyValue: '45.00',
        annualValue: '540.00',
        priceSource: 'Microsoft price list: Microsoft Defender for Business P1Y annual USD in force on 2025-10-01 (effective 2025-01-01); sized by 15 seats in use',
      },
      {
        subscriptionId: 'e3',
        action: 'add',
        productName: 'Microsoft Defender for Endpoint P2',
        quantity: 9,
        unitPrice: '5.20',
        term: 'P1Y',
        billing: 'monthly',
        monthlyValue: '46.80',
        annualValue: '561.60',
        priceSource: 'Microsoft price list: Microsoft Defender for Endpoint P2 P1Y monthly USD in force on 2025-10-01 (effective 2025-01-01); sized by 9 seats in use',
      },
    ]);
    expect(harden.lines.map((line) => `${line.subscriptionId} ${line.action}`)).toEqual(['std renew', 'std add', 'e3 renew', 'e3 add']);
    expect(json(harden.totals)).toEqual({ monthly: '732.30', annual: '8787.60', monthlyDeltaVsHold: '91.80', annualDeltaVsHold: '1101.60' });
    expect(harden.notOffered).toEqual([
      { subscriptionId: 'e3', productName: 'Microsoft 365 E3', reason: 'Microsoft 365 E5 Security: not offered, not in the price list for P1Y monthly USD on 2025-10-01' },
    ]);
  });

  it('(e) modernizes with tier migrations that replace the renewal lines', () => {
    const { modernize } = pack.options;
    expect(modernize.lines.map((line) => [line.subscriptionId, line.action, line.productName, line.quantity, line.unitPrice.toString(), line.monthlyValue.toString(), line.annualValue.toString()])).toEqual([
      ['std', 'migrate', 'Microsoft 365 Business Premium', 20, '264.00', '440.00', '5280.00'],
      ['e3', 'migrate', 'Microsoft 365 E5', 10, '57.00', '570.00', '6840.00'],
    ]);
    expect(json(modernize.totals)).toEqual({ monthly: '1010.00', annual: '12120.00', monthlyDeltaVsHold: '369.50', annualDeltaVsHold: '4434.00' });
    expect(modernize.notOffered).toEqual([]);
  });

  it('renews at the contract price when the list has no row, saying so', () => {
    const lines = buildRenewalPack(input({ priceBook: new PriceBook([]) })).options.hold.lines;
    expect(lines.map((line) => [line.unitPrice.toString(), line.priceSource])).toEqual([
      ['150.00', 'the contract price: no list price for Microsoft 365 Business Standard P1Y annual USD on 2025-10-01'],
      ['36.00', 'the contract price: no list price for Microsoft 365 E3 P1Y monthly USD on 2025-10-01'],
    ]);
  });

  it('rounds to the minor units of the currency once: JPY to whole yen, a triennial price spread over 36 months to the cent', () => {
    const yen = licence('jp', 'Microsoft 365 Business Standard', 7, '1000', 'annual', '2025-09-30', 'JPY');
    const jpy = buildRenewalPack(input({ subscriptions: [yen], allSubscriptions: [yen], priceBook: new PriceBook([price('Microsoft 365 Business Standard', '1000', 'annual', '2025-01-01', undefined, 'P1Y', 'JPY')]) }));
    expect(jpy.currency).toBe('JPY');
    // 7 × 1000 ÷ 12 = 583.33… → 583; 7000 a year.
    expect(json(jpy.options.hold.totals)).toEqual({ monthly: '583', annual: '7000', monthlyDeltaVsHold: '0', annualDeltaVsHold: '0' });
    const triennial = licence('p3y', 'Microsoft 365 E3', 1, '1000.00', 'triennial');
    const three = buildRenewalPack(input({ subscriptions: [triennial], allSubscriptions: [triennial], priceBook: new PriceBook([]) }));
    // 1000.00 ÷ 36 = 27.7777… → monthlyValue() 27.7778 → 27.78; × 12 = 333.3336 → 333.33.
    expect(json(three.options.hold.lines[0])).toMatchObject({ monthlyValue: '27.78', annualValue: '333.33' });
  });

  it('is priced in one currency: mixed renewing currencies need the currency named, and others are excluded', () => {
    const euro = licence('eu', 'Microsoft 365 E3', 5, '34.00', 'monthly', '2025-09-30', 'EUR');
    expect(() => buildRenewalPack(input({ subscriptions: [e3, euro] }))).toThrow(InvalidInputError);
    expect(() => buildRenewalPack(input({ subscriptions: [e3, euro] }))).toThrow('a renewal pack is priced in one currency; the subscriptions are in EUR, USD: pass the currency to use');
    const named = buildRenewalPack(input({ subscriptions: [e3, euro], currency: 'usd' }));
    expect(named.currency).toBe('USD');
    expect(named.excluded).toEqual([{ subscriptionId: 'eu', productName: 'Microsoft 365 E3', reason: 'billed in EUR, not USD' }]);
    expect(named.pricing.map((row) => row.subscriptionId)).toEqual(['e3']);
    expect(() => buildRenewalPack(input({ subscriptions: [], allSubscriptions: [] }))).toThrow('no subscription has a currency: pass the currency of the pack');
  });

  it('is deterministic and survives JSON: the same input, in any signal order, gives the same text', () => {
    const text = JSON.stringify(pack);
    expect(JSON.stringify(buildRenewalPack(input()))).toBe(text);
    expect(JSON.stringify(buildRenewalPack(input({ signals: [...SIGNALS].reverse() })))).toBe(text);
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
  });
});

describe('renewal pack properties', () => {
  const PRODUCTS = [
    'Microsoft 365 Business Basic',
    'Microsoft 365 Business Standard',
    'Microsoft 365 Business Premium',
    'Microsoft 365 E3',
    'Office 365 E3',
    'Microsoft 365 E5',
    'Microsoft Defender for Business',
    'Microsoft 365 E5 Security',
    'Microsoft Defender for Endpoint P1',
    'Microsoft Defender for Endpoint P2',
    'Visio Plan 2',
  ];
  const PLANS: readonly [TermDuration, BillingPlan][] = [
    ['P1Y', 'monthly'],
    ['P1Y', 'annual'],
    ['P3Y', 'triennial'],
  ];
  const cents = fc.integer({ min: 1, max: 400_000 }).map((units) => Decimal.of(BigInt(units), 2));
  // Most product × plan rows exist (so upgrades are priced), each from a random month, some with a later second price.
  const plans = PRODUCTS.flatMap((product) => PLANS.map((plan) => ({ product, plan })));
  const priceList = fc
    .tuple(...plans.map(() => fc.option(fc.record({ unitPrice: cents, startMonth: fc.integer({ min: 0, max: 12 }), later: fc.option(cents) }), { freq: 4 })))
    .map((cells) =>
      cells.flatMap((cell, index): PriceListEntry[] => {
        const { product, plan } = plans[index] as (typeof plans)[number];
        if (!cell) return [];
        const start = d('2025-01-01').addMonths(cell.startMonth);
        const row = { product, term: plan[0], billing: plan[1], currency: 'USD' };
        return [{ ...row, unitPrice: cell.unitPrice, effectiveStart: start }, ...(cell.later ? [{ ...row, unitPrice: cell.later, effectiveStart: start.addMonths(6) }] : [])];
      }),
    );
  const subscription = fc
    .record({ product: fc.constantFrom(...PRODUCTS), plan: fc.constantFrom(...PLANS), unitPrice: cents, quantity: fc.integer({ min: 1, max: 300 }), assigned: fc.option(fc.integer({ min: 0, max: 320 })) })
    .map(({ product, plan, unitPrice, quantity, assigned }) => ({ product, plan, unitPrice, quantity, assigned }));

  it('option totals are the sums of their lines, deltas are against hold, and upgrades never cost less than hold', () => {
    fc.assert(
      fc.property(priceList, fc.array(subscription, { minLength: 1, maxLength: 6 }), (rows, drafts) => {
        const subscriptions = drafts.map((draft, index): AccountSubscription => ({
          ...licence(`s${index}`, draft.product, draft.quantity, '1.00', draft.plan[1]),
          term: draft.plan[0],
          unitPrice: draft.unitPrice,
        }));
        const signals = drafts.flatMap((draft, index) =>
          draft.assigned === null ? [] : [monthly('seats_assigned', '2025-06', String(draft.assigned), { subscriptionId: `s${index}`, capacity: n(String(draft.quantity)) })],
        );
        const pack = buildRenewalPack({ asOf, renewalDate, account: { id: 'a', name: 'A' }, subscriptions, allSubscriptions: subscriptions, signals, priceBook: new PriceBook(rows) });
        const hold = pack.options.hold.totals;
        for (const option of [pack.options.hold, pack.options.harden, pack.options.modernize]) {
          const monthlySum = option.lines.reduce((total, line) => total.plus(line.monthlyValue), Decimal.ZERO);
          const annualSum = option.lines.reduce((total, line) => total.plus(line.annualValue), Decimal.ZERO);
          expect(option.totals.monthly.equals(monthlySum)).toBe(true);
          expect(option.totals.annual.equals(annualSum)).toBe(true);
          expect(option.totals.monthlyDeltaVsHold.equals(option.totals.monthly.minus(hold.monthly))).toBe(true);
          expect(option.totals.annualDeltaVsHold.equals(option.totals.annual.minus(hold.annual))).toBe(true);
          expect(option.totals.annual.compare(hold.annual)).toBeGreaterThanOrEqual(0);
          for (const line of option.lines) {
            expect(line.monthlyValue.scale).toBe(2);
            expect(line.annualValue.scale).toBe(2);
            expect(line.quantity).toBeGreaterThan(0);
          }
        }
        // Every renewing subscription is renewed once in hold; the upgrades keep or replace each hold line, in order, and add beside it.
        const renewed = subscriptions.map((s) => s.id);
        expect(pack.options.hold.lines.map((line) => line.subscriptionId)).toEqual(renewed);
        for (const option of [pack.options.harden, pack.options.modernize]) {
          expect(option.lines.filter((line) => line.action !== 'add').map((line) => line.subscriptionId)).toEqual(renewed);
        }
        const text = JSON.stringify(pack);
        expect(JSON.stringify(JSON.parse(text))).toBe(text);
        expect(JSON.stringify(buildRenewalPack({ asOf, renewalDate, account: { id: 'a', name: 'A' }, subscriptions, allSubscriptions: subscriptions, signals: [...signals].reverse(), priceBook: new PriceBook(rows) }))).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});
