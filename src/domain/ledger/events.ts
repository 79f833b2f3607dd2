/**
 * The subscription ledger: dated facts about a subscription, appended and
 * never edited. Each event says only what changed; folding them in date order
 * gives the subscription's state on any day.
 */
export type LedgerEventType =
  | 'purchase'
  | 'seat_change'
  | 'cancel'
  | 'upgrade'
  | 'renewal'
  | 'auto_renew_change'
  | 'scheduled_instructions'
  | 'price_change'
  | 'status_change'
  | 'extended_service_term';

export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = [
  'purchase',
  'seat_change',
  'cancel',
  'upgrade',
  'renewal',
  'auto_renew_change',
  'scheduled_instructions',
  'price_change',
  'status_change',
  'extended_service_term',
];

/** Fields an event may set; absent fields keep their previous value. */
export interface LedgerPayload {
  readonly status?: string;
  readonly productName?: string;
  readonly skuId?: string;
  readonly quantity?: number;
  /** Seats moved out (negative) or in (positive) by an upgrade. */
  readonly quantityDelta?: number;
  readonly unitPrice?: string;
  readonly currency?: string;
  readonly term?: string;
  readonly billing?: string;
  readonly termStart?: string;
  readonly termEnd?: string;
  readonly autoRenew?: boolean;
  /** Anything else worth keeping (instructions, the other side of an upgrade, a reference). */
  readonly [detail: string]: unknown;
}

export interface LedgerEvent {
  /** ISO date the change takes effect. */
  readonly effectiveDate: string;
  readonly type: LedgerEventType;
  readonly payload: LedgerPayload;
  /** Order of recording, to break ties between events of one day. */
  readonly sequence: number;
}

/** The state of a subscription over [validFrom, validTo) — validTo exclusive, open when null. */
export interface SubscriptionVersion {
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly status: string;
  readonly productName: string;
  readonly skuId: string | null;
  readonly quantity: number;
  readonly unitPrice: string | null;
  readonly currency: string | null;
  readonly term: string | null;
  readonly billing: string | null;
  readonly termStart: string | null;
  readonly termEnd: string | null;
  readonly autoRenew: boolean | null;
}
