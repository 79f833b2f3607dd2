import { defaultTermEnd } from '../../../domain/calendar/periods.ts';
import { isRecord, type StandInResponse } from '../../posting/stand-ins/json-http.ts';
import { endDateCandidates, judgeEndDate } from './end-dates.ts';
import { billingCycleOf, billsLongerThanTerm, calendarDateOf, isSeatCount, startOfDay, termDurationOf } from './fields.ts';
import { refuse } from './microsoft-errors.ts';
import { type CartLine, type PartnerCenterState, type StoredCart } from './state.ts';
import { type StoredSubscription } from './stored-subscription.ts';

type Checked<T> = { readonly ok: T } | { readonly refusal: StandInResponse };

const CATALOG_ITEM_ID = /^[^:]+:[^:]+:[^:]+$/;

/** POST customers/{id}/carts: every line is checked, the custom term end date included, before the cart exists. */
export function createCart(state: PartnerCenterState, customerId: string, body: unknown): StandInResponse {
  const items = isRecord(body) && Array.isArray(body.lineItems) ? body.lineItems : undefined;
  if (!items || items.length === 0) return refuse.invalidInput('a cart needs lineItems, at least one');
  const lines: CartLine[] = [];
  for (const [index, item] of items.entries()) {
    const line = checkLine(item, index);
    if ('refusal' in line) return line.refusal;
    lines.push(line.ok);
  }
  const endDateRefusal = endDateRefusalOf(state, customerId, lines);
  if (endDateRefusal) return endDateRefusal;
  const cart: StoredCart = { id: state.newId('cart'), customerId, lineItems: lines, checkedOut: false };
  state.carts.set(cart.id, cart);
  return { status: 201, body: cartResource(cart) };
}

/**
 * POST customers/{id}/carts/{id}/checkout: creates one subscription per line,
 * its term starting today and ending on the line's custom term end date or
 * the term's default end. A cart is checked out once.
 */
export function checkoutCart(state: PartnerCenterState, customerId: string, cartId: string): StandInResponse {
  const cart = state.carts.get(cartId);
  if (!cart || cart.customerId !== customerId) return refuse.cartNotFound();
  if (cart.checkedOut) return refuse.cartAlreadySubmitted(cartId);
  // The customer's subscriptions may have changed since the cart was made, and with them the dates allowed.
  const endDateRefusal = endDateRefusalOf(state, customerId, cart.lineItems);
  if (endDateRefusal) return endDateRefusal;

  const today = state.todayDate();
  const orderId = state.newId('order');
  const created = cart.lineItems.map((line) => subscriptionFromLine(state, customerId, line, orderId));
  for (const subscription of created) state.addSubscription(subscription);
  cart.checkedOut = true;
  const lineItems = cart.lineItems.map((line, index) => ({
    lineItemNumber: line.id,
    offerId: line.catalogItemId,
    subscriptionId: created[index]?.id,
    friendlyName: created[index]?.productName,
    quantity: line.quantity,
    billingCycle: line.billingCycle,
    termDuration: line.termDuration,
    ...(line.customTermEndDate ? { customTermEndDate: startOfDay(line.customTermEndDate) } : {}),
  }));
  const order = { id: orderId, referenceCustomerId: customerId, lineItems, creationDate: startOfDay(today), status: 'completed', attributes: { objectType: 'Order' } };
  return { status: 201, body: { orders: [order], orderErrors: [], attributes: { objectType: 'CartCheckoutResult' } } };
}

function checkLine(item: unknown, index: number): Checked<CartLine> {
  if (!isRecord(item)) return { refusal: refuse.invalidInput(`line item ${index} must be an object`) };
  const id = typeof item.id === 'number' && Number.isInteger(item.id) ? item.id : index;
  const { catalogItemId } = item;
  if (typeof catalogItemId !== 'string' || !CATALOG_ITEM_ID.test(catalogItemId)) {
    return { refusal: refuse.invalidInput(`line item ${id}: catalogItemId must be productId:skuId:availabilityId`) };
  }
  if (!isSeatCount(item.quantity)) return { refusal: refuse.lineQuantity(id) };
  const termDuration = termDurationOf(item.termDuration);
  if (!termDuration) return { refusal: refuse.invalidTermDuration() };
  const billingCycle = billingCycleOf(item.billingCycle);
  if (!billingCycle) return { refusal: refuse.invalidBillingCycle() };
  if (billsLongerThanTerm(billingCycle, termDuration)) return { refusal: refuse.billingCycleLongerThanTerm() };
  if (item.customTermEndDate === undefined || item.customTermEndDate === null) return { ok: { id, catalogItemId, quantity: item.quantity, billingCycle, termDuration } };
  const customTermEndDate = calendarDateOf(item.customTermEndDate);
  if (!customTermEndDate) return { refusal: refuse.invalidInput(`line item ${id}: customTermEndDate "${String(item.customTermEndDate)}" is not a date`) };
  return { ok: { id, catalogItemId, quantity: item.quantity, billingCycle, termDuration, customTermEndDate } };
}

/** A new term starts on the day of purchase, so its end date is judged against today. */
function endDateRefusalOf(state: PartnerCenterState, customerId: string, lines: readonly CartLine[]): StandInResponse | undefined {
  const candidates = endDateCandidates(state, customerId);
  for (const line of lines) {
    if (!line.customTermEndDate) continue;
    const verdict = judgeEndDate(candidates, line.termDuration, state.todayDate(), line.customTermEndDate);
    if (verdict === 'outOfRange') return refuse.lineEndDateOutOfRange(line.id);
    if (verdict === 'notAligned') return refuse.lineEndDateNotAligned(line.id);
  }
  return undefined;
}

function subscriptionFromLine(state: PartnerCenterState, customerId: string, line: CartLine, orderId: string): StoredSubscription {
  const today = state.todayDate();
  return {
    id: state.newId('subscription'),
    customerId,
    offerId: line.catalogItemId,
    productName: state.productName(line.catalogItemId),
    quantity: line.quantity,
    termDuration: line.termDuration,
    billingCycle: line.billingCycle,
    status: 'active',
    autoRenewEnabled: true,
    creationDate: today,
    termStart: today,
    commitmentEndDate: line.customTermEndDate ?? defaultTermEnd(today, line.termDuration),
    seatBatches: [{ added: today, quantity: line.quantity }],
    scheduledNextTermInstructions: undefined,
    orderId,
  };
}

function cartResource(cart: StoredCart): Record<string, unknown> {
  const lineItems = cart.lineItems.map((line) => ({
    id: line.id,
    catalogItemId: line.catalogItemId,
    quantity: line.quantity,
    billingCycle: line.billingCycle,
    termDuration: line.termDuration,
    ...(line.customTermEndDate ? { customTermEndDate: startOfDay(line.customTermEndDate) } : {}),
    orderGroup: '0',
  }));
  return { id: cart.id, status: cart.checkedOut ? 'Ordered' : 'Active', lineItems, attributes: { objectType: 'Cart' } };
}
