import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { Store } from '../../src/store/store.ts';

/**
 * Initialises and migrates one embedded data directory for the whole run:
 * storage tests copy it instead of running initdb (seconds) each time. Builds
 * the web app the server serves, so browser tests drive what `npm start` ships.
 */
export default async function setup(): Promise<() => void> {
  const directory = mkdtempSync(join(tmpdir(), 'coterm-template-'));
  const store = await Store.open({ dataDir: directory });
  await store.close();
  process.env.COTERM_TEST_TEMPLATE_DIR = directory;
  // The test runner sets NODE_ENV=test; the app is built as `npm run build` builds it.
  const environment = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: new URL('../../web/vite.config.ts', import.meta.url).pathname, mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = environment;
  }
  return () => rmSync(directory, { recursive: true, force: true });
}
