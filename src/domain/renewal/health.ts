import { type CalendarDate } from '../calendar/date.ts';
import { Decimal, pow10 } from '../money/decimal.ts';
import { isAboveShare, isBelowShare, latestMeasurements, type LatestMeasurement, percentOf, signalsInLastDays, sum, type UsageSignal } from './usage.ts';

/**
 * Account health as a transparent points model. An AM must be able to redo
 * the score by hand from the factors, so it is a short table, not a model:
 *
 *   score = 100 + Σ points (each factor's points are 0 or negative), clamped to 0..100
 *
 *   ticket_volume      tickets whose period ended in the last 90 days ÷ seats in use
 *                      (latest seats_assigned values):  ≤ 1.0 → 0,  > 1.0 → −15,  > 1.5 → −30,  > 2.0 → −50
 *                      (the heaviest factor: a surge of tickets is the clearest sign a client is unhappy)
 *   shelfware          seats assigned ÷ seats purchased (latest per subscription, summed):
 *                      ≥ 80% → 0,  < 80% → −10,  < 60% → −20
 *   endpoint_coverage  devices covered ÷ devices contracted (latest):  ≥ 95% → 0,  < 95% → −10,  < 90% → −20
 *   backup_capacity    TB used ÷ TB contracted (latest):  ≤ 90% → 0,  > 90% → −10,  ≥ 100% → −20 (new backups fail)
 *
 * Bands: green ≥ 70, amber 50–69, red < 50. At risk: score below the
 * threshold (default 50). A factor without its signal is listed with 0 points
 * and says so, and an account without any signal scores 100 with a
 * `no_signals` factor: a missing measurement is shown, never read as good news.
 */
export type HealthBand = 'green' | 'amber' | 'red';

export type HealthFactorName = 'no_signals' | 'ticket_volume' | 'shelfware' | 'endpoint_coverage' | 'backup_capacity';

export interface HealthFactor {
  readonly factor: HealthFactorName;
  /** 0 or negative: what the factor takes off 100. */
  readonly points: number;
  /** The numbers behind the points. */
  readonly evidence: string;
}

export interface AccountHealth {
  /** Integer, 0..100. */
  readonly score: number;
  readonly band: HealthBand;
  readonly atRisk: boolean;
  readonly atRiskThreshold: number;
  readonly factors: readonly HealthFactor[];
}

export interface HealthOptions {
  /** Scores below this flag the account at risk (default 50). */
  readonly atRiskThreshold?: number;
}

export const DEFAULT_AT_RISK_THRESHOLD = 50;
export const TICKET_WINDOW_DAYS = 90;
const GREEN_FROM = 70;
const AMBER_FROM = 50;

/** Tickets per seat in use over the window: the first row the ratio exceeds gives the points. */
const TICKET_TIERS: readonly { readonly above: string; readonly points: number }[] = [
  { above: '2.0', points: -50 },
  { above: '1.5', points: -30 },
  { above: '1.0', points: -15 },
];

export function accountHealth(signals: readonly UsageSignal[], asOf: CalendarDate, options: HealthOptions = {}): AccountHealth {
  const atRiskThreshold = options.atRiskThreshold ?? DEFAULT_AT_RISK_THRESHOLD;
  const known = signals.filter((signal) => !signal.periodEnd.isAfter(asOf));
  const factors: HealthFactor[] =
    known.length === 0
      ? [{ factor: 'no_signals', points: 0, evidence: `No usage or ticket signal ended on or before ${asOf.toString()}: nothing to deduct, the score stays 100 unmeasured.` }]
      : [ticketVolume(known, asOf), shelfware(known, asOf), endpointCoverage(known, asOf), backupCapacity(known, asOf)];
  const score = Math.max(0, Math.min(100, 100 + factors.reduce((total, factor) => total + factor.points, 0)));
  return { score, band: healthBand(score), atRisk: score < atRiskThreshold, atRiskThreshold, factors };
}

export function healthBand(score: number): HealthBand {
  return score >= GREEN_FROM ? 'green' : score >= AMBER_FROM ? 'amber' : 'red';
}

