/** Values written in PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly (string | number | bigint | boolean | null | undefined)[]): string {
  // One join instead of a chain of `+=`: a row of forty fields would otherwise leave eighty string fragments to collect.
  const fields = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    fields[i] = value === null || value === undefined ? '\\N' : typeof value === 'string' ? escapeCopy(value) : String(value);
  }
  return `${fields.join('\t')}\n`;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function escapeCopy(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A row of `N` fields: each text, or null. */
export type CopyFields<N extends number, Row extends (string | null)[] = []> = Row['length'] extends N ? Row : CopyFields<N, [...Row, string | null]>;

/**
 * The rows of a COPY text-format result of `columns` columns, fields
 * unescaped, `\N` as null, read line by line without splitting the whole
 * text at once.
 */
export function* copyRows<N extends number>(text: string, columns: N): Generator<CopyFields<N>> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const fields: (string | null)[] = text.slice(start, end).split('\t');
    if (fields.length !== columns) throw new Error(`COPY row of ${fields.length} fields, expected ${columns}`);
    for (let i = 0; i < fields.length; i += 1) {
      const field = fields[i] as string;
      fields[i] = field === '\\N' ? null : field.includes('\\') ? unescapeCopy(field) : field;
    }
    yield fields as CopyFields<N>;
    start = end + 1;
  }
}

const UNESCAPED: Readonly<Record<string, string>> = { '\\': '\\', t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' };

function unescapeCopy(field: string): string {
  return field.replace(/\\(.)/g, (_, char: string) => UNESCAPED[char] ?? char);
}

/** A string as an SQL literal, for the queries COPY runs (it takes no parameters). */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
