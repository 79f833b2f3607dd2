import { type CalendarDate } from '../../../domain/calendar/date.ts';
import { defaultTermEnd, TERM_MONTHS, type TermDuration } from '../../../domain/calendar/periods.ts';
import { isWithinWindow, takeSeats } from '../../../domain/nce/seat-window.ts';
import { isRecord, type StandInResponse } from '../../posting/stand-ins/json-http.ts';
import { billingCycleOf, billsLongerThanTerm, isSeatCount, startOfDay, termDurationOf } from './fields.ts';
import { refuse } from './microsoft-errors.ts';
import { type PartnerCenterState } from './state.ts';
import { type StoredSubscription } from './stored-subscription.ts';

const TRANSITION_TYPES = new Set(['transition_only', 'transition_with_license_transfer']);

/** Partner Center's codes for why an existing subscription cannot receive upgraded seats. */
const TARGET_ERRORS = {
  notActive: { code: 1, description: 'Subscription is not active.' },
  inCancellationWindow: { code: 2, description: 'Subscription is within cancellation window.' },
  shorterTerm: { code: 3, description: "Subscription term duration is shorter than the source subscription's term duration." },
  endsEarlier: { code: 4, description: "Subscription term end date is before the source subscription's term end date." },
} as const;

type TargetError = (typeof TARGET_ERRORS)[keyof typeof TARGET_ERRORS];

/** GET customers/{id}/subscriptions/{id}/transitionEligibilities: the stand-in's upgrade table, and the subscriptions that could receive the seats. */
export function transitionEligibilities(state: PartnerCenterState, source: StoredSubscription): StandInResponse {
  const today = state.todayDate();
  const sourceActive = source.status === 'active';
  const items = state.upgradesFrom(source.offerId).map((catalogItemId) => ({
    catalogItemId,
    title: state.productName(catalogItemId),
    quantity: source.quantity,
    eligibilities: [
      {
        isEligible: sourceActive,
        transitionType: 'transition_only',
        errors: sourceActive ? [] : [{ code: TARGET_ERRORS.notActive.code, description: "Subscription can't be transitioned - source subscription isn't active." }],
      },
    ],
    subscriptionEligibilities: state
      .customerSubscriptions(source.customerId)
      .filter((target) => target.id !== source.id && target.offerId === catalogItemId)
      .map((target) => targetEligibility(source, target, today, state.windowDays)),
    attributes: { objectType: 'TransitionEligibility' },
  }));
  return { status: 200, body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } } };
}

/**
 * POST customers/{id}/subscriptions/{id}/transitions: moves seats to an
 * eligible product, into a new subscription (same term end when the term is
 * the same) or into an existing one. Never more seats than the source has.
 */
export function transition(state: PartnerCenterState, source: StoredSubscription, body: unknown): StandInResponse {
  if (!isRecord(body)) return refuse.invalidInput('the body must be a transition');
  const { toCatalogItemId, quantity, transitionType, toSubscriptionId } = body;
  if (typeof toCatalogItemId !== 'string' || !isSeatCount(quantity) || typeof transitionType !== 'string' || !TRANSITION_TYPES.has(transitionType)) {
    return refuse.invalidInput('a transition needs toCatalogItemId, a quantity of at least 1 and a transitionType of transition_only or transition_with_license_transfer');
  }
  if (source.status !== 'active') return refuse.notActive();
  if (!state.upgradesFrom(source.offerId).includes(toCatalogItemId)) {
    return refuse.invalidInput(`${toCatalogItemId} is not an eligible transition for subscription ${source.id} (${source.offerId})`);
  }
  if (quantity > source.quantity) return refuse.invalidInput(`the transition moves ${quantity} seats; subscription ${source.id} has ${source.quantity}`);

  const today = state.todayDate();
  let target: StoredSubscription;
  if (toSubscriptionId !== undefined && toSubscriptionId !== null) {
    const existing = typeof toSubscriptionId === 'string' ? state.subscription(source.customerId, toSubscriptionId) : undefined;
    if (!existing) return refuse.subscriptionNotFound(String(toSubscriptionId));
    const refusal = targetRefusal(source, existing, toCatalogItemId, today, state.windowDays);
    if (refusal) return refusal;
    target = existing;
    // Upgraded seats open no reduction window of their own: they join the target as of its term start.
    target.seatBatches.push({ added: target.termStart, quantity });
    target.quantity += quantity;
  } else {
    const termDuration = body.termDuration === undefined ? source.termDuration : termDurationOf(body.termDuration);
    if (!termDuration) return refuse.invalidTermDuration();
    const billingCycle = body.billingCycle === undefined ? source.billingCycle : billingCycleOf(body.billingCycle);
    if (!billingCycle) return refuse.invalidBillingCycle();
    if (billsLongerThanTerm(billingCycle, termDuration)) return refuse.billingCycleLongerThanTerm();
    if (TERM_MONTHS[termDuration] < TERM_MONTHS[source.termDuration]) return refuse.targetTermShorter();
    target = upgradedSubscription(state, source, toCatalogItemId, quantity, termDuration, billingCycle, today);
    state.addSubscription(target);
  }

  takeSeats(source.seatBatches, quantity, today, state.windowDays, false);
  source.quantity -= quantity;
  // An upgrade deletes the source's scheduled instructions; a full one leaves it without seats.
  source.scheduledNextTermInstructions = undefined;
  if (source.quantity === 0) source.status = 'suspended';
  return {
    status: 200,
    body: {
      fromCatalogItemId: source.offerId,
      fromSubscriptionId: source.id,
      toCatalogItemId,
      toSubscriptionId: target.id,
      quantity,
      termDuration: target.termDuration,
      billingCycle: target.billingCycle,
      transitionType,
      events: [{ name: 'Conversion', status: 'Completed', timestamp: startOfDay(today), attributes: { objectType: 'TransitionEvent' } }],
      attributes: { objectType: 'Transition' },
    },
  };
}

