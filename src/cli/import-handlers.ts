import { type ImportHandler, type ImportKind } from '../app/imports/import-format.ts';
import { reconFormat, type ReconRow } from '../imports/recon/recon-format.ts';
import { openReconSink } from '../store/sinks/recon-sink.ts';
import { type StoreTransaction } from '../store/store.ts';

/** Each import kind: the file format it reads and the store writer its rows go to. */
export const IMPORT_HANDLERS: Partial<Record<ImportKind, ImportHandler<unknown, StoreTransaction>>> = {
  recon: { format: reconFormat, openSink: openReconSink } satisfies ImportHandler<ReconRow, StoreTransaction> as ImportHandler<unknown, StoreTransaction>,
};
