import { CalendarDate, daysInMonth, InvalidDateError } from '../../domain/calendar/date.ts';
import { Decimal, DecimalFormatError } from '../../domain/money/decimal.ts';
import { type CsvDialect, normalizeHeader } from './csv-file.ts';

/** A cell that cannot be read; the row is rejected with this reason. */
export class CellError extends Error {
  override name = 'CellError';
}

/**
 * Reads one CSV row by column name, tolerating what Excel does to files:
 * reformatted dates, decimal commas, thousands separators, and long numbers
 * turned into scientific notation.
 */
export class RowReader {
  /** Ids Excel wrote in scientific notation on this row (their last digits may be lost). */
  mangledIds: string[] = [];

  constructor(
    private readonly columns: ColumnIndex,
    private readonly dialect: CsvDialect,
    private values: readonly string[] = [],
  ) {}

  reset(values: readonly string[]): this {
    this.values = values;
    this.mangledIds = [];
    return this;
  }

  /** Trimmed text, or undefined when the column is absent or the cell empty. */
  text(column: string): string | undefined {
    const index = this.columns.indexOf(column);
    if (index === undefined) return undefined;
    const value = this.values[index]?.trim();
    return value === '' ? undefined : value;
  }

  requiredText(column: string): string {
    const value = this.text(column);
    if (value === undefined) throw new CellError(`${this.columns.label(column)} is empty`);
    return value;
  }

  /** An identifier; Excel's scientific notation (`1.23457E+15`) is expanded and remembered as possibly damaged. */
  id(column: string): string | undefined {
    const value = this.text(column);
    if (value === undefined || !EXCEL_SCIENTIFIC.test(value)) return value;
    this.mangledIds.push(`${this.columns.label(column)} ${value}`);
    return expandScientific(value);
  }

  requiredId(column: string): string {
    const value = this.id(column);
    if (value === undefined) throw new CellError(`${this.columns.label(column)} is empty`);
    return value;
  }

  decimal(column: string): Decimal | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const parsed = parseDecimalCell(value, this.dialect.decimalComma);
    if (!parsed) throw new CellError(`${this.columns.label(column)} "${value}" is not a number`);
    return parsed;
  }

  requiredDecimal(column: string): Decimal {
    const value = this.decimal(column);
    if (value === undefined) throw new CellError(`${this.columns.label(column)} is empty`);
    return value;
  }

  /** A number as canonical decimal text (`-94.08`), without building a Decimal when the cell is already plain. */
  decimalText(column: string): string | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    if (PLAIN_DECIMAL.test(value)) return value;
    const parsed = parseDecimalCell(value, this.dialect.decimalComma);
    if (!parsed) throw new CellError(`${this.columns.label(column)} "${value}" is not a number`);
    return parsed.toString();
  }

  requiredDecimalText(column: string): string {
    const value = this.decimalText(column);
    if (value === undefined) throw new CellError(`${this.columns.label(column)} is empty`);
    return value;
  }

  /** A date as `YYYY-MM-DD`, without building a CalendarDate when the cell is already ISO. */
  dateText(column: string): string | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    if (value.length === 10 && ISO_DAY.test(value)) {
      const month = Number(value.slice(5, 7));
      const day = Number(value.slice(8, 10));
      if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(value.slice(0, 4)), month)) return value;
    }
    const parsed = parseDateCell(value, this.dialect.dayFirst);
    if (!parsed) throw new CellError(`${this.columns.label(column)} "${value}" is not a date`);
    return parsed.toString();
  }

  integer(column: string): number | undefined {
    const value = this.decimal(column);
    if (value === undefined) return undefined;
    const whole = value.trimmed();
    if (whole.scale !== 0 || whole.units > BigInt(Number.MAX_SAFE_INTEGER) || whole.units < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new CellError(`${this.columns.label(column)} "${this.text(column) ?? ''}" is not a whole number`);
    }
    return Number(whole.units);
  }

  date(column: string): CalendarDate | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const parsed = parseDateCell(value, this.dialect.dayFirst);
    if (!parsed) throw new CellError(`${this.columns.label(column)} "${value}" is not a date`);
    return parsed;
  }

  requiredDate(column: string): CalendarDate {
    const value = this.date(column);
    if (value === undefined) throw new CellError(`${this.columns.label(column)} is empty`);
    return value;
  }

  boolean(column: string): boolean | undefined {
    const value = this.text(column)?.toLowerCase();
    if (value === undefined) return undefined;
    if (['true', 'yes', 'y', '1'].includes(value)) return true;
    if (['false', 'no', 'n', '0'].includes(value)) return false;
    throw new CellError(`${this.columns.label(column)} "${value}" is not true or false`);
  }
}

