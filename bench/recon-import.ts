import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Store } from '../src/store/store.ts';
import { importFile } from '../src/workers/threaded-import.ts';

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
  // The way `coterm import` runs it (on the embedded database, in a worker thread with a bounded heap).
  const location = server ? { dataDir: '', databaseUrl: second } : { dataDir: second };
  const outcome = await importFile({ store: location, organizationId: 'bench', kind: 'recon', path: first, actor: 'bench', skipBad: false, now: new Date().toISOString() });
  const seconds = (performance.now() - started) / 1000;
  const store = await Store.open(location);
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
