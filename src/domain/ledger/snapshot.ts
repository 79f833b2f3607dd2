import { CalendarDate, maxDate } from '../calendar/date.ts';
import { defaultTermEnd, type TermDuration } from '../calendar/periods.ts';
import { Decimal } from '../money/decimal.ts';
import { type LedgerEventType, type LedgerPayload } from './events.ts';
import { type Billing } from './term-and-billing.ts';

/** Subscription statuses Partner Center reports. */
export const SNAPSHOT_STATUSES = ['active', 'suspended', 'expired', 'disabled', 'deleted'] as const;

export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];

export function parseSnapshotStatus(text: string): SnapshotStatus | undefined {
  const status = text.trim().toLowerCase();
  return (SNAPSHOT_STATUSES as readonly string[]).includes(status) ? (status as SnapshotStatus) : undefined;
}

/**
 * The ledger statuses a snapshot status stands for: the ledger says
 * `cancelled` where Partner Center says `deleted`, and an Extended Service
 * Term is an active subscription to Partner Center.
 */
const SAME_STATUS: Readonly<Record<SnapshotStatus, readonly string[]>> = {
  active: ['active', 'extendedServiceTerm'],
  suspended: ['suspended'],
  expired: ['expired', 'ended'],
  disabled: ['disabled'],
  deleted: ['deleted', 'cancelled', 'ended'],
};

/** What Partner Center will apply at the next renewal (scheduledNextTermInstructions). */
export interface NextTermSnapshot {
  readonly productId: string | undefined;
  readonly skuId: string | undefined;
  readonly availabilityId: string | undefined;
  readonly quantity: number | undefined;
  readonly term: TermDuration | undefined;
  readonly billing: Billing | undefined;
  readonly customTermEnd: CalendarDate | undefined;
}

/** A subscription as a Partner Center export shows it on the day of the export. */
export interface SubscriptionSnapshot {
  readonly subscriptionId: string;
  readonly productName: string;
  readonly skuId: string | undefined;
  readonly quantity: number;
  readonly status: SnapshotStatus | undefined;
  readonly creationDate: CalendarDate | undefined;
  /** Start of the current term. */
  readonly effectiveStartDate: CalendarDate | undefined;
  /** Last day of the current term. */
  readonly commitmentEndDate: CalendarDate | undefined;
  readonly autoRenew: boolean | undefined;
  /** Undefined for a legacy CSP offer. */
  readonly term: TermDuration | undefined;
  readonly billing: Billing | undefined;
  readonly unitPrice: Decimal | undefined;
  readonly currency: string | undefined;
  readonly refundableQuantity: number | undefined;
  readonly cancellationAllowedUntil: CalendarDate | undefined;
  readonly nextTerm: NextTermSnapshot | undefined;
}

/** The ledger's version of a subscription on the snapshot date, and the payload of its latest scheduled instructions. */
export interface KnownSubscription {
  readonly status: string;
  readonly quantity: number;
  readonly unitPrice: string | null;
  readonly currency: string | null;
  readonly termEnd: string | null;
  readonly autoRenew: boolean | null;
  readonly instructions: unknown;
}

/** A ledger event a snapshot implies, before it is stored. */
export interface SnapshotEvent {
  readonly effectiveDate: CalendarDate;
  readonly type: LedgerEventType;
  readonly payload: LedgerPayload;
  /** Same change recorded twice → same identity, stored once. */
  readonly identity: string;
}

/**
 * The events that bring the ledger to what a snapshot shows on `asOf`. A
 * subscription the ledger has no state for on that day is a purchase (on its
 * term start, else its creation date, else `asOf`). For a known one, a term
 * that moved past the known term end is a renewal (on the new term start);
 * seats, status, auto-renew, price and scheduled instructions that differ
 * from the known state change on `asOf`. `reference` (the import) scopes the
 * identities of those changes, so a value that changes back later the same
 * day is recorded again; purchases and renewals share their identity with the
 * reconciliation import's, so either source records them once.
 */
