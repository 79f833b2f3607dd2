import { InvalidInputError } from '../../domain/errors.ts';
import { CellError, ColumnIndex, RowReader } from '../../imports/csv/cells.ts';
import { type FileRecord, openRecordFile } from '../../imports/record-file.ts';
import { type ImportFormat } from './import-format.ts';

/** The header lacks a column the format requires: the file is of another kind. */
export class MissingColumnsError extends InvalidInputError {
  override name = 'MissingColumnsError';
}

/** A row the format refused, and why. */
export interface BadRow {
  readonly location: string;
  readonly reason: string;
  readonly values: readonly string[];
}

export interface RowsRead {
  readonly header: readonly string[];
  readonly rowsRead: number;
  /** Identifiers Excel turned into scientific notation, by location. */
  readonly mangledIds: readonly string[];
}

/**
 * Reads a file of a format as a stream: the header must have the format's
 * required columns; each good row goes to `take` (which may make the reader
 * wait), each bad one to `refuse`. An empty file is an error.
 */
export async function readRows<Row>(
  path: string,
  format: ImportFormat<Row>,
  take: (row: Row, record: FileRecord) => Promise<void> | void,
  refuse: (bad: BadRow, header: readonly string[]) => void,
  onBytes?: (bytesRead: number) => void,
): Promise<RowsRead> {
  const file = await openRecordFile(path, onBytes);
  const columns = new ColumnIndex(file.header, format.columns);
  const missing = columns.missing(format.required);
  if (missing.length > 0) {
    throw new MissingColumnsError(
      `this is not a ${format.kind} file: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header has ${file.header.slice(0, 12).join(', ')}${file.header.length > 12 ? ', …' : ''})`,
    );
  }
  const reader = new RowReader(columns, file.dialect);
  const mangledIds: string[] = [];
  let rowsRead = 0;
  for await (const batch of file.batches) {
    for (const record of batch) {
      rowsRead += 1;
      let row: Row;
      try {
        row = format.read(reader.reset(record.values), record);
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        refuse({ location: record.location, reason: error.message, values: record.values }, file.header);
        continue;
      }
      for (const id of reader.mangledIds) mangledIds.push(`${record.location}: ${id}`);
      // Most rows are taken without waiting; only a full batch makes the reader wait.
      const taking = take(row, record);
      if (taking) await taking;
    }
  }
  if (rowsRead === 0) throw new InvalidInputError('the file has a header but no rows');
  return { header: file.header, rowsRead, mangledIds };
}
