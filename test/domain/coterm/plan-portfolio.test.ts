import { describe, expect, it } from 'vitest';
import { planCoTerm } from '../../../src/domain/coterm/plan.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { type AccountSubscription } from '../../../src/domain/portfolio/account-subscription.ts';
import { d, expectAction, money, nce, service } from './fixtures.ts';

const asOf = d('2026-11-22');
const anchor = d('2026-12-31');
const plan = (subscriptions: AccountSubscription[]): ReturnType<typeof planCoTerm> => planCoTerm({ asOf, anchor, subscriptions });

describe('what each kind of subscription does', () => {
  it('MSP services get a stub term priced by their own proration policy', () => {
    const daily = service({ id: 'MSA', termEnd: d('2027-05-19') });
    const monthly = service({ id: 'BACKUP', termEnd: d('2027-05-19'), service: { billing: 'monthly', termMonths: 12, noticeDays: 0, prorationPolicy: 'monthly' } });
    const result = plan([daily, monthly]);
    const msa = expectAction(result, 'MSA', 'prorate_service');
    // 5 × 100.00 × 12 ÷ 1 = 6000 for 2027-05-20 – 2028-05-19 (366 days, 2028 is a leap year); stub 226 days:
    // 6000 × 226 ÷ 366 = 3704.9180… → 3704.92 (half up).
    expect([msa.on.toString(), msa.alignedEnd.toString(), msa.stub.days, msa.stub.charge.toString()]).toEqual(['2027-05-20', '2027-12-31', 226, '3704.92']);
    expect(msa.reason).toBe(
      'Renews on 2027-05-20: renew it for a shortened term 2027-05-20 – 2027-12-31 (226 days) instead of 12 months, charged 3704.92 EUR by its daily proration policy. Agree it with the client by 2027-04-19 (30-day notice).',
    );
    // May 20 – Dec 31 starts 8 months (7 whole and a started one): 6000 × 8 ÷ 12 = 4000.00.
    expect(expectAction(result, 'BACKUP', 'prorate_service').stub.charge.toString()).toBe('4000.00');
  });

  it('says when a service has no anchor occurrence in its next term', () => {
    const short = service({ id: 'S', termEnd: d('2027-01-31'), service: { billing: 'monthly', termMonths: 5, noticeDays: 0, prorationPolicy: 'daily' } });
    const s = expectAction(plan([short]), 'S', 'cannot_align');
    expect([s.cause, s.reason]).toEqual(['no_anchor_occurrence', 'Its next 5-month term 2027-02-01 – 2027-06-30 contains no occurrence of the anchor (31 December each year).']);
  });

  it.each([
    ['legacy_csp', 'A legacy CSP licence'],
    ['ea', 'An Enterprise Agreement subscription'],
    ['software', 'A software subscription'],
  ] as const)('%s subscriptions cannot be co-termed by Microsoft but still renew on their date', (kind, name) => {
    const legacy = nce({ id: 'L', kind, term: null, billing: 'monthly', termStart: d('2026-07-01'), termEnd: d('2027-06-30') });
    const l = expectAction(plan([legacy]), 'L', 'cannot_align');
    expect([l.cause, l.reason]).toEqual(['not_co_termable_kind', `${name}: Microsoft's co-terminosity (custom term end dates) does not apply; it still renews on its own date (next on 2027-07-01).`]);
  });

  it('reports missing or stale data instead of guessing', () => {
    const noPrice = nce({ id: 'NP', unitPrice: null, currency: null, termStart: d('2026-03-15') });
    const stale = nce({ id: 'OLD', termStart: d('2025-10-01') });
    const result = plan([noPrice, stale]);
    const np = expectAction(result, 'NP', 'cannot_align');
    expect([np.cause, np.reason]).toEqual(['missing_data', 'Its unit price and currency are not recorded: its renewal cannot be priced.']);
    const old = expectAction(result, 'OLD', 'cannot_align');
    expect([old.cause, old.reason]).toEqual(['missing_data', 'Its recorded term ended on 2026-09-30, before 2026-11-22: the ledger is out of date; import its current term first.']);
  });

  it('leaves subscriptions that are not renewing, saying what would change that', () => {
    const cancelled = nce({ id: 'C', status: 'cancelled', termStart: d('2026-03-15') });
    const off = nce({ id: 'OFF', autoRenew: false, termStart: d('2026-03-15') });
    const est = nce({ id: 'EST', status: 'extendedServiceTerm', termStart: d('2026-03-15') });
    const result = plan([cancelled, off, est]);
    expect(expectAction(result, 'C', 'not_renewing').reason).toBe('It is cancelled: nothing renews, so there is nothing to align.');
    const o = expectAction(result, 'OFF', 'not_renewing');
    expect([o.cause, o.reason]).toEqual([
      'auto_renew_off',
      'Auto-renew is off. It ends on 2027-03-14 (or rolls into the Extended Service Term unless set to cancel at term end). Turning auto-renew back on would let it align at its renewal on 2027-03-15.',
    ]);
    expect(expectAction(result, 'EST', 'not_renewing').cause).toBe('extended_service_term');
  });

  it('has nothing to align for an Azure plan', () => {
    const azure = nce({ id: 'AZ', kind: 'azure_plan', term: null, billing: null, quantity: 1, unitPrice: money('400.00'), termStart: d('2026-01-01'), termEnd: null });
    const az = expectAction(plan([azure]), 'AZ', 'no_term');
    expect([az.on, az.alignedEnd, az.stub, az.monthlyValue?.toString()]).toEqual([null, null, null, '400.0000']);
  });

  it('recognises terms already ending on the anchor, by year or, for monthly terms, by day of month', () => {
    const yearly = nce({ id: 'Y', termStart: d('2027-01-01') });
    const monthEnd = nce({ id: 'ME', term: 'P1M', termStart: d('2026-11-01') });
    const midMonth = nce({ id: 'MM', term: 'P1M', termStart: d('2026-11-06') });
    const result = plan([yearly, monthEnd, midMonth]);
    expect(expectAction(result, 'Y', 'aligned').alignedEnd.toString()).toBe('2027-12-31');
    expect(expectAction(result, 'ME', 'aligned').reason).toBe("Its current term ends on 2026-11-30, on the anchor's day of the month (the month's last day): already co-termed.");
    expect(expectAction(result, 'MM', 'at_next_renewal').alignedEnd.toString()).toBe('2026-12-31');
  });

  it('refuses duplicate subscription ids', () => {
    const one = nce({ id: 'X', termStart: d('2026-03-15') });
    expect(() => plan([one, one])).toThrow(InvalidInputError);
  });
});

