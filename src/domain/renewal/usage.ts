import { type CalendarDate } from '../calendar/date.ts';
import { Decimal, pow10 } from '../money/decimal.ts';

/** What a usage signal measures (coterm's usage file, docs/import-formats.md). */
export type UsageSignalKind = 'seats_assigned' | 'azure_consumption' | 'backup_utilisation' | 'endpoint_coverage' | 'tickets';

/**
 * One measurement of a client's usage over a period:
 * - `seats_assigned`: value = seats assigned, capacity = seats purchased, per subscription;
 * - `azure_consumption`: value = the month's amount, category = meter category, per Azure subscription;
 * - `backup_utilisation`: value = TB used, capacity = TB contracted;
 * - `endpoint_coverage`: value = devices covered, capacity = devices contracted;
 * - `tickets`: value = tickets in the period for `category` (e.g. `security how-to`).
 */
export interface UsageSignal {
  readonly kind: UsageSignalKind;
  /** The subscription measured; null for a signal about the whole account. */
  readonly subscriptionId: string | null;
  readonly periodStart: CalendarDate;
  /** Inclusive. A signal is known once its period has ended. */
  readonly periodEnd: CalendarDate;
  readonly value: Decimal;
  readonly capacity: Decimal | null;
  /** '' when the signal has no category. */
  readonly category: string;
}

/**
 * Kinds the renewal views only ever read as their latest measurement
 * (latestMeasurements): a reader may leave their older periods unread.
 */
export const LATEST_MEASUREMENT_KINDS: readonly UsageSignalKind[] = ['seats_assigned', 'backup_utilisation', 'endpoint_coverage'];

/**
 * Signals of a kind whose period ended in the `days` days up to and including
 * `asOf`. Counting by period end keeps a monthly series whole: 90 days back
 * from any day of a month take exactly the three months that have ended.
 */
export function signalsInLastDays(signals: readonly UsageSignal[], kind: UsageSignalKind, asOf: CalendarDate, days: number): UsageSignal[] {
  const from = asOf.addDays(-(days - 1));
  return signals.filter((signal) => signal.kind === kind && !signal.periodEnd.isBefore(from) && !signal.periodEnd.isAfter(asOf));
}

/** The latest measurement of one subscription (or of the account, `subscriptionId` null). */
export interface LatestMeasurement {
  readonly subscriptionId: string | null;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  /** Summed over the signals of that period (several categories of one period add up). */
  readonly value: Decimal;
  /** Null when any signal of the period has no capacity. */
  readonly capacity: Decimal | null;
}

/**
 * The latest period ended on or before `asOf`, per subscription, for one kind
 * of signal; ordered by subscription id (the account-wide one first) so the
 * result does not depend on the order signals were imported in.
 */
export function latestMeasurements(signals: readonly UsageSignal[], kind: UsageSignalKind, asOf: CalendarDate): LatestMeasurement[] {
  const latest = new Map<string, UsageSignal[]>();
  for (const signal of signals) {
    if (signal.kind !== kind || signal.periodEnd.isAfter(asOf)) continue;
    const key = signal.subscriptionId ?? '';
    const current = latest.get(key);
    const currentEnd = current?.[0]?.periodEnd;
    if (!current || !currentEnd || signal.periodEnd.isAfter(currentEnd)) latest.set(key, [signal]);
    else if (signal.periodEnd.equals(currentEnd)) current.push(signal);
  }
  return [...latest.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => {
      const first = group[0] as UsageSignal;
      const capacities = group.map((signal) => signal.capacity);
      return {
        subscriptionId: first.subscriptionId,
        periodStart: group.reduce((start, signal) => (signal.periodStart.isBefore(start) ? signal.periodStart : start), first.periodStart),
        periodEnd: first.periodEnd,
        value: sum(group.map((signal) => signal.value)),
        capacity: capacities.every((capacity): capacity is Decimal => capacity !== null) ? sum(capacities) : null,
      };
    });
}

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((total, value) => total.plus(value), Decimal.ZERO);
}

/** value ÷ capacity as a percentage rounded half up to one decimal (for evidence; comparisons use `isBelowShare`). */
export function percentOf(value: Decimal, capacity: Decimal): Decimal {
  const scale = Math.max(value.scale, capacity.scale);
  return Decimal.ratio(value.unitsAt(scale) * 100n, capacity.unitsAt(scale), 1, 'halfUp');
}

/** Whether value ÷ capacity < percent ÷ 100, compared exactly (no rounded ratio decides a threshold). */
export function isBelowShare(value: Decimal, capacity: Decimal, percent: number): boolean {
  return value.timesInteger(100).compare(capacity.timesInteger(percent)) < 0;
}

/** Whether value ÷ capacity > percent ÷ 100, compared exactly. */
export function isAboveShare(value: Decimal, capacity: Decimal, percent: number): boolean {
  return value.timesInteger(100).compare(capacity.timesInteger(percent)) > 0;
}

/** The smallest whole number ≥ the value: seats in use are counted in whole licences. */
export function wholeUnitsUp(value: Decimal): number {
  const divisor = pow10(value.scale);
  let quotient = value.units / divisor;
  if (quotient * divisor < value.units) quotient += 1n;
  return Number(quotient);
}
