import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type Currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { type Explanation } from '../explanation.ts';
import { type MonthConvention } from './extension-months.ts';
import { type BaselineRow, type MidTermAddition, trueUpBaseline } from './midterm-addition.ts';

/** A licence addition on an agreement, before its anniversary is known. */
export interface DatedAddition {
  readonly product: string;
  readonly quantity: number;
  readonly annualUnitPrice: Decimal;
  readonly date: CalendarDate;
}

export interface ProductQuantity {
  readonly product: string;
  readonly quantity: number;
}

/** One EA year: the additions made in it and the true-up baseline they leave at its end. */
export interface TrueUpYear {
  /** 1 for the year starting on the agreement's start date. */
  readonly year: number;
  readonly start: CalendarDate;
  /** Inclusive: the day before the next anniversary, or the agreement's end. */
  readonly end: CalendarDate;
  /** The additions of the year, in date order, each with the baseline once counted (cumulative over the agreement). */
  readonly rows: readonly BaselineRow[];
  readonly charges: Decimal;
  readonly chargesExplanation: Explanation;
  /** Licences added since the agreement started, per product, at the end of the year. */
  readonly baseline: readonly ProductQuantity[];
}

export interface TrueUpYears {
  readonly years: readonly TrueUpYear[];
  /** Licences added over the agreement, per product. */
  readonly baseline: readonly ProductQuantity[];
  readonly totalCharges: Decimal;
  readonly totalExplanation: Explanation;
  /** Annual value of the added licences: Σ AnnualUnitPrice × Quantity. */
  readonly annualValue: Decimal;
  /** A product added at more than one annual unit price: check the price tier. */
  readonly priceChecks: readonly string[];
}

/**
 * The EA years of an agreement (anniversaries counted from its start; the last
 * year ends with the agreement) with its mid-term additions charged pro rata
 * to the next anniversary, or to the day after the agreement's end in its last
 * year, and the true-up baseline they build year by year. Additions are
 * assumed to fall within the agreement; `field` prefixes error paths.
 */
export function trueUpYears(
  agreement: { readonly start: CalendarDate; readonly end: CalendarDate },
  additions: readonly DatedAddition[],
  convention: MonthConvention,
  currency: Currency,
  field = 'midTermAdditions',
): TrueUpYears {
  const { start, end } = agreement;
  const yearStarts: CalendarDate[] = [];
  for (let year = 0; !start.addMonths(12 * year).isAfter(end); year += 1) yearStarts.push(start.addMonths(12 * year));
  const afterEnd = end.addDays(1);
  const nextAnniversary = (date: CalendarDate): CalendarDate => yearStarts.find((anniversary) => anniversary.isAfter(date)) ?? afterEnd;

  const priced: MidTermAddition[] = additions.map((addition) => ({ ...addition, anniversary: nextAnniversary(addition.date) }));
  const result = withField(field, additions.length, () => trueUpBaseline(priced, convention, currency));
  const zero = Decimal.ZERO.round(currency.minorUnits, 'truncate');

  const quantities = new Map<string, number>();
  const years = yearStarts.map((yearStart, index): TrueUpYear => {
    const yearEnd = (yearStarts[index + 1] ?? afterEnd).addDays(-1);
    const rows = result.rows.filter((row) => !row.addition.date.isBefore(yearStart) && !row.addition.date.isAfter(yearEnd));
    for (const row of rows) quantities.set(row.addition.product, row.baselineQuantity);
    const charges = rows.reduce((sum, row) => sum.plus(row.addition.charge), zero);
    const terms = rows.map((row) => `${row.addition.charge.toString()} (${row.addition.date.toString()}, ${row.addition.quantity} × ${row.addition.product})`);
    return {
      year: index + 1,
      start: yearStart,
      end: yearEnd,
      rows,
      charges,
      chargesExplanation: {
        formula: 'SUM(pro rata charges of the additions made in the EA year)',
        inputs: { year: index + 1, from: yearStart.toString(), to: yearEnd.toString(), additions: rows.length, currency: currency.code },
        rounding: 'none: sum of charges each already rounded half up',
        text: `year ${index + 1} (${yearStart.toString()} – ${yearEnd.toString()}): ${terms.length === 0 ? 'no additions' : terms.join(' + ')} = ${charges.toString()} ${currency.code}`,
      },
      baseline: [...quantities].map(([product, quantity]) => ({ product, quantity })),
    };
  });

  return {
    years,
    baseline: result.baseline.map((entry) => ({ ...entry })),
    totalCharges: result.totalCharges,
    totalExplanation: result.totalExplanation,
    annualValue: additions.reduce((sum, addition) => sum.plus(addition.annualUnitPrice.timesInteger(addition.quantity)), Decimal.ZERO),
    priceChecks: priceChecks(additions),
  };
}

function priceChecks(additions: readonly DatedAddition[]): string[] {
  const prices = new Map<string, Decimal[]>();
  for (const addition of additions) {
    const seen = prices.get(addition.product) ?? [];
    if (!seen.some((price) => price.equals(addition.annualUnitPrice))) seen.push(addition.annualUnitPrice);
    prices.set(addition.product, seen);
  }
  return [...prices]
    .filter(([, seen]) => seen.length > 1)
    .map(
      ([product, seen]) =>
        `${product} was added at ${seen.length} annual unit prices (${seen.map((price) => price.toString()).join(', ')}): ` +
        'check the price tier and Software Assurance status of each addition before the true-up',
    );
}

/** trueUpBaseline names an addition `additions[i]` (or nothing for a single one); report it under the agreement's path. */
function withField<T>(field: string, count: number, calculate: () => T): T {
  try {
    return calculate();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const inner = error.field === undefined ? '' : count === 1 ? `[0].${error.field}` : error.field.replace(/^additions/, '');
    throw new InvalidInputError(error.message, `${field}${inner}`);
  }
}
