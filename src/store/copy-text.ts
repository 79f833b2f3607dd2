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
