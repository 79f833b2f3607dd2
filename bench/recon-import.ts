import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runImport } from '../src/app/imports/run-import.ts';
import { reconFormat } from '../src/imports/recon/recon-format.ts';
import { importStore } from '../src/store/import-store.ts';
import { openReconSink } from '../src/store/sinks/recon-sink.ts';
import { Store } from '../src/store/store.ts';

/**
 * One measured import of a reconciliation file into a prepared, empty
 * database, in a process of its own so its peak memory is the import's:
 *   node --import tsx bench/recon-import.ts prepare [SERVER_URL]   → prints the location
 *   node --import tsx bench/recon-import.ts import FILE LOCATION    → prints one JSON line
 *   node --import tsx bench/recon-import.ts drop SERVER_URL LOCATION  → removes a prepared server database
 */
async function main(): Promise<void> {
  const [mode, first, second] = process.argv.slice(2);
  if (mode === 'prepare') {
    let databaseUrl: string | undefined;
    if (first) {
      const name = `coterm_bench_${process.pid}`;
      const admin = new pg.Client({ connectionString: first });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(first);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'coterm-bench-'));
    const store = await Store.open({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
    await store.db.insertInto('organizations').values({ id: 'bench', name: 'bench' }).execute();
    await store.close();
    console.log(databaseUrl ?? dataDir);
    return;
  }
  if (mode === 'drop' && first && second) {
    const admin = new pg.Client({ connectionString: first });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(second).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
    return;
  }
  if (mode !== 'import' || !first || !second) throw new Error('usage: recon-import.ts prepare [SERVER_URL] | import FILE LOCATION | drop SERVER_URL LOCATION');
  const server = second.startsWith('postgres');
  const started = performance.now();
  const store = await Store.open(server ? { dataDir: '', databaseUrl: second } : { dataDir: second });
  const outcome = await runImport(importStore(store), { format: reconFormat, openSink: openReconSink }, {
    organizationId: 'bench',
    path: first,
    actor: 'bench',
    skipBad: false,
    now: () => new Date().toISOString(),
  });
  const seconds = (performance.now() - started) / 1000;
  const events = await store.db.selectFrom('subscription_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  await store.close();
  console.log(
    JSON.stringify({
      database: server ? 'server' : 'embedded',
      rows: outcome.rowsRead,
      imported: outcome.imported,
      ledgerEvents: Number(events.n),
      seconds: Number(seconds.toFixed(1)),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

await main();
