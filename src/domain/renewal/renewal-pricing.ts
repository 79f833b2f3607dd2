import { type CalendarDate } from '../calendar/date.ts';
import { type BillingPlan } from '../calendar/periods.ts';
import { type BillingPeriod } from '../ledger/service-terms.ts';
import { type Decimal } from '../money/decimal.ts';
import { type PriceBook } from '../nce/price-list.ts';
import { type AccountSubscription, monthlyValue } from '../portfolio/account-subscription.ts';
import { productKey, stepProduct, type UpgradeGoal, upgradePathsFor, type UpgradeStep } from './upgrade-paths.ts';

/** One of the MSP's own sellable add-ons (not on Microsoft's list), e.g. the BCDR add-on. */
export interface ServiceCatalogEntry {
  readonly productName: string;
  /** One unit for one billing period. */
  readonly unitPrice: Decimal;
  readonly currency: string;
  readonly billing: BillingPeriod;
}

/** What prices a renewal: Microsoft's list on the renewal date, the MSP's catalog for its add-ons. */
export interface PriceSources {
  readonly priceBook: PriceBook;
  readonly serviceCatalog: readonly ServiceCatalogEntry[];
  /** The day the renewal (and any upgrade) takes effect: prices in force then apply. */
  readonly date: CalendarDate;
  readonly currency: string;
}

export type LineAction = 'renew' | 'migrate' | 'add';

/** A priced line before rounding: `monthlyValue` is `monthlyValue()`'s 4-decimal figure. */
export interface PricedLine {
  /** The subscription the line renews, replaces or sits beside. */
  readonly subscriptionId: string;
  readonly action: LineAction;
  readonly productName: string;
  readonly quantity: number;
  /** One unit for one billing cycle, as listed. */
  readonly unitPrice: Decimal;
  /** `P1Y` for a Microsoft term, `P12M` for an MSP service's term; null when unknown. */
  readonly term: string | null;
  readonly billing: string | null;
  readonly monthlyValue: Decimal;
  /** Where the unit price came from, in words. */
  readonly priceSource: string;
}

/**
 * The status-quo renewal of a subscription: its quantity at the Microsoft list
 * price in force on the renewal date (NCE renewals take the list price then),
 * or at its contract price for what has no list (MSP services, legacy,
 * software) or no list row for the plan. A subscription without a unit price
 * or billing plan cannot be priced and is excluded with the reason.
 */
export function renewalLine(subscription: AccountSubscription, sources: PriceSources): PricedLine | { readonly excluded: string } {
  if (!subscription.unitPrice) return { excluded: subscription.kind === 'azure_plan' ? 'consumption-billed: no unit price to renew' : 'no unit price' };
  const plan = microsoftPlan(subscription);
  let unitPrice = subscription.unitPrice;
  let priceSource = subscription.kind === 'msp_service' ? "the MSP's contract price" : 'the contract price (no list price applies)';
  if (plan) {
    const entry = sources.priceBook.priceOn(subscription.productName, plan.term, plan.billing, sources.currency, sources.date);
    if (entry) {
      unitPrice = entry.unitPrice;
      priceSource = listSource(subscription.productName, plan, sources, entry.effectiveStart);
    } else {
      priceSource = `the contract price: no list price for ${subscription.productName} ${plan.term} ${plan.billing} ${sources.currency} on ${sources.date.toString()}`;
    }
  }
  const line = pricedLine(subscription, 'renew', subscription.productName, subscription.quantity, unitPrice, priceSource);
  return line ?? { excluded: 'no billing plan to spread the price over months' };
}

/** A priced upgrade, or why the path offers nothing. */
export type UpgradeOutcome =
  | { readonly offered: true; readonly step: UpgradeStep; readonly line: PricedLine; readonly replacesRenewal: boolean; readonly skipped: readonly string[] }
  | { readonly offered: false; readonly reasons: readonly string[] };

