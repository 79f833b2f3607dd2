import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type Currency } from '../money/currency.ts';
import { Decimal, pow10 } from '../money/decimal.ts';
import { type Explanation } from '../explanation.ts';
import { monthInputs, proRataAnnual, proRataText, requireNonNegative, requirePositive } from './extension-cost.ts';
import { countMonths, formatMonths, monthsForFormula, type MonthConvention, type MonthCount } from './extension-months.ts';

/** Length of an EA when its start is not given: three years. */
export const DEFAULT_AGREEMENT_MONTHS = 36;

export interface ScheduledPayment {
  readonly date: CalendarDate;
  readonly amount: Decimal;
}

export interface EarlyTerminationInput {
  readonly acv: Decimal;
  /** First day of the agreement; default end + 1 day − 3 years (a three-year EA). */
  readonly start?: CalendarDate;
  /** Inclusive end of the agreement that runs past the target. */
  readonly end: CalendarDate;
  /** The co-terming target date, before `end`. */
  readonly target: CalendarDate;
  /** Payment schedule; default one ACV payment on the start date and on every anniversary before the end. */
  readonly payments?: readonly ScheduledPayment[];
  /** The agreement has a termination-for-convenience clause, or the entity is being divested. */
  readonly terminationForConvenience: boolean;
  /** The fee owed under termination for convenience (default 0). */
  readonly fee?: Decimal;
  /** Yearly administrative cost of running a second, misaligned agreement. */
  readonly annualAdminCost?: Decimal;
  readonly convention?: MonthConvention;
  readonly currency: Currency;
}

export interface PaymentStatus extends ScheduledPayment {
  /** Falls due strictly after the target, so is owed on early termination. */
  readonly owedOnTermination: boolean;
}

export type TerminationChoice = 'terminateEarly' | 'allowMisalignment';

export interface EarlyTerminationAnalysis {
  readonly start: CalendarDate;
  readonly startAssumed: boolean;
  readonly end: CalendarDate;
  readonly target: CalendarDate;
  readonly currency: Currency;
  readonly scheduleSource: 'annualAnniversaries' | 'given';
  readonly schedule: readonly PaymentStatus[];
  readonly termination: {
    readonly basis: 'remainingPayments' | 'terminationForConvenience';
    readonly cost: Decimal;
    readonly explanation: Explanation;
  };
  readonly misalignment: {
    readonly months: MonthCount;
    readonly adminCost?: Decimal;
    readonly adminCostExplanation?: Explanation;
    /** The yearly admin cost above which terminating early is cheaper than living with the misalignment. */
    readonly breakEvenAnnualAdminCost: Decimal;
    readonly breakEvenExplanation: Explanation;
  };
  readonly recommendation: { readonly choice: TerminationChoice; readonly reasons: readonly string[] };
}

/**
 * An agreement that ends after the co-terming target: the cost of
 * terminating it early at the target against living with the misalignment
 * until it expires naturally.
 */
export function analyseEarlyTermination(input: EarlyTerminationInput): EarlyTerminationAnalysis {
  const { acv, end, target, currency } = input;
  const units = currency.minorUnits;
  requirePositive(acv, 'acv', 'the annual contract value');
  const start = input.start ?? end.addDays(1).addMonths(-DEFAULT_AGREEMENT_MONTHS);
  if (!start.isBefore(end)) throw new InvalidInputError(`the agreement start ${start.toString()} must be before its end ${end.toString()}`, 'start');
  if (!target.isBefore(end)) {
    throw new InvalidInputError(`the agreement ends ${end.toString()}, not after the target ${target.toString()}: nothing to terminate; an agreement ending before the target is extended`, 'target');
  }
  if (target.isBefore(start)) throw new InvalidInputError(`the target ${target.toString()} is before the agreement start ${start.toString()}`, 'target');
  if (input.fee !== undefined) {
    requireNonNegative(input.fee, 'fee', 'the termination fee');
    if (!input.terminationForConvenience) {
      throw new InvalidInputError('a fee applies only with termination for convenience; a standard EA owes its remaining annual payments', 'fee');
    }
  }
  if (input.annualAdminCost !== undefined) requireNonNegative(input.annualAdminCost, 'annualAdminCost', 'the yearly administrative cost');

  const scheduleSource = input.payments ? 'given' : 'annualAnniversaries';
  const payments = input.payments ? checkedPayments(input.payments, start, end) : anniversaryPayments(acv, start, end);
  const schedule = payments
    .map((payment) => ({ date: payment.date, amount: payment.amount.round(units, 'halfUp'), owedOnTermination: payment.date.isAfter(target) }))
    .sort((a, b) => a.date.compare(b.date));
  const termination = input.terminationForConvenience
    ? convenienceTermination(input.fee, currency)
    : remainingPayments(schedule, target, scheduleSource, currency);

  const convention = input.convention ?? 'calendar';
  const months = countMonths(target, end, convention);
  const admin = input.annualAdminCost === undefined ? undefined : proRataAnnual(input.annualAdminCost, months, units);
  const breakEven = Decimal.ratio(termination.cost.units * 12n * months.denominator, pow10(termination.cost.scale) * months.numerator, units, 'halfUp');
  const misalignment = {
    months,
    ...(admin
      ? {
          adminCost: admin.total,
          adminCostExplanation: {
            formula: `ROUND(AnnualAdminCost ÷ 12 × MisalignedMonths, ${units})`,
            inputs: monthInputs(months, { annualAdminCost: admin.annual.toString(), currency: currency.code }),
            rounding: `rounded half up to ${units} decimals, once`,
            text: `${proRataText(admin.annual.toString(), admin, currency)}. Misaligned months: ${months.text}`,
          },
        }
      : {}),
    breakEvenAnnualAdminCost: breakEven,
    breakEvenExplanation: {
      formula: `ROUND(EarlyTerminationCost × 12 ÷ MisalignedMonths, ${units})`,
      inputs: { earlyTerminationCost: termination.cost.toString(), misalignedMonths: formatMonths(months), currency: currency.code },
      rounding: `rounded half up to ${units} decimals`,
      text:
        `${termination.cost.toString()} × 12 ÷ ${monthsForFormula(months)} months = ${breakEven.toString()} ${currency.code} a year: ` +
        'running a second agreement must cost more than this for early termination to pay off',
    },
  };
  return {
    start,
    startAssumed: input.start === undefined,
    end,
    target,
    currency,
    scheduleSource,
    schedule,
    termination,
    misalignment,
    recommendation: recommend(termination.cost, admin?.total, months, end, currency),
  };
}

