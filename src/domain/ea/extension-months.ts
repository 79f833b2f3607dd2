import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { Decimal, pow10 } from '../money/decimal.ts';

/**
 * How a span between two agreement end dates is counted in months.
 * `calendar`: whole calendar months, then the remaining days as a fraction of
 * the following month. `30-day`: days ÷ 30, as some agreements specify.
 */
export type MonthConvention = 'calendar' | '30-day';

export const MONTH_CONVENTIONS: readonly MonthConvention[] = ['calendar', '30-day'];

/** Decimals used when an exact month count is shown. */
export const MONTH_DECIMALS = 4;

/**
 * An exact, non-negative number of months between `from` and `to`
 * (numerator ÷ denominator in lowest terms) and how it was counted.
 */
export interface MonthCount {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly convention: MonthConvention;
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** Days from `from` to `to` (to − from). */
  readonly days: number;
  readonly wholeMonths: number;
  /** Days left after the whole months. */
  readonly remainingDays: number;
  /** The month the remaining days are a fraction of: a calendar month-long span, or 30 days. */
  readonly partMonth: { readonly start?: CalendarDate; readonly end?: CalendarDate; readonly days: number };
  readonly text: string;
}

/**
 * The date `months` calendar months after `anchor`, counted from the anchor
 * (never chained). A month-end anchor maps to month ends
 * (2025-11-30 + 7 = 2026-06-30, 2026-02-28 + 1 = 2026-03-31); any other day is
 * clamped to the target month's length (2025-01-30 + 1 = 2025-02-28).
 */
export function calendarMonthStep(anchor: CalendarDate, months: number): CalendarDate {
  const moved = anchor.addMonths(months);
  return anchor.isLastDayOfMonth() ? moved.lastDayOfMonth() : moved;
}

/** Months from `from` to `to` (to ≥ from) under a convention, exactly. */
export function countMonths(from: CalendarDate, to: CalendarDate, convention: MonthConvention): MonthCount {
  if (to.isBefore(from)) throw new InvalidInputError(`${to.toString()} is before ${from.toString()}: cannot count months backwards`);
  return convention === 'calendar' ? countCalendarMonths(from, to) : countThirtyDayMonths(from, to);
}

function countCalendarMonths(from: CalendarDate, to: CalendarDate): MonthCount {
  let whole = Math.max(0, from.monthIndexDistance(to));
  while (whole > 0 && calendarMonthStep(from, whole).isAfter(to)) whole -= 1;
  const boundary = calendarMonthStep(from, whole);
  const next = calendarMonthStep(from, whole + 1);
  const monthDays = boundary.daysUntil(next);
  const remainingDays = boundary.daysUntil(to);
  const reduced = reduce(BigInt(whole * monthDays + remainingDays), BigInt(monthDays));
  const anchorRule = from.isLastDayOfMonth() ? 'month ends map to month ends' : `day ${from.day} of each month, clamped to the month's length`;
  const span = `${from.toString()} → ${to.toString()}`;
  const text =
    remainingDays === 0
      ? `${whole} calendar ${plural(whole, 'month')} (${span}; ${anchorRule})`
      : `${whole} calendar ${plural(whole, 'month')} to ${boundary.toString()} + ${remainingDays}/${monthDays} of the following month ` +
        `(${remainingDays} of the ${monthDays} days from ${boundary.toString()} to ${next.toString()}) = ${formatMonths(reduced)} months (${span}; ${anchorRule})`;
  return {
    from,
    to,
    convention: 'calendar',
    ...reduced,
    days: from.daysUntil(to),
    wholeMonths: whole,
    remainingDays,
    partMonth: { start: boundary, end: next, days: monthDays },
    text,
  };
}

function countThirtyDayMonths(from: CalendarDate, to: CalendarDate): MonthCount {
  const days = from.daysUntil(to);
  const reduced = reduce(BigInt(days), 30n);
  return {
    from,
    to,
    convention: '30-day',
    ...reduced,
    days,
    wholeMonths: Math.floor(days / 30),
    remainingDays: days % 30,
    partMonth: { days: 30 },
    text: `${days} days (${from.toString()} → ${to.toString()}) ÷ 30 = ${formatMonths(reduced)} months (30-day month convention)`,
  };
}

/** A month count as a decimal with up to four places, rounded half up when it does not terminate. */
export function monthsDecimal(count: { readonly numerator: bigint; readonly denominator: bigint }): Decimal {
  return Decimal.ratio(count.numerator, count.denominator, MONTH_DECIMALS, 'halfUp').trimmed();
}

/** `7`, `7.0667` (with `≈` when rounded). */
export function formatMonths(count: { readonly numerator: bigint; readonly denominator: bigint }): string {
  const shown = monthsDecimal(count).toString();
  return isExact(count.numerator, count.denominator, MONTH_DECIMALS) ? shown : `≈${shown}`;
}

/** A month count for a formula: `7`, or `106/15 (≈7.0667)` when not whole. */
export function monthsForFormula(count: { readonly numerator: bigint; readonly denominator: bigint }): string {
  return count.denominator === 1n ? count.numerator.toString() : `${fractionText(count)} (${formatMonths(count)})`;
}

/** The exact fraction as text: `7` or `106/15`. */
export function fractionText(count: { readonly numerator: bigint; readonly denominator: bigint }): string {
  return count.denominator === 1n ? count.numerator.toString() : `${count.numerator.toString()}/${count.denominator.toString()}`;
}


export function reduce(numerator: bigint, denominator: bigint): { numerator: bigint; denominator: bigint } {
  const divisor = gcd(numerator < 0n ? -numerator : numerator, denominator);
  return divisor <= 1n ? { numerator, denominator } : { numerator: numerator / divisor, denominator: denominator / divisor };
}

function isExact(numerator: bigint, denominator: bigint, places: number): boolean {
  return (numerator * pow10(places)) % denominator === 0n;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