export interface UpgradeContext {
  readonly sources: PriceSources;
  /** Seats assigned on the latest measurement, when known: add-ons cover the seats in use. */
  readonly seatsInUse: number | null;
  /**
   * Seats of each product the account already holds (by `productKey`), not
   * yet set against an add-on: an add-on is only proposed for seats not
   * already licensed. Consumed as add-ons are proposed.
   */
  readonly owned: Map<string, number>;
}

/**
 * The first alternative of the subscription's path for `goal` that can be
 * priced. A migration keeps the quantity, term and billing and must not cost
 * less than the renewal it replaces (a cheaper "upgrade" means the price list
 * is not what the path assumes); an add-on covers the seats in use (capped at
 * the seats renewed, since each needs a base licence) less seats already held.
 */
export function upgradeFor(subscription: AccountSubscription, renewal: PricedLine, goal: UpgradeGoal, context: UpgradeContext): UpgradeOutcome {
  const paths = upgradePathsFor(subscription);
  if (!paths) return { offered: false, reasons: [`${subscription.productName} has no ${goal} path`] };
  const steps = paths[goal];
  if (steps.length === 0) return { offered: false, reasons: [`${subscription.productName} has no ${goal} path`] };
  const skipped: string[] = [];
  for (const step of steps) {
    const outcome = priceStep(subscription, renewal, step, context);
    if ('line' in outcome) return { offered: true, step, line: outcome.line, replacesRenewal: step.kind === 'migrate', skipped };
    skipped.push(outcome.reason);
  }
  return { offered: false, reasons: skipped };
}

function priceStep(subscription: AccountSubscription, renewal: PricedLine, step: UpgradeStep, context: UpgradeContext): { line: PricedLine } | { reason: string } {
  const product = stepProduct(step);
  const price = stepPrice(subscription, step, context.sources);
  if ('reason' in price) return { reason: `${product}: not offered, ${price.reason}` };
  if (step.kind === 'migrate') {
    if (price.unitPrice.compare(renewal.unitPrice) < 0) {
      return { reason: `${product}: not offered, it lists at ${price.unitPrice.toString()}, below the ${renewal.unitPrice.toString()} renewal price of ${subscription.productName}, so it is not an upgrade` };
    }
    const line = pricedLine(price.priced, 'migrate', price.productName, subscription.quantity, price.unitPrice, price.source);
    return line ? { line } : { reason: `${product}: not offered, cannot be priced per month` };
  }
  const inUse = step.sizing === 'seatsInUse' ? context.seatsInUse : null;
  const wanted = Math.min(inUse ?? subscription.quantity, subscription.quantity);
  const key = productKey(product);
  const held = context.owned.get(key) ?? 0;
  const covered = Math.min(wanted, held);
  context.owned.set(key, held - covered);
  const quantity = wanted - covered;
  const unit = step.sizing === 'seatsInUse' ? 'seats' : 'units';
  if (quantity === 0) {
    return { reason: wanted === 0 ? `${product}: not offered, no seats in use` : `${product}: not offered, already licensed for the ${wanted} ${unit} it would cover` };
  }
  const sizing =
    (step.sizing === 'quantity'
      ? `the subscription's ${subscription.quantity} units`
      : inUse === null
        ? `${subscription.quantity} seats purchased (no seats_assigned signal)`
        : `${wanted} seats in use`) + (covered > 0 ? ` less ${covered} already licensed` : '');
  const line = pricedLine(price.priced, 'add', price.productName, quantity, price.unitPrice, `${price.source}; sized by ${sizing}`);
  return line ? { line } : { reason: `${product}: not offered, cannot be priced per month` };
}

