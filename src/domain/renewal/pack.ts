import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { currency as currencyOf } from '../money/currency.ts';
import { type Decimal } from '../money/decimal.ts';
import { type PriceBook } from '../nce/price-list.ts';
import { type AccountSubscription } from '../portfolio/account-subscription.ts';
import { type CommercialOptions, commercialOptions } from './commercial-options.ts';
import { type Entitlements, entitlementsVsUsage } from './entitlements.ts';
import { type AccountHealth, accountHealth } from './health.ts';
import { type PlayOptions, type Recommendation, recommendPlays } from './plays.ts';
import { type PricingDelta, pricingDeltas } from './pricing-deltas.ts';
import { type ServiceCatalogEntry } from './renewal-pricing.ts';
import { type UsageSignal } from './usage.ts';

/** One line of the co-term option: a subscription's aligning charge, computed elsewhere with its explanation. */
export interface CotermOptionLine {
  readonly subscriptionId: string;
  readonly productName: string;
  readonly description: string;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  readonly amount: Decimal;
  readonly currency: string;
  readonly explanation: string;
}

/** What aligning every subscription to the anchor costs, line by line (computed by the co-term planner, passed through as is). */
export interface CotermOption {
  /** The common term end date the subscriptions align to. */
  readonly anchor: CalendarDate;
  readonly lines: readonly CotermOptionLine[];
  readonly total: Decimal;
  readonly currency: string;
}

export interface RenewalPackInput {
  readonly asOf: CalendarDate;
  /** The day the renewing subscriptions' new terms start. */
  readonly renewalDate: CalendarDate;
  readonly account: { readonly id: string; readonly name: string };
  /** The subscriptions renewing in this event. */
  readonly subscriptions: readonly AccountSubscription[];
  /** All of the account's subscriptions (plays look across the account). */
  readonly allSubscriptions: readonly AccountSubscription[];
  readonly signals: readonly UsageSignal[];
  readonly priceBook: PriceBook;
  readonly cotermOption?: CotermOption;
  /** Computed with the default options when absent. */
  readonly health?: AccountHealth;
  /** The MSP's own add-ons (e.g. the BCDR add-on); without it they are not offered. */
  readonly serviceCatalog?: readonly ServiceCatalogEntry[];
  /** The pack's currency; by default the renewing subscriptions' (which must agree). */
  readonly currency?: string;
  readonly playOptions?: Partial<PlayOptions>;
}

/**
 * Seed 000's T-90 renewal pack: (a) entitlements against usage, (b) pricing
 * deltas, (c) recommended upgrades (the revenue plays), (d) the co-term
 * option, (e) three commercial options, hold, harden and modernize. Money is
 * in one currency, each computed figure rounded half up to its minor units
 * once; the pack is plain data (dates and decimals serialise as strings) and
 * the same input always gives the same pack.
 */
export interface RenewalPack {
  readonly account: { readonly id: string; readonly name: string };
  readonly asOf: CalendarDate;
  readonly renewalDate: CalendarDate;
  readonly currency: string;
  readonly health: AccountHealth;
  readonly entitlements: Entitlements;
  readonly pricing: readonly PricingDelta[];
  readonly recommendations: readonly Recommendation[];
  readonly coterm: CotermOption | null;
  readonly options: Omit<CommercialOptions, 'excluded'>;
  /** Renewing subscriptions the options cannot price, with the reason. */
  readonly excluded: CommercialOptions['excluded'];
}

export function buildRenewalPack(input: RenewalPackInput): RenewalPack {
  const currency = packCurrency(input);
  const sources = { priceBook: input.priceBook, serviceCatalog: input.serviceCatalog ?? [], date: input.renewalDate, currency };
  const { excluded, ...options } = commercialOptions(input.subscriptions, input.allSubscriptions, input.signals, input.asOf, sources);
  return {
    account: { id: input.account.id, name: input.account.name },
    asOf: input.asOf,
    renewalDate: input.renewalDate,
    currency,
    health: input.health ?? accountHealth(input.signals, input.asOf),
    entitlements: entitlementsVsUsage(input.subscriptions, input.signals, input.asOf, currency),
    // A subscription in another currency cannot be compared with this currency's list; the options list it as excluded.
    pricing: pricingDeltas(input.subscriptions.filter((subscription) => (subscription.currency ?? currency).toUpperCase() === currency), input.priceBook, input.asOf, input.renewalDate, currency),
    recommendations: recommendPlays({
      asOf: input.asOf,
      renewalDate: input.renewalDate,
      currency,
      subscriptions: input.allSubscriptions,
      signals: input.signals,
      priceBook: input.priceBook,
      ...(input.serviceCatalog ? { serviceCatalog: input.serviceCatalog } : {}),
      ...(input.cotermOption ? { anchor: input.cotermOption.anchor } : {}),
      ...(input.playOptions ? { options: input.playOptions } : {}),
    }),
    coterm: input.cotermOption ?? null,
    options,
    excluded,
  };
}

/** One currency per pack: the one asked for, else the renewing subscriptions' (they must agree), else the account's. */
function packCurrency(input: RenewalPackInput): string {
  if (input.currency) return currencyOf(input.currency, 'currency').code;
  for (const [subscriptions, field] of [
    [input.subscriptions, 'subscriptions'],
    [input.allSubscriptions, 'allSubscriptions'],
  ] as const) {
    const codes = [...new Set(subscriptions.flatMap((subscription) => (subscription.currency ? [subscription.currency.toUpperCase()] : [])))].sort();
    if (codes.length > 1) throw new InvalidInputError(`a renewal pack is priced in one currency; the ${field} are in ${codes.join(', ')}: pass the currency to use`, field);
    if (codes[0]) return currencyOf(codes[0], field).code;
  }
  throw new InvalidInputError('no subscription has a currency: pass the currency of the pack', 'currency');
}
