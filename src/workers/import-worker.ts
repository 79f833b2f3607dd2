import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../cli/errors.ts';
import { runImportJob } from './import-job.ts';
import { type ImportJob, type ImportMessage } from './import-messages.ts';

/**
 * An import in a thread of its own, so its heap can be bounded (the main
 * thread sets resourceLimits): progress, rejected rows and the outcome are
 * posted back — the outcome once the store is closed, so whoever waits may
 * open it at once.
 */
const job = workerData as ImportJob;
const post = (message: ImportMessage): void => parentPort!.postMessage(message);

let ending: ImportMessage;
try {
  const outcome = await runImportJob(job, {
    onProgress: (bytes, total) => post({ type: 'progress', bytes, total }),
    onRejected: (row, header) => post({ type: 'rejected', row, header }),
  });
  ending = { type: 'done', outcome };
} catch (error) {
  ending = { type: 'failed', ...describeError(error), detail: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
post(ending);
