import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import Papa from 'papaparse';
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
  /** Rows after the header, in batches as they are parsed. */
  readonly batches: AsyncIterable<CsvRow[]>;
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
  const input: Readable = createReadStream(path, { highWaterMark: 1 << 16 }).pipe(counter);
  const batches = parsedBatches(input, dialect.delimiter)[Symbol.asyncIterator]();
  let first = await batches.next();
  while (!first.done && first.value.length === 0) first = await batches.next();
  if (first.done) throw new InvalidInputError('the file is empty: expected a header line');
  const [headerValues = [], ...rest] = first.value;
  const header = headerValues.map((name, index) => (index === 0 ? name.replace(/^\uFEFF/, '') : name).trim());
  return { dialect, header, batches: numberedBatches(rest, batches, 1 + newlinesIn(headerValues)) };
}

/**
 * papaparse (several times faster than the alternatives on wide files) in
 * chunk mode. Its own pause does not stop a Node stream from filling its
 * queue, so the file stream itself is paused while rows wait: memory stays flat.
 */
async function* parsedBatches(input: Readable, delimiter: string): AsyncGenerator<string[][]> {
  const queue: string[][][] = [];
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  Papa.parse<string[]>(input as unknown as Papa.LocalFile, {
    delimiter,
    skipEmptyLines: true,
    chunk(results) {
      queue.push(results.data);
      if (queue.length >= 4) input.pause();
      wake?.();
    },
    complete() {
      finished = true;
      wake?.();
    },
    error(error) {
      failure = error;
      wake?.();
    },
  });
  for (;;) {
    const batch = queue.shift();
    if (batch) {
      if (queue.length < 2 && input.isPaused()) input.resume();
      yield batch;
    } else if (failure) {
      throw new InvalidInputError(`the file cannot be read as CSV: ${failure.message}`);
    } else if (finished) {
      return;
    } else {
      if (input.isPaused()) input.resume();
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }
}

/** Numbers rows by the file line they start on, counting line breaks inside quoted fields. */
async function* numberedBatches(firstRows: string[][], rest: AsyncIterator<string[][]>, linesBefore: number): AsyncGenerator<CsvRow[]> {
  let line = linesBefore;
  const number = (rows: string[][]): CsvRow[] =>
    rows.map((values) => {
      line += 1;
      const row = { line, values };
      line += newlinesIn(values);
      return row;
    });
  if (firstRows.length > 0) yield number(firstRows);
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield number(next.value);
  }
}

function newlinesIn(values: readonly string[]): number {
  let count = 0;
  for (const value of values) {
    if (!value.includes('\n')) continue;
    for (const character of value) if (character === '\n') count += 1;
  }
  return count;
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

/**
 * A copy of a cell's text that does not keep the parser's whole input chunk
 * alive: V8 represents a substring as a view into its parent, so a cell kept
 * for the length of an import (an id in a set) would hold 64 KB of file.
 */
export function ownedString(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