describe('plan totals', () => {
  it('adds stub charges and monthly values per currency and gives the co-termed share now and when done', () => {
    const result = plan([
      nce({ id: 'A', quantity: 10, unitPrice: money('12.00'), termStart: d('2026-01-01') }),
      nce({ id: 'B', term: 'P1M', quantity: 5, unitPrice: money('20.00'), termStart: d('2026-11-15'), termEnd: d('2026-12-14'), purchased: d('2025-11-15') }),
      nce({ id: 'C', kind: 'legacy_csp', term: null, quantity: 3, unitPrice: money('50.00'), termStart: d('2026-07-01'), termEnd: d('2027-06-30') }),
      nce({ id: 'D', kind: 'azure_plan', term: null, billing: null, quantity: 1, unitPrice: money('400.00'), termStart: d('2026-01-01'), termEnd: null }),
      nce({ id: 'E', status: 'cancelled', quantity: 10, unitPrice: money('5.00'), termStart: d('2026-03-15') }),
      nce({ id: 'F', autoRenew: false, quantity: 2, unitPrice: money('30.00'), termStart: d('2026-03-15') }),
      service({ id: 'G', currency: 'USD', termEnd: d('2027-05-19'), service: { billing: 'monthly', termMonths: 12, noticeDays: 0, prorationPolicy: 'monthly' } }),
    ]);
    expect(result.alignments.map((alignment) => `${alignment.subscriptionId} ${alignment.action}`)).toEqual([
      'A aligned',
      'B align_now',
      'C cannot_align',
      'D no_term',
      'E not_renewing',
      'F not_renewing',
      'G prorate_service',
    ]);
    const b = expectAction(result, 'B', 'align_now');
    // B's renewal on 2026-11-15 opened a window through 11-22: refund 20.00 ÷ 30 × 23 = 15.33 × 5 = 76.65;
    // new term 11-22 – 11-30 = 20.00 ÷ 30 × 9 × 5 = 30.00.
    expect([b.refund.amount.toString(), b.stub.charge.toString()]).toEqual(['-76.65', '30.00']);
    const [eur, usd] = result.totals;
    expect(eur && Object.fromEntries(Object.entries(eur).map(([key, value]) => [key, value === null ? null : String(value)]))).toEqual({
      currency: 'EUR',
      stubCharges: '30.00',
      refunds: '-76.65',
      // Live: A 120 + B 100 + C 150 + Azure 400 + F 60 (the cancelled E is left out).
      monthlyValueTotal: '830.0000',
      // In the share: A, B, C (Azure and not-renewing left out; C cannot align but counts).
      monthlyValueInShare: '370.0000',
      monthlyValueOnAnchorNow: '120.0000',
      monthlyValueOnAnchorWhenDone: '220.0000',
      // 120 ÷ 370 = 0.32432… → 0.3243; 220 ÷ 370 = 0.594594… → 0.5946 (half up).
      coTermedShareNow: '0.3243',
      coTermedShareWhenDone: '0.5946',
      fullyCoTermedOn: '2026-11-22',
      monthsUntilFullyCoTermed: '0',
    });
    expect([usd?.currency, usd?.stubCharges.toString(), usd?.coTermedShareNow?.toString(), usd?.coTermedShareWhenDone?.toString(), usd?.fullyCoTermedOn?.toString(), usd?.monthsUntilFullyCoTermed]).toEqual([
      'USD',
      '4000.00',
      '0.0000',
      '1.0000',
      '2027-05-20',
      6,
    ]);
    expect([result.fullyCoTermedOn?.toString(), result.monthsUntilFullyCoTermed]).toEqual(['2027-05-20', 6]);
  });

  it('is co-termed now when everything that can align already does, and never when nothing can', () => {
    const done = plan([nce({ id: 'A', termStart: d('2026-01-01') }), nce({ id: 'L', kind: 'ea', term: null, termStart: d('2026-07-01'), termEnd: d('2027-06-30') })]);
    expect([done.fullyCoTermedOn?.toString(), done.monthsUntilFullyCoTermed, done.totals[0]?.coTermedShareNow?.toString()]).toEqual(['2026-11-22', 0, '0.5000']);
    const never = plan([nce({ id: 'L', kind: 'ea', term: null, termStart: d('2026-07-01'), termEnd: d('2027-06-30') })]);
    expect([never.fullyCoTermedOn, never.monthsUntilFullyCoTermed, never.totals[0]?.coTermedShareWhenDone?.toString()]).toEqual([null, null, '0.0000']);
  });
});
