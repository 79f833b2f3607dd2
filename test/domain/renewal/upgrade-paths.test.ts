import { describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../../src/app/demo/price-list.ts';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../../src/domain/calendar/periods.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { type PriceListEntry } from '../../../src/domain/nce/model.ts';
import { PriceBook } from '../../../src/domain/nce/price-list.ts';
import { type AccountSubscription } from '../../../src/domain/portfolio/account-subscription.ts';
import { ownedSeats, type PricedLine, type PriceSources, renewalLine, upgradeFor } from '../../../src/domain/renewal/renewal-pricing.ts';
import { BCDR_ADD_ON, microsoftUpgradePaths, PRODUCTS_WITHOUT_PATHS, productKey, stepProduct, upgradePathsFor } from '../../../src/domain/renewal/upgrade-paths.ts';

const d = CalendarDate.parse;
const n = Decimal.parse;
const renewalDate = d('2025-10-01');

function price(product: string, unitPrice: string, billing: BillingPlan = 'annual', term: TermDuration = 'P1Y', start = '2025-01-01', end?: string): PriceListEntry {
  return { product, term, billing, currency: 'USD', unitPrice: n(unitPrice), effectiveStart: d(start), ...(end ? { effectiveEnd: d(end) } : {}) };
}

function licence(id: string, productName: string, quantity: number, unitPrice: string, billing: BillingPlan = 'annual'): AccountSubscription {
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
    termStart: d('2024-10-01'),
    termEnd: d('2025-09-30'),
    autoRenew: true,
    purchased: d('2024-10-01'),
  };
}

function sources(entries: PriceListEntry[], serviceCatalog: PriceSources['serviceCatalog'] = []): PriceSources {
  return { priceBook: new PriceBook(entries), serviceCatalog, date: renewalDate, currency: 'USD' };
}

function hold(subscription: AccountSubscription, priced: PriceSources): PricedLine {
  const line = renewalLine(subscription, priced);
  if ('excluded' in line) throw new Error(line.excluded);
  return line;
}

describe('upgrade paths by Microsoft product name', () => {
  it('covers every product of the demo catalog, or says why it has no path', () => {
    for (const product of DEMO_PRODUCTS) {
      const paths = upgradePathsFor({ kind: 'nce', productName: product.name });
      expect(paths !== undefined || product.name in PRODUCTS_WITHOUT_PATHS, product.name).toBe(true);
    }
  });

  it('names only real products: demo catalog names, or the Microsoft products the demo does not sell', () => {
    const demo = new Set(DEMO_PRODUCTS.map((product) => product.name));
    const targets = new Set(microsoftUpgradePaths().flatMap((paths) => [...paths.harden, ...paths.modernize].map(stepProduct)));
    expect([...targets].filter((name) => !demo.has(name)).sort()).toEqual(['Microsoft 365 E5 Security', 'Microsoft Defender for Office 365 (Plan 1)']);
  });

  it('gives the harden and modernize steps of the main suites', () => {
    const summary = (name: string) => {
      const paths = upgradePathsFor({ kind: 'nce', productName: name });
      return { harden: paths?.harden.map(stepProduct), modernize: paths?.modernize.map(stepProduct), belowSecurityTier: paths?.belowSecurityTier };
    };
    expect(summary('Microsoft 365 Business Basic')).toEqual({ harden: ['Microsoft Defender for Business'], modernize: ['Microsoft 365 Business Standard'], belowSecurityTier: true });
    expect(summary('Microsoft 365 Business Standard')).toEqual({ harden: ['Microsoft Defender for Business'], modernize: ['Microsoft 365 Business Premium'], belowSecurityTier: true });
    expect(summary('Microsoft 365 Business Premium')).toEqual({ harden: [], modernize: ['Microsoft 365 E5'], belowSecurityTier: false });
    expect(summary('Microsoft 365 E3')).toEqual({ harden: ['Microsoft 365 E5 Security', 'Microsoft Defender for Endpoint P2'], modernize: ['Microsoft 365 E5'], belowSecurityTier: true });
    expect(summary('Office 365 E3')).toEqual({ harden: ['Microsoft Defender for Endpoint P2', 'Microsoft Defender for Endpoint P1'], modernize: ['Microsoft 365 E3'], belowSecurityTier: true });
    expect(summary('Exchange Online (Plan 1)')).toEqual({ harden: ['Microsoft Defender for Office 365 (Plan 1)'], modernize: ['Microsoft 365 Business Basic'], belowSecurityTier: false });
  });

  it('matches names without case or punctuation', () => {
    expect(productKey('Exchange Online (Plan 1)')).toBe('exchange online plan 1');
    expect(upgradePathsFor({ kind: 'nce', productName: 'EXCHANGE ONLINE PLAN 1' })?.product).toBe('Exchange Online (Plan 1)');
    expect(upgradePathsFor({ kind: 'nce', productName: 'Contoso Widgets' })).toBeUndefined();
  });

  it("gives the MSP's backup services the BCDR add-on, and its other services nothing", () => {
    expect(upgradePathsFor({ kind: 'msp_service', productName: 'Backup (per TB)' })?.harden).toEqual([
      { kind: 'add', product: BCDR_ADD_ON, priceFrom: 'serviceCatalog', sizing: 'quantity', why: 'immutable copies and tested recovery against ransomware' },
    ]);
    expect(upgradePathsFor({ kind: 'msp_service', productName: 'Endpoint Security' })).toBeUndefined();
    // A Microsoft name on an MSP service is the MSP's own product, not Microsoft's.
    expect(upgradePathsFor({ kind: 'msp_service', productName: 'Microsoft 365 E3' })).toBeUndefined();
  });
});

