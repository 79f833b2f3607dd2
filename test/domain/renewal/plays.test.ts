import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../../src/domain/calendar/periods.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { type PriceListEntry } from '../../../src/domain/nce/model.ts';
import { PriceBook } from '../../../src/domain/nce/price-list.ts';
import { type AccountSubscription } from '../../../src/domain/portfolio/account-subscription.ts';
import { consumptionTrend, fractionToDecimal, leastSquares } from '../../../src/domain/renewal/consumption-trend.ts';
import { anchorAndExpand, inflationGuard, type PlayContext, recommendPlays, reservedInstance, usageToUpgrade } from '../../../src/domain/renewal/plays.ts';
import { BCDR_ADD_ON } from '../../../src/domain/renewal/upgrade-paths.ts';
import { type UsageSignal, type UsageSignalKind } from '../../../src/domain/renewal/usage.ts';

const d = CalendarDate.parse;
const n = Decimal.parse;
const asOf = d('2025-07-02');
const renewalDate = d('2025-10-01');

function price(product: string, unitPrice: string, billing: BillingPlan = 'monthly', start = '2025-01-01', end?: string, term: TermDuration = 'P1Y'): PriceListEntry {
  return { product, term, billing, currency: 'USD', unitPrice: n(unitPrice), effectiveStart: d(start), ...(end ? { effectiveEnd: d(end) } : {}) };
}

function licence(id: string, productName: string, quantity: number, unitPrice: string, billing: BillingPlan = 'monthly', termEnd = '2025-09-30'): AccountSubscription {
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
    currency: 'USD',
    term: 'P1Y',
    billing,
    termStart: d(termEnd).addDays(1).addMonths(-12),
    termEnd: d(termEnd),
    autoRenew: true,
    purchased: null,
  };
}

function service(id: string, productName: string, quantity: number, unitPrice: string, billing: 'monthly' | 'quarterly' | 'annual' = 'monthly', termEnd = '2026-03-31'): AccountSubscription {
  return {
    ...licence(id, productName, quantity, unitPrice, 'monthly', termEnd),
    kind: 'msp_service',
    term: null,
    billing: null,
    service: { billing, termMonths: 12, noticeDays: 60, prorationPolicy: 'daily' },
  };
}

function monthly(kind: UsageSignalKind, month: string, value: string, extra: Partial<UsageSignal> = {}): UsageSignal {
  const periodStart = d(`${month}-01`);
  return { kind, subscriptionId: null, periodStart, periodEnd: periodStart.lastDayOfMonth(), value: n(value), capacity: null, category: '', ...extra };
}

function context(subscriptions: AccountSubscription[], signals: UsageSignal[] = [], entries: PriceListEntry[] = [], extra: Partial<PlayContext> = {}): PlayContext {
  return { asOf, renewalDate, currency: 'USD', subscriptions, signals, priceBook: new PriceBook(entries), ...extra };
}

