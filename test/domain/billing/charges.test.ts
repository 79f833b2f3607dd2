import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { subscriptionCharges, type ChargeRules } from '../../../src/domain/billing/charges.ts';
import { billingMonth, type BillableSubscription, type BillableVersion } from '../../../src/domain/billing/model.ts';
import { type PriceRule } from '../../../src/domain/billing/price-rules.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const d = (text: string): CalendarDate => CalendarDate.parse(text);
const markup10: PriceRule = { id: 1, accountId: null, family: null, skuId: null, method: 'markup', value: Decimal.parse('10') };
const rules: ChargeRules = { priceRules: [markup10], productSettings: [] };

function version(from: string, to: string | null, quantity: number, overrides: Partial<BillableVersion> = {}): BillableVersion {
  return { from: d(from), to: to ? d(to) : null, status: 'active', quantity, unitPrice: Decimal.parse('20.00'), currency: 'USD', cycleMonths: 1, termStart: d('2026-01-15'), termEnd: d('2027-01-14'), ...overrides };
}

function licence(versions: BillableVersion[], overrides: Partial<BillableSubscription> = {}): BillableSubscription {
  return { id: 'sub-1', kind: 'nce', accountId: 'acme', billingEntityId: null, productName: 'Microsoft 365 Business Premium', skuId: 'CFQ7TTC0LCHC:0002', family: null, prorationPolicy: null, versions, ...overrides };
}

const amounts = (lines: ReturnType<typeof subscriptionCharges>) => lines.map((line) => [line.kind, line.quantity.toString(), line.amount.toString(), line.serviceStart.toString(), line.serviceEnd.toString()]);

describe('monthly-billed licences', () => {
  it('charge a whole month at the marked-up price', () => {
    const lines = subscriptionCharges(licence([version('2026-01-15', null, 25)]), billingMonth('2026-03'), rules);
    expect(amounts(lines)).toEqual([['recurring', '25', '550.00', '2026-03-01', '2026-03-31']]);
    expect(lines[0]!.unitPrice.toString()).toBe('22.00');
    expect(lines[0]!.pricing.text).toBe('Cost 20.00 USD marked up 10 % (rule 1, global) = 22.00.');
  });

  it('prorate a mid-month seat addition by day (daily policy)', () => {
    const lines = subscriptionCharges(licence([version('2026-01-15', '2026-03-10', 25), version('2026-03-11', null, 30)]), billingMonth('2026-03'), rules);
    // 25 × 22 × 10/31 = 177.419… and 30 × 22 × 21/31 = 447.096…
    expect(amounts(lines)).toEqual([
      ['prorated', '25', '177.42', '2026-03-01', '2026-03-10'],
      ['prorated', '30', '447.10', '2026-03-11', '2026-03-31'],
    ]);
    expect(lines[1]!.explanation.text).toBe('30 × 22.00 × 21/31 = 447.10 USD for 2026-03-11 – 2026-03-31.');
  });

  it('charge the month’s highest seat count whole (monthly policy) or the first day’s (none)', () => {
    const versions = [version('2026-01-15', '2026-03-10', 25), version('2026-03-11', '2026-03-20', 30), version('2026-03-21', null, 28)];
    const monthly = subscriptionCharges(licence(versions, { prorationPolicy: 'monthly' }), billingMonth('2026-03'), rules);
    expect(amounts(monthly)).toEqual([['recurring', '30', '660.00', '2026-03-01', '2026-03-31']]);
    const none = subscriptionCharges(licence(versions, { prorationPolicy: 'none' }), billingMonth('2026-03'), rules);
    expect(amounts(none)).toEqual([['recurring', '25', '550.00', '2026-03-01', '2026-03-31']]);
  });

  it('stop charging on the day of cancellation and charge nothing for an unpriced or suspended version', () => {
    const versions = [version('2026-01-15', '2026-03-04', 5), version('2026-03-05', null, 5, { status: 'cancelled' })];
    expect(amounts(subscriptionCharges(licence(versions), billingMonth('2026-03'), rules))).toEqual([['prorated', '5', '14.19', '2026-03-01', '2026-03-04']]);
    expect(subscriptionCharges(licence([version('2026-01-15', null, 5, { unitPrice: null })]), billingMonth('2026-03'), rules)).toEqual([]);
    expect(subscriptionCharges(licence([version('2026-01-15', null, 5, { status: 'suspended' })]), billingMonth('2026-03'), rules)).toEqual([]);
  });
});

