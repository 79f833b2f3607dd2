import { type CalendarDate } from '../calendar/date.ts';
import { type LedgerEvent } from '../ledger/events.ts';
import { type ExtendedServiceTermSettings } from '../nce/settings.ts';
import { type AccountSubscription } from '../portfolio/account-subscription.ts';
import { dueOn } from './cadence.ts';

export type RenewalWarningCode = 'HEADING_INTO_EXTENDED_SERVICE_TERM' | 'SCHEDULED_INSTRUCTIONS_DROPPED' | 'NO_PACK_INSIDE_NOTICE_WINDOW';

export interface RenewalWarning {
  readonly code: RenewalWarningCode;
  /** The subscription (or renewal) the warning is about. */
  readonly subjectId: string;
  readonly message: string;
}

/**
 * A licence with auto-renew off whose term ends on or after 2026-05-04, bought
 * on or after 2025-04-01, is neither renewed nor cancelled at term end: it
 * rolls into the Extended Service Term, month to month at a higher price.
 */
export function extendedServiceTermWarning(subscription: AccountSubscription, settings: ExtendedServiceTermSettings): RenewalWarning | undefined {
  const { termEnd, purchased } = subscription;
  if (subscription.kind !== 'nce' || subscription.status !== 'active' || subscription.autoRenew !== false || !termEnd) return undefined;
  if (termEnd.isBefore(settings.effectiveFrom) || purchased?.isBefore(settings.purchasedFrom)) return undefined;
  const bought = purchased ? '' : ' (purchase date unknown: assumed after 2025-04-01)';
  return {
    code: 'HEADING_INTO_EXTENDED_SERVICE_TERM',
    subjectId: subscription.id,
    message: `${subscription.productName} (${subscription.quantity} seats) has auto-renew off: on ${termEnd.addDays(1).toString()} it rolls into the Extended Service Term, month to month at the monthly price + 3% (+ 23% without a monthly plan), unless it is renewed or cancelled${bought}`,
  };
}

const DROPPING_CHANGES = new Set(['seat_change', 'cancel', 'upgrade']);

/**
 * Partner Center silently deletes scheduled next-term instructions when the
 * subscription changes mid-term (seats, cancel, auto-renew off, upgrade).
 * Finds instructions set in the current term and dropped by a later change
 * that nobody set again.
 */
export function droppedInstructionsWarning(subscription: AccountSubscription, events: readonly LedgerEvent[]): RenewalWarning | undefined {
  const termStart = subscription.termStart?.toString() ?? '';
  const ordered = [...events].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.sequence - b.sequence));
  let setOn: string | undefined;
  let dropped: { on: string; by: string } | undefined;
  for (const event of ordered) {
    if (event.effectiveDate < termStart) continue;
    if (event.type === 'scheduled_instructions') {
      setOn = event.payload.instructions ? event.effectiveDate : undefined;
      dropped = undefined;
    } else if (setOn && !dropped && (DROPPING_CHANGES.has(event.type) || (event.type === 'auto_renew_change' && event.payload.autoRenew === false))) {
      dropped = { on: event.effectiveDate, by: event.type.replace(/_/g, ' ') };
    }
  }
  if (!setOn || !dropped) return undefined;
  const before = subscription.termEnd ? ` before ${subscription.termEnd.toString()}` : '';
  return {
    code: 'SCHEDULED_INSTRUCTIONS_DROPPED',
    subjectId: subscription.id,
    message: `${subscription.productName}: the next-term instructions set on ${setOn} were deleted by Partner Center when the ${dropped.by} of ${dropped.on} was made; set them again${before}`,
  };
}

/** A renewal whose first notice day has passed but that has no pack: the client is being reminded of nothing. */
export function noPackWarning(renewalId: string, renewalDate: CalendarDate, noticeDays: readonly number[], hasPack: boolean, asOf: CalendarDate): RenewalWarning | undefined {
  if (hasPack || noticeDays.length === 0 || asOf.isAfter(renewalDate)) return undefined;
  const firstNotice = dueOn(renewalDate, Math.max(...noticeDays));
  if (firstNotice.isAfter(asOf)) return undefined;
  return {
    code: 'NO_PACK_INSIDE_NOTICE_WINDOW',
    subjectId: renewalId,
    message: `the renewal on ${renewalDate.toString()} is inside its notice window (since ${firstNotice.toString()}) and has no renewal pack`,
  };
}
