import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchApiLoad } from './api-load.ts';
import { benchShadowBilling } from './nce-shadow-billing.ts';
import { benchWebRender } from './web-render.ts';
import { benchReconcileLedger } from './reconcile-ledger.ts';
import { benchReconcileMonth } from './reconcile-month.ts';
import { benchRenewalCadence } from './renewal-cadence.ts';
import { writeReconFile } from './recon-file.ts';

/**
 * `npm run bench`: each benchmark's figures with the machine they ran on.
 * The reconciliation import runs in child processes, so each peak memory
 * figure is that import's alone. A server is measured when
 * COTERM_BENCH_DATABASE_URL (or DATABASE_URL) names one.
 */
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`coterm benchmarks on ${machine}\n`);

const print = (name: string, figures: Record<string, string | number>): void => {
  console.log(name);
  for (const [label, value] of Object.entries(figures)) console.log(`  ${label.padEnd(30)} ${value}`);
  console.log();
};

const shadow = benchShadowBilling();
print(shadow.name, { ...shadow.figures, 'peak memory (RSS, MiB)': Math.round(process.resourceUsage().maxRSS / 1024) });

const rows = Number(process.env.COTERM_BENCH_RECON_ROWS ?? 1_000_000);
const fileDir = mkdtempSync(join(tmpdir(), 'coterm-bench-recon-'));
const file = join(fileDir, 'recon.csv');
const written = await writeReconFile(file, rows);
const script = fileURLToPath(new URL('./recon-import.ts', import.meta.url));
const node = (args: string[]): string => execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' }).trim();
const server = process.env.COTERM_BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
for (const target of [undefined, ...(server ? [server] : [])]) {
  const location = node(['prepare', ...(target ? [target] : [])]);
  const result = JSON.parse(node(['import', file, location])) as Record<string, string | number>;
  if (target) node(['drop', target, location]);
  else rmSync(location, { recursive: true, force: true });
  print(`Reconciliation import, ${result.database} database`, {
    'rows in file': written.rows,
    customers: written.customers,
    'rows imported': result.imported ?? 0,
    'ledger events written': result.ledgerEvents ?? 0,
    'seconds (open → commit)': result.seconds ?? 0,
    'peak memory (RSS, MiB)': result.peakRssMiB ?? 0,
  });
}
rmSync(fileDir, { recursive: true, force: true });

for (const result of [...benchReconcileMonth(), ...benchReconcileLedger()]) print(result.name, result.figures);

for (const result of benchRenewalCadence()) print(result.name, result.figures);

for (const result of await benchApiLoad(server)) print(result.name, result.figures);

for (const result of await benchWebRender()) print(result.name, result.figures);
