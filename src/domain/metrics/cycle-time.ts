import { type Period } from '../calendar/periods.ts';
import { Decimal } from '../money/decimal.ts';
import { type ClosedRenewal } from './closed-renewal.ts';
import { KPI_ROUNDING, KPI_SCALE, type KpiFigure } from './percent.ts';
import { isWithin } from './report-periods.ts';
import { counted } from './words.ts';

export interface CycleTime extends KpiFigure {
  /** The median days (the KPI's value). */
  readonly median: Decimal | null;
  readonly mean: Decimal | null;
  readonly renewals: number;
}

const FORMULA = 'days = signed − pack generated, per renewal won; value = median of the days';

/**
 * Days-to-renewal cycle time of the renewals won in `period`: from the day
 * the renewal pack was generated to the day the client signed (the accepted
 * quote's signature, else the day the renewal was recorded as won). The
 * median is the KPI's value (one slow renewal does not hide how the rest
 * went); the mean is reported beside it. Both are exact before one rounding.
 * Renewals won without a pack are left out and counted.
 */
export function cycleTime(renewals: readonly ClosedRenewal[], period: Period): CycleTime {
  const days: number[] = [];
  let withoutPack = 0;
  let signedByQuote = 0;
  for (const renewal of renewals) {
    if (renewal.outcome !== 'won' || !isWithin(renewal.closedOn, period)) continue;
    if (!renewal.packGeneratedOn) {
      withoutPack += 1;
      continue;
    }
    if (renewal.signedOn) signedByQuote += 1;
    days.push(renewal.packGeneratedOn.daysUntil(renewal.signedOn ?? renewal.closedOn));
  }
  days.sort(ascending);
  const range = `${period.start.toString()} – ${period.end.toString()}`;
  const leftOut = withoutPack === 0 ? '' : ` ${withoutPack} won without a pack are left out.`;
  const count = days.length;
  const sum = days.reduce(add, 0);
  const inputs = { from: period.start.toString(), to: period.end.toString(), renewals: count, signedByQuote, recordedAsWon: count - signedByQuote, totalDays: sum, withoutPack, days: days.join(' ') };
  if (count === 0) {
    return { value: null, median: null, mean: null, renewals: 0, explanation: { formula: FORMULA, inputs, rounding: KPI_ROUNDING, text: `${range}: no renewal with a pack was won.${leftOut}` } };
  }
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1 ? Decimal.fromInteger(days[middle] as number).round(KPI_SCALE, 'halfUp') : Decimal.ratio(BigInt((days[middle - 1] as number) + (days[middle] as number)), 2n, KPI_SCALE, 'halfUp');
  const mean = Decimal.ratio(BigInt(sum), BigInt(count), KPI_SCALE, 'halfUp');
  return {
    value: median,
    median,
    mean,
    renewals: count,
    explanation: {
      formula: FORMULA,
      inputs: { ...inputs, median: median.toString(), mean: mean.toString() },
      rounding: KPI_ROUNDING,
      text: `${range}: ${counted(count, 'renewal')} won, pack to signature in a median of ${median.toString()} days (mean ${sum} ÷ ${count} = ${mean.toString()}); ${signedByQuote} signed through a quote, ${count - signedByQuote} dated by the day they were won.${leftOut}`,
    },
  };
}

function ascending(a: number, b: number): number {
  return a - b;
}

function add(total: number, value: number): number {
  return total + value;
}
