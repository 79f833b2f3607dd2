import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { reconcileFiles } from '../src/app/reconcile/reconcile-files.ts';
import { CalendarDate } from '../src/domain/calendar/date.ts';
import { groupBy } from '../src/domain/group-by.ts';
import { Decimal } from '../src/domain/money/decimal.ts';
import { type ChargeLine } from '../src/domain/nce/model.ts';
import { PriceBook } from '../src/domain/nce/price-list.ts';
import { simulateNce } from '../src/domain/nce/simulate.ts';
import { RECON_COLUMNS, reconRow } from '../src/imports/recon-csv.ts';
import { benchPriceList, generatePortfolio } from './portfolio-generator.ts';

/**
 * The quick audit (`coterm reconcile --recon --invoices`) of one month with
 * about a million Microsoft rows: a generated portfolio shadow-billed by the
 * engine, June 2026's rows written as Microsoft's file, and invoice lines
 * that follow Microsoft's seats except one seat missing on every 50th
 * subscription. The audit runs in a process of its own (its peak memory).
 *
 *   node --import tsx bench/reconcile-month.ts              → writes the files, runs the audit, prints the figures
 *   … reconcile-month.ts audit RECON INVOICES               → one JSON line
 * Environment: COTERM_BENCH_RECONCILE_ROWS (1000000).
 */

const MONTH_START = CalendarDate.of(2026, 6, 1);
const MONTH_END = MONTH_START.lastDayOfMonth();
const STATING = new Set(['new', 'renew', 'cycleCharge', 'extendTerm', 'addQuantity', 'removeQuantity']);

async function write(out: WriteStream, rows: readonly (readonly string[])[]): Promise<void> {
  if (rows.length > 0 && !out.write(stringify(rows as string[][]))) await once(out, 'drain');
}

/**
 * The invoice lines of one subscription, written as an MSP that tracks every
 * change would: the seats from each change to the next (a charge states the
 * quantity, an upgrade moves seats away, a cancellation ends it), at a 20%
 * margin on Microsoft's monthly price.
 */
function invoiceLines(customer: string, subscription: string, lines: readonly ChargeLine[], missingSeat: boolean): string[][] {
  const ordered = [...lines].sort((a, b) => a.chargeStart.compare(b.chargeStart));
  const segments: { from: CalendarDate; quantity: number; line: ChargeLine }[] = [];
  let quantity = 0;
  let last: ChargeLine | undefined;
  for (const line of ordered) {
    const credit = line.subtotal.sign() < 0;
    if (line.chargeType === 'cancelImmediate') quantity = 0;
    else if (line.chargeType === 'convert' || line.chargeType === 'moveQuantity') quantity += credit ? -line.quantity : line.quantity;
    else if (STATING.has(line.chargeType) && !credit) {
      quantity = line.quantity;
      last = line;
    } else continue;
    if (last) segments.push({ from: line.chargeStart, quantity, line: last });
  }
  const end = minDate(ordered.reduce((latest, line) => (line.chargeEnd.isAfter(latest) ? line.chargeEnd : latest), MONTH_START), MONTH_END);
  const result: string[][] = [];
  segments.forEach((segment, index) => {
    const next = segments[index + 1];
    const until = next ? next.from.addDays(-1) : end;
    if (until.isBefore(segment.from) || segment.quantity <= 0) return;
    const { line } = segment;
    const monthly = line.billing === 'monthly' ? line.unitPrice : Decimal.ratio(line.unitPrice.units, 12n * 10n ** BigInt(line.unitPrice.scale), 2, 'halfUp');
    const price = monthly.times(Decimal.parse('1.2')).round(2, 'halfUp');
    const seats = segment.quantity - (missingSeat ? 1 : 0);
    result.push([customer, subscription, line.sku ?? '', line.product, segment.from.toString(), until.toString(), String(seats), price.toString(), price.timesInteger(seats).toString()]);
  });
  return result;
}

const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a.isAfter(b) ? b : a);

