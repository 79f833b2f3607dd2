import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { reconcileFiles } from '../../src/app/reconcile/reconcile-files.ts';
import { ImportRejectedError } from '../../src/app/imports/run-import.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { type NceEvent, type SubscriptionSpec } from '../../src/domain/nce/model.ts';
import { simulateNce } from '../../src/domain/nce/simulate.ts';
import { RECON_COLUMNS, reconRow } from '../../src/imports/recon-csv.ts';
import { generateDemo } from '../../src/app/demo/generate.ts';
import { type LeakageEntry } from '../../src/app/demo/leakage.ts';
import { tempDir } from '../support/temp-dirs.ts';

const d = CalendarDate.parse;
const CUSTOMER = 'a1b2c3d4-0000-4000-8000-000000000001';

function licence(id: string, fields: Partial<SubscriptionSpec> = {}): SubscriptionSpec {
  return { id, product: 'Microsoft 365 Business Premium', sku: 'CFQ7TTC0LCHC:0002', customer: CUSTOMER, currency: 'USD', term: 'P1Y', billing: 'monthly', quantity: 20, start: d('2026-01-10'), unitPrice: Decimal.parse('22.00'), autoRenew: true, ...fields };
}

/** Microsoft's March 2026 reconciliation file for the scenario, as the shadow-billing engine bills it. */
function marchRecon(directory: string, subscriptions: readonly SubscriptionSpec[], events: readonly NceEvent[], order: 'as billed' | 'reversed' = 'as billed'): string {
  const { lines } = simulateNce({ subscriptions, events, through: d('2026-03-31') });
  const billed = lines.filter((line) => line.orderDate.toString().startsWith('2026-03'));
  const march = order === 'reversed' ? billed.reverse() : billed;
  const path = join(directory, 'recon-2026-03.csv');
  writeFileSync(path, stringify([RECON_COLUMNS, ...march.map((line) => RECON_COLUMNS.map((column) => reconRow(line)[column]))]));
  return path;
}

const INVOICE_HEADER = ['CustomerId', 'SubscriptionId', 'SkuId', 'Description', 'ChargeStartDate', 'ChargeEndDate', 'Quantity', 'UnitPrice', 'Amount'];

function invoices(directory: string, rows: readonly (readonly string[])[]): string {
  const path = join(directory, 'invoices.csv');
  writeFileSync(path, stringify([INVOICE_HEADER, ...rows]));
  return path;
}