function ticketVolume(signals: readonly UsageSignal[], asOf: CalendarDate): HealthFactor {
  const tickets = sum(signalsInLastDays(signals, 'tickets', asOf, TICKET_WINDOW_DAYS).map((signal) => signal.value));
  const window = `${asOf.addDays(-(TICKET_WINDOW_DAYS - 1)).toString()}..${asOf.toString()}`;
  const seats = sum(latestMeasurements(signals, 'seats_assigned', asOf).map((seat) => seat.value));
  if (seats.isZero()) {
    return { factor: 'ticket_volume', points: 0, evidence: `${tickets.toString()} tickets in ${window}; not scored: no seats in use to relate them to (no seats_assigned signal)` };
  }
  const scale = Math.max(tickets.scale, seats.scale);
  // tickets ÷ seats > limit, compared exactly as tickets × 10 > limit in tenths × seats.
  const exceeds = (limit: string): boolean => tickets.unitsAt(scale) * pow10(1) > Decimal.parse(limit).unitsAt(1) * seats.unitsAt(scale);
  const tier = TICKET_TIERS.find((row) => exceeds(row.above));
  const ratio = Decimal.ratio(tickets.unitsAt(scale), seats.unitsAt(scale), 2, 'halfUp');
  const rule = tier ? `above ${tier.above} per seat → −${-tier.points}` : 'at most 1.0 per seat → 0';
  return {
    factor: 'ticket_volume',
    points: tier?.points ?? 0,
    evidence: `${tickets.toString()} tickets in ${window} for ${seats.toString()} seats in use = ${ratio.toString()} per seat (${rule})`,
  };
}

function shelfware(signals: readonly UsageSignal[], asOf: CalendarDate): HealthFactor {
  const seats = latestMeasurements(signals, 'seats_assigned', asOf).filter(hasCapacity);
  const assigned = sum(seats.map((seat) => seat.value));
  const purchased = sum(seats.map((seat) => seat.capacity));
  if (purchased.isZero()) return { factor: 'shelfware', points: 0, evidence: 'not scored: no seats_assigned signal with seats purchased' };
  const points = isBelowShare(assigned, purchased, 60) ? -20 : isBelowShare(assigned, purchased, 80) ? -10 : 0;
  const idle = seats.filter((seat) => isBelowShare(seat.value, seat.capacity, 80));
  const detail = idle.map((seat) => `${seat.subscriptionId ?? 'account'} ${seat.value.toString()}/${seat.capacity.toString()}`).join(', ');
  return {
    factor: 'shelfware',
    points,
    evidence:
      `${assigned.toString()} of ${purchased.toString()} seats assigned = ${percentOf(assigned, purchased).toString()}% ` +
      `(${points === -20 ? 'below 60% → −20' : points === -10 ? 'below 80% → −10' : 'at least 80% → 0'})` +
      (detail ? `; below 80%: ${detail}` : ''),
  };
}

function endpointCoverage(signals: readonly UsageSignal[], asOf: CalendarDate): HealthFactor {
  const latest = latestMeasurements(signals, 'endpoint_coverage', asOf).filter(hasCapacity);
  const covered = sum(latest.map((row) => row.value));
  const contracted = sum(latest.map((row) => row.capacity));
  if (contracted.isZero()) return { factor: 'endpoint_coverage', points: 0, evidence: 'not scored: no endpoint_coverage signal with devices contracted' };
  const points = isBelowShare(covered, contracted, 90) ? -20 : isBelowShare(covered, contracted, 95) ? -10 : 0;
  return {
    factor: 'endpoint_coverage',
    points,
    evidence:
      `${covered.toString()} of ${contracted.toString()} devices covered = ${percentOf(covered, contracted).toString()}% ` +
      `(${points === -20 ? 'below 90% → −20' : points === -10 ? 'below 95% → −10' : 'at least 95% → 0'}) on ${lastEnd(latest)}`,
  };
}

function backupCapacity(signals: readonly UsageSignal[], asOf: CalendarDate): HealthFactor {
  const latest = latestMeasurements(signals, 'backup_utilisation', asOf).filter(hasCapacity);
  const used = sum(latest.map((row) => row.value));
  const contracted = sum(latest.map((row) => row.capacity));
  if (contracted.isZero()) return { factor: 'backup_capacity', points: 0, evidence: 'not scored: no backup_utilisation signal with TB contracted' };
  const points = !isBelowShare(used, contracted, 100) ? -20 : isAboveShare(used, contracted, 90) ? -10 : 0;
  return {
    factor: 'backup_capacity',
    points,
    evidence:
      `${used.toString()} of ${contracted.toString()} TB used = ${percentOf(used, contracted).toString()}% ` +
      `(${points === -20 ? 'at or over capacity → −20' : points === -10 ? 'above 90% → −10' : 'at most 90% → 0'}) on ${lastEnd(latest)}`,
  };
}

function hasCapacity(measurement: LatestMeasurement): measurement is LatestMeasurement & { readonly capacity: Decimal } {
  return measurement.capacity !== null && !measurement.capacity.isZero();
}

function lastEnd(measurements: readonly LatestMeasurement[]): string {
  return measurements.reduce((latest, row) => (row.periodEnd.isAfter(latest) ? row.periodEnd : latest), (measurements[0] as LatestMeasurement).periodEnd).toString();
}
