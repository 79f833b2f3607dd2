import { currency as lookUpCurrency } from '../../domain/money/currency.ts';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type MonthConvention } from '../../domain/ea/extension-months.ts';
import { adviseTargetDate, type ScoreReason, type TargetAgreement } from '../../domain/ea/target-date.ts';
import { type Explanation } from '../../domain/explanation.ts';
import { monthsNumber, withinCalendar } from './views.ts';

export interface TargetDateRequest {
  readonly agreements: readonly TargetAgreement[];
  readonly fiscalYearStartMonth?: number;
  readonly consolidation?: CalendarDate;
  readonly convention: MonthConvention;
  readonly currency: string;
}

export interface AgreementCostView {
  agreement: string;
  end: string;
  acv: string;
  months: number;
  monthsExplanation: string;
  monthlyCost: string;
  total: string;
  explanations: { monthlyCost: Explanation; total: Explanation };
}

export interface TargetCandidateView {
  rank: number;
  target: string;
  score: number;
  reasons: ScoreReason[];
  totalExtensionCost: string;
  totalExplanation: Explanation;
  costs: AgreementCostView[];
}

export interface TargetDateView {
  currency: string;
  convention: MonthConvention;
  agreements: { id: string; end: string; acv: string }[];
  fiscalYearStartMonth?: number;
  consolidation?: string;
  latestEnd: string;
  notes: string[];
  ranking: TargetCandidateView[];
}

/** Ranks co-terming target dates for a customer's agreements, every point and cost explained. */
export function rankTargetDates(request: TargetDateRequest): TargetDateView {
  const currency = lookUpCurrency(request.currency, 'currency');
  const advice = withinCalendar(() => adviseTargetDate({ ...request, currency }));
  return {
    currency: currency.code,
    convention: request.convention,
    agreements: request.agreements.map((agreement) => ({ id: agreement.id, end: agreement.end.toString(), acv: agreement.acv.toString() })),
    ...(request.fiscalYearStartMonth === undefined ? {} : { fiscalYearStartMonth: request.fiscalYearStartMonth }),
    ...(request.consolidation ? { consolidation: request.consolidation.toString() } : {}),
    latestEnd: advice.latestEnd.toString(),
    notes: [...advice.notes],
    ranking: advice.ranking.map((candidate) => ({
      rank: candidate.rank,
      target: candidate.target.toString(),
      score: candidate.score,
      reasons: candidate.reasons.map((reason) => ({ ...reason })),
      totalExtensionCost: candidate.totalExtensionCost.toString(),
      totalExplanation: candidate.totalExplanation,
      costs: candidate.costs.map(({ agreement, extension }) => ({
        agreement,
        end: extension.months.from.toString(),
        acv: extension.acv.toString(),
        months: monthsNumber(extension.months),
        monthsExplanation: extension.months.text,
        monthlyCost: extension.monthlyCost.toString(),
        total: extension.total.toString(),
        explanations: { ...extension.explanations },
      })),
    })),
  };
}
