import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { Store } from '../../src/store/store.ts';
import { tempDir } from './temp-dirs.ts';

/**
 * Storage tests run against every database coterm supports: the embedded one
 * always, and a PostgreSQL server when COTERM_TEST_DATABASE_URL (or
 * DATABASE_URL) names one — each test file gets a database of its own. In CI
 * the server is required.
 */
export interface TestDatabase {
  readonly name: 'embedded' | 'server';
  /** A fresh, migrated, empty database. */
  open(): Promise<Store>;
}

export const serverUrl = process.env.COTERM_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (process.env.CI && !serverUrl) throw new Error('CI needs COTERM_TEST_DATABASE_URL: storage tests must also run on a PostgreSQL server');

/** An initialised, migrated embedded data directory copied for each test (initdb takes seconds); see global-setup.ts. */
let template = process.env.COTERM_TEST_TEMPLATE_DIR;

async function embeddedTemplate(): Promise<string> {
  if (!template) {
    const directory = mkdtempSync(join(tmpdir(), 'coterm-template-'));
    const store = await Store.open({ dataDir: directory });
    await store.close();
    template = directory;
  }
  return template;
}

const created: string[] = [];

/** A new, empty database on the test server; dropped after the test file. */
export async function freshServerDatabase(url: string): Promise<string> {
  const name = `coterm_test_${process.pid}_${created.length + 1}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  created.push(name);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

afterAll(async () => {
  if (!serverUrl || created.length === 0) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (const name of created.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

export const TEST_DATABASES: readonly TestDatabase[] = [
  {
    name: 'embedded',
    async open() {
      const directory = tempDir('db');
      cpSync(await embeddedTemplate(), directory, { recursive: true });
      return Store.open({ dataDir: directory });
    },
  },
  ...(serverUrl
    ? [{ name: 'server' as const, open: async () => Store.open({ dataDir: '', databaseUrl: await freshServerDatabase(serverUrl) }) }]
    : []),
];
