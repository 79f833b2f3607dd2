import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type Currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { type Explanation } from '../explanation.ts';
import { analyseEarlyTermination, type EarlyTerminationAnalysis, type ScheduledPayment } from './early-termination.ts';
import { compareRates, type ExtensionCost, extensionCost, type RatesComparison, requireNonNegative, requirePositive } from './extension-cost.ts';
import { formatMonths, type MonthConvention } from './extension-months.ts';
import { type SaBenefitBalance, saBenefitStatement, type SaBenefitLine } from './sa-benefit-statement.ts';
import { SA_BENEFIT_CHECKS } from './sa-benefits.ts';
import { adviseTargetDate, type TargetCandidate } from './target-date.ts';
import { type DatedAddition, trueUpYears, type TrueUpYears } from './true-up-years.ts';

/** One agreement of the enterprise, as the plan file describes it. */
export interface EnterpriseAgreement {
  readonly id: string;
  readonly name: string;
  readonly enrollment?: string;
  readonly start: CalendarDate;
  /** Inclusive end of the agreement. */
  readonly end: CalendarDate;
  readonly annualContractValue: Decimal;
  /** ACV at Microsoft's current list prices, when they rose since signing (no price protection for extensions). */
  readonly currentAnnualContractValue?: Decimal;
  /** The payment schedule, for early termination (default: the ACV on the start date and every anniversary). */
  readonly scheduledPayments?: readonly ScheduledPayment[];
  /** Yearly administrative cost of running the agreement misaligned. */
  readonly adminCostPerYear?: Decimal;
  readonly saBenefits?: readonly SaBenefitBalance[];
  readonly midTermAdditions?: readonly DatedAddition[];
}

export interface EnterprisePlanInput {
  readonly agreements: readonly EnterpriseAgreement[];
  /** The co-terming date; without it the best date of the target-date advice. */
  readonly target?: CalendarDate;
  /** First month (1–12) of the customer's fiscal year, for the target-date advice. */
  readonly fiscalYearStartMonth?: number;
  readonly convention: MonthConvention;
  readonly currency: Currency;
}

export type PlanTarget =
  | { readonly date: CalendarDate; readonly source: 'given' }
  | { readonly date: CalendarDate; readonly source: 'advised'; readonly candidate: TargetCandidate; readonly candidates: number; readonly notes: readonly string[] };

export type Treatment =
  | { readonly kind: 'extension'; readonly extension: ExtensionCost; readonly currentRates?: RatesComparison; readonly summary: string }
  | { readonly kind: 'earlyTermination'; readonly analysis: EarlyTerminationAnalysis; readonly summary: string }
  | { readonly kind: 'aligned'; readonly summary: string };

export interface AgreementPlan {
  readonly agreement: EnterpriseAgreement;
  readonly treatment: Treatment;
  /** For an agreement extended or terminated: every SA benefit to verify, High risk first. */
  readonly saBenefits?: readonly SaBenefitLine[];
  readonly trueUp: TrueUpYears;
}

/** The written co-terming calculation to request from the Large Account Reseller, per extended agreement. */
export interface ExtensionChecklistItem {
  readonly agreement: string;
  readonly name: string;
  readonly originalEnd: CalendarDate;
  readonly target: CalendarDate;
  readonly extension: ExtensionCost;
  readonly currentRates?: RatesComparison;
  /** The same extension under the other month convention, to confirm the convention in writing. */
  readonly otherConvention: { readonly extension: ExtensionCost; readonly difference: Decimal };
  readonly verify: readonly string[];
}

export interface PlanTotal {
  readonly amount: Decimal;
  readonly explanation: Explanation;
}

