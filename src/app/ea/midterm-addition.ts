import { currency as lookUpCurrency } from '../../domain/money/currency.ts';
import { type MonthConvention } from '../../domain/ea/extension-months.ts';
import { type AdditionCharge, type MidTermAddition, trueUpBaseline } from '../../domain/ea/midterm-addition.ts';
import { type Explanation } from '../../domain/explanation.ts';
import { type MonthCountView, monthCountView, monthsNumber, withinCalendar } from './views.ts';

export interface AdditionsRequest {
  readonly additions: readonly MidTermAddition[];
  /** Quantities already in the true-up baseline, per product. */
  readonly baseline?: ReadonlyMap<string, number>;
  readonly convention: MonthConvention;
  readonly currency: string;
}

export interface AdditionView {
  product: string;
  date: string;
  anniversary: string;
  annualUnitPrice: string;
  quantity: number;
  /** Months from the addition to the anniversary, up to four decimals. */
  months: number;
  monthCount: MonthCountView;
  charge: string;
  explanation: Explanation;
  /** The product's true-up baseline once this addition is counted. */
  baselineQuantity: number;
  cumulativeCharges: string;
}

export interface AdditionsView {
  currency: string;
  convention: MonthConvention;
  additions: AdditionView[];
  baseline: { product: string; quantity: number }[];
  totalCharges: string;
  totalExplanation: Explanation;
}

/** Mid-term EA additions, each charged pro rata to its anniversary, and the true-up baseline they build. */
export function priceAdditions(request: AdditionsRequest): AdditionsView {
  const currency = lookUpCurrency(request.currency, 'currency');
  const result = withinCalendar(() => trueUpBaseline(request.additions, request.convention, currency, request.baseline));
  return {
    currency: currency.code,
    convention: request.convention,
    additions: result.rows.map((row) => ({
      ...additionView(row.addition),
      baselineQuantity: row.baselineQuantity,
      cumulativeCharges: row.cumulativeCharges.toString(),
    })),
    baseline: result.baseline.map((entry) => ({ ...entry })),
    totalCharges: result.totalCharges.toString(),
    totalExplanation: result.totalExplanation,
  };
}

/** One addition's charge as strings, with its explanation. */
export function additionView(addition: AdditionCharge): Omit<AdditionView, 'baselineQuantity' | 'cumulativeCharges'> {
  return {
    product: addition.product,
    date: addition.date.toString(),
    anniversary: addition.anniversary.toString(),
    annualUnitPrice: addition.annualUnitPrice.toString(),
    quantity: addition.quantity,
    months: monthsNumber(addition.months),
    monthCount: monthCountView(addition.months),
    charge: addition.charge.toString(),
    explanation: addition.explanation,
  };
}
