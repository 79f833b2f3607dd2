import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type Currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { type Explanation } from '../explanation.ts';
import { type ExtensionCost, extensionCost, requirePositive } from './extension-cost.ts';
import { type MonthConvention } from './extension-months.ts';

/** Month ends considered after the month of the latest agreement end. */
export const CANDIDATE_MONTHS = 12;

/** The points each criterion gives, so the ranking can be checked by hand. */
export const TARGET_POINTS = {
  microsoftFiscalYearEnd: 30,
  microsoftQ4: 20,
  microsoftMidYear: 15,
  customerQ1: 15,
  customerQ2: 10,
  customerQ3: 0,
  customerQ4: -15,
  consolidationWindow: 20,
  /** The most expensive candidate loses this many points; the cheapest none; the rest in proportion. */
  maxCostPenalty: 20,
} as const;

/** The co-terming window before a planned consolidation negotiation, in days. */
export const CONSOLIDATION_WINDOW_DAYS = { min: 30, max: 60 } as const;

export interface TargetAgreement {
  readonly id: string;
  /** Inclusive end of the agreement. */
  readonly end: CalendarDate;
  readonly acv: Decimal;
}

export interface TargetDateInput {
  readonly agreements: readonly TargetAgreement[];
  /** First month (1–12) of the customer's fiscal year; without it the budget cycle is not scored. */
  readonly fiscalYearStartMonth?: number;
  /** A planned consolidation negotiation; targets 30–60 days before it score. */
  readonly consolidation?: CalendarDate;
  readonly convention: MonthConvention;
  readonly currency: Currency;
}

export type TargetCriterion = 'microsoftFiscalYear' | 'customerBudget' | 'consolidation' | 'extensionCost';

export interface ScoreReason {
  readonly criterion: TargetCriterion;
  readonly points: number;
  readonly text: string;
}

export interface TargetCandidate {
  readonly rank: number;
  readonly target: CalendarDate;
  readonly score: number;
  readonly reasons: readonly ScoreReason[];
  readonly costs: readonly { readonly agreement: string; readonly extension: ExtensionCost }[];
  readonly totalExtensionCost: Decimal;
  readonly totalExplanation: Explanation;
}

export interface TargetDateAdvice {
  readonly latestEnd: CalendarDate;
  readonly notes: readonly string[];
  readonly ranking: readonly TargetCandidate[];
}

/**
 * Ranks candidate co-terming dates — the month ends from the latest
 * agreement end over the following 12 months, since the shorter agreements
 * are extended to the target — by Microsoft's fiscal calendar, the
 * customer's budget cycle, a planned consolidation and the total extension
 * cost. Every point awarded is listed with its reason.
 */
export function adviseTargetDate(input: TargetDateInput): TargetDateAdvice {
  const { agreements, fiscalYearStartMonth, consolidation, convention, currency } = input;
  const [first] = agreements;
  if (!first) throw new InvalidInputError('give at least one agreement', 'agreements');
  agreements.forEach((agreement, index) => requirePositive(agreement.acv, `agreements[${index}].acv`, `the annual contract value of agreement ${agreement.id}`));
  if (fiscalYearStartMonth !== undefined && (!Number.isInteger(fiscalYearStartMonth) || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12)) {
    throw new InvalidInputError(`the fiscal year start month must be 1–12 (got ${fiscalYearStartMonth})`, 'fiscalYearStartMonth');
  }
  const latestEnd = agreements.reduce((latest, agreement) => (agreement.end.isAfter(latest) ? agreement.end : latest), first.end);
  const firstCandidate = latestEnd.lastDayOfMonth();
  const targets = Array.from({ length: CANDIDATE_MONTHS + 1 }, (_, month) => firstCandidate.addMonths(month).lastDayOfMonth());

  const costed = targets.map((target) => {
    const costs = agreements.map((agreement) => ({
      agreement: agreement.id,
      extension: extensionCost({ acv: agreement.acv, end: agreement.end, target, convention, currency }),
    }));
    const total = costs.reduce((sum, cost) => sum.plus(cost.extension.total), Decimal.ZERO.round(currency.minorUnits, 'truncate'));
    return { target, costs, total };
  });
  const totals = costed.map((entry) => entry.total);
  const min = totals.reduce((low, total) => (total.compare(low) < 0 ? total : low));
  const max = totals.reduce((high, total) => (total.compare(high) > 0 ? total : high));

  const scored = costed.map(({ target, costs, total }) => {
    const reasons: ScoreReason[] = [];
    const microsoft = microsoftReason(target);
    if (microsoft) reasons.push(microsoft);
    if (fiscalYearStartMonth !== undefined) reasons.push(budgetReason(target, fiscalYearStartMonth));
    if (consolidation) reasons.push(consolidationReason(target, consolidation));
    reasons.push(costReason(total, min, max, currency));
    const terms = costs.map((cost) => `${cost.agreement}: ${cost.extension.total.toString()}`).join(' + ');
    return {
      target,
      score: reasons.reduce((sum, reason) => sum + reason.points, 0),
      reasons,
      costs,
      totalExtensionCost: total,
      totalExplanation: {
        formula: 'SUM(extension cost of each agreement to the target)',
        inputs: { target: target.toString(), agreements: costs.length, convention, currency: currency.code },
        rounding: 'none: sum of per-agreement totals, each rounded half up',
        text: `${terms} = ${total.toString()} ${currency.code}`,
      },
    };
  });
  scored.sort((a, b) => b.score - a.score || a.totalExtensionCost.compare(b.totalExtensionCost) || a.target.compare(b.target));

  const notes = [
    `candidates: the month ends from ${firstCandidate.toString()} (the latest agreement end is ${latestEnd.toString()}) over the following ${CANDIDATE_MONTHS} months; each shorter agreement is extended to the target`,
    'ties are broken by the lower total extension cost, then the earlier date',
  ];
  if (fiscalYearStartMonth === undefined) notes.push("the customer's fiscal year start month was not given: the budget cycle is not scored");
  return { latestEnd, notes, ranking: scored.map((entry, index) => ({ rank: index + 1, ...entry })) };
}

