import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type TermDuration } from '../../domain/calendar/periods.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import {
  type CartLineInput,
  type NextTermInstructions,
  type PartnerCenterRequest,
  type PartnerCenterSubscription,
  type TransitionInput,
} from './model.ts';

/*
 * Builders for the Partner Center REST calls coterm makes (paths and bodies
 * as learn.microsoft.com/partner-center/developer documents them). They do no
 * I/O, so a dry run lists exactly what a real run sends.
 */

const JSON_CONTENT = { 'Content-Type': 'application/json' } as const;

export function getSubscriptionRequest(customerId: string, subscriptionId: string): PartnerCenterRequest {
  return { method: 'GET', path: subscriptionPath(customerId, subscriptionId) };
}

export interface CustomTermEndDatesQuery {
  readonly termDuration: TermDuration;
  /** The intended first day of the new term; Partner Center refuses a past date. */
  readonly termStartDate?: CalendarDate;
  /** Only the dates that co-term with this subscription (and the month end). */
  readonly targetCotermSubscriptionId?: string;
}

/** The end dates Partner Center would accept for a new subscription bought for this customer. */
export function customTermEndDatesRequest(customerId: string, query: CustomTermEndDatesQuery): PartnerCenterRequest {
  const parameters = new URLSearchParams({ term_duration: query.termDuration });
  if (query.termStartDate) parameters.set('term_start_date', query.termStartDate.toString());
  if (query.targetCotermSubscriptionId) parameters.set('target_coterm_subscription_id', query.targetCotermSubscriptionId);
  return { method: 'GET', path: `/v1/customers/${segment(customerId)}/subscriptions/customTermEndDates?${parameters.toString()}` };
}

/** Partner Center takes the whole subscription back with the new quantity. */
export function changeSeatsRequest(customerId: string, subscription: PartnerCenterSubscription, quantity: number): PartnerCenterRequest {
  requireSeats(quantity, 'quantity');
  return {
    method: 'PATCH',
    path: subscriptionPath(customerId, subscription.id),
    headers: JSON_CONTENT,
    body: { ...subscription, quantity },
    summary: `quantity ${subscription.quantity} → ${quantity}`,
  };
}

/** Sets what the subscription renews into; takes effect at the next renewal, not now. */
export function scheduleNextTermRequest(customerId: string, subscription: PartnerCenterSubscription, next: NextTermInstructions): PartnerCenterRequest {
  requireSeats(next.quantity, 'quantity');
  const [productId, skuId, availabilityId] = catalogItemParts(next.catalogItemId, 'catalogItemId');
  const instructions = {
    product: { productId, skuId, availabilityId, billingCycle: next.billingCycle, termDuration: next.termDuration },
    quantity: next.quantity,
    ...(next.customTermEndDate ? { customTermEndDate: dateTime(next.customTermEndDate) } : {}),
  };
  return {
    method: 'PATCH',
    path: subscriptionPath(customerId, subscription.id),
    headers: JSON_CONTENT,
    body: { ...subscription, scheduledNextTermInstructions: instructions },
    summary: `next term ${purchaseText(next)}`,
  };
}

export function createCartRequest(customerId: string, lines: readonly CartLineInput[]): PartnerCenterRequest {
  if (lines.length === 0) throw new InvalidInputError('a cart needs at least one line', 'lines');
  lines.forEach((line, index) => {
    requireSeats(line.quantity, `lines[${index}].quantity`);
    catalogItemParts(line.catalogItemId, `lines[${index}].catalogItemId`);
  });
  const lineItems = lines.map((line, index) => ({
    id: index,
    catalogItemId: line.catalogItemId,
    quantity: line.quantity,
    billingCycle: line.billingCycle,
    termDuration: line.termDuration,
    ...(line.customTermEndDate ? { customTermEndDate: dateTime(line.customTermEndDate) } : {}),
  }));
  return {
    method: 'POST',
    path: `/v1/customers/${segment(customerId)}/carts`,
    headers: JSON_CONTENT,
    body: { lineItems },
    summary: `buy ${lines.map(purchaseText).join('; ')}`,
  };
}

export function checkoutCartRequest(customerId: string, cartId: string): PartnerCenterRequest {
  return { method: 'POST', path: `/v1/customers/${segment(customerId)}/carts/${segment(cartId)}/checkout` };
}

/** The products this subscription can be upgraded to now, and the existing subscriptions that could receive the seats. */
export function transitionEligibilitiesRequest(customerId: string, subscriptionId: string): PartnerCenterRequest {
  return { method: 'GET', path: `${subscriptionPath(customerId, subscriptionId)}/transitionEligibilities?eligibilityType=immediate` };
}

export function transitionRequest(customerId: string, subscriptionId: string, transition: TransitionInput): PartnerCenterRequest {
  requireSeats(transition.quantity, 'quantity');
  const into = transition.toSubscriptionId ? ` into subscription ${transition.toSubscriptionId}` : '';
  return {
    method: 'POST',
    path: `${subscriptionPath(customerId, subscriptionId)}/transitions`,
    headers: JSON_CONTENT,
    body: {
      toCatalogItemId: transition.toCatalogItemId,
      quantity: transition.quantity,
      transitionType: transition.transitionType,
      ...(transition.toSubscriptionId ? { toSubscriptionId: transition.toSubscriptionId } : {}),
      ...(transition.termDuration ? { termDuration: transition.termDuration } : {}),
      ...(transition.billingCycle ? { billingCycle: transition.billingCycle } : {}),
    },
    summary: `${transition.transitionType} ${transition.quantity} to ${transition.toCatalogItemId}${into}`,
  };
}

function subscriptionPath(customerId: string, subscriptionId: string): string {
  return `/v1/customers/${segment(customerId)}/subscriptions/${segment(subscriptionId)}`;
}

function segment(id: string): string {
  if (id === '') throw new InvalidInputError('an id in a Partner Center path cannot be empty');
  return encodeURIComponent(id);
}

function requireSeats(quantity: number, field: string): void {
  if (!Number.isInteger(quantity) || quantity < 1) throw new InvalidInputError(`${field} must be a whole number of seats, at least 1 (got ${quantity})`, field);
}

/** Catalog item ids are `productId:skuId:availabilityId`. */
function catalogItemParts(catalogItemId: string, field: string): [string, string, string] {
  const parts = catalogItemId.split(':');
  if (parts.length !== 3 || parts.some((part) => part === '')) {
    throw new InvalidInputError(`${field} must be productId:skuId:availabilityId (got "${catalogItemId}")`, field);
  }
  return parts as [string, string, string];
}

/** Partner Center's DateTime for a whole day, as its examples write it. */
function dateTime(date: CalendarDate): string {
  return `${date.toString()}T00:00:00Z`;
}

function purchaseText(purchase: CartLineInput | NextTermInstructions): string {
  const end = purchase.customTermEndDate ? ` ending ${purchase.customTermEndDate.toString()}` : '';
  return `${purchase.quantity} × ${purchase.catalogItemId} ${purchase.termDuration} ${purchase.billingCycle}${end}`;
}
