import { Decimal, pow10 } from './money/decimal.ts';

/** How an amount was reached: the formula, its inputs, the day counts and the rounding. */
export interface Explanation {
  readonly formula: string;
  readonly inputs: Readonly<Record<string, string | number>>;
  readonly rounding: string;
  readonly text: string;
}

/** An exact fraction written as a decimal: exact when it terminates within `places`, else truncated with a trailing "…". */
export function exactDecimalText(numerator: bigint, denominator: bigint, places = 10): string {
  const shown = Decimal.ratio(numerator, denominator, places, 'truncate');
  const terminates = (numerator * pow10(places)) % denominator === 0n;
  return terminates ? shown.trimmed().toString() : `${shown.toString()}…`;
}