describe('anchor and expand: scattered term end dates → one anchor with an incentive', () => {
  const e3 = licence('e3', 'Microsoft 365 E3', 10, '36.00');
  const msa = service('msa', 'Managed Services Agreement', 25, '105.00');
  const edr = service('edr', 'Endpoint Security', 30, '8.50');
  const backup = service('bkp', 'Backup (per TB)', 4, '300.00', 'quarterly', '2026-01-31');

  it('proposes the anchor with one month of services as credit or a 24-month lock, both in money', () => {
    const [recommendation, ...rest] = anchorAndExpand(context([e3, msa, edr, backup]));
    expect(rest).toEqual([]);
    expect(recommendation).toEqual({
      play: 'anchor_and_expand',
      title: 'Co-term 3 renewal dates on 2026-09-30',
      evidence: [
        '3 different term end dates across 4 term-based subscriptions',
        '2025-09-30: Microsoft 365 E3 (e3)',
        '2026-01-31: Backup (per TB) (bkp)',
        '2026-03-31: Managed Services Agreement (msa), Endpoint Security (edr)',
        'MSP services: 3280.00 USD a month (Managed Services Agreement 2625.00, Endpoint Security 255.00, Backup (per TB) 400.00)',
      ],
      proposal:
        'Align every term to end on 2026-09-30: one renewal conversation and one invoice a year from then on. ' +
        'Incentive, one of: one month of managed services as credit, 3280.00 USD; or a 24-month price lock on the managed services at 3280.00 USD a month (78720.00 USD over the lock).',
      monthlyImpact: n('3280.00'),
      impact: 'incentive',
      currency: 'USD',
      subscriptionIds: ['e3', 'msa', 'edr', 'bkp'],
    });
  });

  it("aligns on the co-term option's anchor when there is one", () => {
    expect(anchorAndExpand(context([e3, msa], [], [], { anchor: d('2025-12-31') }))[0]?.title).toBe('Co-term 2 renewal dates on 2025-12-31');
  });

  it('does nothing when every live term already ends on one date', () => {
    const cancelled = { ...licence('old', 'Visio Plan 2', 2, '15.00', 'monthly', '2025-11-30'), status: 'cancelled' };
    const azure: AccountSubscription = { ...licence('az', 'Azure plan', 1, '0.00', 'monthly', '2025-12-31'), kind: 'azure_plan', unitPrice: null };
    expect(anchorAndExpand(context([msa, edr, cancelled, azure]))).toEqual([]);
    expect(anchorAndExpand(context([]))).toEqual([]);
  });

  it('states the alignment without an incentive amount when the account has no priced MSP service', () => {
    const [recommendation] = anchorAndExpand(context([e3, licence('visio', 'Visio Plan 2', 2, '15.00', 'monthly', '2026-02-28')]));
    expect(recommendation?.monthlyImpact).toBeUndefined();
    expect(recommendation?.evidence.at(-1)).toBe('No priced MSP service in USD on the account: no service credit or price lock to quote');
    expect(recommendation?.proposal).toBe('Align every term to end on 2026-09-30: one renewal conversation and one invoice a year from then on.');
  });
});

describe('usage to upgrade: security questions → the harden path', () => {
  const e3 = licence('e3', 'Microsoft 365 E3', 10, '36.00');
  const prices = [price('Microsoft 365 E3', '36.00'), price('Microsoft 365 E5 Security', '12.00')];
  const security = [monthly('tickets', '2025-05', '2', { category: 'Security how-to' }), monthly('tickets', '2025-06', '1', { category: 'security how-to' })];
  const inUse = monthly('seats_assigned', '2025-06', '8', { subscriptionId: 'e3', capacity: n('10') });

  it('proposes the security add-on for the seats in use after 3 security tickets in 90 days', () => {
    expect(usageToUpgrade(context([e3], [...security, inUse, monthly('tickets', '2025-06', '9', { category: 'password reset' })], prices))).toEqual([
      {
        play: 'usage_to_upgrade',
        title: 'Security questions on Microsoft 365 E3: Add Microsoft 365 E5 Security × 8',
        evidence: [
          '3 security tickets in the last 90 days (at least 3 trigger the play): Security how-to 2025-05-01..2025-05-31: 2; security how-to 2025-06-01..2025-06-30: 1',
          "Microsoft 365 E3 (e3): 10 seats, below Microsoft's security tier",
          'Microsoft 365 E5 Security at 12.00 USD per monthly cycle from Microsoft price list: Microsoft 365 E5 Security P1Y monthly USD in force on 2025-10-01 (effective 2025-01-01); sized by 8 seats in use',
        ],
        proposal:
          "Add Microsoft 365 E5 Security × 8, E3 to E5-level security: Defender for Endpoint P2, Defender for Office 365 P2, Defender for Identity, Defender for Cloud Apps, Entra ID P2: 96.00 USD more a month from 2025-10-01.",
        monthlyImpact: n('96.00'),
        impact: 'added_revenue',
        currency: 'USD',
        subscriptionIds: ['e3'],
      },
    ]);
  });

  it('needs at least 3 security tickets whose period ended in the last 90 days', () => {
    expect(usageToUpgrade(context([e3], [security[0] as UsageSignal, inUse], prices))).toEqual([]);
    const march = monthly('tickets', '2025-03', '5', { category: 'security how-to' });
    expect(usageToUpgrade(context([e3], [march, security[1] as UsageSignal], prices))).toEqual([]);
    expect(usageToUpgrade(context([e3], [monthly('tickets', '2025-06', '12', { category: 'email' })], prices))).toEqual([]);
  });

  it('needs a suite below the security tier (Business Premium already has Defender for Business)', () => {
    expect(usageToUpgrade(context([licence('prem', 'Microsoft 365 Business Premium', 10, '22.00')], security, prices))).toEqual([]);
  });

  it('still surfaces the signal, with the reasons, when no harden product is priced', () => {
    const [recommendation] = usageToUpgrade(context([e3], security, [price('Microsoft 365 E3', '36.00')]));
    expect(recommendation?.title).toBe('Security questions on Microsoft 365 E3: no priced security upgrade');
    expect(recommendation?.monthlyImpact).toBeUndefined();
    expect(recommendation?.evidence.slice(2)).toEqual([
      'harden path: Microsoft 365 E5 Security: not offered, not in the price list for P1Y monthly USD on 2025-10-01',
      'harden path: Microsoft Defender for Endpoint P2: not offered, not in the price list for P1Y monthly USD on 2025-10-01',
    ]);
  });
});