describe('licences billed upfront for a year', () => {
  const annual = (from: string, to: string | null, quantity: number, overrides: Partial<BillableVersion> = {}) =>
    version(from, to, quantity, { unitPrice: Decimal.parse('240.00'), cycleMonths: 12, termStart: d('2026-03-15'), termEnd: d('2027-03-14'), ...overrides });

  it('charge the year in the month it starts and nothing in the following months', () => {
    const subscription = licence([annual('2026-03-15', null, 10)]);
    expect(amounts(subscriptionCharges(subscription, billingMonth('2026-03'), rules))).toEqual([['recurring', '10', '2640.00', '2026-03-15', '2027-03-14']]);
    expect(subscriptionCharges(subscription, billingMonth('2026-04'), rules)).toEqual([]);
  });

  it('charge seats added mid-year for the days left in the year', () => {
    const subscription = licence([annual('2026-03-15', '2026-06-09', 10), annual('2026-06-10', null, 12)]);
    // 2 × 264 × 278/365 = 402.147…
    expect(amounts(subscriptionCharges(subscription, billingMonth('2026-06'), rules))).toEqual([['addition', '2', '402.15', '2026-06-10', '2027-03-14']]);
  });

  it('charge a co-termed first year as a stub prorated by its days', () => {
    const subscription = licence([annual('2026-03-15', null, 10, { termEnd: d('2026-12-31') })]);
    // 10 × 264 × 292/365 = 2112 exactly
    const lines = subscriptionCharges(subscription, billingMonth('2026-03'), rules);
    expect(amounts(lines)).toEqual([['stub', '10', '2112.00', '2026-03-15', '2026-12-31']]);
    expect(lines[0]!.explanation.formula).toBe('amount = quantity × unit price × days ÷ days in cycle');
  });

  it('credit a cancellation for the days left in the year', () => {
    const subscription = licence([annual('2026-03-15', '2026-03-17', 10), annual('2026-03-18', null, 10, { status: 'cancelled' })]);
    // 10 × 264 × 362/365 = 2618.301…
    expect(amounts(subscriptionCharges(subscription, billingMonth('2026-03'), rules))).toEqual([
      ['recurring', '10', '2640.00', '2026-03-15', '2027-03-14'],
      ['credit', '-10', '-2618.30', '2026-03-18', '2027-03-14'],
    ]);
  });

  it('leave mid-year changes to the next cycle under the none policy', () => {
    const subscription = licence([annual('2026-03-15', '2026-06-09', 10), annual('2026-06-10', null, 12)], { prorationPolicy: 'none' });
    expect(subscriptionCharges(subscription, billingMonth('2026-06'), rules)).toEqual([]);
  });
});

describe('MSP services', () => {
  it('are charged at their contract price, quarterly services when a quarter starts', () => {
    const service = licence([version('2026-01-01', null, 40, { unitPrice: Decimal.parse('45.00'), cycleMonths: 3, termStart: d('2026-01-01'), termEnd: d('2026-12-31') })], {
      kind: 'msp_service',
      productName: 'Managed services',
      skuId: null,
    });
    const lines = subscriptionCharges(service, billingMonth('2026-04'), rules);
    expect(amounts(lines)).toEqual([['recurring', '40', '1800.00', '2026-04-01', '2026-06-30']]);
    expect(lines[0]!.glAccount).toBe('4030');
    expect(subscriptionCharges(service, billingMonth('2026-05'), rules)).toEqual([]);
  });
});
