import { type CalendarDate } from '../../domain/calendar/date.ts';
import {
  type AgreementPlan,
  type EnterpriseAgreement,
  type ExtensionChecklistItem,
  type PlanTotal,
  planEnterpriseCoterm,
  type Treatment,
} from '../../domain/ea/enterprise-plan.ts';
import { type ExtensionCost, type RatesComparison } from '../../domain/ea/extension-cost.ts';
import { type MonthConvention } from '../../domain/ea/extension-months.ts';
import { type SaBenefitLine } from '../../domain/ea/sa-benefit-statement.ts';
import { type BenefitRisk } from '../../domain/ea/sa-benefits.ts';
import { type ScoreReason } from '../../domain/ea/target-date.ts';
import { type TrueUpYears } from '../../domain/ea/true-up-years.ts';
import { type Explanation } from '../../domain/explanation.ts';
import { currency as lookUpCurrency } from '../../domain/money/currency.ts';
import { currentRatesView, extensionAmounts, type ExtensionView } from './extension.ts';
import { type EarlyTerminationView, terminationAnalysisView } from './early-termination.ts';
import { additionView, type AdditionView } from './midterm-addition.ts';
import { type MonthCountView, monthCountView, monthsNumber, withinCalendar } from './views.ts';

export interface EnterprisePlanRequest {
  readonly agreements: readonly EnterpriseAgreement[];
  readonly target?: CalendarDate;
  readonly fiscalYearStartMonth?: number;
  readonly convention: MonthConvention;
  readonly currency: string;
}

export interface PlanTargetView {
  date: string;
  source: 'given' | 'advised';
  /** With an advised target: its score and every point, as `coterm ea target-date` gives them. */
  advice?: { score: number; candidates: number; reasons: ScoreReason[] };
}

export type ExtensionPlanView = Pick<ExtensionView, 'months' | 'monthCount' | 'acv' | 'monthlyCost' | 'total' | 'explanations' | 'currentRates'>;

export type EarlyTerminationPlanView = Pick<EarlyTerminationView, 'startAssumed' | 'schedule' | 'earlyTermination' | 'misalignment' | 'recommendation'>;

export interface SaBenefitView {
  benefit: string;
  risk: BenefitRisk;
  concern: string;
  requiredAction: string;
  balances: { balance: string; expires?: string; note?: string }[];
  /** No balance stated: what to do about it. */
  missing?: string;
}

export interface TrueUpView {
  years: {
    year: number;
    start: string;
    end: string;
    additions: AdditionView[];
    charges: string;
    chargesExplanation: Explanation;
    /** Licences added since the agreement started, per product, at the end of the year. */
    baseline: { product: string; quantity: number }[];
  }[];
  baseline: { product: string; quantity: number }[];
  totalCharges: string;
  totalExplanation: Explanation;
  /** Σ annual unit price × quantity of the added licences. */
  annualValue: string;
  checks: string[];
}

export interface AgreementPlanView {
  id: string;
  name: string;
  enrollment?: string;
  start: string;
  end: string;
  annualContractValue: string;
  currentAnnualContractValue?: string;
  treatment: 'extension' | 'earlyTermination' | 'aligned';
  summary: string;
  extension?: ExtensionPlanView;
  earlyTermination?: EarlyTerminationPlanView;
  /** For an agreement extended or terminated: High risk first. */
  saBenefits?: SaBenefitView[];
  /** Only when the agreement has mid-term additions. */
  trueUp?: TrueUpView;
}

export interface ChecklistItemView {
  agreement: string;
  name: string;
  originalEnd: string;
  target: string;
  convention: MonthConvention;
  extensionMonths: number;
  monthCount: MonthCountView;
  acvBase: string;
  costPerMonth: string;
  total: string;
  currentRates?: { acvBase: string; costPerMonth: string; total: string; difference: string };
  otherConvention: { convention: MonthConvention; extensionMonths: number; total: string; difference: string };
  verify: string[];
}

export interface TotalView {
  amount: string;
  explanation: Explanation;
}

export interface EnterprisePlanView {
  currency: string;
  convention: MonthConvention;
  fiscalYearStartMonth?: number;
  target: PlanTargetView;
  agreements: AgreementPlanView[];
  totals: {
    extension: TotalView;
    extensionAtCurrentRates?: TotalView;
    earlyTermination: TotalView;
    earlyTerminationRecommended: TotalView;
    additions: TotalView;
  };
  /** The written co-terming calculation to request from the reseller, per extended agreement. */
  checklist: ChecklistItemView[];
  notes: string[];
}

