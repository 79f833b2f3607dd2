import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { PriceBook } from '../nce/price-list.ts';
import { type AccountSubscription } from '../portfolio/account-subscription.ts';
import { CandidatePool } from './candidate-pool.ts';
import { classify, type PendingNce } from './classify.ts';
import { type Alignment, type CoTermPlan, type CoTermPlanInput } from './model.ts';
import { alignAtRenewal, alignNow, type NceContext } from './nce-alignment.ts';
import { tenantKeyOf } from './nce-terms.ts';
import { fullyCoTermed, totalsByCurrency } from './plan-totals.ts';

/**
 * What co-terming an account on an anchor takes: for each subscription what
 * happens, when, and what the shortened term costs, with the account's
 * co-termed share now and once the plan is done. NCE amounts come from the
 * shadow-billing engine; Partner Center's rules decide which end dates are
 * possible, so a refused date is reported, never assumed.
 */
export function planCoTerm(input: CoTermPlanInput): CoTermPlan {
  const { asOf, anchor, subscriptions } = input;
  requireUniqueIds(subscriptions);
  const priceBook = input.priceList instanceof PriceBook ? input.priceList : new PriceBook(input.priceList ?? []);
  const context: NceContext = { asOf, anchor, pool: poolOf(subscriptions, asOf), priceBook };

  const alignments: Alignment[] = [];
  const steps: Step[] = [];
  subscriptions.forEach((subscription, index) => {
    const decided = classify(subscription, index, asOf, anchor);
    if ('terms' in decided) {
      steps.push(decided.inWindow ? { pending: decided, date: asOf, now: true } : atRenewal(decided));
    } else {
      alignments[index] = decided;
    }
  });

  // In date order, so an alignment can use the end dates earlier ones create.
  while (steps.length > 0) {
    steps.sort((a, b) => a.date.compare(b.date) || a.pending.index - b.pending.index);
    const step = steps.shift();
    if (!step) break;
    if (!step.now) {
      alignments[step.pending.index] = alignAtRenewal(step.pending, context, step.note);
      continue;
    }
    const outcome = alignNow(step.pending, context);
    if ('alignment' in outcome) alignments[step.pending.index] = outcome.alignment;
    else steps.push(atRenewal(step.pending, outcome.refused));
  }

  return { asOf, anchor, alignments, totals: totalsByCurrency(asOf, alignments), ...fullyCoTermed(asOf, alignments) };
}

interface Step {
  readonly pending: PendingNce;
  readonly date: CalendarDate;
  /** Cancel and buy again on asOf (inside the cancellation window), rather than wait for the renewal. */
  readonly now: boolean;
  /** Why aligning now was not possible, when it was tried. */
  readonly note?: string;
}

function atRenewal(pending: PendingNce, note?: string): Step {
  return { pending, date: pending.terms.termEnd.addDays(1), now: false, ...(note === undefined ? {} : { note }) };
}

/** The tenant's active licences on asOf, with the end dates Partner Center can align with. */
function poolOf(subscriptions: readonly AccountSubscription[], asOf: CalendarDate): CandidatePool {
  const pool = new CandidatePool();
  for (const subscription of subscriptions) {
    const { term, termEnd } = subscription;
    if (subscription.kind !== 'nce' || subscription.status.trim().toLowerCase() !== 'active' || !term || !termEnd) continue;
    pool.add({ id: subscription.id, tenant: tenantKeyOf(subscription), term, end: termEnd, from: asOf, until: null, renews: subscription.autoRenew !== false });
  }
  return pool;
}

function requireUniqueIds(subscriptions: readonly AccountSubscription[]): void {
  const seen = new Set<string>();
  subscriptions.forEach((subscription, index) => {
    if (seen.has(subscription.id)) throw new InvalidInputError(`subscription id "${subscription.id}" is used twice`, `subscriptions[${index}].id`);
    seen.add(subscription.id);
  });
}
