import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const BENCH_EMAIL = 'bench@coterm.local';
export const BENCH_PASSWORD = 'bench-password-123';

/** `coterm start` in its own process on a fresh database: the 50-client demo, its renewals and packs. */
export interface RunningService {
  readonly url: string;
  /** Seconds from launch to serving (demo, cadence, server). */
  readonly setupSeconds: number;
  /** The session cookie of the first admin. */
  readonly cookie: string;
  stop(): Promise<void>;
}

/** Starts the service on the embedded database, or on `databaseUrl` (a database of its own, dropped by stop). */
export async function startService(serverUrl?: string): Promise<RunningService> {
  const databaseUrl = serverUrl ? await createDatabase(serverUrl) : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'coterm-bench-service-'));
  const port = await freePort();
  const started = Date.now();
  const server = spawn(process.execPath, [fileURLToPath(new URL('../bin/coterm', import.meta.url)), 'start', '--no-worker', '--port', String(port)], {
    env: { ...process.env, COTERM_DATA_DIR: dataDir, COTERM_ADMIN_EMAIL: BENCH_EMAIL, COTERM_ADMIN_PASSWORD: BENCH_PASSWORD, DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async (): Promise<void> => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl && databaseUrl) await dropDatabase(serverUrl, databaseUrl);
  };
  try {
    const url = await serving(server);
    return { url, setupSeconds: (Date.now() - started) / 1000, cookie: await signIn(url), stop };
  } catch (error) {
    await stop();
    throw error;
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
export function serving(server: ChildProcess): Promise<string> {
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
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: BENCH_EMAIL, password: BENCH_PASSWORD }) });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