function targetErrors(source: StoredSubscription, target: StoredSubscription, today: CalendarDate, windowDays: number): TargetError[] {
  const errors: TargetError[] = [];
  if (target.status !== 'active') errors.push(TARGET_ERRORS.notActive);
  if (isWithinWindow(target.termStart, today, windowDays)) errors.push(TARGET_ERRORS.inCancellationWindow);
  if (TERM_MONTHS[target.termDuration] < TERM_MONTHS[source.termDuration]) errors.push(TARGET_ERRORS.shorterTerm);
  if (target.commitmentEndDate.isBefore(source.commitmentEndDate)) errors.push(TARGET_ERRORS.endsEarlier);
  return errors;
}

function targetEligibility(source: StoredSubscription, target: StoredSubscription, today: CalendarDate, windowDays: number): Record<string, unknown> {
  const errors = targetErrors(source, target, today, windowDays);
  return {
    isEligible: errors.length === 0,
    subscriptionId: target.id,
    subscriptionFriendlyName: target.productName,
    subscriptionTermDuration: target.termDuration,
    subscriptionBillingCycle: target.billingCycle,
    errors,
  };
}

/** The POST's refusal for a target the eligibility answer would have marked ineligible. */
function targetRefusal(source: StoredSubscription, target: StoredSubscription, toCatalogItemId: string, today: CalendarDate, windowDays: number): StandInResponse | undefined {
  if (target.id === source.id) return refuse.targetIsSource();
  if (target.offerId !== toCatalogItemId) return refuse.targetOtherProduct();
  const [first] = targetErrors(source, target, today, windowDays);
  if (first === TARGET_ERRORS.notActive) return refuse.targetNotActive();
  if (first === TARGET_ERRORS.inCancellationWindow) return refuse.targetNotReady();
  if (first === TARGET_ERRORS.shorterTerm) return refuse.targetTermShorter();
  if (first === TARGET_ERRORS.endsEarlier) return refuse.targetEndsEarlier();
  return undefined;
}

/**
 * A new subscription for upgraded seats. With the same term it keeps the
 * source's term (start, end, and so the source's cancellation window); a
 * longer term starts today.
 */
function upgradedSubscription(
  state: PartnerCenterState,
  source: StoredSubscription,
  offerId: string,
  quantity: number,
  termDuration: TermDuration,
  billingCycle: StoredSubscription['billingCycle'],
  today: CalendarDate,
): StoredSubscription {
  const sameTerm = termDuration === source.termDuration;
  const termStart = sameTerm ? source.termStart : today;
  return {
    id: state.newId('subscription'),
    customerId: source.customerId,
    offerId,
    productName: state.productName(offerId),
    quantity,
    termDuration,
    billingCycle,
    status: 'active',
    autoRenewEnabled: source.autoRenewEnabled,
    creationDate: today,
    termStart,
    commitmentEndDate: sameTerm ? source.commitmentEndDate : defaultTermEnd(today, termDuration),
    seatBatches: [{ added: termStart, quantity }],
    scheduledNextTermInstructions: undefined,
  };
}
