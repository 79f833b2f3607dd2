import { type Period } from '../calendar/periods.ts';
import { Decimal } from '../money/decimal.ts';
import { type ClosedRenewal } from './closed-renewal.ts';
import { KPI_ROUNDING, type KpiFigure, percentOf } from './percent.ts';
import { isWithin } from './report-periods.ts';
import { counted } from './words.ts';

export interface ForecastAccuracy extends KpiFigure {
  /** Σ forecast annual values of the renewals measured. */
  readonly projected: Decimal;
  /** Σ closed annual values (lost at 0). */
  readonly closed: Decimal;
  readonly renewals: number;
}

const FORMULA = 'forecast error % = |Σ projected − Σ closed| ÷ Σ projected × 100';

/**
 * Renewal forecast accuracy over the renewals closed in `period`, as the
 * forecast's error: |Σ projected − Σ closed| ÷ Σ projected × 100, where
 * projected is the annual value when the pack went out and closed what it
 * closed at (a lost renewal at 0). Renewals in another currency, or closed
 * without a pack (nothing was forecast), are left out and counted.
 */
export function forecastAccuracy(renewals: readonly ClosedRenewal[], period: Period, currency: string): ForecastAccuracy {
  let projected = Decimal.ZERO;
  let closed = Decimal.ZERO;
  let measured = 0;
  let lost = 0;
  let otherCurrency = 0;
  let withoutForecast = 0;
  for (const renewal of renewals) {
    if (!isWithin(renewal.closedOn, period)) continue;
    if ((renewal.currency?.toUpperCase() ?? null) !== currency) {
      otherCurrency += 1;
      continue;
    }
    if (!renewal.forecastAnnualValue) {
      withoutForecast += 1;
      continue;
    }
    measured += 1;
    projected = projected.plus(renewal.forecastAnnualValue);
    if (renewal.outcome === 'lost') lost += 1;
    else closed = closed.plus(renewal.closedAnnualValue ?? Decimal.ZERO);
  }
  const range = `${period.start.toString()} – ${period.end.toString()}`;
  const inputs = { from: period.start.toString(), to: period.end.toString(), currency, projected: projected.toString(), closed: closed.toString(), renewals: measured, lost, otherCurrency, withoutForecast };
  const leftOut = otherCurrency + withoutForecast === 0 ? '' : ` Left out: ${otherCurrency} in other currencies, ${withoutForecast} closed without a pack (no forecast).`;
  if (measured === 0 || projected.sign() <= 0) {
    const why = measured === 0 ? 'no renewal with a forecast closed' : 'nothing was forecast';
    return { value: null, projected, closed, renewals: measured, explanation: { formula: FORMULA, inputs, rounding: KPI_ROUNDING, text: `${range}: ${why}, so there is no forecast error to measure.${leftOut}` } };
  }
  const value = percentOf(projected.minus(closed).abs(), projected);
  return {
    value,
    projected,
    closed,
    renewals: measured,
    explanation: {
      formula: FORMULA,
      inputs,
      rounding: KPI_ROUNDING,
      text: `${range}: |${projected.toString()} projected − ${closed.toString()} closed| ÷ ${projected.toString()} × 100 = ${value.toString()}% over ${counted(measured, 'renewal')} (${lost} lost, counted at 0), ${currency}.${leftOut}`,
    },
  };
}
