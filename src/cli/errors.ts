import { DomainError } from '../domain/errors.ts';
import { ImportFailedError } from '../workers/threaded-import.ts';

/** A mistake on the command line itself (a bad option value). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An error found while reading a named input file. */
export class FileInputError extends Error {
  override name = 'FileInputError';

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Runs `read` and attributes any input error to `file`. */
export async function fromFile<T>(file: string, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DomainError || isMissingFile(error)) throw new FileInputError(file, error);
    throw error;
  }
}

/** One line for stderr, and the exit code: 1 for refused input, 2 for usage, 70 for a defect. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof FileInputError) {
    const inner = describeError(error.cause);
    return { message: `${error.file}: ${inner.message}`, exitCode: inner.exitCode };
  }
  if (error instanceof ImportFailedError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof DomainError) return { message: error.field ? `${error.field}: ${error.message}` : error.message, exitCode: 1 };
  if (error instanceof UsageError) return { message: error.message, exitCode: 2 };
  if (isMissingFile(error)) return { message: 'no such file', exitCode: 1 };
  const message = error instanceof Error ? error.message : String(error);
  return { message: `unexpected error: ${message} (run with COTERM_DEBUG=1 for details)`, exitCode: 70 };
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EISDIR');
}
