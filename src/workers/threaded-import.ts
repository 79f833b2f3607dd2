import { Worker } from 'node:worker_threads';
import { type ImportOutcome } from '../app/imports/run-import.ts';
import { type ImportListeners, runImportJob } from './import-job.ts';
import { type ImportJob, type ImportMessage } from './import-messages.ts';

/**
 * The import's old generation on the embedded database, in MiB. Streaming
 * keeps little alive (a few tens of MiB after a collection), but left alone
 * V8 grows the heap with garbage towards a million rows, next to the
 * database engine in the same process; bounded, the process stays under
 * 500 MiB at the same speed (docs/benchmarks.md).
 */
const EMBEDDED_IMPORT_HEAP_MIB = 192;

/** A failure the worker already put in words (and the exit code it deserves). */
export class ImportFailedError extends Error {
  override name = 'ImportFailedError';

  constructor(
    message: string,
    readonly exitCode: number,
    detail: string,
  ) {
    super(message);
    // COTERM_DEBUG shows where it failed: in the worker.
    this.stack = detail;
  }
}

/**
 * Imports a file: on the embedded database in a worker thread with a bounded
 * heap; with a server (whose memory is elsewhere, and which stays under
 * 400 MiB unbounded) in this thread.
 */
export function importFile(job: ImportJob, listeners: ImportListeners = {}): Promise<ImportOutcome> {
  return job.store.databaseUrl ? runImportJob(job, listeners) : importInWorker(job, listeners);
}

function importInWorker(job: ImportJob, listeners: ImportListeners): Promise<ImportOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./import-worker.mjs', import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: EMBEDDED_IMPORT_HEAP_MIB } });
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
    };
    worker.on('message', (message: ImportMessage) => {
      if (message.type === 'progress') listeners.onProgress?.(message.bytes, message.total);
      else if (message.type === 'rejected') listeners.onRejected?.(message.row, message.header);
      else if (message.type === 'done') settle(() => resolve(message.outcome));
      else settle(() => reject(new ImportFailedError(message.message, message.exitCode, message.detail)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the import stopped (worker exit code ${code})`))));
  });
}