export interface EnterprisePlan {
  readonly target: PlanTarget;
  readonly convention: MonthConvention;
  readonly currency: Currency;
  readonly agreements: readonly AgreementPlan[];
  readonly checklist: readonly ExtensionChecklistItem[];
  readonly totals: {
    /** Extensions priced on the ACV given (original rates). */
    readonly extension: PlanTotal;
    /** Extensions priced on the current-rates ACV where one is given; only when one is. */
    readonly extensionAtCurrentRates?: PlanTotal;
    /** Every agreement running past the target terminated early at it. */
    readonly earlyTermination: PlanTotal;
    /** Only the agreements whose analysis recommends early termination. */
    readonly earlyTerminationRecommended: PlanTotal;
    readonly additions: PlanTotal;
  };
  readonly notes: readonly string[];
}

/**
 * An enterprise's agreements co-termed to one date: each agreement ending
 * before the target is extended to it (ACV ÷ 12 × months), each ending after
 * it is costed for early termination against living with the misalignment,
 * each ending on it is already aligned. For every agreement that changes, the
 * Software Assurance benefits to verify before signing; for every agreement,
 * the true-up baseline its mid-term additions build year by year; for every
 * extension, the calculation to check against the reseller's.
 */
export function planEnterpriseCoterm(input: EnterprisePlanInput): EnterprisePlan {
  const { agreements, convention, currency } = input;
  checkAgreements(agreements, input.fiscalYearStartMonth);
  const target = chooseTarget(input);
  const date = target.date;
  const planned = agreements.map((agreement, index) => planAgreement(agreement, index, date, convention, currency));
  const checklist = planned.flatMap((plan) => (plan.treatment.kind === 'extension' ? [checklistItem(plan, plan.treatment, convention, currency)] : []));
  return {
    target,
    convention,
    currency,
    agreements: planned,
    checklist,
    totals: totals(planned, currency),
    notes: notes(target, planned),
  };
}

function chooseTarget(input: EnterprisePlanInput): PlanTarget {
  if (input.target) return { date: input.target, source: 'given' };
  const advice = adviseTargetDate({
    agreements: input.agreements.map((agreement) => ({ id: agreement.id, end: agreement.end, acv: agreement.annualContractValue })),
    ...(input.fiscalYearStartMonth === undefined ? {} : { fiscalYearStartMonth: input.fiscalYearStartMonth }),
    convention: input.convention,
    currency: input.currency,
  });
  const [best] = advice.ranking;
  if (!best) throw new InvalidInputError('the target-date advice found no candidate', 'target');
  return { date: best.target, source: 'advised', candidate: best, candidates: advice.ranking.length, notes: advice.notes };
}

function planAgreement(agreement: EnterpriseAgreement, index: number, target: CalendarDate, convention: MonthConvention, currency: Currency): AgreementPlan {
  const at = `agreements[${index}]`;
  const trueUp = trueUpYears(agreement, agreement.midTermAdditions ?? [], convention, currency, `${at}.midTermAdditions`);
  const balances = agreement.saBenefits ?? [];
  if (target.isAfter(agreement.end)) {
    const treatment = extend(agreement, target, convention, currency, at);
    return { agreement, treatment, saBenefits: saBenefitStatement(balances, { kind: 'extension', newEnd: target }), trueUp };
  }
  if (target.isBefore(agreement.end)) {
    const treatment = terminate(agreement, target, convention, currency, at);
    return { agreement, treatment, saBenefits: saBenefitStatement(balances, { kind: 'earlyTermination', terminatedAt: target }), trueUp };
  }
  return {
    agreement,
    treatment: { kind: 'aligned', summary: `ends on the target ${target.toString()}: already aligned, nothing to extend or terminate` },
    trueUp,
  };
}

