import { type LedgerEvent, type LedgerEventType, type SubscriptionVersion } from './events.ts';

type State = { -readonly [K in keyof SubscriptionVersion]: SubscriptionVersion[K] };

/** The status each kind of event leaves the subscription in, when it implies one. */
const STATUS_AFTER: Partial<Record<LedgerEventType, string>> = {
  purchase: 'active',
  renewal: 'active',
  cancel: 'cancelled',
  extended_service_term: 'extendedServiceTerm',
};

/**
 * Folds a subscription's events into consecutive versions. Events are taken
 * in effective-date order (recording order within a day); a version ends the
 * day a later event takes effect. Events that change nothing add no version.
 */
export function foldLedger(productName: string, events: readonly LedgerEvent[]): SubscriptionVersion[] {
  const ordered = [...events].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.sequence - b.sequence));
  const versions: State[] = [];
  let state: State = {
    validFrom: '',
    validTo: null,
    status: 'unknown',
    productName,
    skuId: null,
    quantity: 0,
    unitPrice: null,
    currency: null,
    term: null,
    billing: null,
    termStart: null,
    termEnd: null,
    autoRenew: null,
  };
  for (const event of ordered) {
    const next = apply(state, event);
    const last = versions.at(-1);
    if (last && sameState(last, next)) continue;
    next.validFrom = event.effectiveDate;
    if (last && last.validFrom === event.effectiveDate) {
      versions[versions.length - 1] = next;
    } else {
      if (last) last.validTo = event.effectiveDate;
      versions.push(next);
    }
    state = next;
  }
  return versions;
}

/** The state after an event, as a new object (a plain literal: folding runs over every imported event). */
function apply(state: State, event: LedgerEvent): State {
  const p = event.payload;
  const quantity = p.quantity ?? (p.quantityDelta === undefined ? state.quantity : state.quantity + p.quantityDelta);
  return {
    validFrom: state.validFrom,
    validTo: null,
    status: p.status ?? statusAfter(state.status, event.type, quantity),
    productName: p.productName ?? state.productName,
    skuId: p.skuId ?? state.skuId,
    quantity: Math.max(quantity, 0),
    unitPrice: p.unitPrice ?? state.unitPrice,
    currency: p.currency ?? state.currency,
    term: p.term ?? state.term,
    billing: p.billing ?? state.billing,
    termStart: p.termStart ?? state.termStart,
    termEnd: p.termEnd ?? state.termEnd,
    autoRenew: p.autoRenew ?? state.autoRenew,
  };
}

function statusAfter(previous: string, type: LedgerEventType, quantity: number): string {
  if (type === 'upgrade') return quantity > 0 ? 'active' : 'ended';
  return STATUS_AFTER[type] ?? (previous === 'unknown' ? 'active' : previous);
}

function sameState(a: State, b: State): boolean {
  return (
    a.status === b.status &&
    a.productName === b.productName &&
    a.skuId === b.skuId &&
    a.quantity === b.quantity &&
    a.unitPrice === b.unitPrice &&
    a.currency === b.currency &&
    a.term === b.term &&
    a.billing === b.billing &&
    a.termStart === b.termStart &&
    a.termEnd === b.termEnd &&
    a.autoRenew === b.autoRenew
  );
}
