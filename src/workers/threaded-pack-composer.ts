import { Worker } from 'node:worker_threads';
import { type PriceListEntry } from '../domain/nce/model.ts';
import { composeInProcess, type PackComposer, type PackComposerFactory } from '../app/renewals/pack-composer.ts';
import { type PackReply, type PackRequest } from './pack-messages.ts';
import { encodeForWorker } from './pack-batch-codec.ts';

/**
 * Below this many packs a day composes them on its own thread: starting a
 * worker (loading the domain) costs about as much as composing a couple of
 * hundred packs.
 */
export const WORKER_THRESHOLD = 1000;

/**
 * Gives the day a worker thread to compose packs on when many are due (the
 * first day of a large portfolio): the database and the domain then each
 * get a core.
 */
export function threadedComposer(threshold = WORKER_THRESHOLD): PackComposerFactory {
  return (priceList, packsDue) => (packsDue < threshold ? composeInProcess(priceList, packsDue) : workerComposer(priceList));
}

function workerComposer(priceList: readonly PriceListEntry[]): PackComposer {
  const worker = new Worker(new URL('./pack-worker.mjs', import.meta.url), { workerData: encodeForWorker(priceList) });
  const pending = new Map<number, { resolve: (documents: string[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const failAll = (error: Error): void => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: PackReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) waiting?.reject(new Error(`composing renewal packs failed: ${reply.error}`));
    else waiting?.resolve(reply.documents);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the pack worker stopped (exit code ${code})`)));
  return {
    compose: (batch) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const request: PackRequest = { id, batch: encodeForWorker(batch) };
        worker.postMessage(request);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
