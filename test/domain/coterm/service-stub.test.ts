import { describe, expect, it } from 'vitest';
import { serviceStub, type ServiceStubInput } from '../../../src/domain/coterm/service-stub.ts';
import { currency } from '../../../src/domain/money/currency.ts';
import { d, money } from './fixtures.ts';

const base: ServiceStubInput = {
  quantity: 5,
  unitPrice: money('100.00'),
  currency: currency('EUR'),
  billing: 'monthly',
  termMonths: 12,
  policy: 'daily',
  start: d('2027-05-20'),
  end: d('2027-12-31'),
};

describe('MSP service stub terms', () => {
  it('daily: full-term charge × stub days ÷ days of the full term starting that day, explained', () => {
    const stub = serviceStub(base);
    expect([stub.days, stub.charge.toString(), stub.currency]).toEqual([226, '3704.92', 'EUR']);
    expect(stub.explanation).toEqual({
      formula: 'ROUND(Quantity × UnitPrice × TermMonths ÷ BillingMonths × StubDays ÷ FullTermDays, 2)',
      inputs: { quantity: 5, unitPrice: '100.00', termMonths: 12, billingMonths: 1, policy: 'daily', stubStart: '2027-05-20', stubEnd: '2027-12-31', stubDays: 226, fullTermDays: 366, currency: 'EUR' },
      rounding: 'rounded half up to 2 decimals, once, on the total',
      text:
        '5 × 100.00 × 12 ÷ 1 = 6000 for the full 12-month term 2027-05-20 – 2028-05-19 (366 days, billed monthly); ' +
        'stub 2027-05-20 – 2027-12-31 = 226 of 366 days: 6000 × 226 ÷ 366 = 3704.9180327868… → 3704.92 EUR (rounded half up to 2 decimals, once, on the total)',
    });
  });

  it('monthly: a started month counts whole (May 20 – Dec 31 starts 8 of 12 months)', () => {
    const stub = serviceStub({ ...base, policy: 'monthly' });
    expect(stub.charge.toString()).toBe('4000.00');
    expect(stub.explanation.text).toContain('starts 8 of 12 months (proration policy monthly: a started month counts whole): 6000 × 8 ÷ 12 = 4000 → 4000.00 EUR');
  });

  it('none: priced like monthly, on an annual billing period', () => {
    // 2 × 1200.00 × 12 ÷ 12 = 2400 for the term; × 8 ÷ 12 = 1600.00.
    expect(serviceStub({ ...base, policy: 'none', billing: 'annual', quantity: 2, unitPrice: money('1200.00') }).charge.toString()).toBe('1600.00');
  });

  it('rounds once, half up (where truncation would lose a cent), to the currency’s minor units', () => {
    // 3 × 99.99 × 12 ÷ 3 = 1199.88; × 226 ÷ 366 = 740.9095… → 740.91 (truncation would give 740.90).
    expect(serviceStub({ ...base, billing: 'quarterly', quantity: 3, unitPrice: money('99.99') }).charge.toString()).toBe('740.91');
    // JPY has no minor units: 7 × 1000 × 12 = 84000; × 226 ÷ 366 = 51868.85… → 51869.
    expect(serviceStub({ ...base, currency: currency('JPY'), quantity: 7, unitPrice: money('1000') }).charge.toString()).toBe('51869');
  });

  it('charges the full term when the stub is the whole term', () => {
    const whole = serviceStub({ ...base, start: d('2027-01-01'), end: d('2027-12-31') });
    expect([whole.charge.toString(), serviceStub({ ...base, policy: 'monthly', start: d('2027-01-01'), end: d('2027-12-31') }).charge.toString()]).toEqual(['6000.00', '6000.00']);
  });
});
