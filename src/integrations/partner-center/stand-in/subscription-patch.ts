import { type CalendarDate } from '../../../domain/calendar/date.ts';
import { refundableSeats, takeSeats } from '../../../domain/nce/seat-window.ts';
import { isRecord, type StandInResponse } from '../../posting/stand-ins/json-http.ts';
import { type ScheduledNextTermInstructions } from '../model.ts';
import { endDateCandidates, judgeEndDate } from './end-dates.ts';
import { billingCycleOf, billsLongerThanTerm, calendarDateOf, isSeatCount, startOfDay, termDurationOf } from './fields.ts';
import { refuse } from './microsoft-errors.ts';
import { type PartnerCenterState } from './state.ts';
import { type StoredSubscription, subscriptionResource } from './stored-subscription.ts';

/** What one PATCH changes; absent fields stay as they are. */
interface PatchPlan {
  readonly autoRenewEnabled?: boolean;
  readonly quantity?: number;
  /** `null` removes the instructions. */
  readonly instructions?: ScheduledNextTermInstructions | null;
}

type Checked<T> = { readonly ok: T } | { readonly refusal: StandInResponse };

/**
 * PATCH customers/{id}/subscriptions/{id}: the body is the whole subscription;
 * the fields that differ from the stored one are the change (quantity,
 * scheduledNextTermInstructions, autoRenewEnabled; others are read-only here).
 * Everything is checked before anything changes.
 */
export function patchSubscription(state: PartnerCenterState, subscription: StoredSubscription, body: unknown): StandInResponse {
  if (!isRecord(body)) return refuse.invalidInput('the body must be a subscription resource');
  const checked = planPatch(state, subscription, body);
  if ('refusal' in checked) return checked.refusal;
  applyPatch(subscription, checked.ok, state.todayDate(), state.windowDays);
  return { status: 200, body: subscriptionResource(subscription, state.todayDate(), state.windowDays) };
}

function planPatch(state: PartnerCenterState, subscription: StoredSubscription, body: Record<string, unknown>): Checked<PatchPlan> {
  const autoRenewEnabled = typeof body.autoRenewEnabled === 'boolean' && body.autoRenewEnabled !== subscription.autoRenewEnabled ? body.autoRenewEnabled : undefined;
  const quantityChanged = body.quantity !== undefined && body.quantity !== subscription.quantity;
  const instructionsChanged =
    body.scheduledNextTermInstructions !== undefined &&
    JSON.stringify(body.scheduledNextTermInstructions) !== JSON.stringify(subscription.scheduledNextTermInstructions ?? null);
  if (autoRenewEnabled === undefined && !quantityChanged && !instructionsChanged) return { ok: {} };
  if (subscription.status !== 'active') return { refusal: refuse.notActive() };

  let quantity: number | undefined;
  if (quantityChanged) {
    const seats = checkSeatChange(state, subscription, body.quantity);
    if ('refusal' in seats) return seats;
    quantity = seats.ok;
  }
  let instructions: ScheduledNextTermInstructions | null | undefined;
  if (instructionsChanged) {
    const autoRenews = autoRenewEnabled ?? subscription.autoRenewEnabled;
    const next = body.scheduledNextTermInstructions === null ? { ok: null } : checkNextTerm(state, subscription, body.scheduledNextTermInstructions, autoRenews);
    if ('refusal' in next) return next;
    instructions = next.ok;
  }
  return { ok: { autoRenewEnabled, quantity, instructions } };
}

/** More seats are always welcome; fewer only out of seats still inside their reduction window. */
function checkSeatChange(state: PartnerCenterState, subscription: StoredSubscription, value: unknown): Checked<number> {
  if (!isSeatCount(value)) return { refusal: refuse.quantityOutOfRange() };
  const removed = subscription.quantity - value;
  if (removed > refundableSeats(subscription.seatBatches, state.todayDate(), state.windowDays)) {
    return { refusal: refuse.seatReductionWindowPassed(state.windowDays) };
  }
  return { ok: value };
}