/** An enterprise's agreements co-termed to one date, every amount explained. */
export function planEnterprise(request: EnterprisePlanRequest): EnterprisePlanView {
  const currency = lookUpCurrency(request.currency, 'currency');
  const plan = withinCalendar(() => planEnterpriseCoterm({ ...request, currency }));
  const { target, totals } = plan;
  return {
    currency: currency.code,
    convention: plan.convention,
    ...(request.fiscalYearStartMonth === undefined ? {} : { fiscalYearStartMonth: request.fiscalYearStartMonth }),
    target: {
      date: target.date.toString(),
      source: target.source,
      ...(target.source === 'advised'
        ? { advice: { score: target.candidate.score, candidates: target.candidates, reasons: target.candidate.reasons.map((reason) => ({ ...reason })) } }
        : {}),
    },
    agreements: plan.agreements.map(agreementView),
    totals: {
      extension: totalView(totals.extension),
      ...(totals.extensionAtCurrentRates ? { extensionAtCurrentRates: totalView(totals.extensionAtCurrentRates) } : {}),
      earlyTermination: totalView(totals.earlyTermination),
      earlyTerminationRecommended: totalView(totals.earlyTerminationRecommended),
      additions: totalView(totals.additions),
    },
    checklist: plan.checklist.map(checklistView),
    notes: [...plan.notes],
  };
}

function agreementView(plan: AgreementPlan): AgreementPlanView {
  const { agreement, treatment } = plan;
  const hasAdditions = plan.trueUp.years.some((year) => year.rows.length > 0);
  return {
    id: agreement.id,
    name: agreement.name,
    ...(agreement.enrollment === undefined ? {} : { enrollment: agreement.enrollment }),
    start: agreement.start.toString(),
    end: agreement.end.toString(),
    annualContractValue: agreement.annualContractValue.toString(),
    ...(agreement.currentAnnualContractValue === undefined ? {} : { currentAnnualContractValue: agreement.currentAnnualContractValue.toString() }),
    treatment: treatment.kind,
    summary: treatment.summary,
    ...treatmentView(treatment),
    ...(plan.saBenefits ? { saBenefits: plan.saBenefits.map(benefitView) } : {}),
    ...(hasAdditions ? { trueUp: trueUpView(plan.trueUp) } : {}),
  };
}

function treatmentView(treatment: Treatment): Pick<AgreementPlanView, 'extension' | 'earlyTermination'> {
  if (treatment.kind === 'extension') return { extension: extensionView(treatment.extension, treatment.currentRates) };
  if (treatment.kind === 'aligned') return {};
  return { earlyTermination: { startAssumed: treatment.analysis.startAssumed, ...terminationAnalysisView(treatment.analysis) } };
}

function extensionView(extension: ExtensionCost, currentRates: RatesComparison | undefined): ExtensionPlanView {
  return {
    months: monthsNumber(extension.months),
    monthCount: monthCountView(extension.months),
    ...extensionAmounts(extension),
    ...(currentRates ? { currentRates: currentRatesView(currentRates) } : {}),
  };
}

function benefitView(line: SaBenefitLine): SaBenefitView {
  return {
    benefit: line.benefit,
    risk: line.risk,
    concern: line.concern,
    requiredAction: line.requiredAction,
    balances: line.balances.map((entry) => ({
      balance: entry.balance,
      ...(entry.expires ? { expires: entry.expires.toString() } : {}),
      ...(entry.note ? { note: entry.note } : {}),
    })),
    ...(line.missing ? { missing: line.missing } : {}),
  };
}

function trueUpView(trueUp: TrueUpYears): TrueUpView {
  return {
    years: trueUp.years.map((year) => ({
      year: year.year,
      start: year.start.toString(),
      end: year.end.toString(),
      additions: year.rows.map((row) => ({ ...additionView(row.addition), baselineQuantity: row.baselineQuantity, cumulativeCharges: row.cumulativeCharges.toString() })),
      charges: year.charges.toString(),
      chargesExplanation: year.chargesExplanation,
      baseline: year.baseline.map((entry) => ({ ...entry })),
    })),
    baseline: trueUp.baseline.map((entry) => ({ ...entry })),
    totalCharges: trueUp.totalCharges.toString(),
    totalExplanation: trueUp.totalExplanation,
    annualValue: trueUp.annualValue.toString(),
    checks: [...trueUp.priceChecks],
  };
}

function checklistView(item: ExtensionChecklistItem): ChecklistItemView {
  const { extension, currentRates, otherConvention } = item;
  return {
    agreement: item.agreement,
    name: item.name,
    originalEnd: item.originalEnd.toString(),
    target: item.target.toString(),
    convention: extension.months.convention,
    extensionMonths: monthsNumber(extension.months),
    monthCount: monthCountView(extension.months),
    acvBase: extension.acv.toString(),
    costPerMonth: extension.monthlyCost.toString(),
    total: extension.total.toString(),
    ...(currentRates
      ? {
          currentRates: {
            acvBase: currentRates.current.acv.toString(),
            costPerMonth: currentRates.current.monthlyCost.toString(),
            total: currentRates.current.total.toString(),
            difference: currentRates.difference.toString(),
          },
        }
      : {}),
    otherConvention: {
      convention: otherConvention.extension.months.convention,
      extensionMonths: monthsNumber(otherConvention.extension.months),
      total: otherConvention.extension.total.toString(),
      difference: otherConvention.difference.toString(),
    },
    verify: [...item.verify],
  };
}

function totalView(total: PlanTotal): TotalView {
  return { amount: total.amount.toString(), explanation: total.explanation };
}
