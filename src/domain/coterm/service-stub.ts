import { type CalendarDate, daysInclusive } from '../calendar/date.ts';
import { exactDecimalText, type Explanation } from '../explanation.ts';
import { type BillingPeriod, type ProrationPolicy } from '../ledger/service-terms.ts';
import { type Currency } from '../money/currency.ts';
import { Decimal, pow10 } from '../money/decimal.ts';
import { type ServiceStub } from './model.ts';
import { monthsStarted } from './month-count.ts';

export const BILLING_PERIOD_MONTHS: Readonly<Record<BillingPeriod, number>> = { monthly: 1, quarterly: 3, annual: 12 };

export interface ServiceStubInput {
  readonly quantity: number;
  /** Price of one unit for one billing period. */
  readonly unitPrice: Decimal;
  readonly currency: Currency;
  readonly billing: BillingPeriod;
  readonly termMonths: number;
  readonly policy: ProrationPolicy;
  /** First day of the shortened term (the renewal day). */
  readonly start: CalendarDate;
  /** Its last day: the anchor occurrence. */
  readonly end: CalendarDate;
}

/**
 * An MSP service's shortened term, priced by the service's own proration
 * policy (the MSP's contract, not Microsoft's rules):
 * - `daily`: FullTermCharge × StubDays ÷ days of the full term that would have started that day;
 * - `monthly` and `none`: FullTermCharge × MonthsStarted ÷ TermMonths, a started month counting whole
 *   (with no proration agreed, nothing is billed by the day).
 * FullTermCharge = Quantity × UnitPrice × TermMonths ÷ BillingMonths. The
 * amount is kept as an exact fraction and rounded once, half up, to the
 * currency's minor units.
 */
export function serviceStub(input: ServiceStubInput): ServiceStub {
  const { quantity, unitPrice, currency, billing, termMonths, policy, start, end } = input;
  const billingMonths = BILLING_PERIOD_MONTHS[billing];
  const fullTermEnd = start.addMonths(termMonths).addDays(-1);
  const stubDays = daysInclusive(start, end);
  const fullTermDays = daysInclusive(start, fullTermEnd);
  const started = monthsStarted(start, end);
  const [part, whole] = policy === 'daily' ? [stubDays, fullTermDays] : [started, termMonths];

  // FullTermCharge = units × Quantity × TermMonths ÷ (10^scale × BillingMonths), kept exact.
  const fullNumerator = unitPrice.units * BigInt(quantity) * BigInt(termMonths);
  const fullDenominator = pow10(unitPrice.scale) * BigInt(billingMonths);
  const numerator = fullNumerator * BigInt(part);
  const denominator = fullDenominator * BigInt(whole);
  const charge = Decimal.ratio(numerator, denominator, currency.minorUnits, 'halfUp');

  const fullText = exactDecimalText(fullNumerator, fullDenominator);
  const units = currency.minorUnits;
  const rounding = `rounded half up to ${units} decimals, once, on the total`;
  const fullTerm = `${quantity} × ${unitPrice.toString()} × ${termMonths} ÷ ${billingMonths} = ${fullText} for the full ${termMonths}-month term ${start.toString()} – ${fullTermEnd.toString()} (${fullTermDays} days, billed ${billing})`;
  const share =
    policy === 'daily'
      ? `stub ${start.toString()} – ${end.toString()} = ${stubDays} of ${fullTermDays} days: ${fullText} × ${stubDays} ÷ ${fullTermDays}`
      : `stub ${start.toString()} – ${end.toString()} starts ${started} of ${termMonths} months (proration policy ${policy}: a started month counts whole): ${fullText} × ${started} ÷ ${termMonths}`;
  const explanation: Explanation = {
    formula:
      policy === 'daily'
        ? `ROUND(Quantity × UnitPrice × TermMonths ÷ BillingMonths × StubDays ÷ FullTermDays, ${units})`
        : `ROUND(Quantity × UnitPrice × TermMonths ÷ BillingMonths × MonthsStarted ÷ TermMonths, ${units})`,
    inputs: {
      quantity,
      unitPrice: unitPrice.toString(),
      termMonths,
      billingMonths,
      policy,
      stubStart: start.toString(),
      stubEnd: end.toString(),
      ...(policy === 'daily' ? { stubDays, fullTermDays } : { monthsStarted: started }),
      currency: currency.code,
    },
    rounding,
    text: `${fullTerm}; ${share} = ${exactDecimalText(numerator, denominator)} → ${charge.toString()} ${currency.code} (${rounding})`,
  };
  return { basis: 'serviceProration', start, end, days: stubDays, charge, currency: currency.code, policy, explanation };
}
