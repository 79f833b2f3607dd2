import { DomainError } from '../../domain/errors.ts';
import { fingerprintFile } from '../../imports/record-file.ts';
import { type ImportHandler } from './import-format.ts';
import { type BadRow, readRows } from './read-rows.ts';

/** What the store provides to an import: a duplicate-file check and one transaction around the whole import. */
export interface ImportStorePort<Session> {
  findImport(organizationId: string, kind: string, fileHash: string): Promise<{ id: string; rowsRead: number; rejected: number } | undefined>;
  transaction<T>(work: (session: Session) => Promise<T>): Promise<T>;
  startImport(session: Session, record: ImportRecord): Promise<string>;
  finishImport(session: Session, importId: string, counts: ImportCounts): Promise<void>;
}

export interface ImportRecord {
  readonly organizationId: string;
  readonly kind: string;
  readonly fileName: string;
  readonly fileHash: string;
  readonly actor: string;
  readonly startedAt: string;
}

export interface ImportCounts {
  readonly rowsRead: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly rejected: number;
}

export type RejectedRow = BadRow;

export interface ImportRequest {
  readonly organizationId: string;
  readonly path: string;
  /** The name the import is recorded under, when not the path (an upload's own name). */
  readonly fileName?: string;
  readonly actor: string;
  /** Import the good rows and report the bad ones, instead of rejecting the file. */
  readonly skipBad: boolean;
  /** Receives each rejected row when skipping bad rows (to write a rejects file). */
  readonly onRejected?: (row: RejectedRow, header: readonly string[]) => void;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called with the current time: the app keeps the clock out of the domain. */
  readonly now: () => string;
}

export interface ImportOutcome extends ImportCounts {
  readonly kind: string;
  readonly file: string;
  readonly importId: string;
  /** The same file was imported before: nothing was read again. */
  readonly alreadyImported: boolean;
  /** Identifiers Excel turned into scientific notation, by location. */
  readonly mangledIds: readonly string[];
}

function lineOf(location: string): number {
  return Number(/\d+/.exec(location)?.[0] ?? 0);
}

/** How many bad rows an error lists before summarising the rest. */
export const LISTED_REJECTS = 10_000;

/** A file refused whole: every bad row with its location and reason. */
export class ImportRejectedError extends DomainError {
  override name = 'ImportRejectedError';

  constructor(
    readonly rejected: readonly { location: string; reason: string }[],
    readonly totalRejected: number,
  ) {
    const listed = rejected.map((row) => `  ${row.location}: ${row.reason}`).join('\n');
    const more = totalRejected > rejected.length ? `\n  … and ${totalRejected - rejected.length} more` : '';
    super(`${totalRejected} bad ${totalRejected === 1 ? 'row' : 'rows'}, nothing imported (use --skip-bad to import the good rows):\n${listed}${more}`);
  }
}

/**
 * Imports one file all-or-nothing: the rows are read as a stream, written in
 * one transaction, and committed only if every row is good (or bad rows are
 * to be skipped). A file imported before adds nothing; rows already known are
 * counted as duplicates.
 */
export async function runImport<Row, Session>(store: ImportStorePort<Session>, handler: ImportHandler<Row, Session>, request: ImportRequest): Promise<ImportOutcome> {
  const { kind } = handler.format;
  const { hash, size } = await fingerprintFile(request.path);
  const previous = await store.findImport(request.organizationId, kind, hash);
  if (previous) {
    return {
      kind,
      file: request.fileName ?? request.path,
      importId: previous.id,
      alreadyImported: true,
      rowsRead: previous.rowsRead,
      imported: 0,
      duplicates: previous.rowsRead - previous.rejected,
      rejected: 0,
      mangledIds: [],
    };
  }
  const startedAt = request.now();
  return store.transaction(async (session) => {
    const importId = await store.startImport(session, { organizationId: request.organizationId, kind, fileName: request.fileName ?? request.path, fileHash: hash, actor: request.actor, startedAt });
    const sink = handler.openSink(session, { organizationId: request.organizationId, importId, actor: request.actor, startedAt });
    const listed: { location: string; reason: string }[] = [];
    let rejected = 0;
    const { header, rowsRead, mangledIds } = await readRows(
      request.path,
      handler.format,
      (row, record) => sink.add(row, record),
      (bad, fileHeader) => {
        rejected += 1;
        if (listed.length < LISTED_REJECTS) listed.push({ location: bad.location, reason: bad.reason });
        if (request.skipBad) request.onRejected?.(bad, fileHeader);
      },
      (bytes) => request.onProgress?.(bytes, size),
    );
    // The sink judges what only the store can (and, when the file is refused anyway, lists it too).
    const merged = await sink.finish();
    const refused = merged.rejected ?? [];
    if (rejected + refused.length > 0 && !request.skipBad) {
      const all = [...listed.map((row, index) => ({ ...row, order: index })), ...refused.map((row) => ({ ...row, order: Number.MAX_SAFE_INTEGER }))];
      const byLine = all.sort((a, b) => lineOf(a.location) - lineOf(b.location) || a.order - b.order);
      throw new ImportRejectedError(byLine.slice(0, LISTED_REJECTS).map(({ location, reason }) => ({ location, reason })), rejected + refused.length);
    }
    for (const row of refused) request.onRejected?.({ location: row.location, reason: row.reason, values: [] }, header);
    const counts = { rowsRead, imported: merged.imported, duplicates: merged.duplicates, rejected: rejected + refused.length };
    await store.finishImport(session, importId, counts);
    return { kind, file: request.fileName ?? request.path, importId, alreadyImported: false, ...counts, mangledIds };
  });
}

