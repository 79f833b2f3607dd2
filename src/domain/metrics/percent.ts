import { Decimal } from '../money/decimal.ts';
import { type Explanation } from '../explanation.ts';

/** A KPI's figure with how it was reached; null when its inputs do not define it (nothing to divide by). */
export interface KpiFigure {
  readonly value: Decimal | null;
  readonly explanation: Explanation;
}

/** Decimals a KPI is shown with. */
export const KPI_SCALE = 1;

export const KPI_ROUNDING = 'rounded half up to 1 decimal, once, from the exact quotient';

/** numerator ÷ denominator × 100, rounded half up to one decimal, once. */
export function percentOf(numerator: Decimal, denominator: Decimal): Decimal {
  return Decimal.quotient(numerator.timesInteger(100), denominator, KPI_SCALE, 'halfUp');
}
