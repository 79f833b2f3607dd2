import { type CalendarDate } from '../calendar/date.ts';
import { Decimal } from '../money/decimal.ts';
import { type LedgerEventType, type LedgerPayload } from './events.ts';
import { type BillingPeriod, type ProrationPolicy } from './service-terms.ts';

/** One line of an MSP's client contract, as the contract list states it today. */
export interface ServiceLine {
  readonly contractId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPrice: Decimal;
  readonly currency: string;
  readonly billing: BillingPeriod;
  /** Length of a renewal term (`P12M`, or the current term's exact length). */
  readonly term: string;
  readonly termStart: CalendarDate;
  /** Last day of the current term (inclusive). */
  readonly termEnd: CalendarDate;
  readonly autoRenew: boolean;
  readonly noticeDays: number;
  readonly prorationPolicy: ProrationPolicy;
}

/** What the ledger knows of a service line: its events' payloads folded in order (later values win). */
export interface KnownServiceLine {
  readonly quantity?: number;
  readonly unitPrice?: string;
  readonly currency?: string;
  readonly billing?: string;
  readonly term?: string;
  readonly termStart?: string;
  readonly termEnd?: string;
  readonly autoRenew?: boolean;
  readonly noticeDays?: number;
  readonly prorationPolicy?: string;
}

/** A ledger event a contract line implies, before it is stored. */
export interface ServiceLineEvent {
  readonly type: LedgerEventType;
  readonly effectiveDate: CalendarDate;
  readonly payload: LedgerPayload;
  /** The same change seen again (another file, the same day) has the same identity and is stored once. */
  readonly identity: string;
}

/** Folds event payloads (in effective order) into what is known of the line; undefined when there are none. */
export function knownServiceLine(payloads: readonly LedgerPayload[]): KnownServiceLine | undefined {
  if (payloads.length === 0) return undefined;
  let known: KnownServiceLine = {};
  for (const payload of payloads) known = withPayload(known, payload);
  return known;
}

/** The known line after some events (in the order given). */
export function afterServiceEvents(known: KnownServiceLine | undefined, events: readonly ServiceLineEvent[]): KnownServiceLine | undefined {
  return events.reduce<KnownServiceLine | undefined>((state, event) => withPayload(state ?? {}, event.payload), known);
}

/**
 * The events that bring the ledger from what it knows of a line to what the
 * contract list says on `snapshot` (the day the list describes):
 * - a line the ledger does not know → a purchase on its StartDate;
 * - a later StartDate (a new term) → a renewal on that StartDate carrying the new terms;
 * - an earlier StartDate → nothing (the list describes a term the ledger has already passed);
 * - the same term → a seat change, a price change, an auto-renew change and
 *   a change of the other terms (end date, renewal term, billing, notice,
 *   proration), each only when it differs, dated the snapshot day (or the
 *   term's start, when the snapshot precedes it).
 */
export function serviceLineEvents(known: KnownServiceLine | undefined, line: ServiceLine, snapshot: CalendarDate): ServiceLineEvent[] {
  const start = line.termStart.toString();
  if (!known?.termStart) return [{ type: 'purchase', effectiveDate: line.termStart, payload: termsPayload(line), identity: `purchase:${start}` }];
  if (start < known.termStart) return [];
  if (start > known.termStart) return [{ type: 'renewal', effectiveDate: line.termStart, payload: termsPayload(line), identity: `renewal:${start}` }];
  const date = snapshot.isBefore(line.termStart) ? line.termStart : snapshot;
  const at = date.toString();
  const events: ServiceLineEvent[] = [];
  const change = (type: LedgerEventType, payload: LedgerPayload, identity: string): void => {
    events.push({ type, effectiveDate: date, payload, identity: `${identity}@${at}` });
  };
  if (known.quantity !== line.quantity) change('seat_change', { quantity: line.quantity }, `seats:${known.quantity ?? ''}>${line.quantity}`);
  if (!samePrice(known.unitPrice, line.unitPrice) || known.currency !== line.currency) {
    change('price_change', { unitPrice: line.unitPrice.toString(), currency: line.currency }, `price:${line.unitPrice.toString()} ${line.currency}`);
  }
  if (known.autoRenew !== line.autoRenew) change('auto_renew_change', { autoRenew: line.autoRenew }, `auto-renew:${line.autoRenew}`);
  const terms = otherTerms(line);
  const changedTerms = Object.fromEntries(Object.entries(terms).filter(([key, value]) => known[key as keyof typeof terms] !== value));
  if (Object.keys(changedTerms).length > 0) {
    change('status_change', { ...changedTerms, change: 'terms' }, `terms:${Object.values(terms).join(' ')}`);
  }
  return events;
}

/** Everything a purchase or renewal states about the term. */
function termsPayload(line: ServiceLine): LedgerPayload {
  return {
    productName: line.productName,
    quantity: line.quantity,
    unitPrice: line.unitPrice.toString(),
    currency: line.currency,
    autoRenew: line.autoRenew,
    ...otherTerms(line),
    contractId: line.contractId,
  };
}

/** The terms besides seats, price and auto-renew that a contract list can amend within a term. */
function otherTerms(line: ServiceLine): { termStart: string; termEnd: string; term: string; billing: string; noticeDays: number; prorationPolicy: string } {
  return {
    termStart: line.termStart.toString(),
    termEnd: line.termEnd.toString(),
    term: line.term,
    billing: line.billing,
    noticeDays: line.noticeDays,
    prorationPolicy: line.prorationPolicy,
  };
}

function samePrice(known: string | undefined, price: Decimal): boolean {
  if (known === undefined) return false;
  try {
    return Decimal.parse(known).equals(price);
  } catch {
    return false;
  }
}

function withPayload(known: KnownServiceLine, payload: LedgerPayload): KnownServiceLine {
  const quantityDelta = typeof payload.quantityDelta === 'number' ? payload.quantityDelta : undefined;
  const next: Record<string, unknown> = { ...known };
  for (const key of ['quantity', 'unitPrice', 'currency', 'billing', 'term', 'termStart', 'termEnd', 'autoRenew', 'noticeDays', 'prorationPolicy'] as const) {
    if (payload[key] !== undefined) next[key] = payload[key];
  }
  if (payload.quantity === undefined && quantityDelta !== undefined) next.quantity = (known.quantity ?? 0) + quantityDelta;
  return next as KnownServiceLine;
}
