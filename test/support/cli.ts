import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dirs.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the real `coterm` executable in a child process (with extra environment variables). */
export function coterm(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/coterm'), ...args], { cwd: root, env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 });
    });
  });
}

/** Writes files into a fresh temporary directory and returns their paths. */
export function writeTempFiles(files: Record<string, string | object>): Record<string, string> {
  const directory = tempDir('files');
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => {
      const path = join(directory, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return [name, path];
    }),
  );
}
