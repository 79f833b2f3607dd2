import Table from 'cli-table3';

/** Writes a value as indented JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A borderless text table; columns listed in `numeric` are right-aligned. */
export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[], numeric: readonly number[] = []): string {
  const output = new Table({
    head: [...head],
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: head.map((_, index) => (numeric.includes(index) ? 'right' : 'left')),
  });
  for (const row of rows) output.push(row.map(String));
  return output.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}