function anniversaryPayments(acv: Decimal, start: CalendarDate, end: CalendarDate): ScheduledPayment[] {
  const payments: ScheduledPayment[] = [];
  for (let year = 0; ; year += 1) {
    const date = start.addMonths(12 * year);
    if (!date.isBefore(end)) return payments;
    payments.push({ date, amount: acv });
  }
}

function checkedPayments(payments: readonly ScheduledPayment[], start: CalendarDate, end: CalendarDate): ScheduledPayment[] {
  return payments.map((payment, index) => {
    if (payment.date.isBefore(start) || payment.date.isAfter(end)) {
      throw new InvalidInputError(`payment date ${payment.date.toString()} is outside the agreement (${start.toString()} – ${end.toString()})`, `payments[${index}].date`);
    }
    requireNonNegative(payment.amount, `payments[${index}].amount`, 'a payment');
    return payment;
  });
}

function remainingPayments(
  schedule: readonly PaymentStatus[],
  target: CalendarDate,
  source: 'annualAnniversaries' | 'given',
  currency: Currency,
): EarlyTerminationAnalysis['termination'] {
  const owed = schedule.filter((payment) => payment.owedOnTermination);
  const cost = owed.reduce((sum, payment) => sum.plus(payment.amount), Decimal.ZERO.round(currency.minorUnits, 'truncate'));
  const items = owed.map((payment) => `${payment.date.toString()} ${payment.amount.toString()}`).join(' + ');
  const scheduleWord = source === 'given' ? 'scheduled payments' : 'annual anniversary payments';
  return {
    basis: 'remainingPayments',
    cost,
    explanation: {
      formula: 'SUM(payments due after the target)',
      inputs: { target: target.toString(), paymentsOwed: owed.length, schedule: source, currency: currency.code },
      rounding: `each payment rounded half up to ${currency.minorUnits} decimals`,
      text:
        'standard EA: early termination is not permitted without a fee, typically the remaining annual payments; ' +
        (owed.length === 0
          ? `no ${scheduleWord} fall due after ${target.toString()}: ${cost.toString()} ${currency.code}`
          : `${scheduleWord} due after ${target.toString()}: ${items} = ${cost.toString()} ${currency.code}`),
    },
  };
}

function convenienceTermination(fee: Decimal | undefined, currency: Currency): EarlyTerminationAnalysis['termination'] {
  const cost = (fee ?? Decimal.ZERO).round(currency.minorUnits, 'halfUp');
  return {
    basis: 'terminationForConvenience',
    cost,
    explanation: {
      formula: 'TerminationFee',
      inputs: { fee: cost.toString(), currency: currency.code },
      rounding: `rounded half up to ${currency.minorUnits} decimals`,
      text:
        `termination for convenience (or divestiture of the entity): the remaining payments are not owed; ` +
        `fee ${cost.toString()} ${currency.code}${fee === undefined ? ' (no fee given)' : ''}`,
    },
  };
}

function recommend(cost: Decimal, adminCost: Decimal | undefined, months: MonthCount, end: CalendarDate, currency: Currency): EarlyTerminationAnalysis['recommendation'] {
  const code = currency.code;
  const span = `${formatMonths(months)} months (until ${end.toString()})`;
  const expiry = `at natural expiry on ${end.toString()} the renewal can be aligned with the target cycle`;
  if (cost.isZero()) {
    return { choice: 'terminateEarly', reasons: [`early termination costs ${cost.toString()} ${code}: aligning at the target has no termination cost`] };
  }
  if (adminCost !== undefined && cost.compare(adminCost) < 0) {
    return {
      choice: 'terminateEarly',
      reasons: [`early termination (${cost.toString()} ${code}) costs less than running a second agreement for ${span} (${adminCost.toString()} ${code})`],
    };
  }
  if (adminCost !== undefined) {
    return {
      choice: 'allowMisalignment',
      reasons: [
        `early termination (${cost.toString()} ${code}) costs ${cost.equals(adminCost) ? 'as much as' : 'more than'} the administrative overhead of the misalignment for ${span} (${adminCost.toString()} ${code})`,
        expiry,
      ],
    };
  }
  return {
    choice: 'allowMisalignment',
    reasons: [
      `early termination costs ${cost.toString()} ${code}; the administrative overhead of two agreements for ${span} is usually manageable`,
      'allow the misalignment unless that overhead is worth more than the termination cost (give the yearly admin cost to compare)',
      expiry,
    ],
  };
}
