import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchmarkResult } from './renewal-cadence.ts';
import { startService } from './service.ts';

/** Clients at once, and how long each page is loaded (bounded, loopback only). */
const CONNECTIONS = 50;
const SECONDS = Number(process.env.COTERM_BENCH_LOAD_SECONDS ?? 20);

/**
 * The service under load the way an MSP's team uses it: `coterm start` on a
 * fresh database (the 50-client demo, its renewals and packs), in its own
 * process; 50 signed-in clients at once load the renewal board, then an
 * account page, over loopback HTTP. The embedded database always; a server
 * too when `serverUrl` names one (a database is created for the run and
 * dropped after).
 */
export async function benchApiLoad(serverUrl?: string): Promise<BenchmarkResult[]> {
  return [...(await loadService(undefined)), ...(serverUrl ? await loadService(serverUrl) : [])];
}

async function loadService(serverUrl: string | undefined): Promise<BenchmarkResult[]> {
  const service = await startService(serverUrl);
  try {
    const { url, cookie } = service;
    const board = (await (await fetch(`${url}/api/renewals?limit=1000`, { headers: { cookie } })).json()) as { total: number; items: { accountId: string }[] };
    const account = board.items[0]?.accountId;
    if (!account) throw new Error('the demo has no renewal in the next 120 days');
    const results: BenchmarkResult[] = [];
    for (const [name, path] of [
      [`Renewal board (${board.total} renewals in 120 days)`, '/api/renewals?limit=1000'],
      [`Account page (${account})`, `/api/accounts/${account}`],
    ] as const) {
      const run = await autocannon({ url: `${url}${path}`, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } });
      results.push({
        name: `API under load: ${name}, ${CONNECTIONS} concurrent clients for ${SECONDS} s (${serverUrl ? 'server' : 'embedded'} database)`,
        figures: {
          requests: run.requests.total,
          'requests per second': Math.round(run.requests.average),
          'latency p50 (ms)': run.latency.p50,
          'latency p90 (ms)': run.latency.p90,
          'latency p97.5 (ms, ≥ p95)': run.latency.p97_5,
          'latency p99 (ms)': run.latency.p99,
          'latency max (ms)': run.latency.max,
          'errors / non-2xx / timeouts': `${run.errors} / ${run.non2xx} / ${run.timeouts}`,
          'server setup (demo + cadence, s)': service.setupSeconds.toFixed(1),
        },
      });
    }
    return results;
  } finally {
    await service.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const result of await benchApiLoad(process.env.COTERM_BENCH_DATABASE_URL ?? process.env.DATABASE_URL)) {
    console.log(result.name);
    for (const [label, value] of Object.entries(result.figures)) console.log(`  ${label.padEnd(34)} ${value}`);
  }
}
