import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { InvalidInputError } from '../domain/errors.ts';
import { type CsvDialect, openCsvFile } from './csv/csv-file.ts';
import { parseJsonText } from './json-input.ts';

/** One record of an input file, whatever its format. */
export interface FileRecord {
  /** Where to point the user: `line 5` of a CSV, `item 3` of a JSON list. */
  readonly location: string;
  readonly line: number;
  readonly values: readonly string[];
}

export interface RecordFile {
  readonly format: 'csv' | 'json';
  readonly header: string[];
  readonly dialect: CsvDialect;
  /** Records in batches, as they are read. */
  readonly batches: AsyncIterable<FileRecord[]>;
}

const JSON_DIALECT: CsvDialect = { delimiter: ',', dayFirst: false, decimalComma: false };

/** Opens a CSV (streamed) or a JSON list (API exports are small) as records with one header. */
export async function openRecordFile(path: string, onBytes?: (bytesRead: number) => void): Promise<RecordFile> {
  if (/\.json$/i.test(path)) return openJsonRecords(path, onBytes);
  const csv = await openCsvFile(path, onBytes);
  return { format: 'csv', header: csv.header, dialect: csv.dialect, batches: csvRecords(csv.batches) };
}

async function* csvRecords(batches: AsyncIterable<{ line: number; values: string[] }[]>): AsyncGenerator<FileRecord[]> {
  for await (const rows of batches) yield rows.map((row) => ({ location: `line ${row.line}`, line: row.line, values: row.values }));
}

async function openJsonRecords(path: string, onBytes?: (bytesRead: number) => void): Promise<RecordFile> {
  const text = await readFile(path, 'utf8');
  onBytes?.(Buffer.byteLength(text));
  const parsed = parseJsonText(text.replace(/^\uFEFF/, ''));
  const items = Array.isArray(parsed) ? parsed : listInside(parsed);
  const flat = items.map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new InvalidInputError(`item ${index + 1} is not an object`);
    return flatten(item as Record<string, unknown>);
  });
  const header = [...new Set(flat.flatMap((item) => Object.keys(item)))];
  return {
    format: 'json',
    header,
    dialect: JSON_DIALECT,
    batches: (async function* () {
      yield flat.map((item, index) => ({ location: `item ${index + 1}`, line: index + 1, values: header.map((key) => item[key] ?? '') }));
    })(),
  };
}

/** Partner Center and PSA APIs wrap lists: `{"totalCount": 2, "items": [...]}`. */
function listInside(value: unknown): unknown[] {
  if (value && typeof value === 'object') {
    for (const key of ['items', 'value', 'data', 'records']) {
      const list = (value as Record<string, unknown>)[key];
      if (Array.isArray(list)) return list;
    }
  }
  throw new InvalidInputError('expected a JSON list of records (or an object with an "items" list)');
}

/** `{"a": {"b": 1}}` → `{"a.b": "1"}`; lists stay JSON text. */
function flatten(item: Record<string, unknown>, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(item)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) into[name] = '';
    else if (typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, name, into);
    else into[name] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return into;
}

/** SHA-256 of a file's bytes and its size, streamed. */
export async function fingerprintFile(path: string): Promise<{ hash: string; size: number }> {
  const { size } = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { hash: hash.digest('hex'), size };
}