export function eventsFromSnapshot(snapshot: SubscriptionSnapshot, known: KnownSubscription | undefined, asOf: CalendarDate, reference: string): SnapshotEvent[] {
  const events: SnapshotEvent[] = [];
  const change = (effectiveDate: CalendarDate, type: LedgerEventType, payload: LedgerPayload, identity: string): void => {
    events.push({ effectiveDate, type, payload: defined(payload), identity });
  };
  const changeOnAsOf = (type: LedgerEventType, payload: LedgerPayload, what: string): void =>
    change(asOf, type, payload, `snapshot:${asOf.toString()}:${reference}:${what}`);
  const instructions = snapshot.nextTerm && instructionsPayload(snapshot.nextTerm);

  if (!known) {
    const start = snapshot.effectiveStartDate ?? snapshot.creationDate ?? asOf;
    change(start, 'purchase', purchasePayload(snapshot), `purchase:${start.toString()}`);
    if (instructions) change(maxDate(start, asOf), 'scheduled_instructions', { instructions }, `snapshot:${asOf.toString()}:${reference}:instructions`);
    return events;
  }

  let status = known.status;
  let unitPrice = known.unitPrice;
  let currency = known.currency;
  const renewal = renewalOf(snapshot, known, asOf);
  if (renewal) {
    const termEnd = snapshot.commitmentEndDate ?? (snapshot.term && defaultTermEnd(renewal, snapshot.term));
    change(renewal, 'renewal', {
      termStart: renewal.toString(),
      termEnd: termEnd?.toString(),
      term: snapshot.term,
      billing: snapshot.billing,
      unitPrice: snapshot.unitPrice?.toString(),
      currency: snapshot.currency,
    }, `renewal:${renewal.toString()}`);
    status = 'active';
    unitPrice = snapshot.unitPrice?.toString() ?? unitPrice;
    currency = snapshot.currency ?? currency;
  }
  if (snapshot.quantity !== known.quantity) changeOnAsOf('seat_change', { quantity: snapshot.quantity }, `seats:${snapshot.quantity}`);
  if (snapshot.status && !SAME_STATUS[snapshot.status].includes(status)) changeOnAsOf('status_change', { status: snapshot.status }, `status:${snapshot.status}`);
  if (snapshot.autoRenew !== undefined && snapshot.autoRenew !== known.autoRenew) {
    changeOnAsOf('auto_renew_change', { autoRenew: snapshot.autoRenew }, `autoRenew:${snapshot.autoRenew}`);
  }
  if (snapshot.unitPrice && (unitPrice === null || !Decimal.parse(unitPrice).equals(snapshot.unitPrice) || (snapshot.currency ?? currency) !== currency)) {
    changeOnAsOf('price_change', { unitPrice: snapshot.unitPrice.toString(), currency: snapshot.currency }, `price:${snapshot.unitPrice.toString()}${snapshot.currency ?? ''}`);
  }
  if (instructions && canonicalJson(instructions) !== canonicalJson(known.instructions ?? null)) {
    changeOnAsOf('scheduled_instructions', { instructions }, 'instructions');
  }
  return events;
}

/**
 * The start of a term the ledger has not seen: the snapshot's term start when
 * it is after the known term end; or, when only the end moved (a legacy
 * offer's anniversary), the day after the known end, once it has passed.
 */
function renewalOf(snapshot: SubscriptionSnapshot, known: KnownSubscription, asOf: CalendarDate): CalendarDate | undefined {
  if (known.termEnd === null) return undefined;
  const knownEnd = CalendarDate.parse(known.termEnd);
  const start = snapshot.effectiveStartDate;
  if (start?.isAfter(knownEnd)) return start;
  const nextStart = knownEnd.addDays(1);
  if (snapshot.commitmentEndDate?.isAfter(knownEnd) && !nextStart.isAfter(asOf)) return nextStart;
  return undefined;
}

function purchasePayload(snapshot: SubscriptionSnapshot): LedgerPayload {
  return {
    status: snapshot.status,
    productName: snapshot.productName,
    skuId: snapshot.skuId,
    quantity: snapshot.quantity,
    unitPrice: snapshot.unitPrice?.toString(),
    currency: snapshot.currency,
    term: snapshot.term,
    billing: snapshot.billing,
    termStart: snapshot.effectiveStartDate?.toString(),
    termEnd: snapshot.commitmentEndDate?.toString(),
    autoRenew: snapshot.autoRenew,
    creationDate: snapshot.creationDate?.toString(),
    refundableQuantity: snapshot.refundableQuantity,
    cancellationAllowedUntil: snapshot.cancellationAllowedUntil?.toString(),
  };
}

function instructionsPayload(next: NextTermSnapshot): Record<string, unknown> | undefined {
  const instructions = defined({
    productId: next.productId,
    skuId: next.skuId,
    availabilityId: next.availabilityId,
    quantity: next.quantity,
    term: next.term,
    billing: next.billing,
    customTermEnd: next.customTermEnd?.toString(),
  });
  return Object.keys(instructions).length > 0 ? instructions : undefined;
}

function defined<T extends Record<string, unknown>>(payload: T): T {
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined)) as T;
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
