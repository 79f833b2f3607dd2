/**
 * What European Excel does to a CSV (without quoted cells): a byte-order mark,
 * `;` separators, decimal commas, day-first dates, a lower-cased header and
 * Windows line ends. Without column lists, every ISO date (or timestamp) and
 * every decimal with a point is converted, and all-digit ids lose their
 * leading zeros as Excel's General format drops them.
 */
export function asEuropeanExcel(csv: string, dateColumns?: readonly string[], amountColumns?: readonly string[]): string {
  const [header = [], ...rows] = csv.trimEnd().split(/\r?\n/).map((line) => line.split(','));
  const out = rows.map((cells) =>
    cells.map((cell, index) => {
      const column = header[index] ?? '';
      const date = (dateColumns ? /^(\d{4})-(\d{2})-(\d{2})$/ : /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?$/).exec(cell);
      if (date && (dateColumns?.includes(column) ?? true)) return `${date[3]}/${date[2]}/${date[1]}`;
      const amount = amountColumns ? amountColumns.includes(column) : /^-?\d+\.\d+$/.test(cell);
      if (amount) return cell.replace('.', ',');
      return !dateColumns && /^0+\d+$/.test(cell) ? String(Number(cell)) : cell;
    }),
  );
  return `\uFEFF${[header.map((name) => name.toLowerCase()), ...out].map((cells) => cells.join(';')).join('\r\n')}\r\n`;
}
