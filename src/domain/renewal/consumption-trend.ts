import { CalendarDate } from '../calendar/date.ts';
import { Decimal, pow10 } from '../money/decimal.ts';
import { sum, type UsageSignal } from './usage.ts';

/** Months of Azure consumption a trend looks back over. */
export const TREND_MONTHS = 6;

/** Months past the window's last month at which spend is projected (the reserved-instance horizon). */
export const PROJECTION_MONTHS = 3;

/** Fewer observed months than this give no trend line: two points always fit a line exactly, which says nothing. */
export const MIN_TREND_POINTS = 3;

/** An exact fraction; amounts are rounded only when shown. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export interface MonthTotal {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** Null when no signal ended in the month: a missing month is not observed, not zero. */
  readonly total: Decimal | null;
}

/** A least-squares line through monthly totals; x is the month's index in the window (0 = oldest). */
export interface TrendLine {
  readonly points: number;
  /** Change per month. */
  readonly slope: Fraction;
  /** The line's value at a month index (may lie past the window). */
  valueAt(index: number): Fraction;
}

export interface ConsumptionTrend {
  /** The window's months, oldest first, ending with the last month that had ended by the as-of day. */
  readonly months: readonly MonthTotal[];
  readonly line: TrendLine | null;
}

/**
 * Azure consumption per calendar month over the `TREND_MONTHS` months that
 * have ended by `asOf` (a month counts once its last day is on or before
 * `asOf`), with a least-squares line through the months observed. A signal
 * belongs to the month its period ends in. `categories`, when given, keeps
 * only those meter categories (case-insensitive), e.g. compute.
 */
export function consumptionTrend(signals: readonly UsageSignal[], asOf: CalendarDate, categories?: readonly string[]): ConsumptionTrend {
  const lastMonth = asOf.isLastDayOfMonth() ? firstOfMonth(asOf) : firstOfMonth(asOf).addMonths(-1);
  const wanted = categories ? new Set(categories.map((category) => category.trim().toLowerCase())) : undefined;
  const byMonth = new Map<string, Decimal[]>();
  for (const signal of signals) {
    if (signal.kind !== 'azure_consumption' || signal.periodEnd.isAfter(asOf)) continue;
    if (wanted && !wanted.has(signal.category.trim().toLowerCase())) continue;
    const key = monthLabel(signal.periodEnd);
    byMonth.set(key, [...(byMonth.get(key) ?? []), signal.value]);
  }
  const months: MonthTotal[] = [];
  for (let offset = TREND_MONTHS - 1; offset >= 0; offset -= 1) {
    const start = lastMonth.addMonths(-offset);
    const values = byMonth.get(monthLabel(start));
    months.push({ month: monthLabel(start), start, end: start.lastDayOfMonth(), total: values ? sum(values) : null });
  }
  const points = months.flatMap((month, index) => (month.total ? [{ x: index, y: month.total }] : []));
  return { months, line: points.length >= MIN_TREND_POINTS ? leastSquares(points) : null };
}

/**
 * Ordinary least squares on integers: amounts are brought to one scale so
 * every sum is an exact bigint, and the slope and fitted values are exact
 * fractions (ŷ(x) = ȳ + slope·(x − x̄)).
 */
export function leastSquares(points: readonly { readonly x: number; readonly y: Decimal }[]): TrendLine {
  const scale = Math.max(0, ...points.map((point) => point.y.scale));
  const n = BigInt(points.length);
  let sumX = 0n;
  let sumY = 0n;
  let sumXY = 0n;
  let sumXX = 0n;
  for (const point of points) {
    const x = BigInt(point.x);
    const y = point.y.unitsAt(scale);
    sumX += x;
    sumY += y;
    sumXY += x * y;
    sumXX += x * x;
  }
  const covariance = n * sumXY - sumX * sumY;
  const variance = n * sumXX - sumX * sumX;
  const unit = pow10(scale);
  // All x equal (one point, or repeated months): the line is flat at the mean.
  const slope: Fraction = variance === 0n ? { numerator: 0n, denominator: 1n } : { numerator: covariance, denominator: variance * unit };
  return {
    points: points.length,
    slope,
    valueAt(index: number): Fraction {
      if (variance === 0n) return { numerator: sumY, denominator: n * unit };
      return { numerator: sumY * variance + covariance * (n * BigInt(index) - sumX), denominator: n * variance * unit };
    },
  };
}

/** A fraction rounded half up to `scale` decimals. */
export function fractionToDecimal(fraction: Fraction, scale: number): Decimal {
  return Decimal.ratio(fraction.numerator, fraction.denominator, scale, 'halfUp');
}

export function monthLabel(date: CalendarDate): string {
  return date.toString().slice(0, 7);
}

function firstOfMonth(date: CalendarDate): CalendarDate {
  return CalendarDate.of(date.year, date.month, 1);
}