describe('usage to upgrade: backup above 80% → the BCDR add-on', () => {
  const backup = service('bkp', 'Backup (per TB)', 4, '100.00');
  const catalog = [{ productName: BCDR_ADD_ON, unitPrice: n('25.00'), currency: 'USD', billing: 'monthly' as const }];
  const used = (month: string, tb: string, subscriptionId: string | null = 'bkp') => monthly('backup_utilisation', month, tb, { subscriptionId, capacity: n('4') });

  it("proposes the BCDR add-on per TB at the MSP's catalog price when the latest month is above 80%", () => {
    expect(usageToUpgrade(context([backup], [used('2025-05', '3.0'), used('2025-06', '3.3')], [], { serviceCatalog: catalog }))).toEqual([
      {
        play: 'usage_to_upgrade',
        title: 'Backup storage filling up: BCDR add-on',
        evidence: [
          'Backup bkp 2025-06-01..2025-06-30: 3.3 of 4 TB used = 82.5% (above 80%)',
          "BCDR add-on (immutable storage) at 25.00 USD per monthly cycle from the MSP's service catalog (monthly); sized by the subscription's 4 units",
        ],
        proposal: 'Add BCDR add-on (immutable storage) × 4, immutable copies and tested recovery against ransomware: 100.00 USD more a month; review the TB contracted too.',
        monthlyImpact: n('100.00'),
        impact: 'added_revenue',
        currency: 'USD',
        subscriptionIds: ['bkp'],
      },
    ]);
  });

  it('does nothing at exactly 80%, or when only an earlier month was above it', () => {
    expect(usageToUpgrade(context([backup], [used('2025-06', '3.2')], [], { serviceCatalog: catalog }))).toEqual([]);
    expect(usageToUpgrade(context([backup], [used('2025-05', '3.9'), used('2025-06', '3.0')], [], { serviceCatalog: catalog }))).toEqual([]);
  });

  it("attributes an account-wide signal to the account's only backup service", () => {
    expect(usageToUpgrade(context([backup], [used('2025-06', '3.9', null)], [], { serviceCatalog: catalog }))[0]?.monthlyImpact).toEqual(n('100.00'));
  });

  it('recommends without an amount when the add-on has no catalog price or no service to size on', () => {
    const [unpriced] = usageToUpgrade(context([backup], [used('2025-06', '3.9')]));
    expect(unpriced?.monthlyImpact).toBeUndefined();
    expect(unpriced?.evidence[1]).toBe(`harden path: ${BCDR_ADD_ON}: not offered, no USD price in the MSP's service catalog`);
    const [unattributed] = usageToUpgrade(context([], [used('2025-06', '3.9', null)], [], { serviceCatalog: catalog }));
    expect(unattributed?.evidence[1]).toBe('No single backup service subscription to size the BCDR add-on on');
  });
});

