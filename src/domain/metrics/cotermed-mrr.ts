import { type CalendarDate } from '../calendar/date.ts';
import { TERM_MONTHS } from '../calendar/periods.ts';
import { endsOnAnchor } from '../coterm/anchor-occurrence.ts';
import { Decimal } from '../money/decimal.ts';
import { type AccountSubscription, MONTHLY_VALUE_SCALE } from '../portfolio/account-subscription.ts';
import { type AccountAnchor, accountAnchor, anchorIn, type MonthDay, type TermEndValue } from './account-anchor.ts';
import { leftOutText, recurringIn, type Valued } from './mrr-snapshot.ts';
import { KPI_ROUNDING, type KpiFigure, percentOf } from './percent.ts';
import { counted } from './words.ts';

export interface CotermedMrr extends KpiFigure {
  readonly on: CalendarDate;
  readonly currency: string;
  /** MRR of subscriptions whose current term ends on their account's anchor. */
  readonly cotermed: Decimal;
  readonly total: Decimal;
  /** The anchor each account with MRR was measured against. */
  readonly anchors: ReadonlyMap<string, AccountAnchor>;
}

/**
 * Co-termed MRR %: the MRR of subscriptions whose current term ends on
 * their account's anchor ÷ all MRR, on one day, in one currency. An account's
 * anchor is its policy's (`policyAnchors`, `MM-DD`) or else the day most of
 * its MRR's terms end on. Subscriptions without a term (Azure plans, the
 * Extended Service Term) count in the total and never as co-termed.
 */
export function cotermedMrr(on: CalendarDate, subscriptions: readonly AccountSubscription[], currency: string, policyAnchors: ReadonlyMap<string, string | null>): CotermedMrr {
  const { byAccount, leftOut } = recurringIn(subscriptions, currency);

  let total = Decimal.of(0n, MONTHLY_VALUE_SCALE);
  let cotermed = total;
  let withoutTerm = 0;
  const anchors = new Map<string, AccountAnchor>();
  const sources = { policy: 0, term_ends: 0, none: 0 };
  for (const [accountId, valued] of byAccount) {
    const anchor = accountAnchor(policyAnchors.get(accountId), termEndsOf(valued));
    anchors.set(accountId, anchor);
    sources[anchor.source] += 1;
    for (const { subscription, value } of valued) {
      total = total.plus(value);
      if (!hasTerm(subscription)) withoutTerm += 1;
      else if (anchor.anchor && isCotermed(subscription, anchor.anchor)) cotermed = cotermed.plus(value);
    }
  }

  const inputs = {
    on: on.toString(),
    currency,
    cotermedMrr: cotermed.toString(),
    totalMrr: total.toString(),
    accounts: byAccount.size,
    anchorsFromPolicy: sources.policy,
    anchorsFromTermEnds: sources.term_ends,
    accountsWithoutAnchor: sources.none,
    subscriptionsWithoutTerm: withoutTerm,
  };
  const formula = 'co-termed MRR % = MRR of subscriptions whose current term ends on their account anchor ÷ total MRR × 100';
  const others = leftOut.size === 0 ? '' : ` MRR in other currencies is left out: ${leftOutText(leftOut)}.`;
  const how = `Anchors: ${sources.policy} from the policy, ${sources.term_ends} from the day most of the account's MRR ends, ${counted(sources.none, 'account')} without one; ${counted(withoutTerm, 'subscription')} without a term counted only in the total.`;
  if (total.sign() <= 0) {
    return { on, currency, cotermed, total, anchors, value: null, explanation: { formula, inputs, rounding: KPI_ROUNDING, text: `No ${currency} MRR on ${on.toString()}: nothing to measure.${others}` } };
  }
  const value = percentOf(cotermed, total);
  return {
    on,
    currency,
    cotermed,
    total,
    anchors,
    value,
    explanation: { formula, inputs, rounding: KPI_ROUNDING, text: `On ${on.toString()}, ${cotermed.toString()} of ${total.toString()} ${currency} MRR ends on its account's anchor: ${value.toString()}%. ${how}${others}` },
  };
}

/** Only a live subscription's current term can end on an anchor; the Extended Service Term is month to month. */
function hasTerm(subscription: AccountSubscription): boolean {
  return subscription.kind !== 'azure_plan' && subscription.termEnd !== null && subscription.status.trim().toLowerCase() === 'active' && termMonthsOf(subscription) !== undefined;
}

function isCotermed(subscription: AccountSubscription, anchor: MonthDay): boolean {
  const termEnd = subscription.termEnd as CalendarDate;
  return endsOnAnchor(anchorIn(anchor, termEnd.year), termMonthsOf(subscription) as number, termEnd);
}

/** Months in the subscription's term: an MSP service's contract, an NCE term, else a year (legacy, EA and software terms). */
function termMonthsOf(subscription: AccountSubscription): number | undefined {
  const months = subscription.kind === 'msp_service' ? subscription.service?.termMonths : subscription.term ? TERM_MONTHS[subscription.term] : 12;
  return months !== undefined && Number.isSafeInteger(months) && months > 0 ? months : undefined;
}

function termEndsOf(valued: readonly Valued[]): TermEndValue[] {
  const terms: TermEndValue[] = [];
  for (const { subscription, value } of valued) {
    if (hasTerm(subscription)) terms.push({ termEnd: subscription.termEnd as CalendarDate, termMonths: termMonthsOf(subscription) as number, value });
  }
  return terms;
}
