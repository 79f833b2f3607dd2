import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshServerDatabase, serverUrl } from '../support/databases.ts';
import { tempDir } from '../support/temp-dirs.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `coterm worker` (the long-running mode) and resolves with its exit code once stopped. */
function startWorker(env: NodeJS.ProcessEnv): { stop: () => Promise<number>; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [join(root, 'bin/coterm'), 'worker'], { cwd: root, env: { ...process.env, ...env } });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return {
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    output: () => output,
  };
}

async function waitFor<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(serverUrl)('coterm worker on a PostgreSQL server', () => {
  it('runs the daily cadence as a pg-boss job that two workers share: one run, then both stop cleanly', async () => {
    const url = await freshServerDatabase(serverUrl as string);
    const env = { DATABASE_URL: url, COTERM_OUTBOX: tempDir('outbox'), COTERM_SMTP_URL: '' };
    const first = startWorker(env);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // The first worker creates the schema and pg-boss's tables; the second joins once they exist.
      await waitFor(async () => ((await client.query("SELECT to_regclass('pgboss.job') AS t")).rows[0]?.t ? true : undefined), 'pg-boss to start');
      const second = startWorker(env);
      const run = await waitFor(async () => (await client.query('SELECT run_date::text AS day FROM cadence_runs')).rows[0] as { day: string } | undefined, 'a cadence run');
      expect(run.day).toBe(new Date().toISOString().slice(0, 10));
      await waitFor(async () => (first.output().includes('Worker running on pg-boss') && second.output().includes('Worker running on pg-boss') ? true : undefined), 'both workers');
      const jobs = await client.query("SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'renewal-cadence' GROUP BY state");
      expect(jobs.rows).toEqual([{ state: 'completed', n: 1 }]);
      const schedules = await client.query("SELECT cron FROM pgboss.schedule WHERE name = 'renewal-cadence'");
      expect(schedules.rows).toEqual([{ cron: '0 6 * * *' }]);
      expect(await second.stop()).toBe(0);
      expect(await first.stop()).toBe(0);
    } finally {
      await client.end();
    }
  }, 120_000);
});