describe('coterm reconcile --recon --invoices (a quick audit with no setup)', () => {
  it('finds seats Microsoft bills that nobody invoiced, valued at the invoiced price day by day', async () => {
    const directory = tempDir('reconcile');
    const recon = marchRecon(directory, [licence('sub-a')], [{ type: 'setQuantity', date: d('2026-03-15'), subscription: 'sub-a', index: 0, quantity: 25 }]);
    const invoiced = invoices(directory, [[CUSTOMER, 'sub-a', 'CFQ7TTC0LCHC:0002', 'Business Premium', '2026-03-01', '2026-03-31', '20', '26.40', '528.00']]);
    const { findings, coverage } = await reconcileFiles({ recon, invoices: invoiced });
    // The month the file invoices; its first days belong to February's cycle (in February's file) and are not judged.
    expect([coverage.period.start.toString(), coverage.period.end.toString()]).toEqual(['2026-03-01', '2026-03-31']);
    expect(coverage.nothingMatched).toBe(false);
    expect(coverage.matchedRows).toBe(coverage.microsoftRows);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ category: 'untracked_seat_addition', subscriptionId: 'sub-a', microsoftSeats: 25, invoicedSeats: 20, direction: 'underbilled' });
    expect(finding?.from.toString()).toBe('2026-03-15');
    expect(finding?.until.toString()).toBe('2026-03-31');
    // 5 seats × 26.40 × 17/31 = 72.387… → 72.39; a month of it × 12 = 1584.00.
    expect(finding?.impact.toString()).toBe('72.39');
    expect(finding?.annualised.toString()).toBe('1584.00');
    expect(finding?.evidence.microsoft.some((row) => row.includes('addQuantity 25'))).toBe(true);
    expect(finding?.evidence.invoiced).toEqual(['invoices.csv line 2: 20 × 26.40 Business Premium 2026-03-01 – 2026-03-31 = 528.00']);
  });

  it('reads the seats the same whatever the order of the rows in the file', async () => {
    const directory = tempDir('reconcile');
    const recon = marchRecon(directory, [licence('sub-a')], [{ type: 'setQuantity', date: d('2026-03-15'), subscription: 'sub-a', index: 0, quantity: 25 }], 'reversed');
    const invoiced = invoices(directory, [[CUSTOMER, 'sub-a', 'CFQ7TTC0LCHC:0002', 'Business Premium', '2026-03-01', '2026-03-31', '20', '26.40', '528.00']]);
    const { findings } = await reconcileFiles({ recon, invoices: invoiced });
    expect(findings.map((finding) => [finding.category, finding.from.toString(), finding.microsoftSeats, finding.invoicedSeats, finding.impact.toString()])).toEqual([['untracked_seat_addition', '2026-03-15', 25, 20, '72.39']]);
  });

  it('finds a cancelled subscription still invoiced, and a downgrade the invoice missed', async () => {
    const directory = tempDir('reconcile');
    const recon = marchRecon(
      directory,
      [licence('sub-c', { start: d('2026-03-05') }), licence('sub-d', { start: d('2026-03-02'), quantity: 30 })],
      [
        { type: 'cancel', date: d('2026-03-08'), subscription: 'sub-c', index: 0 },
        { type: 'setQuantity', date: d('2026-03-06'), subscription: 'sub-d', index: 1, quantity: 24 },
      ],
    );
    const invoiced = invoices(directory, [
      [CUSTOMER, 'sub-c', '', 'Business Premium', '2026-03-05', '2026-03-31', '20', '26.40', '460.00'],
      [CUSTOMER, 'sub-d', '', 'Business Premium', '2026-03-02', '2026-03-31', '30', '26.40', '792.00'],
    ]);
    const { findings } = await reconcileFiles({ recon, invoices: invoiced });
    const cancelled = findings.find((finding) => finding.subscriptionId === 'sub-c');
    const downgrade = findings.find((finding) => finding.subscriptionId === 'sub-d');
    expect(cancelled).toMatchObject({ category: 'cancelled_still_billed', microsoftSeats: 0, invoicedSeats: 20, direction: 'overbilled' });
    expect(cancelled?.from.toString()).toBe('2026-03-08');
    // 20 × 26.40 × 24/31 = 408.774… (March 8–31).
    expect(cancelled?.impact.toString()).toBe('408.77');
    expect(downgrade).toMatchObject({ category: 'downgrade_not_reflected', microsoftSeats: 24, invoicedSeats: 30, direction: 'overbilled' });
    expect(downgrade?.from.toString()).toBe('2026-03-06');
    // 6 × 26.40 × 26/31 = 132.851… (March 6–31).
    expect(downgrade?.impact.toString()).toBe('132.85');
  });

  it('values seats nobody invoiced at what Microsoft charges, and judges nothing it cannot see', async () => {
    const directory = tempDir('reconcile');
    const other = 'ffffffff-0000-4000-8000-000000000009';
    const recon = marchRecon(directory, [licence('sub-e', { start: d('2026-03-01'), quantity: 10 }), licence('sub-f', { customer: other, start: d('2026-03-01') })], []);
    const invoiced = invoices(directory, [[CUSTOMER, 'sub-other', '', 'Teams', '2026-03-01', '2026-03-31', '3', '5.00', '15.00']]);
    const { findings, coverage } = await reconcileFiles({ recon, invoices: invoiced });
    expect(coverage.customersWithoutInvoice).toEqual([other]);
    expect(findings.map((finding) => [finding.category, finding.subscriptionId])).toEqual([['not_invoiced', 'sub-e']]);
    // Microsoft charges 10 × 22.00 for March 1–31: exactly what went uninvoiced.
    expect(findings[0]?.impact.toString()).toBe('220.00');
    // A line for a subscription the file does not bill is listed, not judged: it may be an annual term billed in another month.
    expect(coverage.unmatchedInvoiceLines).toEqual([{ location: 'invoices.csv line 2', customerId: CUSTOMER, subscriptionId: 'sub-other', skuId: null }]);
    expect(coverage.nothingMatched).toBe(true);
  });

  it("matches a line that names only its SKU to the customer's one subscription of it, and no line to two", async () => {
    const directory = tempDir('reconcile');
    const recon = marchRecon(directory, [licence('sub-a', { start: d('2026-03-01') }), licence('sub-b', { start: d('2026-03-01'), sku: 'CFQ7TTC0LF8R:0001', product: 'Office 365 E3' }), licence('sub-c', { start: d('2026-03-01'), sku: 'CFQ7TTC0LF8R:0001', product: 'Office 365 E3' })], []);
    const invoiced = invoices(directory, [
      [CUSTOMER, '', 'CFQ7TTC0LCHC:0002', 'Business Premium', '2026-03-01', '2026-03-31', '18', '26.40', '475.20'],
      [CUSTOMER, '', 'CFQ7TTC0LF8R:0001', 'Office 365 E3', '2026-03-01', '2026-03-31', '20', '36.00', '720.00'],
    ]);
    const { findings, coverage } = await reconcileFiles({ recon, invoices: invoiced });
    expect(findings.find((finding) => finding.subscriptionId === 'sub-a')).toMatchObject({ category: 'untracked_seat_addition', microsoftSeats: 20, invoicedSeats: 18 });
    // Two E3 subscriptions: the line could be either, so it is listed, and both show as not invoiced.
    expect(coverage.unmatchedInvoiceLines.map((line) => line.location)).toEqual(['invoices.csv line 3']);
    expect(findings.filter((finding) => finding.category === 'not_invoiced').map((finding) => finding.subscriptionId).sort()).toEqual(['sub-b', 'sub-c']);
  });

  it('refuses files with bad rows whole, naming the file, line and reason of each', async () => {
    const directory = tempDir('reconcile');
    const recon = marchRecon(directory, [licence('sub-a')], []);
    const invoiced = invoices(directory, [
      [CUSTOMER, 'sub-a', '', 'Business Premium', '2026-03-31', '2026-03-01', '20', '26.40', '528.00'],
      [CUSTOMER, 'sub-a', '', 'Business Premium', '2026-03-01', '2026-03-31', '2.5', '26.40', '66.00'],
    ]);
    const error = await reconcileFiles({ recon, invoices: invoiced }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as Error).message).toContain('invoices.csv line 2: ChargeEndDate 2026-03-01 is before ChargeStartDate 2026-03-31');
    expect((error as Error).message).toContain('invoices.csv line 3: Quantity 2.5 is not a whole number of seats');
  });
});