/**
 * Finds columns by any of their names (case, spaces and punctuation ignored),
 * so every header variant of a format maps to one logical column.
 */
export class ColumnIndex {
  private readonly positions = new Map<string, number>();
  private readonly labels = new Map<string, string>();

  constructor(header: readonly string[], aliases: Readonly<Record<string, readonly string[]>>) {
    const byName = new Map(header.map((name, index) => [normalizeHeader(name), index]));
    for (const [column, names] of Object.entries(aliases)) {
      for (const name of [column, ...names]) {
        const index = byName.get(normalizeHeader(name));
        if (index !== undefined) {
          this.positions.set(column, index);
          this.labels.set(column, header[index] ?? column);
          break;
        }
      }
    }
  }

  indexOf(column: string): number | undefined {
    return this.positions.get(column);
  }

  has(column: string): boolean {
    return this.positions.has(column);
  }

  label(column: string): string {
    return this.labels.get(column) ?? column;
  }

  /** The required columns the header lacks. */
  missing(required: readonly string[]): string[] {
    return required.filter((column) => !this.positions.has(column));
  }
}

/** A number in exponent form, as JSON or a spreadsheet writes it (`1.2E+3`, `1e-7`); exponents stay small. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d{1,3}$/;
/**
 * What Excel's General format makes of a long number: one digit, a few
 * decimals, `E+` and two digits. Stricter than SCIENTIFIC, so a hexadecimal
 * id such as `463682e07833` is not mistaken for one.
 */
const EXCEL_SCIENTIFIC = /^-?\d(?:[.,]\d+)?E\+\d{2}$/;
const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Microsoft SKU ids have four digits (`0001`); Excel's General format shows `1`. */
export function repairSkuId(text: string): string {
  return /^\d{1,3}$/.test(text) ? text.padStart(4, '0') : text;
}

/** `1.23457E+15` → `1234570000000000` (exact expansion of what the cell shows). */
export function expandScientific(text: string): string {
  const [mantissa = '', exponentText = '0'] = text.replace(',', '.').toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '', fraction = ''] = mantissa.replace(/^[+-]/, '').split('.');
  const exponent = Number(exponentText);
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let result: string;
  if (point <= 0) result = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + '0'.repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  result = result.replace(/^0+(?=\d)/, '');
  return negative ? `-${result}` : result;
}

/** A number as Excel or Partner Center may write it: 1,234.56 · 1.234,56 · (12.50) · 1.2E+3 · 12 € . */
export function parseDecimalCell(raw: string, decimalComma: boolean): Decimal | undefined {
  let text = raw.replace(/[\s\u00a0]/g, '').replace(/^[$€£¥]|[$€£¥]$/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (SCIENTIFIC.test(text)) text = expandScientific(decimalComma ? text.replace(',', '.') : text);
  else if (decimalComma || /^[+-]?\d+,\d{1,2}$/.test(text)) text = text.replace(/\.(?=\d{3}(?:\D|$))/g, '').replace(',', '.');
  else text = text.replace(/,(?=\d{3}(?:\D|$))/g, '');
  try {
    const value = Decimal.parse(text);
    return negative ? value.negated() : value;
  } catch (error) {
    if (error instanceof DecimalFormatError) return undefined;
    throw error;
  }
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$/;
const YEAR_FIRST_SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+[\d:]+)?$/;

/** A date as written by Microsoft (ISO, with or without time) or by Excel (6/18/2021, 18.06.2021, 44365). */
export function parseDateCell(text: string, dayFirst: boolean): CalendarDate | undefined {
  try {
    const iso = ISO.exec(text) ?? YEAR_FIRST_SLASHED.exec(text);
    if (iso) return CalendarDate.of(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    const slashed = SLASHED.exec(text);
    if (slashed) {
      const [first, second] = [Number(slashed[1]), Number(slashed[2])];
      const yearText = slashed[3] ?? '';
      const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
      return dayFirst ? CalendarDate.of(year, second, first) : CalendarDate.of(year, first, second);
    }
    // An Excel serial day number (1900 date system), as a cell formatted as a number shows a date.
    if (/^\d{5}$/.test(text)) {
      const serial = Number(text);
      if (serial >= 25569 && serial <= 73051) return CalendarDate.of(1970, 1, 1).addDays(serial - 25569);
    }
    return undefined;
  } catch (error) {
    if (error instanceof InvalidDateError) return undefined;
    throw error;
  }
}