function microsoftReason(target: CalendarDate): ScoreReason | undefined {
  if (target.month === 6) {
    return { criterion: 'microsoftFiscalYear', points: TARGET_POINTS.microsoftFiscalYearEnd, text: "Microsoft's fiscal year ends 30 June: the strongest negotiating window (Q4)" };
  }
  if (target.month === 4 || target.month === 5) {
    return { criterion: 'microsoftFiscalYear', points: TARGET_POINTS.microsoftQ4, text: "in Microsoft's fiscal Q4 (April–June), its strongest negotiating window" };
  }
  if (target.month === 12) {
    return { criterion: 'microsoftFiscalYear', points: TARGET_POINTS.microsoftMidYear, text: "December: Microsoft's mid-year close, the second-best negotiating window" };
  }
  return undefined;
}

/** The renewal (the day after the target) should land in the customer's fiscal Q1 or Q2, not the Q4 budget crunch. */
function budgetReason(target: CalendarDate, fiscalYearStartMonth: number): ScoreReason {
  const renewal = target.addDays(1);
  const quarter = Math.floor((((renewal.month - fiscalYearStartMonth) % 12) + 12) % 12 / 3) + 1;
  const points = [TARGET_POINTS.customerQ1, TARGET_POINTS.customerQ2, TARGET_POINTS.customerQ3, TARGET_POINTS.customerQ4][quarter - 1] ?? 0;
  const verdict =
    quarter === 1 ? 'a fresh budget' : quarter === 2 ? 'budget still available' : quarter === 3 ? 'neutral' : 'the budget crunch at the end of its fiscal year';
  return {
    criterion: 'customerBudget',
    points,
    text: `the renewal on ${renewal.toString()} falls in the customer's fiscal Q${quarter} (fiscal year starting in month ${fiscalYearStartMonth}): ${verdict}`,
  };
}

function consolidationReason(target: CalendarDate, consolidation: CalendarDate): ScoreReason {
  const daysBefore = target.daysUntil(consolidation);
  const { min, max } = CONSOLIDATION_WINDOW_DAYS;
  const inWindow = daysBefore >= min && daysBefore <= max;
  const where = daysBefore >= 0 ? `${daysBefore} days before` : `${-daysBefore} days after`;
  return {
    criterion: 'consolidation',
    points: inWindow ? TARGET_POINTS.consolidationWindow : 0,
    text: `the target is ${where} the consolidation negotiation on ${consolidation.toString()}: ${inWindow ? 'inside' : 'outside'} the ${min}–${max} day window before it`,
  };
}

function costReason(total: Decimal, min: Decimal, max: Decimal, currency: Currency): ScoreReason {
  const spread = max.minus(min);
  const above = total.minus(min);
  const penalty = spread.isZero()
    ? 0
    : Number(Decimal.ratio(above.unitsAt(spread.scale) * BigInt(TARGET_POINTS.maxCostPenalty), spread.units, 0, 'halfUp').units);
  const code = currency.code;
  return {
    criterion: 'extensionCost',
    points: penalty === 0 ? 0 : -penalty,
    text: spread.isZero()
      ? `total extension cost ${total.toString()} ${code}, the same for every candidate`
      : `total extension cost ${total.toString()} ${code}: ${above.toString()} above the cheapest candidate (${min.toString()}), ` +
        `${TARGET_POINTS.maxCostPenalty} × ${above.toString()} ÷ ${spread.toString()} = ${penalty} points off, rounded half up`,
  };
}