describe('inflation guard: a list price rise → a term-lock proposal', () => {
  const e3 = licence('e3', 'Microsoft 365 E3', 10, '36.00');
  const rising = [price('Microsoft 365 E3', '36.00', 'monthly', '2025-01-01', '2025-07-31'), price('Microsoft 365 E3', '37.80', 'monthly', '2025-08-01')];

  it('quotes the rise at the renewal with its monthly and annual impact', () => {
    expect(inflationGuard(context([e3], [], rising))).toEqual([
      {
        play: 'inflation_guard',
        title: 'Microsoft price rise on 1 subscription: 216.00 USD a year',
        evidence: [
          'Microsoft 365 E3 (e3), 10 × P1Y monthly: 36.00 → 37.80 USD (list price effective 2025-08-01) at its renewal on 2025-10-01: +1.80 per unit per cycle, +18.00 a month, +216.00 a year',
        ],
        proposal:
          'Propose a term lock before the rise reaches the client: a 12-month term fixes the price for the term, a 24-month lock for two years. ' +
          "Unlocked, the rise adds 18.00 USD a month, 216.00 USD a year at today's quantities; present it with the bundle's value.",
        monthlyImpact: n('18.00'),
        impact: 'price_increase',
        currency: 'USD',
        subscriptionIds: ['e3'],
      },
    ]);
  });

  it('finds a rise dated after the renewal, within 12 months of it, and adds the subscriptions up', () => {
    const standard = licence('std', 'Microsoft 365 Business Standard', 20, '150.00', 'annual');
    const later = [price('Microsoft 365 Business Standard', '150.00', 'annual', '2025-01-01', '2026-03-31'), price('Microsoft 365 Business Standard', '157.50', 'annual', '2026-04-01')];
    const [recommendation] = inflationGuard(context([e3, standard], [], [...rising, ...later]));
    expect(recommendation?.evidence[1]).toBe(
      'Microsoft 365 Business Standard (std), 20 × P1Y annual: 150.00 → 157.50 USD (list price effective 2026-04-01) from 2026-04-01, after its renewal on 2025-10-01: +7.50 per unit per cycle, +12.50 a month, +150.00 a year',
    );
    expect(recommendation?.monthlyImpact).toEqual(n('30.50'));
    expect(recommendation?.title).toBe('Microsoft price rise on 2 subscriptions: 366.00 USD a year');
  });

  it('ignores rises more than 12 months after the renewal, unchanged and falling prices, other currencies and ended subscriptions', () => {
    const farOff = [price('Microsoft 365 E3', '36.00', 'monthly', '2025-01-01', '2026-10-31'), price('Microsoft 365 E3', '40.00', 'monthly', '2026-11-01')];
    expect(inflationGuard(context([e3], [], farOff))).toEqual([]);
    expect(inflationGuard(context([e3], [], [price('Microsoft 365 E3', '36.00')]))).toEqual([]);
    expect(inflationGuard(context([e3], [], [price('Microsoft 365 E3', '34.20')]))).toEqual([]);
    expect(inflationGuard(context([{ ...e3, currency: 'EUR' }], [], rising))).toEqual([]);
    expect(inflationGuard(context([{ ...e3, status: 'expired' }], [], rising))).toEqual([]);
    expect(inflationGuard(context([service('msa', 'Microsoft 365 E3', 10, '36.00')], [], rising))).toEqual([]);
  });
});