function extend(agreement: EnterpriseAgreement, target: CalendarDate, convention: MonthConvention, currency: Currency, at: string): Treatment {
  const { end } = agreement;
  const extension = underAgreement(at, () => extensionCost({ acv: agreement.annualContractValue, end, target, convention, currency }));
  const currentAcv = agreement.currentAnnualContractValue;
  const currentRates =
    currentAcv === undefined ? undefined : compareRates(extension, underAgreement(at, () => extensionCost({ acv: currentAcv, end, target, convention, currency })));
  const code = currency.code;
  const atCurrent = currentRates ? `; at current rates (ACV ${currentRates.current.acv.toString()}) ${currentRates.current.total.toString()} ${code}` : '';
  return {
    kind: 'extension',
    extension,
    ...(currentRates ? { currentRates } : {}),
    summary:
      `extend ${end.toString()} → ${target.toString()}: ${formatMonths(extension.months)} months at ${extension.monthlyCost.toString()} ${code} a month ` +
      `= ${extension.total.toString()} ${code}${atCurrent}`,
  };
}

function terminate(agreement: EnterpriseAgreement, target: CalendarDate, convention: MonthConvention, currency: Currency, at: string): Treatment {
  if (target.isBefore(agreement.start)) {
    throw new InvalidInputError(
      `the target ${target.toString()} is before agreement ${agreement.id} starts (${agreement.start.toString()}): choose a later target or leave the agreement out`,
      'target',
    );
  }
  const analysis = underAgreement(at, () =>
    analyseEarlyTermination({
      acv: agreement.annualContractValue,
      start: agreement.start,
      end: agreement.end,
      target,
      terminationForConvenience: false,
      convention,
      currency,
      ...(agreement.scheduledPayments ? { payments: agreement.scheduledPayments } : {}),
      ...(agreement.adminCostPerYear === undefined ? {} : { annualAdminCost: agreement.adminCostPerYear }),
    }),
  );
  const code = currency.code;
  const choice =
    analysis.recommendation.choice === 'terminateEarly'
      ? `terminate early at ${target.toString()}`
      : `allow the misalignment until ${agreement.end.toString()}`;
  return {
    kind: 'earlyTermination',
    analysis,
    summary:
      `runs ${formatMonths(analysis.misalignment.months)} months past the target: early termination costs ${analysis.termination.cost.toString()} ${code}` +
      `${analysis.misalignment.adminCost ? `, the misalignment ${analysis.misalignment.adminCost.toString()} ${code} of administration` : ''}; recommended: ${choice}`,
  };
}

function checklistItem(
  plan: AgreementPlan,
  treatment: Extract<Treatment, { kind: 'extension' }>,
  convention: MonthConvention,
  currency: Currency,
): ExtensionChecklistItem {
  const { agreement } = plan;
  const { extension, currentRates } = treatment;
  const code = currency.code;
  const target = extension.months.to;
  const other: MonthConvention = convention === 'calendar' ? '30-day' : 'calendar';
  const otherExtension = extensionCost({ acv: extension.acv, end: agreement.end, target, convention: other, currency });
  const otherDifference = otherExtension.total.minus(extension.total);
  const verify = [
    `verify the ACV base ${extension.acv.toString()} ${code} against the original agreement`,
    `verify the month count independently: ${extension.months.text}`,
    `confirm the month convention in writing: this calculation counts ${convention} months; ${other} months give ${formatMonths(otherExtension.months)} months, ` +
      `${otherExtension.total.toString()} ${code} (${signed(otherDifference)} ${code})`,
  ];
  if (currentRates) {
    verify.push(
      `the reseller may price the extension at current rates (ACV ${currentRates.current.acv.toString()}: ${currentRates.current.total.toString()} ${code}, ` +
        `${signed(currentRates.difference)} ${code}) unless the agreement's price protection covers extensions: check the clause`,
    );
  }
  if (plan.trueUp.years.some((year) => year.rows.length > 0)) {
    verify.push(
      `mid-term additions add ${plan.trueUp.annualValue.toString()} ${code} a year of licences (annual unit price × quantity): ` +
        "check whether the reseller's ACV base includes them",
    );
  }
  verify.push(`require the amendment to state that all SA benefit balances are carried forward to ${target.toString()} with no reduction`);
  return {
    agreement: agreement.id,
    name: agreement.name,
    originalEnd: agreement.end,
    target,
    extension,
    ...(currentRates ? { currentRates } : {}),
    otherConvention: { extension: otherExtension, difference: otherDifference },
    verify,
  };
}

