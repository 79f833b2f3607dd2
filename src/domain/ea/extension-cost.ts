import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type Currency } from '../money/currency.ts';
import { Decimal, pow10 } from '../money/decimal.ts';
import { exactDecimalText, type Explanation } from '../explanation.ts';
import { countMonths, formatMonths, fractionText, monthsForFormula, type MonthConvention, type MonthCount } from './extension-months.ts';

/** Every EA amount is rounded once, half up, to the currency's minor units. */
const ROUNDING = 'rounded half up';

/** An annual amount spread pro rata over a number of months: Annual ÷ 12 × Months. */
export interface AnnualProRata {
  readonly annual: Decimal;
  readonly months: MonthCount;
  /** Annual ÷ 12, rounded half up to minor units (for display; the total does not use it). */
  readonly monthly: Decimal;
  /** Annual ÷ 12 × Months, computed exactly and rounded once, half up, to minor units. */
  readonly total: Decimal;
  /** The unrounded total. */
  readonly exactTotal: { readonly numerator: bigint; readonly denominator: bigint };
}

export function proRataAnnual(annual: Decimal, months: MonthCount, minorUnits: number): AnnualProRata {
  const numerator = annual.units * months.numerator;
  const denominator = pow10(annual.scale) * months.denominator * 12n;
  return {
    annual,
    months,
    monthly: Decimal.ratio(annual.units, pow10(annual.scale) * 12n, minorUnits, 'halfUp'),
    total: Decimal.ratio(numerator, denominator, minorUnits, 'halfUp'),
    exactTotal: { numerator, denominator },
  };
}

export interface ExtensionCostInput {
  /** Annual Contract Value the extension is priced on (original or current rates). */
  readonly acv: Decimal;
  /** Original end date of the shorter agreement (inclusive). */
  readonly end: CalendarDate;
  /** The co-terming target end date (inclusive), not before `end`. */
  readonly target: CalendarDate;
  readonly convention: MonthConvention;
  readonly currency: Currency;
}

export interface ExtensionCost {
  readonly acv: Decimal;
  readonly currency: Currency;
  readonly months: MonthCount;
  readonly monthlyCost: Decimal;
  readonly total: Decimal;
  readonly explanations: { readonly monthlyCost: Explanation; readonly total: Explanation };
}

/**
 * Microsoft's pro rata extension of a shorter agreement to the co-terming
 * target: Extension Cost = (ACV ÷ 12) × Extension Months.
 */
export function extensionCost(input: ExtensionCostInput): ExtensionCost {
  const { acv, end, target, convention, currency } = input;
  requirePositive(acv, 'acv', 'the annual contract value');
  if (target.isBefore(end)) {
    throw new InvalidInputError(
      `${target.toString()} is before the agreement end ${end.toString()}: an agreement running past the target is terminated early or left misaligned, not extended`,
      'target',
    );
  }
  const months = countMonths(end, target, convention);
  const proRata = proRataAnnual(acv, months, currency.minorUnits);
  const units = currency.minorUnits;
  return {
    acv,
    currency,
    months,
    monthlyCost: proRata.monthly,
    total: proRata.total,
    explanations: {
      monthlyCost: {
        formula: `ROUND(ACV ÷ 12, ${units})`,
        inputs: { acv: acv.toString(), currency: currency.code },
        rounding: `${ROUNDING} to ${units} decimals`,
        text:
          `${acv.toString()} ÷ 12 = ${exactDecimalText(acv.units, pow10(acv.scale) * 12n)} → ${proRata.monthly.toString()} ${currency.code} per month ` +
          `(${ROUNDING} to ${units} decimals; the total is computed from the unrounded monthly cost)`,
      },
      total: {
        formula: `ROUND(ACV ÷ 12 × ExtensionMonths, ${units})`,
        inputs: monthInputs(months, { acv: acv.toString(), currency: currency.code }),
        rounding: `${ROUNDING} to ${units} decimals, once, on the total computed from the unrounded monthly cost`,
        text: `${proRataText(acv.toString(), proRata, currency)}. Extension months: ${months.text}`,
      },
    },
  };
}

/** The same extension priced at two ACVs (original and current rates), and the difference. */
export interface RatesComparison {
  readonly original: ExtensionCost;
  readonly current: ExtensionCost;
  readonly difference: Decimal;
  readonly explanation: Explanation;
}

export function compareRates(original: ExtensionCost, current: ExtensionCost): RatesComparison {
  const difference = current.total.minus(original.total);
  const code = original.currency.code;
  const sign = difference.sign() > 0 ? 'more' : difference.sign() < 0 ? 'less' : 'the same';
  return {
    original,
    current,
    difference,
    explanation: {
      formula: 'CurrentRatesTotal − OriginalRatesTotal',
      inputs: { originalAcv: original.acv.toString(), currentAcv: current.acv.toString(), originalTotal: original.total.toString(), currentTotal: current.total.toString(), currency: code },
      rounding: 'none: difference of the two rounded totals',
      text:
        `${current.total.toString()} (current rates, ACV ${current.acv.toString()}) − ${original.total.toString()} (original rates, ACV ${original.acv.toString()}) = ` +
        `${difference.toString()} ${code}${difference.isZero() ? ' (no difference)' : `: extending without price protection costs ${difference.abs().toString()} ${code} ${sign}`}`,
    },
  };
}

/** `600000 ÷ 12 = 50000 per month (unrounded) × 7 months = 350000 → 350000.00 GBP (rounded half up to 2 decimals)`. */
export function proRataText(annualText: string, proRata: AnnualProRata, currency: Currency): string {
  const { annual, months, total, exactTotal } = proRata;
  const perMonth = exactDecimalText(annual.units, pow10(annual.scale) * 12n);
  const thirtyDay = months.convention === '30-day' ? ` = ${annualText} × ${months.days} ÷ 360` : '';
  return (
    `${annualText} ÷ 12 = ${perMonth} per month (unrounded) × ${monthsForFormula(months)} months${thirtyDay} = ` +
    `${exactDecimalText(exactTotal.numerator, exactTotal.denominator)} → ${total.toString()} ${currency.code} (${ROUNDING} to ${currency.minorUnits} decimals)`
  );
}

export function monthInputs(months: MonthCount, extra: Record<string, string | number>): Record<string, string | number> {
  return {
    ...extra,
    from: months.from.toString(),
    to: months.to.toString(),
    convention: months.convention,
    days: months.days,
    months: formatMonths(months),
    monthsExact: fractionText(months),
  };
}

export function requirePositive(value: Decimal, field: string, what: string): void {
  if (value.sign() <= 0) throw new InvalidInputError(`${what} must be greater than zero (got ${value.toString()})`, field);
}

export function requireNonNegative(value: Decimal, field: string, what: string): void {
  if (value.sign() < 0) throw new InvalidInputError(`${what} cannot be negative (got ${value.toString()})`, field);
}
