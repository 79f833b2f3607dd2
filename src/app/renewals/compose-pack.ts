import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type Alignment, type AlignmentAction, type AlignmentBase, type CoTermPlan, planCoTerm } from '../../domain/coterm/index.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type PriceBook } from '../../domain/nce/price-list.ts';
import { type AccountSubscription } from '../../domain/portfolio/account-subscription.ts';
import { type AccountHealth, accountHealth } from '../../domain/renewal/health.ts';
import { buildRenewalPack, type CotermOption, type RenewalPack } from '../../domain/renewal/pack.ts';
import { type RenewalPolicy } from '../../domain/renewal/policy.ts';
import { type RenewalEvent } from '../../domain/renewal/renewal-event.ts';
import { type UsageSignal } from '../../domain/renewal/usage.ts';
import { nextOccurrence } from '../coterm/plan-account-coterm.ts';

/**
 * One subscription of the co-term plan as a pack keeps it: what happens and
 * when, and the stub term's dates and charge — not the charge rows, which
 * the pack's co-term option carries for the lines it offers and
 * `coterm coterm plan` recomputes for the rest.
 */
export interface AlignmentOutline extends AlignmentBase {
  readonly action: AlignmentAction;
  readonly on: CalendarDate | null;
  readonly alignedEnd: CalendarDate | null;
  readonly stub: { readonly start: CalendarDate; readonly end: CalendarDate; readonly days: number; readonly charge: Decimal; readonly currency: string } | null;
}

export type CoTermPlanOutline = Omit<CoTermPlan, 'alignments'> & { readonly alignments: readonly AlignmentOutline[] };

/** A stored renewal pack: the client-facing pack and the outline of the co-term plan behind its co-term option. */
export interface RenewalPackDocument {
  readonly renewalId: string;
  /** Last day of the renewing terms. */
  readonly renewalDate: CalendarDate;
  readonly generatedOn: CalendarDate;
  /** The anchor the co-term option aligns to, and where it came from. */
  readonly anchor: { readonly date: CalendarDate; readonly source: 'policy' | 'this renewal' } | null;
  readonly pack: RenewalPack;
  readonly coTermPlan: CoTermPlanOutline | null;
}

export interface ComposePackInput {
  readonly asOf: CalendarDate;
  readonly event: RenewalEvent;
  readonly account: { readonly id: string; readonly name: string };
  readonly policy: RenewalPolicy;
  readonly accountSubscriptions: readonly AccountSubscription[];
  readonly signals: readonly UsageSignal[];
  readonly priceBook: PriceBook;
  /** The account's health on asOf, when the caller has it already. */
  readonly health?: AccountHealth;
}

/**
 * A renewal's pack: the co-term plan to the policy's anchor (or, without one,
 * to this renewal's date, so the conversation can anchor everything on it),
 * its stub terms as the pack's co-term option, and the pack itself.
 */
export function composePack(input: ComposePackInput): RenewalPackDocument {
  const { asOf, event, policy } = input;
  const renewing = new Set(event.subscriptionIds);
  const anchor = policy.coTermPreference === 'never' ? null : anchorFor(policy, event, asOf);
  const plan = anchor ? planCoTerm({ asOf, anchor: anchor.date, subscriptions: input.accountSubscriptions, priceList: input.priceBook }) : null;
  const currency = event.values[0]?.currency;
  const pack = buildRenewalPack({
    asOf,
    renewalDate: event.date.addDays(1),
    account: input.account,
    subscriptions: input.accountSubscriptions.filter((subscription) => renewing.has(subscription.id)),
    allSubscriptions: input.accountSubscriptions,
    signals: input.signals,
    priceBook: input.priceBook,
    health: input.health ?? accountHealth(input.signals, asOf, { atRiskThreshold: policy.atRiskThreshold }),
    ...(plan && anchor && currency ? { cotermOption: cotermOption(plan, anchor.date, currency, event.date) } : {}),
    ...(currency ? { currency } : {}),
  });
  return { renewalId: event.id, renewalDate: event.date, generatedOn: asOf, anchor, pack, coTermPlan: plan ? outlineOf(plan) : null };
}

function outlineOf(plan: CoTermPlan): CoTermPlanOutline {
  return {
    ...plan,
    alignments: plan.alignments.map((alignment) => ({
      subscriptionId: alignment.subscriptionId,
      productName: alignment.productName,
      kind: alignment.kind,
      currency: alignment.currency,
      currentTermEnd: alignment.currentTermEnd,
      monthlyValue: alignment.monthlyValue,
      reason: alignment.reason,
      action: alignment.action,
      on: alignment.on,
      alignedEnd: alignment.alignedEnd,
      stub: alignment.stub && { start: alignment.stub.start, end: alignment.stub.end, days: alignment.stub.days, charge: alignment.stub.charge, currency: alignment.stub.currency },
    })),
  };
}

function anchorFor(policy: RenewalPolicy, event: RenewalEvent, asOf: CalendarDate): RenewalPackDocument['anchor'] {
  if (!policy.anchor) return { date: event.date, source: 'this renewal' };
  return { date: nextOccurrence(policy.anchor, asOf), source: 'policy' };
}

/** Alignments further out than this belong to a later renewal conversation (they stay in the stored plan). */
const COTERM_OPTION_MONTHS = 12;

/**
 * The plan's stub terms in the pack's currency that start within a year of
 * this renewal — what the client is asked to agree to now — each with the
 * explanation of its charge.
 */
function cotermOption(plan: CoTermPlan, anchor: CalendarDate, currency: string, renewalDate: CalendarDate): CotermOption {
  const horizon = renewalDate.addMonths(COTERM_OPTION_MONTHS);
  const lines = plan.alignments.filter(
    (alignment): alignment is Extract<Alignment, { stub: object }> => alignment.stub !== null && alignment.stub.currency === currency && !alignment.stub.start.isAfter(horizon),
  );
  return {
    anchor,
    currency,
    lines: lines.map((alignment) => ({
      subscriptionId: alignment.subscriptionId,
      productName: alignment.productName,
      description: alignment.reason,
      start: alignment.stub.start,
      end: alignment.stub.end,
      amount: alignment.stub.charge,
      currency,
      explanation: alignment.stub.basis === 'nceEngine' ? alignment.stub.lines.map((line) => line.explanation).join('\n') : alignment.stub.explanation.text,
    })),
    total: lines.reduce((sum, alignment) => sum.plus(alignment.stub.charge), Decimal.ZERO),
  };
}
