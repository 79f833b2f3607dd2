import { type CalendarDate } from '../calendar/date.ts';
import { Decimal } from '../money/decimal.ts';
import { type PriceListEntry } from '../nce/model.ts';
import { PriceBook } from '../nce/price-list.ts';
import { type AccountSubscription } from '../portfolio/account-subscription.ts';
import { type AnchorSource, anchorCandidates, mainCurrency, type MonthDay } from './anchor-candidates.ts';
import { money } from './describe.ts';
import { type CoTermPlan, type CurrencyTotals } from './model.ts';
import { planCoTerm } from './plan.ts';

export interface RecommendAnchorsInput {
  readonly asOf: CalendarDate;
  readonly subscriptions: readonly AccountSubscription[];
  readonly priceList?: readonly PriceListEntry[] | PriceBook;
  /** The client's budget (fiscal) year end, when known. */
  readonly budgetYearEnd?: MonthDay;
}

export interface AnchorRecommendation {
  /** 1 = recommended. */
  readonly rank: number;
  readonly anchor: CalendarDate;
  readonly sources: readonly AnchorSource[];
  readonly labels: readonly string[];
  /** Stub charges in the main currency (every currency is in `plan.totals`). */
  readonly alignmentCost: Decimal | null;
  readonly fullyCoTermedOn: CalendarDate | null;
  readonly monthsUntilFullyCoTermed: number | null;
  /** Co-termed MRR share in the main currency, now and once the plan is done. */
  readonly coTermedShareNow: Decimal | null;
  readonly coTermedShareWhenDone: Decimal | null;
  readonly reasons: readonly string[];
  readonly plan: CoTermPlan;
}

export interface AnchorRecommendations {
  readonly asOf: CalendarDate;
  /** The currency shares and costs are compared in: the one most live subscriptions are billed in. */
  readonly currency: string | null;
  /** Best first. */
  readonly ranking: readonly AnchorRecommendation[];
}

const SOURCE_REASONS: Readonly<Record<AnchorSource, string>> = {
  quarterEnd: 'A calendar quarter end: renewals land on a quarter close finance already works to.',
  microsoftFiscalYearEnd: "Microsoft's fiscal year end: renewals fall in Microsoft's Q4 (April–June), its strongest negotiating window.",
  budgetYearEnd: "The client's budget year end: renewals fall due as the new budget starts.",
  dominantEndDate: 'More existing monthly value ends on this date than on any other, so fewer subscriptions need to move.',
};

/**
 * Compares candidate anchors by planning the account's co-term on each.
 *
 * Ranking (deterministic, best first):
 * 1. highest co-termed MRR share once the plan is done — what Partner Center
 *    and the contracts allow at all comes first;
 * 2. then highest share now — less to move;
 * 3. then fully co-termed soonest (never-co-termed last);
 * 4. then lowest stub charges;
 * 5. then the earliest anchor date.
 * Shares and costs are compared in the main currency (amounts in different
 * currencies are never added); a missing share counts as zero.
 */
export function recommendAnchors(input: RecommendAnchorsInput): AnchorRecommendations {
  const { asOf, subscriptions } = input;
  const priceBook = input.priceList instanceof PriceBook ? input.priceList : new PriceBook(input.priceList ?? []);
  const code = mainCurrency(subscriptions);
  const evaluated = anchorCandidates(asOf, subscriptions, input.budgetYearEnd).map((candidate) => {
    const plan = planCoTerm({ asOf, anchor: candidate.anchor, subscriptions, priceList: priceBook });
    const totals = plan.totals.find((entry) => entry.currency === code);
    return {
      anchor: candidate.anchor,
      sources: candidate.sources,
      labels: candidate.labels,
      alignmentCost: totals?.stubCharges ?? null,
      fullyCoTermedOn: plan.fullyCoTermedOn,
      monthsUntilFullyCoTermed: plan.monthsUntilFullyCoTermed,
      coTermedShareNow: totals?.coTermedShareNow ?? null,
      coTermedShareWhenDone: totals?.coTermedShareWhenDone ?? null,
      reasons: reasonsFor(candidate.sources, plan, totals),
      plan,
    };
  });
  const ranking = evaluated.sort(compareCandidates).map((entry, index) => ({ rank: index + 1, ...entry }));
  return { asOf, currency: code, ranking };
}

type Evaluated = Omit<AnchorRecommendation, 'rank'>;

export function compareCandidates(a: Evaluated, b: Evaluated): number {
  return (
    compareDesc(a.coTermedShareWhenDone, b.coTermedShareWhenDone) ||
    compareDesc(a.coTermedShareNow, b.coTermedShareNow) ||
    compareNullsLast(a.fullyCoTermedOn, b.fullyCoTermedOn) ||
    compareNullsLast(a.alignmentCost, b.alignmentCost) ||
    a.anchor.compare(b.anchor)
  );
}

function compareDesc(a: Decimal | null, b: Decimal | null): number {
  return (b ?? Decimal.ZERO).compare(a ?? Decimal.ZERO);
}

function compareNullsLast<T extends { compare(other: T): number }>(a: T | null, b: T | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a.compare(b);
}

function reasonsFor(sources: readonly AnchorSource[], plan: CoTermPlan, totals: CurrencyTotals | undefined): string[] {
  const reasons = sources.map((source) => SOURCE_REASONS[source]);
  if (totals?.coTermedShareNow && totals.coTermedShareWhenDone) {
    reasons.push(`Co-termed MRR: ${percent(totals.coTermedShareNow)} now, ${percent(totals.coTermedShareWhenDone)} once the plan is done.`);
  }
  const counts = (action: string): number => plan.alignments.filter((alignment) => alignment.action === action).length;
  const onAnchor = counts('aligned');
  if (onAnchor > 0) reasons.push(`${onAnchor} subscription${onAnchor === 1 ? '' : 's'} already end${onAnchor === 1 ? 's' : ''} on it.`);
  if (plan.fullyCoTermedOn) {
    reasons.push(
      plan.fullyCoTermedOn.equals(plan.asOf)
        ? 'Everything that can be co-termed already is.'
        : `Fully co-termed on ${plan.fullyCoTermedOn.toString()} (${plan.monthsUntilFullyCoTermed ?? 0} month${plan.monthsUntilFullyCoTermed === 1 ? '' : 's'}).`,
    );
  } else {
    reasons.push('Nothing can be co-termed on this anchor.');
  }
  const costs = plan.totals.filter((entry) => !entry.stubCharges.isZero()).map((entry) => money(entry.stubCharges, entry.currency));
  if (costs.length > 0) reasons.push(`Stub terms charge ${costs.join(' and ')} in all.`);
  const blocked = plan.alignments.filter((alignment) => alignment.action === 'cannot_align').map((alignment) => alignment.subscriptionId);
  if (blocked.length > 0) reasons.push(`${blocked.length} subscription${blocked.length === 1 ? '' : 's'} cannot align on it: ${blocked.join(', ')}.`);
  return reasons;
}

/** 0.6667 → `66.67%`. */
function percent(share: Decimal): string {
  return `${Decimal.of(share.round(4, 'halfUp').units, 2).toString()}%`;
}