describe('reserved instance: Azure spend trending past a threshold', () => {
  const azure = (month: string, vm: string, storage?: string): UsageSignal[] => [
    monthly('azure_consumption', month, vm, { subscriptionId: 'azure-sub', category: 'Virtual Machines' }),
    ...(storage ? [monthly('azure_consumption', month, storage, { subscriptionId: 'azure-sub', category: 'Storage' })] : []),
  ];
  const series = (values: string[], storage?: string): UsageSignal[] => values.flatMap((value, index) => azure(`2025-0${index + 1}`, value, storage));

  it('projects the least-squares line 3 months past the window and prices the RI saving on compute as an assumption', () => {
    // VM 600..850 (+50 a month), storage 100 a month: total 700..950, projected for 2025-09 at 700 + 50 × 8 = 1100; compute 1000.
    const [recommendation, ...rest] = reservedInstance(context([], series(['600', '650', '700', '750', '800', '850'], '100')));
    expect(rest).toEqual([]);
    expect(recommendation).toEqual({
      play: 'reserved_instance',
      title: 'Azure spend trending to 1100.00 USD a month: reserved-instance conversation',
      evidence: [
        'Azure consumption by month: 2025-01 700, 2025-02 750, 2025-03 800, 2025-04 850, 2025-05 900, 2025-06 950',
        'Least-squares trend over 6 months: +50.00 USD a month',
        'Projected for 2025-09 (3 months after 2025-06): 1100.00 USD a month, at or above the 1000 USD threshold',
        'Projected compute (Virtual Machines) for 2025-09: 1000.00 USD a month',
        'Assumption: reserved instances save 40% of compute spend; the real discount depends on VM series, region and a 1- or 3-year term',
      ],
      proposal:
        'Open a reserved-instance conversation: at the assumed 40% discount on compute a reservation would save about 400.00 USD a month (4800.00 USD a year), ' +
        'and is a 1- or 3-year commitment to co-term with the renewal.',
      monthlyImpact: n('400.00'),
      impact: 'client_saving',
      currency: 'USD',
      subscriptionIds: [],
    });
  });

  it('triggers at exactly the threshold and not below it', () => {
    expect(reservedInstance(context([], series(['600', '650', '700', '750', '800', '850'])))).toHaveLength(1); // projected 1000
    expect(reservedInstance(context([], series(['600', '650', '700', '750', '800', '849.99'])))).toEqual([]); // projected 999.9905
  });

  it('does not trigger on a falling trend even when today’s spend is above the threshold', () => {
    expect(reservedInstance(context([], series(['1500', '1400', '1300', '1200', '1100', '1000'])))).toEqual([]);
  });

  it('needs 3 observed months; a missing month is unobserved, not zero', () => {
    expect(reservedInstance(context([], [...azure('2025-05', '2000'), ...azure('2025-06', '2100')]))).toEqual([]);
    const gaps = [...azure('2025-01', '900'), ...azure('2025-03', '1000'), ...azure('2025-06', '1150')];
    const [recommendation] = reservedInstance(context([], gaps));
    expect(recommendation?.evidence.slice(0, 3)).toEqual([
      'Azure consumption by month: 2025-01 900, 2025-02 —, 2025-03 1000, 2025-04 —, 2025-05 —, 2025-06 1150',
      'Least-squares trend over 3 months: +50.00 USD a month',
      'Projected for 2025-09 (3 months after 2025-06): 1300.00 USD a month, at or above the 1000 USD threshold',
    ]);
  });

  it('ignores a month that has not ended by the as-of day, and takes the threshold and discount as options', () => {
    const signals = [...series(['600', '650', '700', '750', '800', '850']), ...azure('2025-07', '99999')];
    const options = { reservedInstanceThreshold: n('1200'), reservedInstanceDiscount: n('0.25') };
    expect(reservedInstance(context([], signals, [], { options }))).toEqual([]);
    const [recommendation] = reservedInstance(context([], signals, [], { options: { reservedInstanceDiscount: n('0.25') } }));
    expect(recommendation?.monthlyImpact).toEqual(n('250.00'));
    expect(recommendation?.evidence[4]).toBe('Assumption: reserved instances save 25% of compute spend; the real discount depends on VM series, region and a 1- or 3-year term');
  });

  it('fits the line exactly: 1000, 1001, 1003 → slope 1.5, 1007.33 projected five months on', () => {
    const line = leastSquares([
      { x: 3, y: n('1000') },
      { x: 4, y: n('1001') },
      { x: 5, y: n('1003.00') },
    ]);
    expect(fractionToDecimal(line.slope, 4).toString()).toBe('1.5000');
    expect(fractionToDecimal(line.valueAt(8), 6).toString()).toBe('1007.333333');
    const trend = consumptionTrend([...azure('2025-04', '1000'), ...azure('2025-05', '1001'), ...azure('2025-06', '1003')], asOf);
    expect(trend.months.map((month) => month.total?.toString() ?? null)).toEqual([null, null, null, '1000', '1001', '1003']);
    const [recommendation] = reservedInstance(context([], [...azure('2025-04', '1000'), ...azure('2025-05', '1001'), ...azure('2025-06', '1003')]));
    expect(recommendation?.monthlyImpact).toEqual(n('402.93'));
  });
});

describe('recommendPlays', () => {
  it('runs every play in a fixed order and finds nothing on a quiet account', () => {
    expect(recommendPlays(context([licence('e3', 'Microsoft 365 E3', 10, '36.00')], [], [price('Microsoft 365 E3', '36.00')]))).toEqual([]);
    const plays = recommendPlays(
      context(
        [licence('e3', 'Microsoft 365 E3', 10, '36.00'), service('msa', 'Managed Services Agreement', 10, '100.00')],
        [monthly('tickets', '2025-06', '3', { category: 'security' })],
        [price('Microsoft 365 E3', '36.00', 'monthly', '2025-01-01', '2025-08-31'), price('Microsoft 365 E3', '38.00', 'monthly', '2025-09-01')],
      ),
    ).map((recommendation) => recommendation.play);
    expect(plays).toEqual(['anchor_and_expand', 'usage_to_upgrade', 'inflation_guard']);
  });
});
