import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { copyLine } from '../src/store/copy-text.ts';
import { type SqlConnection } from '../src/store/sql-connection.ts';
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
  const written = existsSync(join(directory, 'written.json')) ? (JSON.parse(readFileSync(join(directory, 'written.json'), 'utf8')) as Record<string, number>) : await writeMonthFiles(directory, rows);
  writeFileSync(join(directory, 'written.json'), JSON.stringify(written));
  const store = await Store.open({ dataDir: join(directory, 'db') });
  try {
    await store.db.insertInto('organizations').values({ id: ORG, name: ORG }).onConflict((conflict) => conflict.doNothing()).execute();
    // A setup cut short is taken up again: the import is all or nothing, and so is the rest.
    const imported = await runImport(importStore(store), { format: reconFormat, openSink: openReconSink }, { organizationId: ORG, path: join(directory, 'recon.csv'), actor: 'bench', skipBad: false, now: () => '2026-07-05T00:00:00Z' });
    await store.transaction(async ({ db, connection }) => {
      await sql`DELETE FROM invoice_lines WHERE organization_id = ${ORG}`.execute(db);
      await sql`DELETE FROM invoices WHERE organization_id = ${ORG}`.execute(db);
      await sql`INSERT INTO accounts (organization_id, id, name, normalized_name) SELECT organization_id, id, id, id FROM tenants WHERE organization_id = ${ORG} ON CONFLICT DO NOTHING`.execute(db);
      await sql`UPDATE tenants SET account_id = id WHERE organization_id = ${ORG}`.execute(db);
      await sql`UPDATE subscriptions SET account_id = tenant_id WHERE organization_id = ${ORG}`.execute(db);
      await storeInvoices(connection, join(directory, 'invoices.csv'));
    });
    return { ...written, imported: imported.imported + imported.duplicates };
  } finally {
    await store.close();
  }
}

const INVOICE_COLUMNS = ['organization_id', 'id', 'kind', 'status', 'account_id', 'period', 'currency', 'subtotal', 'tax', 'total', 'tax_rule'];
const LINE_COLUMNS = ['organization_id', 'invoice_id', 'line_number', 'subscription_id', 'kind', 'description', 'quantity', 'unit_price', 'amount', 'net', 'tax', 'gl_account', 'service_start', 'service_end', 'explanation', 'pricing'];

/** Each customer's invoice lines as its issued June invoice (the invoice run itself is not what is measured), written with COPY. */
async function storeInvoices(connection: SqlConnection, path: string): Promise<void> {
  const rows = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const invoices: string[] = [];
  const lines: string[] = [];
  const lineNumbers = new Map<string, number>();
  for (const row of rows) {
    const id = `2026-06-${row.CustomerId}-USD`;
    const number = (lineNumbers.get(id) ?? 0) + 1;
    // Drafts take lines; all are issued at the end (an issued invoice takes no more).
    if (number === 1) invoices.push(copyLine([ORG, id, 'invoice', 'draft', row.CustomerId, '2026-06', 'USD', '0', '0', '0', '{}']));
    lineNumbers.set(id, number);
    lines.push(copyLine([ORG, id, number, row.SubscriptionId, 'recurring', row.Description, row.Quantity, row.UnitPrice, row.Amount, row.Amount, '0', '4010', row.ChargeStartDate, row.ChargeEndDate, '{}', '{}']));
  }
  await connection.copyFrom('invoices', INVOICE_COLUMNS, chunks(invoices));
  await connection.copyFrom('invoice_lines', LINE_COLUMNS, chunks(lines));
  await connection.query(
    `UPDATE invoices SET status = 'issued', number = 'INV-2026-' || lpad(numbered.position::text, 6, '0'), issued_on = '2026-07-01', due_on = '2026-07-31'
       FROM (SELECT id AS invoice_id, row_number() OVER (ORDER BY id) AS position FROM invoices WHERE organization_id = $1) numbered
      WHERE organization_id = $1 AND invoices.id = numbered.invoice_id`,
    [ORG],
  );
}

function* chunks(lines: readonly string[], size = 20_000): Generator<string> {
  for (let start = 0; start < lines.length; start += size) yield lines.slice(start, start + size).join('');
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
