import { type CalendarDate } from '../../calendar/date.ts';
import { currency as currencyOf } from '../../money/currency.ts';
import { Decimal, pow10 } from '../../money/decimal.ts';
import { type PriceBook } from '../../nce/price-list.ts';
import { type AccountSubscription } from '../../portfolio/account-subscription.ts';
import { type Fraction } from '../consumption-trend.ts';
import { type PriceSources, type ServiceCatalogEntry } from '../renewal-pricing.ts';


import { type UsageSignal } from '../usage.ts';
/**
 * The revenue plays of seed 000 as rules: each reads the account and returns
 * recommendations with the evidence that triggered them, or nothing. Plays do
 * not decide; the AM presents or drops what they find.
 */
export type PlayName = 'anchor_and_expand' | 'usage_to_upgrade' | 'inflation_guard' | 'reserved_instance';

/** Plays move money in different directions; this says what `monthlyImpact` measures. */
export type ImpactKind =
  /** anchor_and_expand: the incentive offered, one month of the MSP services' value. */
  | 'incentive'
  /** usage_to_upgrade: what the upgrade adds to the monthly bill. */
  | 'added_revenue'
  /** inflation_guard: what the price rise adds to the monthly bill (what a lock protects against). */
  | 'price_increase'
  /** reserved_instance: the client's projected monthly saving. */
  | 'client_saving';

export interface Recommendation {
  readonly play: PlayName;
  readonly title: string;
  readonly evidence: readonly string[];
  readonly proposal: string;
  /** Rounded half up to the currency's minor units; absent when the play has nothing priced to offer. */
  readonly monthlyImpact?: Decimal;
  readonly impact?: ImpactKind;
  readonly currency: string;
  /** The subscriptions the recommendation is about (empty for account-wide ones). */
  readonly subscriptionIds: readonly string[];
}

export interface PlayOptions {
  /** Tickets in a category matching /security/i within `ticketWindowDays` that trigger the harden path (default 3). */
  readonly securityTicketMinimum: number;
  readonly ticketWindowDays: number;
  /** Backup utilisation above this percentage of capacity triggers the BCDR add-on (default 80). */
  readonly backupUtilisationPercent: number;
  /** Projected monthly Azure spend that opens a reserved-instance conversation (default 1000, in the account's currency). */
  readonly reservedInstanceThreshold: Decimal;
  /** Assumed reserved-instance discount on compute (default 0.40): an assumption, stated as such. */
  readonly reservedInstanceDiscount: Decimal;
  /** Meter categories counted as compute (default Virtual Machines). */
  readonly computeCategories: readonly string[];
  /** Months after a renewal in which a future-dated list price rise is looked for (default 12). */
  readonly priceRiseLookaheadMonths: number;
}

export const DEFAULT_PLAY_OPTIONS: PlayOptions = {
  securityTicketMinimum: 3,
  ticketWindowDays: 90,
  backupUtilisationPercent: 80,
  reservedInstanceThreshold: Decimal.parse('1000'),
  reservedInstanceDiscount: Decimal.parse('0.40'),
  computeCategories: ['Virtual Machines'],
  priceRiseLookaheadMonths: 12,
};

/** Length of the price lock anchor-and-expand offers. */
export const PRICE_LOCK_MONTHS = 24;

export interface PlayContext {
  readonly asOf: CalendarDate;
  /** The day the renewal under discussion takes effect: upgrades are priced on it. */
  readonly renewalDate: CalendarDate;
  /** The account's currency: every amount a play quotes is in it. */
  readonly currency: string;
  /** The account's subscriptions (all of them, not only those renewing). */
  readonly subscriptions: readonly AccountSubscription[];
  readonly signals: readonly UsageSignal[];
  readonly priceBook: PriceBook;
  readonly serviceCatalog?: readonly ServiceCatalogEntry[];
  /** The co-term anchor (a common term end date); default: the end of a 12-month term starting on the renewal date. */
  readonly anchor?: CalendarDate;
  readonly options?: Partial<PlayOptions>;
}

export type Play = (context: PlayContext) => Recommendation[];

export function playOptions(context: PlayContext): PlayOptions {
  return { ...DEFAULT_PLAY_OPTIONS, ...context.options };
}

export function priceSources(context: PlayContext): PriceSources {
  return { priceBook: context.priceBook, serviceCatalog: context.serviceCatalog ?? [], date: context.renewalDate, currency: context.currency };
}

export function sameCurrency(code: string | null, currency: string): boolean {
  return code !== null && code.toUpperCase() === currency.toUpperCase();
}

export function atLeast(fraction: Fraction, threshold: Decimal): boolean {
  return fraction.numerator * pow10(threshold.scale) >= threshold.units * fraction.denominator;
}

export function minorUnitsOf(code: string): number {
  return currencyOf(code).minorUnits;
}

export function signed(value: Decimal): string {
  return value.sign() >= 0 ? `+${value.toString()}` : value.toString();
}

export function firstOfMonth(date: CalendarDate): CalendarDate {
  return date.addDays(1 - date.day);
}

