import { parentPort, workerData } from 'node:worker_threads';
import { composeBatch } from '../app/renewals/pack-composer.ts';
import { PriceBook } from '../domain/nce/price-list.ts';
import { decodePackBatch, decodePriceList } from './pack-batch-codec.ts';
import { type PackReply, type PackRequest } from './pack-messages.ts';

/** The worker side of the threaded pack composer: one reply per batch. */
const port = parentPort;
if (!port) throw new Error('pack-worker.ts runs in a worker thread');
const priceBook = new PriceBook(decodePriceList(workerData as string));
port.on('message', (request: PackRequest) => {
  let reply: PackReply;
  try {
    reply = { id: request.id, documents: composeBatch(decodePackBatch(request.batch), priceBook) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