function totals(planned: readonly AgreementPlan[], currency: Currency): EnterprisePlan['totals'] {
  const extensions = planned.flatMap((plan) => (plan.treatment.kind === 'extension' ? [{ plan, treatment: plan.treatment }] : []));
  const terminations = planned.flatMap((plan) => (plan.treatment.kind === 'earlyTermination' ? [{ plan, treatment: plan.treatment }] : []));
  const recommended = terminations.filter(({ treatment }) => treatment.analysis.recommendation.choice === 'terminateEarly');
  const anyCurrent = extensions.some(({ treatment }) => treatment.currentRates);
  return {
    extension: sum(
      'SUM(extension cost of each agreement ending before the target, at the ACV given)',
      extensions.map(({ plan, treatment }) => [plan.agreement.id, treatment.extension.total]),
      currency,
    ),
    ...(anyCurrent
      ? {
          extensionAtCurrentRates: sum(
            'SUM(extension cost at the current-rates ACV where given, else at the ACV given)',
            extensions.map(({ plan, treatment }) => [plan.agreement.id, (treatment.currentRates?.current ?? treatment.extension).total]),
            currency,
          ),
        }
      : {}),
    earlyTermination: sum(
      'SUM(early termination cost of each agreement ending after the target)',
      terminations.map(({ plan, treatment }) => [plan.agreement.id, treatment.analysis.termination.cost]),
      currency,
    ),
    earlyTerminationRecommended: sum(
      'SUM(early termination cost of the agreements recommended for early termination)',
      recommended.map(({ plan, treatment }) => [plan.agreement.id, treatment.analysis.termination.cost]),
      currency,
    ),
    additions: sum(
      "SUM(pro rata charges of every agreement's mid-term additions)",
      planned.filter((plan) => plan.trueUp.years.some((year) => year.rows.length > 0)).map((plan) => [plan.agreement.id, plan.trueUp.totalCharges]),
      currency,
    ),
  };
}

function sum(formula: string, terms: readonly (readonly [string, Decimal])[], currency: Currency): PlanTotal {
  const amount = terms.reduce((total, [, value]) => total.plus(value), Decimal.ZERO.round(currency.minorUnits, 'truncate'));
  const text = terms.length === 0 ? 'none' : terms.map(([id, value]) => `${id}: ${value.toString()}`).join(' + ');
  return {
    amount,
    explanation: {
      formula,
      inputs: { agreements: terms.length, currency: currency.code },
      rounding: 'none: sum of amounts each already rounded half up',
      text: `${text} = ${amount.toString()} ${currency.code}`,
    },
  };
}

function notes(target: PlanTarget, planned: readonly AgreementPlan[]): string[] {
  const result: string[] = [];
  if (target.source === 'advised') {
    result.push(
      `the target ${target.date.toString()} is the best of the ${target.candidates} dates the target-date advice ranks (score ${target.candidate.score}); ` +
        'those candidates start at the latest agreement end, so every agreement is extended or aligned: give a target to weigh an earlier date with early termination',
      ...target.notes,
    );
  }
  if (planned.some((plan) => plan.treatment.kind === 'earlyTermination')) {
    result.push(
      'early termination is costed for a standard EA (the remaining payments); a termination-for-convenience clause or a divestiture of the entity ' +
        'changes that: analyse the agreement with termination for convenience and its fee',
    );
  }
  if (planned.some((plan) => plan.saBenefits?.some((line) => line.missing))) {
    result.push('extract a complete SA benefits statement from VLSC for every agreement in the co-terming before any amendment is signed');
  }
  return result;
}

function signed(amount: Decimal): string {
  return amount.sign() > 0 ? `+${amount.toString()}` : amount.toString();
}

