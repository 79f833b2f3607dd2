import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { InvalidInputError } from '../../domain/errors.ts';

/** How a CSV file is written, sniffed from its first bytes (files that went through Excel differ). */
export interface CsvDialect {
  readonly delimiter: ',' | ';' | '\t';
  /** Day before month in slashed or dotted dates (18/06/2021). */
  readonly dayFirst: boolean;
  /** Decimal comma (10,08), as European Excel writes `;`-separated files. */
  readonly decimalComma: boolean;
}

export interface CsvRow {
  /** 1-based line of the file where the record starts (the header is line 1). */
  readonly line: number;
  readonly values: string[];
}

export interface CsvFile {
  readonly dialect: CsvDialect;
  /** Header names as written. */
  readonly header: string[];
  /** Rows after the header; a malformed file throws InvalidInputError naming the line. */
  readonly rows: AsyncIterable<CsvRow>;
}

const SNIFF_BYTES = 1 << 20;

/** Opens a CSV file for streaming: BOM removed, delimiter and date/number conventions detected. */
export async function openCsvFile(path: string, onBytes?: (bytesRead: number) => void): Promise<CsvFile> {
  const sample = await readSample(path);
  const dialect = sniffDialect(sample);
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      onBytes?.(bytesRead);
      done(null, chunk);
    },
  });
  const parser = createReadStream(path, { highWaterMark: 1 << 16 })
    .pipe(counter)
    .pipe(parse({ bom: true, delimiter: dialect.delimiter, relax_column_count: true, skip_empty_lines: true, info: true }));
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await next(iterator);
  if (!first) throw new InvalidInputError('the file is empty: expected a header line');
  const header = first.record.map((name) => name.trim());
  return { dialect, header, rows: remainingRows(iterator) };
}

async function* remainingRows(iterator: AsyncIterator<{ record: string[]; info: { lines: number } }>): AsyncGenerator<CsvRow> {
  for (;;) {
    const item = await next(iterator);
    if (!item) return;
    yield { line: item.info.lines, values: item.record };
  }
}

async function next<T>(iterator: AsyncIterator<T>): Promise<T | undefined> {
  try {
    const result = await iterator.next();
    return result.done ? undefined : result.value;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new InvalidInputError(`${line ? `line ${line}: ` : ''}${error.message.replace(/^Invalid [^:]+: /, '')}`);
    }
    throw error;
  }
}

async function readSample(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/** Detects the delimiter from the header line and the date and decimal conventions from the sample. */
export function sniffDialect(sample: string): CsvDialect {
  const headerLine = sample.split(/\r?\n/, 1)[0] ?? '';
  const counts = ([',', ';', '\t'] as const).map((delimiter) => ({ delimiter, count: headerLine.split(delimiter).length - 1 }));
  const delimiter = counts.reduce((best, candidate) => (candidate.count > best.count ? candidate : best)).delimiter;
  return { delimiter, dayFirst: sniffDayFirst(sample, delimiter), decimalComma: delimiter === ';' };
}

function sniffDayFirst(sample: string, delimiter: string): boolean {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const match of sample.matchAll(/(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/.])/g)) {
    if (Number(match[1]) > 12) dayFirst += 1;
    else if (Number(match[2]) > 12) monthFirst += 1;
  }
  if (dayFirst !== monthFirst) return dayFirst > monthFirst;
  // Nothing decides it: Microsoft's US exports put the month first; European Excel writes `;` and day first.
  return delimiter === ';';
}

/** Header names compared without case, spaces or punctuation: `CustomerId`, `customerId`, `Customer ID`. */
export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