/** Instructions need auto-renew on, the same product or an upgrade of it, and an end date Partner Center would offer at renewal. */
function checkNextTerm(state: PartnerCenterState, subscription: StoredSubscription, value: unknown, autoRenews: boolean): Checked<ScheduledNextTermInstructions> {
  if (!autoRenews) return { refusal: refuse.invalidInput('scheduled next term instructions need auto-renew to be enabled') };
  const product = isRecord(value) && isRecord(value.product) ? value.product : undefined;
  const { productId, skuId, availabilityId } = product ?? {};
  if (!product || !isIdPart(productId) || !isIdPart(skuId) || !isIdPart(availabilityId)) {
    return { refusal: refuse.invalidInput('scheduledNextTermInstructions.product needs productId, skuId and availabilityId') };
  }
  const termDuration = termDurationOf(product.termDuration);
  if (!termDuration) return { refusal: refuse.invalidTermDuration() };
  const billingCycle = billingCycleOf(product.billingCycle);
  if (!billingCycle) return { refusal: refuse.invalidBillingCycle() };
  if (billsLongerThanTerm(billingCycle, termDuration)) return { refusal: refuse.billingCycleLongerThanTerm() };
  const quantity = (value as Record<string, unknown>).quantity;
  if (!isSeatCount(quantity)) return { refusal: refuse.quantityOutOfRange() };
  const catalogItemId = `${productId}:${skuId}:${availabilityId}`;
  const sameProduct = subscription.offerId.startsWith(`${productId}:${skuId}:`);
  if (!sameProduct && !state.upgradesFrom(subscription.offerId).includes(catalogItemId)) {
    return { refusal: refuse.invalidInput(`${catalogItemId} is neither the product of subscription ${subscription.id} nor an upgrade of it`) };
  }
  const endValue = (value as Record<string, unknown>).customTermEndDate;
  if (endValue === undefined || endValue === null) return { ok: { product: { productId, skuId, availabilityId, billingCycle, termDuration }, quantity } };
  const end = calendarDateOf(endValue);
  if (!end) return { refusal: refuse.invalidInput(`customTermEndDate "${String(endValue)}" is not a date`) };
  const renewal = subscription.commitmentEndDate.addDays(1);
  const verdict = judgeEndDate(endDateCandidates(state, subscription.customerId, subscription.id), termDuration, renewal, end);
  if (verdict === 'outOfRange') return { refusal: refuse.nextTermEndDateOutOfRange() };
  if (verdict === 'notAligned') return { refusal: refuse.nextTermEndDateNotAligned() };
  return { ok: { product: { productId, skuId, availabilityId, billingCycle, termDuration }, quantity, customTermEndDate: startOfDay(end) } };
}

/**
 * Turning auto-renew off and any mid-term seat change delete the scheduled
 * instructions, as Partner Center does; instructions sent in the same request
 * are set after that.
 */
function applyPatch(subscription: StoredSubscription, plan: PatchPlan, today: CalendarDate, windowDays: number): void {
  if (plan.autoRenewEnabled !== undefined) {
    subscription.autoRenewEnabled = plan.autoRenewEnabled;
    if (!plan.autoRenewEnabled) subscription.scheduledNextTermInstructions = undefined;
  }
  if (plan.quantity !== undefined) {
    if (plan.quantity > subscription.quantity) subscription.seatBatches.push({ added: today, quantity: plan.quantity - subscription.quantity });
    else takeSeats(subscription.seatBatches, subscription.quantity - plan.quantity, today, windowDays, true);
    subscription.quantity = plan.quantity;
    subscription.scheduledNextTermInstructions = undefined;
  }
  if (plan.instructions !== undefined) subscription.scheduledNextTermInstructions = plan.instructions ?? undefined;
}

function isIdPart(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !value.includes(':');
}
