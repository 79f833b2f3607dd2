import { type CalendarDate } from '../calendar/date.ts';
import { TERM_MONTHS } from '../calendar/periods.ts';
import { InvalidInputError } from '../errors.ts';
import { checkCustomTermEnd, type CoTermCandidate } from './coterminosity.ts';
import { NceRuleError } from './errors.ts';
import { type NceEvent } from './model.ts';
import { resolveNextTerm } from './renewal.ts';
import { isWithinWindow, refundableSeats, takeSeats, windowClosesOn } from './seat-window.ts';
import { type LineSubject, type SimulationContext } from './simulation-context.ts';
import { LiveSubscription } from './subscription-state.ts';
import { advanceTo } from './timeline.ts';

type EventOf<T extends NceEvent['type']> = Extract<NceEvent, { type: T }>;

/** Applies one dated change, as Partner Center would or refuses to. */
export function applyChange(context: SimulationContext, event: NceEvent): void {
  const subscription = context.find(event.subscription, `events[${event.index}].subscription`);
  if (subscription.status === 'pending' || event.date.isBefore(subscription.purchased)) {
    throw new InvalidInputError(
      `${event.date.toString()} is before ${subscription.id} starts (${subscription.purchased.toString()})`,
      `events[${event.index}].date`,
    );
  }
  advanceTo(context, subscription, event.date);
  switch (event.type) {
    case 'setQuantity':
      return setQuantity(context, subscription, event);
    case 'cancel':
      return cancel(context, subscription, event);
    case 'upgrade':
      return upgrade(context, subscription, event);
    case 'autoRenewOff':
    case 'cancelAtTermEnd':
      requireChangeable(subscription, event);
      context.dropScheduled(subscription, event.date, event.type === 'autoRenewOff' ? 'turning auto-renew off' : 'cancelling at term end');
      subscription.autoRenew = false;
      subscription.cancelAtTermEnd = event.type === 'cancelAtTermEnd';
      return;
    case 'autoRenewOn':
      requireChangeable(subscription, event);
      subscription.autoRenew = true;
      subscription.cancelAtTermEnd = false;
      return;
    case 'scheduleNextTerm':
      return scheduleNextTerm(context, subscription, event);
    case 'changeTermEnd':
      throw new NceRuleError(
        'MID_TERM_END_DATE_CHANGE',
        event.date,
        subscription.id,
        `the end date ${subscription.termEnd.toString()} cannot change mid-term; choose a custom end date at purchase or schedule one for the next term (scheduleNextTerm with customTermEnd)`,
        `events[${event.index}]`,
      );
  }
}

function setQuantity(context: SimulationContext, subscription: LiveSubscription, event: EventOf<'setQuantity'>): void {
  requireChangeable(subscription, event);
  const previous = subscription.quantity;
  const delta = event.quantity - previous;
  if (delta === 0) return;
  const windowDays = context.settings.cancellationWindowDays;
  if (delta < 0) {
    const removable = refundableSeats(subscription.batches, event.date, windowDays);
    if (-delta > removable) {
      throw new NceRuleError(
        'SEAT_REDUCTION_WINDOW',
        event.date,
        subscription.id,
        `You have passed your ${windowDays}-day window for reducing seats: ${-delta} seats to remove but only ${removable} were added within the last ${windowDays} days${describeBatches(subscription, windowDays)}`,
        `events[${event.index}].quantity`,
      );
    }
    takeSeats(subscription.batches, -delta, event.date, windowDays, true);
  } else {
    subscription.batches.push({ added: event.date, quantity: delta });
  }
  context.dropScheduled(subscription, event.date, `the seat change to ${event.quantity}`);
  const chargeType = delta > 0 ? 'addQuantity' : 'removeQuantity';
  const reference = context.newReference();
  context.billRestOfCycle(subscription, chargeType, event.date, previous, -1, reference);
  subscription.quantity = event.quantity;
  context.billRestOfCycle(subscription, chargeType, event.date, event.quantity, 1, reference);
}

