import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type Currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { type Explanation } from '../explanation.ts';
import { monthInputs, proRataAnnual, proRataText, requireNonNegative } from './extension-cost.ts';
import { countMonths, type MonthConvention, type MonthCount } from './extension-months.ts';

/** Product name used when an addition does not name one. */
export const DEFAULT_PRODUCT = 'licences';

export interface MidTermAddition {
  readonly product?: string;
  readonly annualUnitPrice: Decimal;
  readonly quantity: number;
  /** First day the added licences are used. */
  readonly date: CalendarDate;
  /** The next anniversary of the enrolment (first day of the next year), at most 12 months after `date`. */
  readonly anniversary: CalendarDate;
}

export interface AdditionCharge {
  readonly product: string;
  readonly annualUnitPrice: Decimal;
  readonly quantity: number;
  readonly date: CalendarDate;
  readonly anniversary: CalendarDate;
  readonly months: MonthCount;
  /** Annual unit price × quantity. */
  readonly annualAmount: Decimal;
  readonly charge: Decimal;
  readonly explanation: Explanation;
}

/**
 * A licence added mid-term to an EA is charged pro rata from the addition
 * date to the anniversary: AnnualUnitPrice × Quantity × RemainingMonths ÷ 12.
 */
export function midTermAdditionCharge(addition: MidTermAddition, convention: MonthConvention, currency: Currency, field = ''): AdditionCharge {
  const { annualUnitPrice, quantity, date, anniversary } = addition;
  const at = (name: string): string => (field ? `${field}.${name}` : name);
  requireNonNegative(annualUnitPrice, at('annualUnitPrice'), 'the annual unit price');
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new InvalidInputError(`the quantity must be a whole number of at least 1 (got ${quantity})`, at('quantity'));
  if (anniversary.isBefore(date)) {
    throw new InvalidInputError(`the anniversary ${anniversary.toString()} is before the addition date ${date.toString()}: give the next anniversary`, at('anniversary'));
  }
  if (anniversary.isAfter(date.addMonths(12))) {
    throw new InvalidInputError(
      `the anniversary ${anniversary.toString()} is more than 12 months after the addition date ${date.toString()}: give the next anniversary`,
      at('anniversary'),
    );
  }
  const product = addition.product ?? DEFAULT_PRODUCT;
  const months = countMonths(date, anniversary, convention);
  const annualAmount = annualUnitPrice.timesInteger(quantity);
  const proRata = proRataAnnual(annualAmount, months, currency.minorUnits);
  const units = currency.minorUnits;
  return {
    product,
    annualUnitPrice,
    quantity,
    date,
    anniversary,
    months,
    annualAmount,
    charge: proRata.total,
    explanation: {
      formula: `ROUND(AnnualUnitPrice × Quantity ÷ 12 × RemainingMonths, ${units})`,
      inputs: monthInputs(months, { annualUnitPrice: annualUnitPrice.toString(), quantity, currency: currency.code }),
      rounding: `rounded half up to ${units} decimals, once, on the total`,
      text: `${proRataText(`${annualUnitPrice.toString()} × ${quantity}`, proRata, currency)}. Months to the anniversary: ${months.text}`,
    },
  };
}

export interface BaselineRow {
  readonly addition: AdditionCharge;
  /** The product's true-up baseline quantity once this addition is counted. */
  readonly baselineQuantity: number;
  /** All pro rata charges so far. */
  readonly cumulativeCharges: Decimal;
}

export interface TrueUpBaseline {
  readonly rows: readonly BaselineRow[];
  readonly baseline: readonly { readonly product: string; readonly quantity: number }[];
  readonly totalCharges: Decimal;
  readonly totalExplanation: Explanation;
}

/**
 * Mid-term additions in date order, each charged pro rata to its
 * anniversary, accumulating into the true-up baseline (per product, from an
 * optional starting quantity).
 */
export function trueUpBaseline(
  additions: readonly MidTermAddition[],
  convention: MonthConvention,
  currency: Currency,
  initial: ReadonlyMap<string, number> = new Map(),
): TrueUpBaseline {
  for (const [product, quantity] of initial) {
    if (!Number.isSafeInteger(quantity) || quantity < 0) throw new InvalidInputError(`the starting quantity must be a whole number (got ${quantity})`, `baseline.${product}`);
  }
  const charges = additions
    .map((addition, index) => ({ charge: midTermAdditionCharge(addition, convention, currency, additions.length === 1 ? '' : `additions[${index}]`), index }))
    .sort((a, b) => a.charge.date.compare(b.charge.date) || a.index - b.index)
    .map((entry) => entry.charge);
  const quantities = new Map(initial);
  let cumulative = Decimal.ZERO.round(currency.minorUnits, 'truncate');
  const rows = charges.map((addition) => {
    const baselineQuantity = (quantities.get(addition.product) ?? 0) + addition.quantity;
    quantities.set(addition.product, baselineQuantity);
    cumulative = cumulative.plus(addition.charge);
    return { addition, baselineQuantity, cumulativeCharges: cumulative };
  });
  const terms = charges.map((addition) => `${addition.charge.toString()} (${addition.date.toString()}, ${addition.quantity} × ${addition.product})`);
  return {
    rows,
    baseline: [...quantities].map(([product, quantity]) => ({ product, quantity })),
    totalCharges: cumulative,
    totalExplanation: {
      formula: 'SUM(pro rata addition charges)',
      inputs: { additions: charges.length, currency: currency.code },
      rounding: 'none: sum of charges each already rounded half up',
      text: `${terms.length === 0 ? 'no additions' : terms.join(' + ')} = ${cumulative.toString()} ${currency.code}`,
    },
  };
}
