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
 * One measured import of a reconciliation file, in a process of its own so
 * its peak memory is the import's: `node --import tsx bench/recon-import.ts FILE [SERVER_URL]`.
 * Prints one JSON line.
 */
async function main(): Promise<void> {
  const [file, serverUrl] = process.argv.slice(2);
  if (!file) throw new Error('usage: recon-import.ts FILE [SERVER_URL]');
  let databaseUrl: string | undefined;
  if (serverUrl) {
    const name = `coterm_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'coterm-bench-'));
  // The database exists before the clock starts, as it does for a user's import.
  const prepared = await Store.open({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  await prepared.db.insertInto('organizations').values({ id: 'bench', name: 'bench' }).execute();
  await prepared.close();

  const started = performance.now();
  const store = await Store.open({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const outcome = await runImport(importStore(store), { format: reconFormat, openSink: openReconSink }, {
    organizationId: 'bench',
    path: file,
    actor: 'bench',
    skipBad: false,
    now: () => new Date().toISOString(),
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const events = await store.db.selectFrom('subscription_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  await store.close();
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  console.log(JSON.stringify({ database: databaseUrl ? 'server' : 'embedded', rows: outcome.rowsRead, imported: outcome.imported, ledgerEvents: Number(events.n), seconds, peakRssMiB: Math.round(peakRss / 2 ** 20) }));
}

await main();
