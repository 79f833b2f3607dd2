import { CalendarDate } from '../../domain/calendar/date.ts';
import { type AnchorRecommendations, type CoTermPlan, planCoTerm, recommendAnchors } from '../../domain/coterm/index.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { PriceBook } from '../../domain/nce/price-list.ts';
import { resolvePolicy } from '../../domain/renewal/policy.ts';
import { type CadenceSession } from '../renewals/run-cadence-day.ts';

export type AnchorChoice = 'given' | 'policy' | 'recommended';

export interface AccountCoTerm {
  readonly account: { readonly id: string; readonly name: string };
  /** The account and the subsidiaries that share its anchor. */
  readonly accountIds: readonly string[];
  readonly anchor: { readonly date: CalendarDate; readonly chosen: AnchorChoice } | null;
  readonly plan: CoTermPlan | null;
  /** The candidate anchors compared; present when no anchor was given. */
  readonly recommendations: AnchorRecommendations | null;
}

/**
 * The co-term plan of an account and its subsidiaries on `asOf`: to the
 * anchor given, else the policy's anchor, else the best-ranked candidate —
 * with the ranking of candidates whenever the anchor was not given.
 */
export async function planAccountCoTerm(session: CadenceSession, accountId: string, asOf: CalendarDate, given?: CalendarDate): Promise<AccountCoTerm> {
  const accounts = await session.accounts();
  const account = accounts.find((candidate) => candidate.id === accountId);
  if (!account) throw new InvalidInputError(`no account "${accountId}"`, '--account');
  const accountIds = [account.id, ...accounts.filter((candidate) => candidate.parentId === account.id).map((candidate) => candidate.id)];
  const policy = resolvePolicy(await session.policySettings(), account.id, account.parentId).policy;
  // One after the other: the session's transaction runs one query at a time.
  const subscriptions = await session.subscriptionsOn(asOf.toString(), { accountIds });
  const priceList = await session.priceList();
  const priceBook = new PriceBook(priceList);
  const budget = policy.budgetYearEnd?.split('-').map(Number);
  const recommendations = given
    ? null
    : recommendAnchors({ asOf, subscriptions, priceList: priceBook, ...(budget ? { budgetYearEnd: { month: budget[0] as number, day: budget[1] as number } } : {}) });
  const anchor = given
    ? { date: given, chosen: 'given' as const }
    : policy.anchor
      ? { date: nextOccurrence(policy.anchor, asOf), chosen: 'policy' as const }
      : recommendations?.ranking[0]
        ? { date: recommendations.ranking[0].anchor, chosen: 'recommended' as const }
        : null;
  const plan = anchor ? planCoTerm({ asOf, anchor: anchor.date, subscriptions, priceList: priceBook }) : null;
  return { account: { id: account.id, name: account.name }, accountIds, anchor, plan, recommendations };
}

/** The first `MM-DD` on or after `asOf`. */
export function nextOccurrence(monthDay: string, asOf: CalendarDate): CalendarDate {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  const date = CalendarDate.of(asOf.year, month, day);
  return date.isBefore(asOf) ? CalendarDate.of(asOf.year + 1, month, day) : date;
}
