import { type ImportOutcome, type RejectedRow, runImport } from '../app/imports/run-import.ts';
import { fromFile } from '../cli/errors.ts';
import { IMPORT_HANDLERS } from '../cli/import-handlers.ts';
import { importStore } from '../store/import-store.ts';
import { Store } from '../store/store.ts';
import { type ImportJob } from './import-messages.ts';

export interface ImportListeners {
  readonly onProgress?: (bytes: number, total: number) => void;
  readonly onRejected?: (row: RejectedRow, header: readonly string[]) => void;
}

/** Opens the store, imports the file in one transaction, and closes the store before returning. */
export async function runImportJob(job: ImportJob, listeners: ImportListeners = {}): Promise<ImportOutcome> {
  const store = await Store.open(job.store);
  try {
    await store.db.insertInto('organizations').values({ id: job.organizationId, name: job.organizationId }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
    return await fromFile(job.path, () =>
      runImport(importStore(store), IMPORT_HANDLERS[job.kind], {
        organizationId: job.organizationId,
        path: job.path,
        actor: job.actor,
        skipBad: job.skipBad,
        now: () => job.now,
        ...(listeners.onProgress ? { onProgress: listeners.onProgress } : {}),
        ...(listeners.onRejected ? { onRejected: listeners.onRejected } : {}),
      }),
    );
  } finally {
    await store.close();
  }
}