/** The unit price of a step's product: the MSP's catalog for its add-ons, else Microsoft's list on the subscription's plan. */
function stepPrice(
  subscription: AccountSubscription,
  step: UpgradeStep,
  sources: PriceSources,
): { readonly productName: string; readonly unitPrice: Decimal; readonly source: string; readonly priced: AccountSubscription } | { readonly reason: string } {
  const product = stepProduct(step);
  if (step.kind === 'add' && step.priceFrom === 'serviceCatalog') {
    const entry = sources.serviceCatalog.find((row) => productKey(row.productName) === productKey(product) && row.currency.toUpperCase() === sources.currency.toUpperCase());
    if (!entry) return { reason: `no ${sources.currency} price in the MSP's service catalog` };
    // Valued as an MSP service on the catalog's billing period, for the term of the service it sits beside.
    const service = { billing: entry.billing, termMonths: subscription.service?.termMonths ?? 12, noticeDays: subscription.service?.noticeDays ?? 0, prorationPolicy: subscription.service?.prorationPolicy ?? 'none' } as const;
    return { productName: entry.productName, unitPrice: entry.unitPrice, source: `the MSP's service catalog (${entry.billing})`, priced: { ...subscription, kind: 'msp_service', service } };
  }
  const plan = microsoftPlan(subscription);
  if (!plan) return { reason: `${subscription.productName} has no Microsoft term and billing plan to price it on` };
  const entry = sources.priceBook.priceOn(product, plan.term, plan.billing, sources.currency, sources.date);
  if (!entry) return { reason: `not in the price list for ${plan.term} ${plan.billing} ${sources.currency} on ${sources.date.toString()}` };
  return { productName: entry.product, unitPrice: entry.unitPrice, source: listSource(product, plan, sources, entry.effectiveStart), priced: subscription };
}

/** Seats of each product the account holds, by product key: add-ons already bought are not proposed again. */
export function ownedSeats(subscriptions: readonly AccountSubscription[]): Map<string, number> {
  const owned = new Map<string, number>();
  for (const subscription of subscriptions) {
    if (!isLive(subscription)) continue;
    const key = productKey(subscription.productName);
    owned.set(key, (owned.get(key) ?? 0) + subscription.quantity);
  }
  return owned;
}

/** Cancelled, expired and ended subscriptions no longer renew, bill or need aligning. */
export function isLive(subscription: AccountSubscription): boolean {
  return !['cancelled', 'expired', 'ended'].includes(subscription.status.toLowerCase());
}

/** A Microsoft licence's plan, when it has one the price list can be asked about. */
export function microsoftPlan(subscription: AccountSubscription): { readonly term: NonNullable<AccountSubscription['term']>; readonly billing: BillingPlan } | undefined {
  if (subscription.kind === 'msp_service' || subscription.kind === 'azure_plan') return undefined;
  const { term, billing } = subscription;
  if (!term || !billing || billing === 'onetime') return undefined;
  return { term, billing };
}

/** The subscription with another product, quantity and price, valued per month the way every monthly figure is. */
function pricedLine(subscription: AccountSubscription, action: LineAction, productName: string, quantity: number, unitPrice: Decimal, priceSource: string): PricedLine | undefined {
  const valued: AccountSubscription = { ...subscription, productName, quantity, unitPrice };
  const monthly = monthlyValue(valued);
  if (!monthly) return undefined;
  return {
    subscriptionId: subscription.id,
    action,
    productName,
    quantity,
    unitPrice,
    term: termOf(valued),
    billing: valued.kind === 'msp_service' ? (valued.service?.billing ?? 'monthly') : valued.billing,
    monthlyValue: monthly,
    priceSource,
  };
}

function termOf(subscription: AccountSubscription): string | null {
  if (subscription.term) return subscription.term;
  return subscription.service ? `P${subscription.service.termMonths}M` : null;
}

function listSource(product: string, plan: { term: string; billing: string }, sources: PriceSources, effectiveStart: CalendarDate): string {
  return `Microsoft price list: ${product} ${plan.term} ${plan.billing} ${sources.currency} in force on ${sources.date.toString()} (effective ${effectiveStart.toString()})`;
}
