import { type RowReader } from '../../imports/csv/cells.ts';
import { type FileRecord } from '../../imports/record-file.ts';

export type ImportKind = 'recon' | 'pricelist' | 'subscriptions' | 'psa' | 'services' | 'usage';

export const IMPORT_KINDS: readonly ImportKind[] = ['recon', 'pricelist', 'subscriptions', 'psa', 'services', 'usage'];

/** The files coterm reads: the import kinds, and invoice lines (read by a standalone reconciliation, not stored). */
export type FileKind = ImportKind | 'invoice lines';

/**
 * A file format: its logical columns (each with the header spellings seen in
 * the wild) and how one record becomes a typed row. `read` throws CellError
 * for a bad cell; the runner turns that into a rejected row.
 */
export interface ImportFormat<Row> {
  readonly kind: FileKind;
  readonly columns: Readonly<Record<string, readonly string[]>>;
  /** Columns the header must have (at least one spelling of each). */
  readonly required: readonly string[];
  read(reader: RowReader, record: FileRecord): Row;
}

/** Where rows go: a store-side writer bound to one import inside its transaction. */
export interface ImportSink<Row> {
  /** Takes a row; returns a promise only when the reader must wait (a batch is being written). */
  add(row: Row, record: FileRecord): Promise<void> | void;
  /**
   * Merges what was added; rows already known count as duplicates. Rows only
   * the store can judge (a client no account matches) come back as rejected,
   * not written.
   */
  finish(): Promise<{ readonly imported: number; readonly duplicates: number; readonly rejected?: readonly SinkRejection[] }>;
}

/** A row the store refused, and why. */
export interface SinkRejection {
  readonly location: string;
  readonly line: number;
  readonly reason: string;
}

export interface ImportHandler<Row, Session> {
  readonly format: ImportFormat<Row>;
  openSink(session: Session, context: ImportContext): ImportSink<Row>;
}

export interface ImportContext {
  readonly organizationId: string;
  readonly importId: string;
  readonly actor: string;
  /** When the import started (ISO timestamp): the day a snapshot file describes, unless it says otherwise. */
  readonly startedAt: string;
}