describe('coterm reconcile on the demo portfolio, month by month, against its PSA export', () => {
  const directory = tempDir('reconcile-demo');
  const demo = generateDemo({ clients: 30, seed: 4, asOf: d('2026-11-01') });
  for (const file of demo.files) writeFileSync(join(directory, file.name), file.contents);
  const leakages = (JSON.parse(demo.files.find((file) => file.name === 'leakages.json')?.contents ?? '{}') as { leakages: LeakageEntry[] }).leakages;
  const reconFiles = demo.files.filter((file) => file.kind === 'recon').map((file) => file.name);
  const planted = (kinds: readonly string[], month: string) =>
    leakages.filter((leak) => kinds.includes(leak.kind) && leak.month <= month).map((leak) => `${leak.kind} ${leak.subscriptionId}`).sort();

  it('finds exactly the leaks planted, in the month of a cancellation and months later', async () => {
    const february = await reconcileFiles({ recon: join(directory, 'recon-2026-02.csv'), invoices: join(directory, 'psa.csv') });
    const october = await reconcileFiles({ recon: join(directory, 'recon-2026-10.csv'), invoices: join(directory, 'psa.csv') });
    const found = (report: typeof october) => report.findings.map((finding) => `${finding.category} ${finding.subscriptionId}`).sort();
    const februaryCancellations = leakages.filter((leak) => leak.kind === 'cancelled_still_billed' && leak.month === '2026-02').map((leak) => `${leak.kind} ${leak.subscriptionId}`);
    expect(februaryCancellations.length).toBeGreaterThan(0);
    expect(found(february)).toEqual([...planted(['downgrade_not_reflected', 'untracked_seat_addition'], '2026-02'), ...februaryCancellations].sort());
    expect(found(october)).toEqual(planted(['downgrade_not_reflected', 'untracked_seat_addition', 'unexpected_est_not_invoiced'], '2026-10'));
    expect(october.invoices).toMatchObject({ format: 'PSA export', notBilled: 0 });
  });

  it('finds a partial month an unprorated PSA addition never invoiced, as a one-off', async () => {
    const may = await reconcileFiles({ recon: join(directory, 'recon-2026-05.csv'), invoices: join(directory, 'psa.csv') });
    const prorations = leakages.filter((leak) => leak.kind === 'proration_miscalculation' && leak.month === '2026-05');
    expect(prorations.length).toBeGreaterThan(0);
    const found = may.findings.map((finding) => `${finding.category} ${finding.subscriptionId}`).sort();
    expect(found).toEqual([...planted(['downgrade_not_reflected', 'untracked_seat_addition'], '2026-05'), ...prorations.map((leak) => `${leak.kind} ${leak.subscriptionId}`)].sort());
    for (const leak of prorations) {
      const finding = may.findings.find((candidate) => candidate.subscriptionId === leak.subscriptionId);
      expect(finding?.from.toString()).toBe(leak.date);
      expect(finding?.until.toString()).toBe('2026-05-31');
      expect(finding?.annualised.toString()).toBe('0.00');
    }
  });

  it('values a missed seat or a missed downgrade at the client\'s monthly price, as the plan of the leak says', async () => {
    const october = await reconcileFiles({ recon: join(directory, 'recon-2026-10.csv'), invoices: join(directory, 'psa.csv') });
    for (const finding of october.findings.filter((candidate) => candidate.category !== 'unexpected_est_not_invoiced')) {
      const leak = leakages.find((candidate) => candidate.subscriptionId === finding.subscriptionId);
      expect(finding.direction, finding.subscriptionId).toBe(leak?.direction);
      expect(finding.annualised.toString(), finding.subscriptionId).toBe(Decimal.parse(leak?.monthlyImpact ?? '0').timesInteger(12).round(2, 'halfUp').toString());
    }
  });

  it('reports no difference that was not planted, in any month', async () => {
    const leaked = new Set(leakages.map((leak) => leak.subscriptionId));
    for (const name of reconFiles) {
      const report = await reconcileFiles({ recon: join(directory, name), invoices: join(directory, 'psa.csv') });
      expect(report.coverage.nothingMatched, name).toBe(false);
      for (const finding of report.findings) expect(leaked.has(finding.subscriptionId), `${name}: ${finding.category} ${finding.subscriptionId}`).toBe(true);
    }
  });
});
