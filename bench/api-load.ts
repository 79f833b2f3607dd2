import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { type BenchmarkResult } from './renewal-cadence.ts';

/** Clients at once, and how long each page is loaded (bounded, loopback only). */
const CONNECTIONS = 50;
const SECONDS = Number(process.env.COTERM_BENCH_LOAD_SECONDS ?? 20);
const PASSWORD = 'bench-password-123';

/**
 * The service under load the way an MSP's team uses it: `coterm start` on a
 * fresh database (the 50-client demo, its renewals and packs), in its own
 * process; 50 signed-in clients at once load the renewal board, then an
 * account page, over loopback HTTP. The embedded database always; a server
 * too when `serverUrl` names one (a database is created for the run and
 * dropped after).
 */
export async function benchApiLoad(serverUrl?: string): Promise<BenchmarkResult[]> {
  const results = await loadService(undefined);
  if (serverUrl) {
    const databaseUrl = await createDatabase(serverUrl);
    try {
      results.push(...(await loadService(databaseUrl)));
    } finally {
      await dropDatabase(serverUrl, databaseUrl);
    }
  }
  return results;
}

async function loadService(databaseUrl: string | undefined): Promise<BenchmarkResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coterm-bench-api-'));
  const port = await freePort();
  const server = spawn(process.execPath, [fileURLToPath(new URL('../bin/coterm', import.meta.url)), 'start', '--no-worker', '--port', String(port)], {
    env: { ...process.env, COTERM_DATA_DIR: dataDir, COTERM_ADMIN_EMAIL: 'bench@coterm.local', COTERM_ADMIN_PASSWORD: PASSWORD, DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const started = Date.now();
    const url = await serving(server);
    const setupSeconds = (Date.now() - started) / 1000;
    const cookie = await signIn(url);
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
        name: `API under load: ${name}, ${CONNECTIONS} concurrent clients for ${SECONDS} s (${databaseUrl ? 'server' : 'embedded'} database)`,
        figures: {
          requests: run.requests.total,
          'requests per second': Math.round(run.requests.average),
          'latency p50 (ms)': run.latency.p50,
          'latency p90 (ms)': run.latency.p90,
          'latency p97.5 (ms, ≥ p95)': run.latency.p97_5,
          'latency p99 (ms)': run.latency.p99,
          'latency max (ms)': run.latency.max,
          'errors / non-2xx / timeouts': `${run.errors} / ${run.non2xx} / ${run.timeouts}`,
          'server setup (demo + cadence, s)': setupSeconds.toFixed(1),
        },
      });
    }
    return results;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function createDatabase(serverUrl: string): Promise<string> {
  const name = `coterm_bench_api_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves with the URL once the server says it is serving. */
function serving(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /coterm is serving (http:\/\/\S+) /.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`coterm start exited (${code}) before serving:\n${output}`)));
  });
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@coterm.local', password: PASSWORD }) });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const result of await benchApiLoad(process.env.COTERM_BENCH_DATABASE_URL ?? process.env.DATABASE_URL)) {
    console.log(result.name);
    for (const [label, value] of Object.entries(result.figures)) console.log(`  ${label.padEnd(34)} ${value}`);
  }
}