export async function writeMonthFiles(directory: string, targetRows: number): Promise<{ reconRows: number; invoiceLines: number; subscriptions: number; customers: number }> {
  const recon = createWriteStream(join(directory, 'recon.csv'));
  const invoices = createWriteStream(join(directory, 'invoices.csv'));
  recon.write(stringify([RECON_COLUMNS as unknown as string[]]));
  invoices.write(stringify([['CustomerId', 'SubscriptionId', 'SkuId', 'Description', 'ChargeStartDate', 'ChargeEndDate', 'Quantity', 'UnitPrice', 'Amount']]));
  const horizonStart = CalendarDate.of(2026, 1, 1);
  const priceList = new PriceBook(benchPriceList(horizonStart));
  let reconRows = 0;
  let lines = 0;
  let subscriptions = 0;
  let customers = 0;
  for (const customer of generatePortfolio({ customers: 10_000_000, subscriptionsPerCustomer: 10, horizonStart, horizonDays: 365, seed: 11 })) {
    const result = simulateNce({ subscriptions: customer.subscriptions, events: customer.events, priceList, through: MONTH_END });
    const customerId = `c0ffee00-0000-4000-8000-${customers.toString(16).padStart(12, '0')}`;
    customers += 1;
    const month = result.lines.filter((line) => !line.orderDate.isBefore(MONTH_START));
    const bySubscription = groupBy(month, (line) => line.subscription);
    const invoiceRows: string[][] = [];
    for (const [subscription, charges] of bySubscription) {
      subscriptions += 1;
      invoiceRows.push(...invoiceLines(customerId, subscription, charges, subscriptions % 50 === 0));
    }
    await write(recon, month.map((line) => RECON_COLUMNS.map((column) => (column === 'CustomerId' ? customerId : reconRow(line)[column]))));
    await write(invoices, invoiceRows);
    reconRows += month.length;
    lines += invoiceRows.length;
    if (reconRows >= targetRows) break;
  }
  for (const out of [recon, invoices]) {
    out.end();
    await once(out, 'finish');
  }
  return { reconRows, invoiceLines: lines, subscriptions, customers };
}

async function audit(recon: string, invoices: string): Promise<Record<string, number | string>> {
  const started = performance.now();
  const report = await reconcileFiles({ recon, invoices });
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds: seconds.toFixed(1),
    findings: report.findings.length,
    'Microsoft rows matched': `${report.coverage.matchedRows} of ${report.coverage.microsoftRows}`,
    'invoice lines matched': `${report.coverage.matchedInvoiceLines} of ${report.coverage.invoiceLines}`,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export function benchReconcileMonth(): { name: string; figures: Record<string, string | number> }[] {
  const directory = mkdtempSync(join(tmpdir(), 'coterm-bench-reconcile-'));
  try {
    const target = Number(process.env.COTERM_BENCH_RECONCILE_ROWS ?? 1_000_000);
    const script = fileURLToPath(import.meta.url);
    const run = (args: string[]): Record<string, string | number> =>
      JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n').at(-1) as string) as Record<string, string | number>;
    const written = run(['write', directory, String(target)]);
    const result = run(['audit', join(directory, 'recon.csv'), join(directory, 'invoices.csv')]);
    return [
      {
        name: 'Quick audit of one month (coterm reconcile --recon --invoices)',
        figures: {
          'Microsoft rows': written.reconRows ?? 0,
          'invoice lines': written.invoiceLines ?? 0,
          'subscriptions / customers': `${written.subscriptions} / ${written.customers}`,
          'seconds (read both files → report)': result.seconds ?? 0,
          findings: result.findings ?? 0,
          'Microsoft rows matched': result['Microsoft rows matched'] ?? '',
          'invoice lines matched': result['invoice lines matched'] ?? '',
          'peak memory (RSS, MiB)': result.peakRssMiB ?? 0,
        },
      },
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [mode, first, second] = process.argv.slice(2);
  if (mode === 'write' && first && second) {
    console.log(JSON.stringify(await writeMonthFiles(first, Number(second))));
    return;
  }
  if (mode === 'audit' && first && second) {
    console.log(JSON.stringify(await audit(first, second)));
    return;
  }
  if (mode !== undefined) throw new Error('usage: reconcile-month.ts [write DIR ROWS | audit RECON INVOICES]');
  for (const result of benchReconcileMonth()) {
    console.log(result.name);
    for (const [label, value] of Object.entries(result.figures)) console.log(`  ${label.padEnd(36)} ${value}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