/** The agreements' own consistency, each problem named by its path in the plan file. */
function checkAgreements(agreements: readonly EnterpriseAgreement[], fiscalYearStartMonth: number | undefined): void {
  if (agreements.length === 0) throw new InvalidInputError('give at least one agreement', 'agreements');
  if (fiscalYearStartMonth !== undefined && (!Number.isInteger(fiscalYearStartMonth) || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12)) {
    throw new InvalidInputError(`the fiscal year start month must be 1–12 (got ${fiscalYearStartMonth})`, 'fiscalYearStartMonth');
  }
  const benefits = new Set(SA_BENEFIT_CHECKS.map((check) => check.benefit));
  const seen = new Map<string, number>();
  agreements.forEach((agreement, index) => {
    const at = `agreements[${index}]`;
    const earlier = seen.get(agreement.id);
    if (earlier !== undefined) throw new InvalidInputError(`the id "${agreement.id}" is already used by agreements[${earlier}]`, `${at}.id`);
    seen.set(agreement.id, index);
    const { start, end } = agreement;
    if (!start.isBefore(end)) throw new InvalidInputError(`the end ${end.toString()} must be after the start ${start.toString()}`, `${at}.end`);
    requirePositive(agreement.annualContractValue, `${at}.annualContractValue`, 'the annual contract value');
    if (agreement.currentAnnualContractValue !== undefined) {
      requirePositive(agreement.currentAnnualContractValue, `${at}.currentAnnualContractValue`, 'the current-rates annual contract value');
    }
    if (agreement.adminCostPerYear !== undefined) requireNonNegative(agreement.adminCostPerYear, `${at}.adminCostPerYear`, 'the yearly administrative cost');
    const within = (date: CalendarDate, field: string, what: string): void => {
      if (date.isBefore(start) || date.isAfter(end)) {
        throw new InvalidInputError(`${what} ${date.toString()} is outside the agreement (${start.toString()} – ${end.toString()})`, field);
      }
    };
    agreement.scheduledPayments?.forEach((payment, k) => {
      within(payment.date, `${at}.scheduledPayments[${k}].date`, 'the payment date');
      requireNonNegative(payment.amount, `${at}.scheduledPayments[${k}].amount`, 'a payment');
    });
    agreement.saBenefits?.forEach((entry, k) => {
      if (!benefits.has(entry.benefit)) {
        throw new InvalidInputError(`"${entry.benefit}" is not one of ${[...benefits].map((name) => `"${name}"`).join(', ')}`, `${at}.saBenefits[${k}].benefit`);
      }
      if (entry.balance.trim() === '') throw new InvalidInputError('the balance must not be empty (write it as the statement shows it, e.g. "10 days")', `${at}.saBenefits[${k}].balance`);
    });
    agreement.midTermAdditions?.forEach((addition, k) => {
      const field = `${at}.midTermAdditions[${k}]`;
      within(addition.date, `${field}.date`, 'the addition date');
      if (!Number.isSafeInteger(addition.quantity) || addition.quantity < 1) {
        throw new InvalidInputError(`the quantity must be a whole number of at least 1 (got ${addition.quantity})`, `${field}.quantity`);
      }
      requireNonNegative(addition.annualUnitPrice, `${field}.annualUnitPrice`, 'the annual unit price');
    });
  });
}

/** Reports an error of the EA arithmetic under the agreement's path in the plan file. */
function underAgreement<T>(at: string, calculate: () => T): T {
  try {
    return calculate();
  } catch (error) {
    if (!(error instanceof InvalidInputError) || error.field === 'target') throw error;
    const renamed = (error.field ?? '').replace(/^acv$/, 'annualContractValue').replace(/^payments/, 'scheduledPayments').replace(/^annualAdminCost$/, 'adminCostPerYear');
    throw new InvalidInputError(error.message, renamed ? `${at}.${renamed}` : at);
  }
}
