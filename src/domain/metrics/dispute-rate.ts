import { type CalendarDate } from '../calendar/date.ts';
import { type Period } from '../calendar/periods.ts';
import { Decimal } from '../money/decimal.ts';
import { KPI_ROUNDING, KPI_SCALE, type KpiFigure } from './percent.ts';
import { isWithin } from './report-periods.ts';
import { counted } from './words.ts';

/** How many things happened on one day. */
export interface DayCount {
  readonly on: CalendarDate;
  readonly count: number;
}

export interface DisputeRate extends KpiFigure {
  readonly disputes: number;
  readonly invoices: number;
}

const FORMULA = 'dispute rate = disputes opened ÷ invoices issued × 100';

/**
 * Invoice disputes opened in `period` per 100 invoices issued in it. Credit
 * notes are neither counted as invoices nor their disputes as disputes: the
 * caller passes invoices only.
 */
export function disputeRate(disputesOpened: readonly DayCount[], invoicesIssued: readonly DayCount[], period: Period): DisputeRate {
  const disputes = countWithin(disputesOpened, period);
  const invoices = countWithin(invoicesIssued, period);
  const range = `${period.start.toString()} – ${period.end.toString()}`;
  const inputs = { from: period.start.toString(), to: period.end.toString(), disputes, invoices };
  if (invoices === 0) {
    return { value: null, disputes, invoices, explanation: { formula: FORMULA, inputs, rounding: KPI_ROUNDING, text: `${range}: no invoice was issued (${counted(disputes, 'dispute')} opened), so there is no rate.` } };
  }
  const value = Decimal.ratio(BigInt(disputes) * 100n, BigInt(invoices), KPI_SCALE, 'halfUp');
  return { value, disputes, invoices, explanation: { formula: FORMULA, inputs, rounding: KPI_ROUNDING, text: `${range}: ${counted(disputes, 'dispute')} opened ÷ ${counted(invoices, 'invoice')} issued × 100 = ${value.toString()} per 100 invoices.` } };
}

function countWithin(days: readonly DayCount[], period: Period): number {
  let total = 0;
  for (const day of days) if (isWithin(day.on, period)) total += day.count;
  return total;
}
