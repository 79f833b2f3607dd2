import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/store.ts';

/**
 * Initialises and migrates one embedded data directory for the whole run:
 * storage tests copy it instead of running initdb (seconds) each time.
 */
export default async function setup(): Promise<() => void> {
  const directory = mkdtempSync(join(tmpdir(), 'coterm-template-'));
  const store = await Store.open({ dataDir: directory });
  await store.close();
  process.env.COTERM_TEST_TEMPLATE_DIR = directory;
  return () => rmSync(directory, { recursive: true, force: true });
}
