import { describe, expect, it } from 'vitest';
import { coterm, writeTempFiles } from '../support/cli.ts';

const scenario = {
  subscriptions: [
    { id: 'S1', product: 'Microsoft 365 Business Standard', unitPrice: '10.08', currency: 'EUR', term: 'P1M', billing: 'monthly', start: '2021-06-18', quantity: 10, autoRenew: true },
  ],
  events: [
    { date: '2021-06-20', subscription: 'S1', type: 'setQuantity', quantity: 12 },
    { date: '2021-06-25', subscription: 'S1', type: 'upgrade', quantity: 4, to: { id: 'S2', product: 'Office 365 E1', unitPrice: '6.43' } },
  ],
  through: '2021-07-17',
};

function expectOneLineError(result: { stdout: string; stderr: string; code: number }, message: string): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`${message}\n`);
}

describe('coterm nce simulate', () => {
  it('prints the reconciliation rows as JSON, each with its explanation', async () => {
    const { scenarioFile } = writeTempFiles({ scenarioFile: scenario });
    const result = await coterm(['nce', 'simulate', scenarioFile as string, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { lines: Record<string, unknown>[]; totals: unknown[] };
    expect(output.lines.map(({ subscription, chargeType, chargeStart, chargeEnd, unitPrice, effectiveUnitPrice, quantity, subtotal, reference }) => ({
      subscription, chargeType, chargeStart, chargeEnd, unitPrice, effectiveUnitPrice, quantity, subtotal, reference,
    }))).toEqual([
      { subscription: 'S1', chargeType: 'new', chargeStart: '2021-06-18', chargeEnd: '2021-07-17', unitPrice: '10.08', effectiveUnitPrice: '10.08', quantity: 10, subtotal: '100.80', reference: 'R000001' },
      { subscription: 'S1', chargeType: 'addQuantity', chargeStart: '2021-06-20', chargeEnd: '2021-07-17', unitPrice: '10.08', effectiveUnitPrice: '-9.408', quantity: 10, subtotal: '-94.08', reference: 'R000002' },
      { subscription: 'S1', chargeType: 'addQuantity', chargeStart: '2021-06-20', chargeEnd: '2021-07-17', unitPrice: '10.08', effectiveUnitPrice: '9.408', quantity: 12, subtotal: '112.89', reference: 'R000002' },
      { subscription: 'S1', chargeType: 'convert', chargeStart: '2021-06-25', chargeEnd: '2021-07-17', unitPrice: '10.08', effectiveUnitPrice: '-7.72', quantity: 4, subtotal: '-30.88', reference: 'R000003' },
      { subscription: 'S2', chargeType: 'convert', chargeStart: '2021-06-25', chargeEnd: '2021-07-17', unitPrice: '6.43', effectiveUnitPrice: '4.92', quantity: 4, subtotal: '19.68', reference: 'R000003' },
    ]);
    expect(output.lines[3]?.explanation).toEqual({
      formula: 'ROUNDDOWN(UnitPrice ÷ CycleDays × BillingDays, 2) × Quantity',
      inputs: { unitPrice: '10.08', quantity: 4, billingDays: 23, cycleDays: 30, billedFrom: '2021-06-25', billedTo: '2021-07-17', cycleStart: '2021-06-18', cycleEnd: '2021-07-17' },
      rounding: 'effective unit price truncated to 2 decimals, then multiplied by the quantity',
      text: 'refunded: 10.08 ÷ 30 × 23 = 7.728 → 7.72 per unit (truncated); × 4 = 30.88 (2021-06-25 – 2021-07-17 = 23 billing days; 30 = days in the charge cycle 2021-06-18 – 2021-07-17)',
    });
    expect(output.totals).toEqual([
      { subscription: 'S1', currency: 'EUR', lines: 4, total: '88.73' },
      { subscription: 'S2', currency: 'EUR', lines: 1, total: '19.68' },
    ]);
  });

  it('prints a readable table by default and Microsoft reconciliation columns with --format csv', async () => {
    const { scenarioFile } = writeTempFiles({ scenarioFile: scenario });
    const table = await coterm(['nce', 'simulate', scenarioFile as string]);
    expect(table.stdout).toContain('Shadow billing through 2021-07-17: 5 rows');
    expect(table.stdout).toMatch(/2021-06-20\s+S1\s+addQuantity\s+2021-06-20 – 2021-07-17\s+12\s+10\.08\s+9\.408\s+112\.89\s+EUR\s+R000002/);
    const csv = await coterm(['nce', 'simulate', scenarioFile as string, '--format', 'csv']);
    const [header, first] = csv.stdout.split('\n');
    expect(header?.split(',').slice(0, 6)).toEqual(['PartnerId', 'CustomerId', 'CustomerName', 'CustomerDomainName', 'CustomerCountry', 'InvoiceNumber']);
    const columns = header?.split(',') ?? [];
    const values = first?.split(',') ?? [];
    const field = (name: string): string | undefined => values[columns.indexOf(name)];
    expect([field('ChargeType'), field('Subtotal'), field('BillableQuantity'), field('ChargeStartDate'), field('SubscriptionEndDate'), field('ReferenceId')]).toEqual(['new', '100.80', '10', '2021-06-18', '2021-07-17', 'R000001']);
  });

  it('stops at a change Partner Center refuses, naming the rule and the date, unless told to skip it', async () => {
    const { scenarioFile } = writeTempFiles({ scenarioFile: { ...scenario, events: [...scenario.events, { date: '2021-07-17', subscription: 'S1', type: 'cancel' }] } });
    expectOneLineError(
      await coterm(['nce', 'simulate', scenarioFile as string]),
      `coterm: ${scenarioFile}: events[2]: refused on 2021-07-17 for S1 (cancellation window): cancellation was allowed until 2021-06-25 (7 days after the purchase or renewal on 2021-06-18); the term must be paid to its end on 2021-07-17`,
    );
    const skipped = await coterm(['nce', 'simulate', scenarioFile as string, '--skip-refused', '--json']);
    expect(skipped.code).toBe(0);
    expect((JSON.parse(skipped.stdout) as { warnings: { code: string }[] }).warnings.map((warning) => warning.code)).toEqual(['CHANGE_REFUSED']);
  });

  it('rejects bad scenarios with one line naming the field, never a stack trace', async () => {
    const base = scenario.subscriptions[0] as object;
    const files = writeTempFiles({
      unknown: { ...scenario, events: [{ date: '2021-06-20', subscription: 'S9', type: 'setQuantity', quantity: 12 }] },
      early: { ...scenario, events: [{ date: '2021-06-10', subscription: 'S1', type: 'cancel' }] },
      negative: { ...scenario, events: [{ date: '2021-06-20', subscription: 'S1', type: 'setQuantity', quantity: -2 }] },
      negativeSeats: { ...scenario, subscriptions: [{ ...base, quantity: -10 }] },
      malformed: '{"subscriptions": [\n  {"id": "S1",,}\n]}',
      typo: { ...scenario, subscriptions: [{ ...base, quantty: 3 }] },
    });
    expectOneLineError(await coterm(['nce', 'simulate', files.unknown as string]), `coterm: ${files.unknown}: events[0].subscription: unknown subscription "S9"`);
    expectOneLineError(await coterm(['nce', 'simulate', files.early as string]), `coterm: ${files.early}: events[0].date: 2021-06-10 is before S1 starts (2021-06-18)`);
    expectOneLineError(await coterm(['nce', 'simulate', files.negative as string]), `coterm: ${files.negative}: events[0].quantity: must be at least 1 seat`);
    expectOneLineError(await coterm(['nce', 'simulate', files.negativeSeats as string]), `coterm: ${files.negativeSeats}: subscriptions[0].quantity: must be at least 1 seat`);
    expectOneLineError(await coterm(['nce', 'simulate', files.malformed as string]), `coterm: ${files.malformed}: invalid JSON at line 2, column 15: Expected double-quoted property name`);
    expectOneLineError(await coterm(['nce', 'simulate', files.typo as string]), `coterm: ${files.typo}: subscriptions[0]: unknown field "quantty"`);
    expectOneLineError(await coterm(['nce', 'simulate', 'missing.json']), 'coterm: missing.json: no such file');
  });

  it('refuses bad option values as usage errors (exit code 2)', async () => {
    const result = await coterm(['nce', 'simulate', 'x.json', '--window-days', 'seven']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`coterm: option '--window-days <days>' argument 'seven' is invalid. "seven" is not a whole number\n`);
  });
});

describe('coterm nce end-dates', () => {
  it("lists Microsoft's example end dates for a purchase on 2022-07-15", async () => {
    const result = await coterm(['nce', 'end-dates', '--term', 'P1Y', '--start', '2022-07-15', '--json']);
    const output = JSON.parse(result.stdout) as { defaultEnd: string; default: { firstTerm: { days: number } }; options: { type: string; date: string; firstTerm: { days: number } }[] };
    expect(output.defaultEnd).toBe('2023-07-14');
    expect(output.default.firstTerm.days).toBe(365);
    expect(output.options.map(({ type, date, firstTerm }) => [type, date, firstTerm.days])).toEqual([['calendarMonthAligned', '2023-06-30', 351]]);
  });

  it('aligns with the customer’s subscriptions and prices each first term', async () => {
    const { subs } = writeTempFiles({
      subs: [
        { id: 'A', term: 'P1Y', billing: 'monthly', start: '2021-10-02', end: '2022-10-01', status: 'active' },
        { id: 'M', term: 'P1M', billing: 'monthly', start: '2022-07-10', end: '2022-08-09', status: 'active' },
        { id: 'X', term: 'P1Y', billing: 'monthly', start: '2021-08-01', end: '2022-07-31', status: 'suspended' },
      ],
    });
    const result = await coterm(['nce', 'end-dates', '--term', 'P3Y', '--start', '2022-07-01', '--subscriptions', subs as string, '--unit-price', '36.00', '--quantity', '10', '--currency', 'EUR', '--json']);
    const output = JSON.parse(result.stdout) as {
      options: { type: string; date: string; subscriptions?: string[]; firstTerm: { months: number; extraDays: number }; firstTermCharges: { total: string; lines: unknown[] } }[];
      excluded: { subscription: string; reason: string }[];
    };
    expect(output.options.map((option) => [option.type, option.date, option.subscriptions ?? [], option.firstTerm.months, option.firstTerm.extraDays, option.firstTermCharges.total])).toEqual([
      ['calendarMonthAligned', '2025-06-30', [], 36, 0, '12960.00'],
      ['subscriptionAligned', '2024-10-01', ['A'], 27, 1, '9732.00'],
    ]);
    expect(output.excluded).toEqual([
      { subscription: 'M', reason: 'an annual or triennial term cannot co-term with a monthly-term subscription' },
      { subscription: 'X', reason: 'it is suspended, not active' },
    ]);
  });
});
