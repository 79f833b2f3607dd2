import { currency as lookUpCurrency } from '../../domain/money/currency.ts';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { analyseEarlyTermination, type EarlyTerminationAnalysis, type ScheduledPayment, type TerminationChoice } from '../../domain/ea/early-termination.ts';
import { type MonthConvention } from '../../domain/ea/extension-months.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { type Explanation } from '../../domain/explanation.ts';
import { type MonthCountView, monthCountView, monthsNumber, withinCalendar } from './views.ts';

export interface EarlyTerminationRequest {
  readonly acv: Decimal;
  readonly start?: CalendarDate;
  readonly end: CalendarDate;
  readonly target: CalendarDate;
  readonly payments?: readonly ScheduledPayment[];
  readonly terminationForConvenience: boolean;
  readonly fee?: Decimal;
  readonly annualAdminCost?: Decimal;
  readonly convention: MonthConvention;
  readonly currency: string;
}

export interface EarlyTerminationView {
  start: string;
  startAssumed: boolean;
  end: string;
  target: string;
  currency: string;
  acv: string;
  schedule: { source: 'annualAnniversaries' | 'given'; payments: { date: string; amount: string; owedOnTermination: boolean }[] };
  earlyTermination: { basis: 'remainingPayments' | 'terminationForConvenience'; cost: string; explanation: Explanation };
  misalignment: {
    /** Months from the target to the natural end, up to four decimals. */
    months: number;
    monthCount: MonthCountView;
    adminCost?: string;
    adminCostExplanation?: Explanation;
    breakEvenAnnualAdminCost: string;
    breakEvenExplanation: Explanation;
  };
  recommendation: { choice: TerminationChoice; reasons: string[] };
}

/** An agreement running past the co-terming target: early termination against living with the misalignment. */
export function compareEarlyTermination(request: EarlyTerminationRequest): EarlyTerminationView {
  if (!request.target.isBefore(request.end)) {
    throw new InvalidInputError(
      `the agreement ends ${request.end.toString()}, not after the target ${request.target.toString()}: nothing to terminate; to extend it to the target use \`coterm ea extension\``,
      'target',
    );
  }
  const currency = lookUpCurrency(request.currency, 'currency');
  const analysis = withinCalendar(() => analyseEarlyTermination({ ...request, currency }));
  return {
    start: analysis.start.toString(),
    startAssumed: analysis.startAssumed,
    end: analysis.end.toString(),
    target: analysis.target.toString(),
    currency: currency.code,
    acv: request.acv.toString(),
    ...terminationAnalysisView(analysis),
  };
}

/** The analysis's schedule, costs, misalignment and recommendation as strings, with their explanations. */
export function terminationAnalysisView(analysis: EarlyTerminationAnalysis): Pick<EarlyTerminationView, 'schedule' | 'earlyTermination' | 'misalignment' | 'recommendation'> {
  const { misalignment, termination } = analysis;
  return {
    schedule: {
      source: analysis.scheduleSource,
      payments: analysis.schedule.map((payment) => ({ date: payment.date.toString(), amount: payment.amount.toString(), owedOnTermination: payment.owedOnTermination })),
    },
    earlyTermination: { basis: termination.basis, cost: termination.cost.toString(), explanation: termination.explanation },
    misalignment: {
      months: monthsNumber(misalignment.months),
      monthCount: monthCountView(misalignment.months),
      ...(misalignment.adminCost && misalignment.adminCostExplanation
        ? { adminCost: misalignment.adminCost.toString(), adminCostExplanation: misalignment.adminCostExplanation }
        : {}),
      breakEvenAnnualAdminCost: misalignment.breakEvenAnnualAdminCost.toString(),
      breakEvenExplanation: misalignment.breakEvenExplanation,
    },
    recommendation: { choice: analysis.recommendation.choice, reasons: [...analysis.recommendation.reasons] },
  };
}
