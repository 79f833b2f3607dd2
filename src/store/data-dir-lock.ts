import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../domain/errors.ts';

/**
 * The embedded database is one process's at a time: two processes writing one
 * data directory would corrupt it. A lock file names the holder; a lock left
 * by a process that died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'coterm.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      if (holder && isAlive(holder)) {
        throw new InvalidInputError(`the data directory ${dataDir} is in use by process ${holder}; stop it, or use a PostgreSQL server (DATABASE_URL) for concurrent use`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new InvalidInputError(`could not lock the data directory ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