function cancel(context: SimulationContext, subscription: LiveSubscription, event: EventOf<'cancel'>): void {
  if (!subscription.isLive) throw notActive(subscription, event);
  const windowDays = context.settings.cancellationWindowDays;
  if (subscription.status === 'active' && !isWithinWindow(subscription.windowStart, event.date, windowDays)) {
    throw new NceRuleError(
      'CANCELLATION_WINDOW',
      event.date,
      subscription.id,
      `cancellation was allowed until ${windowClosesOn(subscription.windowStart, windowDays).toString()} (${windowDays} days after the purchase or renewal on ${subscription.windowStart.toString()}); the term must be paid to its end on ${subscription.termEnd.toString()}`,
      `events[${event.index}]`,
    );
  }
  context.dropScheduled(subscription, event.date, 'the cancellation');
  context.billRestOfCycle(subscription, 'cancelImmediate', event.date, subscription.quantity, -1, context.newReference());
  subscription.status = 'cancelled';
}

function upgrade(context: SimulationContext, subscription: LiveSubscription, event: EventOf<'upgrade'>): void {
  requireChangeable(subscription, event);
  if (event.quantity > subscription.quantity) {
    throw new NceRuleError('QUANTITY', event.date, subscription.id, `cannot upgrade ${event.quantity} seats: the subscription has ${subscription.quantity}`, `events[${event.index}].quantity`);
  }
  if (event.to.kind === 'existing') return upgradeIntoExisting(context, subscription, event, event.to.subscription);
  const target = { product: event.to.product, sku: event.to.sku, unitPrice: event.to.unitPrice };
  const full = event.quantity === subscription.quantity;
  const created = full ? undefined : partialUpgradeTarget(context, subscription, event, event.to.id, target);
  context.dropScheduled(subscription, event.date, 'the upgrade');
  const reference = context.newReference();
  context.billRestOfCycle(subscription, 'convert', event.date, event.quantity, -1, reference);
  if (!created) {
    subscription.product = target.product;
    subscription.sku = target.sku;
    subscription.unitPrice = target.unitPrice;
    context.billRestOfCycle(subscription, 'convert', event.date, event.quantity, 1, reference);
    return;
  }
  subscription.quantity -= event.quantity;
  takeSeats(subscription.batches, event.quantity, event.date, context.settings.cancellationWindowDays, false);
  context.billRestOfCycle(created, 'convert', event.date, event.quantity, 1, reference);
}

/** A partial upgrade creates a subscription with the source's term, dates and cancellation window. */
function partialUpgradeTarget(
  context: SimulationContext,
  source: LiveSubscription,
  event: EventOf<'upgrade'>,
  id: string,
  target: LineSubject,
): LiveSubscription {
  const created = new LiveSubscription({
    id,
    customer: source.customer,
    product: target.product,
    ...(target.sku === undefined ? {} : { sku: target.sku }),
    unitPrice: target.unitPrice,
    currency: source.currency,
    minorUnits: source.minorUnits,
    term: source.term,
    billing: source.billing,
    quantity: event.quantity,
    autoRenew: source.autoRenew,
    purchased: event.date,
  });
  context.register(created, `events[${event.index}].to.id`);
  created.copyScheduleFrom(source);
  created.status = 'active';
  created.batches = [{ added: source.windowStart, quantity: event.quantity }];
  return created;
}

