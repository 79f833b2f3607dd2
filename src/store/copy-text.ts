/** Values written in PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly (string | number | bigint | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) line += '\t';
    const value = values[i];
    line += value === null || value === undefined ? '\\N' : escapeCopy(String(value));
  }
  return `${line}\n`;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function escapeCopy(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Groups COPY lines into chunks of about `targetBytes` characters. */
export async function* chunked(lines: AsyncIterable<string> | Iterable<string>, targetBytes = 1 << 20): AsyncGenerator<string> {
  let chunk = '';
  for await (const line of lines) {
    chunk += line;
    if (chunk.length >= targetBytes) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