describe('pricing an upgrade on the renewal date', () => {
  const e3 = licence('e3', 'Microsoft 365 E3', 10, '36.00', 'monthly');

  it('prices the renewal at the list price in force on the renewal date, or the contract price without a row', () => {
    const priced = sources([price('Microsoft 365 E3', '36.00', 'monthly', 'P1Y', '2025-01-01', '2025-09-30'), price('Microsoft 365 E3', '37.80', 'monthly', 'P1Y', '2025-10-01')]);
    expect(hold(e3, priced)).toMatchObject({ unitPrice: n('37.80'), monthlyValue: n('378.0000'), priceSource: 'Microsoft price list: Microsoft 365 E3 P1Y monthly USD in force on 2025-10-01 (effective 2025-10-01)' });
    expect(hold(e3, sources([]))).toMatchObject({ unitPrice: n('36.00'), priceSource: 'the contract price: no list price for Microsoft 365 E3 P1Y monthly USD on 2025-10-01' });
  });

  it('excludes what has no unit price, naming consumption billing', () => {
    expect(renewalLine({ ...e3, kind: 'azure_plan', unitPrice: null, term: null, billing: null }, sources([]))).toEqual({ excluded: 'consumption-billed: no unit price to renew' });
  });

  it('falls back to the next alternative when the preferred product is not in the price list, and says why', () => {
    const priced = sources([price('Microsoft 365 E3', '36.00', 'monthly'), price('Microsoft Defender for Endpoint P2', '5.46', 'monthly')]);
    const outcome = upgradeFor(e3, hold(e3, priced), 'harden', { sources: priced, seatsInUse: 7, owned: new Map() });
    expect(outcome).toMatchObject({
      offered: true,
      replacesRenewal: false,
      skipped: ['Microsoft 365 E5 Security: not offered, not in the price list for P1Y monthly USD on 2025-10-01'],
      line: { action: 'add', productName: 'Microsoft Defender for Endpoint P2', quantity: 7, unitPrice: n('5.46'), monthlyValue: n('38.2200') },
    });
  });

  it('sizes an add-on by the seats in use, capped at the seats renewed, else by the seats purchased', () => {
    const priced = sources([price('Microsoft 365 E3', '36.00', 'monthly'), price('Microsoft 365 E5 Security', '12.00', 'monthly')]);
    const quantity = (seatsInUse: number | null) => {
      const outcome = upgradeFor(e3, hold(e3, priced), 'harden', { sources: priced, seatsInUse, owned: new Map() });
      return outcome.offered ? [outcome.line.quantity, outcome.line.priceSource.split('; ')[1]] : outcome.reasons;
    };
    expect(quantity(7)).toEqual([7, 'sized by 7 seats in use']);
    expect(quantity(12)).toEqual([10, 'sized by 10 seats in use']);
    expect(quantity(null)).toEqual([10, 'sized by 10 seats purchased (no seats_assigned signal)']);
    expect(quantity(0)).toEqual([
      'Microsoft 365 E5 Security: not offered, no seats in use',
      'Microsoft Defender for Endpoint P2: not offered, not in the price list for P1Y monthly USD on 2025-10-01',
    ]);
  });

  it('proposes an add-on only for seats the account does not already hold', () => {
    const priced = sources([price('Microsoft 365 E3', '36.00', 'monthly'), price('Microsoft 365 E5 Security', '12.00', 'monthly')]);
    const owned = ownedSeats([e3, licence('sec', 'Microsoft 365 E5 Security', 4, '12.00', 'monthly'), { ...licence('old', 'Microsoft 365 E5 Security', 50, '12.00', 'monthly'), status: 'cancelled' }]);
    const first = upgradeFor(e3, hold(e3, priced), 'harden', { sources: priced, seatsInUse: 9, owned });
    expect(first).toMatchObject({ offered: true, line: { quantity: 5, priceSource: expect.stringContaining('sized by 9 seats in use less 4 already licensed') as unknown } });
    // The 4 held seats are spent on the first suite; a second one gets its full count.
    const second = upgradeFor({ ...e3, id: 'e3b' }, hold(e3, priced), 'harden', { sources: priced, seatsInUse: 3, owned });
    expect(second).toMatchObject({ offered: true, line: { quantity: 3 } });
  });

  it('migrates the whole quantity at the same term and billing, replacing the renewal', () => {
    const standard = licence('std', 'Microsoft 365 Business Standard', 20, '150.00');
    const priced = sources([price('Microsoft 365 Business Standard', '150.00'), price('Microsoft 365 Business Premium', '264.00')]);
    expect(upgradeFor(standard, hold(standard, priced), 'modernize', { sources: priced, seatsInUse: 12, owned: new Map() })).toMatchObject({
      offered: true,
      replacesRenewal: true,
      line: { action: 'migrate', productName: 'Microsoft 365 Business Premium', quantity: 20, term: 'P1Y', billing: 'annual', monthlyValue: n('440.0000') },
    });
  });

  it('does not offer a "migration" that lists below the renewal price', () => {
    const standard = licence('std', 'Microsoft 365 Business Standard', 20, '150.00');
    const priced = sources([price('Microsoft 365 Business Standard', '150.00'), price('Microsoft 365 Business Premium', '120.00')]);
    expect(upgradeFor(standard, hold(standard, priced), 'modernize', { sources: priced, seatsInUse: null, owned: new Map() })).toEqual({
      offered: false,
      reasons: ['Microsoft 365 Business Premium: not offered, it lists at 120.00, below the 150.00 renewal price of Microsoft 365 Business Standard, so it is not an upgrade'],
    });
  });

  it('says when a product has no path for the goal', () => {
    const premium = licence('prem', 'Microsoft 365 Business Premium', 5, '264.00');
    const priced = sources([price('Microsoft 365 Business Premium', '264.00')]);
    expect(upgradeFor(premium, hold(premium, priced), 'harden', { sources: priced, seatsInUse: null, owned: new Map() })).toEqual({
      offered: false,
      reasons: ['Microsoft 365 Business Premium has no harden path'],
    });
  });

  it("prices the BCDR add-on from the MSP's catalog per TB, and not at all without a catalog price", () => {
    const backup: AccountSubscription = {
      ...licence('bkp', 'Backup (per TB)', 4, '100.00'),
      kind: 'msp_service',
      term: null,
      billing: null,
      service: { billing: 'quarterly', termMonths: 24, noticeDays: 30, prorationPolicy: 'daily' },
    };
    const catalog = [{ productName: BCDR_ADD_ON, unitPrice: n('25.00'), currency: 'USD', billing: 'monthly' as const }];
    const priced = sources([], catalog);
    expect(hold(backup, priced)).toMatchObject({ term: 'P24M', billing: 'quarterly', monthlyValue: n('133.3333'), priceSource: "the MSP's contract price" });
    expect(upgradeFor(backup, hold(backup, priced), 'harden', { sources: priced, seatsInUse: null, owned: new Map() })).toMatchObject({
      offered: true,
      line: { action: 'add', productName: BCDR_ADD_ON, quantity: 4, term: 'P24M', billing: 'monthly', monthlyValue: n('100.0000') },
    });
    expect(upgradeFor(backup, hold(backup, sources([])), 'harden', { sources: sources([]), seatsInUse: null, owned: new Map() })).toEqual({
      offered: false,
      reasons: [`${BCDR_ADD_ON}: not offered, no USD price in the MSP's service catalog`],
    });
  });
});
