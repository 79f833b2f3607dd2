import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { sql } from 'kysely';
import { runImport } from '../src/app/imports/run-import.ts';
import { reconcileLedger } from '../src/app/reconcile/reconcile-ledger.ts';
import { reconFormat } from '../src/imports/recon/recon-format.ts';
import { importStore } from '../src/store/import-store.ts';
import { openReconSink } from '../src/store/sinks/recon-sink.ts';
import { Store } from '../src/store/store.ts';
import { writeMonthFiles } from './reconcile-month.ts';

/**
 * `coterm reconcile --period` on a month of about a million Microsoft rows,
 * on the embedded database: the quick audit's generated June 2026 (the
 * engine's rows, one seat missing from the invoices on every 50th
 * subscription) imported into the ledger, each customer an account, and the
 * invoice lines stored as each account's issued June invoice. Only the
 * reconciliation is timed, in a process of its own (its peak memory).
 *
 *   node --import tsx bench/reconcile-ledger.ts              → prepares, runs, prints the figures
 *   … reconcile-ledger.ts prepare DIR ROWS | run DIR         → one JSON line
 * Environment: COTERM_BENCH_RECONCILE_ROWS (1000000).
 */

const ORG = 'bench';

async function prepare(directory: string, rows: number): Promise<Record<string, number>> {
  const written = await writeMonthFiles(directory, rows);
  const store = await Store.open({ dataDir: join(directory, 'db') });
  try {
    await store.db.insertInto('organizations').values({ id: ORG, name: ORG }).execute();
    const imported = await runImport(importStore(store), { format: reconFormat, openSink: openReconSink }, { organizationId: ORG, path: join(directory, 'recon.csv'), actor: 'bench', skipBad: false, now: () => '2026-07-05T00:00:00Z' });
    await store.transaction(async ({ db }) => {
      await sql`INSERT INTO accounts (organization_id, id, name, normalized_name) SELECT organization_id, id, id, id FROM tenants WHERE organization_id = ${ORG}`.execute(db);
      await sql`UPDATE tenants SET account_id = id WHERE organization_id = ${ORG}`.execute(db);
      await sql`UPDATE subscriptions SET account_id = tenant_id WHERE organization_id = ${ORG}`.execute(db);
      await storeInvoices(db, join(directory, 'invoices.csv'));
    });
    return { ...written, imported: imported.imported };
  } finally {
    await store.close();
  }
}

/** Each customer's invoice lines as its issued June invoice (the invoice run itself is not what is measured). */
async function storeInvoices(db: Store['db'], path: string): Promise<void> {
  const rows = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const byCustomer = new Map<string, Record<string, string>[]>();
  for (const row of rows) {
    const list = byCustomer.get(row.CustomerId!) ?? [];
    list.push(row);
    byCustomer.set(row.CustomerId!, list);
  }
  let number = 0;
  const lines: Record<string, unknown>[] = [];
  const flush = async () => {
    if (lines.length > 0) await db.insertInto('invoice_lines').values(lines.splice(0) as never).execute();
  };
  for (const [customer, customerRows] of byCustomer) {
    number += 1;
    const id = `2026-06-${customer}-USD`;
    // Drafts take lines; all are issued at the end (an issued invoice takes no more).
    await db
      .insertInto('invoices')
      .values({ organization_id: ORG, id, kind: 'invoice', status: 'draft', number: null, account_id: customer, billing_entity_id: null, period: '2026-06', currency: 'USD', subtotal: '0', tax: '0', total: '0', tax_rule: '{}' })
      .execute();
    lines.push(
      ...customerRows.map((row, index) => ({
        organization_id: ORG,
        invoice_id: id,
        line_number: index + 1,
        subscription_id: row.SubscriptionId,
        kind: 'recurring',
        description: row.Description,
        quantity: row.Quantity,
        unit_price: row.UnitPrice,
        amount: row.Amount,
        net: row.Amount,
        tax: '0',
        gl_account: '4010',
        service_start: row.ChargeStartDate,
        service_end: row.ChargeEndDate,
        explanation: '{}',
        pricing: '{}',
      })),
    );
    if (lines.length >= 2000) await flush();
  }
  await flush();
  await sql`UPDATE invoices SET status = 'issued', number = 'INV-2026-' || lpad(id_number::text, 6, '0'), issued_on = '2026-07-01', due_on = '2026-07-31'
              FROM (SELECT id AS invoice_id, row_number() OVER (ORDER BY id) AS id_number FROM invoices WHERE organization_id = ${ORG}) numbered
             WHERE organization_id = ${ORG} AND invoices.id = numbered.invoice_id`.execute(db);
  if (number !== byCustomer.size) throw new Error('invoices not stored');
}

async function run(directory: string): Promise<Record<string, number | string>> {
  const store = await Store.open({ dataDir: join(directory, 'db') });
  try {
    const started = performance.now();
    const report = await reconcileLedger(store, ORG, '2026-06', { actor: 'bench', source: 'coterm' });
    const seconds = (performance.now() - started) / 1000;
    const byCategory: Record<string, number> = {};
    for (const finding of report.findings) byCategory[finding.category] = (byCategory[finding.category] ?? 0) + 1;
    return {
      seconds: seconds.toFixed(1),
      findings: report.findings.length,
      categories: JSON.stringify(byCategory),
      'Microsoft rows matched': `${report.coverage.matchedRows} of ${report.coverage.microsoftRows}`,
      'invoice lines matched': `${report.coverage.matchedInvoiceLines} of ${report.coverage.invoiceLines}`,
      'charges recomputed': report.coverage.chargesRecomputed,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await store.close();
  }
}

export function benchReconcileLedger(): { name: string; figures: Record<string, string | number> }[] {
  const directory = mkdtempSync(join(tmpdir(), 'coterm-bench-ledger-'));
  try {
    const target = Number(process.env.COTERM_BENCH_RECONCILE_ROWS ?? 1_000_000);
    const script = fileURLToPath(import.meta.url);
    const node = (args: string[]): Record<string, string | number> =>
      JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n').at(-1) as string) as Record<string, string | number>;
    const prepared = node(['prepare', directory, String(target)]);
    const first = node(['run', directory]);
    const again = node(['run', directory]);
    return [
      {
        name: 'A month against the ledger (coterm reconcile --period), embedded database',
        figures: {
          'Microsoft rows': prepared.reconRows ?? 0,
          'invoice lines': prepared.invoiceLines ?? 0,
          'subscriptions / customers': `${prepared.subscriptions} / ${prepared.customers}`,
          'seconds (first run)': first.seconds ?? 0,
          'seconds (run again: findings updated)': again.seconds ?? 0,
          findings: first.findings ?? 0,
          categories: first.categories ?? '',
          'Microsoft rows matched': first['Microsoft rows matched'] ?? '',
          'invoice lines matched': first['invoice lines matched'] ?? '',
          'charges recomputed': first['charges recomputed'] ?? 0,
          'peak memory (RSS, MiB)': Math.max(Number(first.peakRssMiB ?? 0), Number(again.peakRssMiB ?? 0)),
        },
      },
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [mode, first, second] = process.argv.slice(2);
  if (mode === 'prepare' && first && second) return console.log(JSON.stringify(await prepare(first, Number(second))));
  if (mode === 'run' && first) return console.log(JSON.stringify(await run(first)));
  if (mode !== undefined) throw new Error('usage: reconcile-ledger.ts [prepare DIR ROWS | run DIR]');
  for (const result of benchReconcileLedger()) {
    console.log(result.name);
    for (const [label, value] of Object.entries(result.figures)) console.log(`  ${label.padEnd(40)} ${value}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