function upgradeIntoExisting(context: SimulationContext, source: LiveSubscription, event: EventOf<'upgrade'>, targetId: string): void {
  const field = `events[${event.index}].to.subscription`;
  const target = context.find(targetId, field);
  if (target === source) throw new InvalidInputError('a subscription cannot be upgraded into itself', field);
  advanceTo(context, target, event.date);
  const refuse = (detail: string): NceRuleError =>
    new NceRuleError('UPGRADE_TARGET_INELIGIBLE', event.date, source.id, `cannot move seats into ${target.id}: ${detail}`, field);
  if (target.status !== 'active') throw refuse(`it is ${target.status}, not active`);
  const windowDays = context.settings.cancellationWindowDays;
  if (isWithinWindow(target.windowStart, event.date, windowDays)) {
    throw refuse(`it is still inside its cancellation window (until ${windowClosesOn(target.windowStart, windowDays).toString()})`);
  }
  if (TERM_MONTHS[target.term] < TERM_MONTHS[source.term]) throw refuse(`its ${target.term} term is shorter than the source's ${source.term}`);
  if (target.termEnd.isBefore(source.termEnd)) {
    throw refuse(`it ends ${target.termEnd.toString()}, before the source's end ${source.termEnd.toString()}`);
  }
  if (target.currency !== source.currency) {
    throw new NceRuleError('CURRENCY_MISMATCH', event.date, source.id, `${source.currency} seats cannot move into a ${target.currency} subscription`, field);
  }
  context.dropScheduled(source, event.date, 'the upgrade');
  context.dropScheduled(target, event.date, `the seats moved in from ${source.id}`);
  const reference = context.newReference();
  context.billRestOfCycle(source, 'moveQuantity', event.date, event.quantity, -1, reference);
  context.billRestOfCycle(target, 'moveQuantity', event.date, event.quantity, 1, reference);
  target.quantity += event.quantity;
  source.quantity -= event.quantity;
  takeSeats(source.batches, event.quantity, event.date, windowDays, false);
  if (source.quantity === 0) source.status = 'ended';
}

function scheduleNextTerm(context: SimulationContext, subscription: LiveSubscription, event: EventOf<'scheduleNextTerm'>): void {
  requireChangeable(subscription, event);
  const field = `events[${event.index}].instructions`;
  if (!subscription.autoRenew) {
    throw new NceRuleError('AUTO_RENEW_REQUIRED', event.date, subscription.id, 'turn auto-renew on before scheduling next-term instructions', field);
  }
  const renewalStart = subscription.termEnd.addDays(1);
  const next = resolveNextTerm(subscription, renewalStart, event.instructions, context.priceBook, { date: event.date, field });
  if (next.customTermEnd) {
    const candidates = coTermCandidates(context, subscription, event.date);
    const check = checkCustomTermEnd({ term: next.term, start: renewalStart, candidates }, next.customTermEnd);
    if (!check.ok) throw new NceRuleError(check.rule, event.date, subscription.id, check.detail, `${field}.customTermEnd`);
  }
  subscription.scheduled = event.instructions;
}

/** The same customer's active licence subscriptions, with their end dates as of `date`. */
export function coTermCandidates(context: SimulationContext, except: LiveSubscription, date: CalendarDate): CoTermCandidate[] {
  const candidates: CoTermCandidate[] = [];
  for (const other of context.byCustomer.get(except.customer) ?? []) {
    if (other === except) continue;
    advanceTo(context, other, date);
    if (other.status === 'active') candidates.push({ id: other.id, term: other.term, end: other.termEnd, status: 'active' });
  }
  for (const external of context.externalCandidates) if ((external.customer ?? except.customer) === except.customer) candidates.push(external);
  return candidates;
}

function requireChangeable(subscription: LiveSubscription, event: NceEvent): void {
  if (subscription.status === 'extendedServiceTerm') {
    throw new NceRuleError('EXTENDED_SERVICE_TERM_LOCKED', event.date, subscription.id, `${event.type} is not possible during the Extended Service Term; only cancellation is`, `events[${event.index}]`);
  }
  if (subscription.status !== 'active') throw notActive(subscription, event);
}

function notActive(subscription: LiveSubscription, event: NceEvent): NceRuleError {
  return new NceRuleError('SUBSCRIPTION_NOT_ACTIVE', event.date, subscription.id, `${event.type} needs an active subscription, but it is ${subscription.status}`, `events[${event.index}]`);
}

function describeBatches(subscription: LiveSubscription, windowDays: number): string {
  if (subscription.batches.length === 0) return '';
  const parts = subscription.batches.map((batch) => `${batch.quantity} added ${batch.added.toString()} (removable until ${windowClosesOn(batch.added, windowDays).toString()})`);
  return ` — ${parts.join('; ')}`;
}
