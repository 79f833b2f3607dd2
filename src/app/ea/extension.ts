import { currency as lookUpCurrency } from '../../domain/money/currency.ts';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type ExtensionCost, compareRates, type RatesComparison, extensionCost } from '../../domain/ea/extension-cost.ts';
import { type MonthConvention } from '../../domain/ea/extension-months.ts';
import { SA_BENEFIT_CHECKS, type SaBenefitCheck } from '../../domain/ea/sa-benefits.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { type Explanation } from '../../domain/explanation.ts';
import { type MonthCountView, monthCountView, monthsNumber, withinCalendar } from './views.ts';

export interface ExtensionRequest {
  /** ACV the extension is priced on (the original rates). */
  readonly acv: Decimal;
  /** ACV at Microsoft's current rates, when the agreement lacks price protection for extensions. */
  readonly currentAcv?: Decimal;
  readonly end: CalendarDate;
  readonly target: CalendarDate;
  readonly convention: MonthConvention;
  readonly currency: string;
}

export interface CurrentRatesView {
  acv: string;
  monthlyCost: string;
  total: string;
  /** Current-rates total − original-rates total. */
  difference: string;
  explanations: { monthlyCost: Explanation; total: Explanation; difference: Explanation };
}

export interface ExtensionView {
  end: string;
  target: string;
  convention: MonthConvention;
  currency: string;
  /** Extension months, up to four decimals. */
  months: number;
  monthCount: MonthCountView;
  acv: string;
  monthlyCost: string;
  total: string;
  explanations: { monthlyCost: Explanation; total: Explanation };
  currentRates?: CurrentRatesView;
  saBenefits: SaBenefitCheck[];
}

/** Prices extending a shorter EA to the co-terming target, at original and (optionally) current rates. */
export function planExtension(request: ExtensionRequest): ExtensionView {
  const { end, target, convention } = request;
  if (!target.isAfter(end)) {
    throw new InvalidInputError(
      `${target.toString()} is not after the agreement end ${end.toString()}: nothing to extend; for an agreement running past the target use \`coterm ea early-termination\``,
      'target',
    );
  }
  const currency = lookUpCurrency(request.currency, 'currency');
  const original = withinCalendar(() => extensionCost({ acv: request.acv, end, target, convention, currency }));
  const currentAcv = request.currentAcv;
  const current = currentAcv === undefined ? undefined : withinCalendar(() => extensionCost({ acv: currentAcv, end, target, convention, currency }));
  return {
    end: end.toString(),
    target: target.toString(),
    convention,
    currency: currency.code,
    months: monthsNumber(original.months),
    monthCount: monthCountView(original.months),
    ...extensionAmounts(original),
    ...(current ? { currentRates: currentRatesView(compareRates(original, current)) } : {}),
    saBenefits: SA_BENEFIT_CHECKS.map((check) => ({ ...check })),
  };
}

/** An extension's figures as strings, with their explanations. */
export function extensionAmounts(cost: ExtensionCost): Pick<ExtensionView, 'acv' | 'monthlyCost' | 'total' | 'explanations'> {
  return {
    acv: cost.acv.toString(),
    monthlyCost: cost.monthlyCost.toString(),
    total: cost.total.toString(),
    explanations: { ...cost.explanations },
  };
}

/** The same extension at current rates, and what it adds. */
export function currentRatesView(comparison: RatesComparison): CurrentRatesView {
  const { current } = comparison;
  return {
    acv: current.acv.toString(),
    monthlyCost: current.monthlyCost.toString(),
    total: current.total.toString(),
    difference: comparison.difference.toString(),
    explanations: { ...current.explanations, difference: comparison.explanation },
  };
}
