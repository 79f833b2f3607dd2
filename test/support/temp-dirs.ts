import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];

afterAll(() => {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test file finishes (embedded databases take tens of MB each). */
export function tempDir(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), `coterm-${prefix}-`));
  created.push(directory);
  return directory;
}
