import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { writeReconFile } from '../../bench/recon-file.ts';
import { countRecords } from '../../src/store/record-counts.ts';
import { Store } from '../../src/store/store.ts';
import { coterm } from '../support/cli.ts';
import { tempDir } from '../support/temp-dirs.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const serverUrl = process.env.COTERM_TEST_DATABASE_URL ?? process.env.DATABASE_URL;

/** How far a process has read a file, from Linux's /proc (the kill must land mid-import). */
function readOffset(pid: number, path: string): number | undefined {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) === path) return Number(/pos:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? 0);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Starts an import and kills it (SIGKILL, no clean-up) once a third of the file has been read. */
async function killMidImport(file: string, env: NodeJS.ProcessEnv): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [join(root, 'bin/coterm'), 'import', 'recon', file, '--json'], { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
  const size = statSync(file).size;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const poll = setInterval(() => {
    const offset = child.pid ? readOffset(child.pid, file) : undefined;
    if (offset !== undefined && offset > size / 3) child.kill('SIGKILL');
  }, 20);
  const signal = await exited;
  clearInterval(poll);
  return signal;
}

const cases: { name: string; env: () => Promise<{ env: NodeJS.ProcessEnv; open: () => Promise<Store> }> }[] = [
  {
    name: 'embedded',
    env: async () => {
      const dataDir = tempDir('kill');
      return { env: { COTERM_DATA_DIR: dataDir, DATABASE_URL: '' }, open: () => Store.open({ dataDir }) };
    },
  },
  ...(serverUrl
    ? [
        {
          name: 'server',
          env: async () => {
            const name = `coterm_kill_${process.pid}`;
            const admin = new pg.Client({ connectionString: serverUrl });
            await admin.connect();
            await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await admin.query(`CREATE DATABASE ${name}`);
            await admin.end();
            const url = new URL(serverUrl);
            url.pathname = `/${name}`;
            return { env: { DATABASE_URL: url.toString() }, open: () => Store.open({ dataDir: '', databaseUrl: url.toString() }) };
          },
        },
      ]
    : []),
];

describe.each(cases)('an import killed halfway ($name database)', ({ env: prepare }) => {
  it('leaves nothing behind, and the file imports cleanly afterwards', async () => {
    const file = join(tempDir('recon'), 'recon.csv');
    const { rows } = await writeReconFile(file, 40_000);
    const { env, open } = await prepare();
    expect(await killMidImport(file, env)).toBe('SIGKILL');

    const store = await open();
    try {
      const counts = await countRecords(store, 'default');
      expect([counts.imports, counts.billedLines, counts.subscriptions, counts.ledgerEvents, counts.tenants]).toEqual([0, 0, 0, 0, 0]);
    } finally {
      await store.close();
    }
    const again = await coterm(['import', 'recon', file, '--json'], env);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toMatchObject({ rowsRead: rows, imported: rows, duplicates: 0, rejected: 0 });
  }, 180_000);
});
