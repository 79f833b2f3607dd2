import { CalendarDate } from '../calendar/date.ts';
import { Decimal } from '../money/decimal.ts';
import { type LedgerEventType, type LedgerPayload } from './events.ts';

/** ChargeType values of Microsoft's reconciliation file (compared case-insensitively). */
export const RECON_CHARGE_TYPES = [
  'new',
  'renew',
  'cycleCharge',
  'addQuantity',
  'removeQuantity',
  'moveQuantity',
  'cancelImmediate',
  'convert',
  'changeBillingPlan',
  'customerCredit',
  'extendTerm',
] as const;

export type ReconChargeType = (typeof RECON_CHARGE_TYPES)[number];

const CANONICAL = new Map(RECON_CHARGE_TYPES.map((type) => [type.toLowerCase(), type]));

export function canonicalChargeType(text: string): ReconChargeType | undefined {
  return CANONICAL.get(text.trim().toLowerCase().replace(/\s+/g, ''));
}

/**
 * One row of what Microsoft billed the partner, as validated canonical text:
 * amounts as plain decimals (`-94.08`), dates as `YYYY-MM-DD`. Files carry
 * millions of rows; values are parsed into Decimal and CalendarDate only
 * where a calculation needs them.
 */
export interface BilledLine {
  readonly customerId: string | undefined;
  readonly subscriptionId: string | undefined;
  readonly productName: string | undefined;
  readonly skuId: string | undefined;
  readonly chargeType: ReconChargeType;
  readonly unitPrice: string | undefined;
  readonly billableQuantity: string | undefined;
  readonly subtotal: string;
  readonly currency: string | undefined;
  readonly chargeStart: string | undefined;
  readonly chargeEnd: string | undefined;
  readonly subscriptionStart: string | undefined;
  readonly subscriptionEnd: string | undefined;
  readonly billingFrequency: string | undefined;
  readonly referenceId: string | undefined;
}

/** A ledger event a billed line implies, before it is stored. */
export interface ImpliedEvent {
  readonly subscriptionId: string;
  /** YYYY-MM-DD */
  readonly effectiveDate: string;
  readonly type: LedgerEventType;
  readonly payload: LedgerPayload;
  /** Same change seen twice (two files, two rows of a pair) → same identity, stored once. */
  readonly identity: string;
  /**
   * A plain cycle charge tells the state of a subscription whose purchase
   * predates the files: kept only as its first known state.
   */
  readonly observation: boolean;
}

/**
 * The ledger event a reconciliation row implies, if any. A seat change is two rows
 * (refund of the old quantity, charge of the new one): only the charge row
 * carries the new quantity. An upgrade moves seats out of one subscription and
 * into another (or into the same one, under a new product, for a full upgrade).
 */
export function eventFromBilledLine(line: BilledLine): ImpliedEvent | undefined {
  const { subscriptionId, chargeStart: at } = line;
  if (!subscriptionId || !at) return undefined;
  const refund = line.subtotal.startsWith('-') && Decimal.parse(line.subtotal).sign() < 0;
  const quantity = wholeQuantity(line.billableQuantity);
  const key = line.referenceId ?? at;
  switch (line.chargeType) {
    case 'new':
      return impliedEvent(subscriptionId, at, 'purchase', termState(line, quantity), `purchase:${at}`);
    case 'renew':
      return impliedEvent(subscriptionId, at, 'renewal', termState(line, quantity), `renewal:${at}`);
    case 'cycleCharge': {
      const payload = termState(line, quantity);
      payload.status = 'active';
      return impliedEvent(subscriptionId, at, 'status_change', payload, `observed:${at}`, true);
    }
    case 'addQuantity':
    case 'removeQuantity':
      return refund ? undefined : impliedEvent(subscriptionId, at, 'seat_change', defined({ quantity, reference: line.referenceId }), `seats:${key}`);
    case 'cancelImmediate':
      return impliedEvent(subscriptionId, at, 'cancel', defined({ reference: line.referenceId }), `cancel:${at}`);
    case 'convert':
    case 'moveQuantity': {
      if (quantity === undefined) return undefined;
      if (refund) return impliedEvent(subscriptionId, at, 'upgrade', defined({ quantityDelta: -quantity, reference: line.referenceId }), `upgrade-out:${key}`);
      const payload = termState(line, undefined);
      payload.quantityDelta = quantity;
      if (line.referenceId !== undefined) payload.reference = line.referenceId;
      return impliedEvent(subscriptionId, at, 'upgrade', payload, `upgrade-in:${key}`);
    }
    case 'extendTerm':
      return impliedEvent(subscriptionId, at, 'extended_service_term', defined({ quantity, unitPrice: line.unitPrice, currency: line.currency }), `est:${at}`);
    default:
      return undefined;
  }
}

// A module function rather than a closure per row: the import calls this a million times.
function impliedEvent(subscriptionId: string, effectiveDate: string, type: LedgerEventType, payload: Record<string, unknown>, identity: string, observation = false): ImpliedEvent {
  return { subscriptionId, effectiveDate, type, payload, identity, observation };
}

/** Term, billing plan, price and product a charge row shows (only the fields it has). */
function termState(line: BilledLine, quantity: number | undefined): Record<string, unknown> {
  return defined({
    productName: line.productName,
    skuId: line.skuId,
    unitPrice: line.unitPrice,
    currency: line.currency,
    termStart: line.subscriptionStart,
    termEnd: line.subscriptionEnd,
    term: termOf(line),
    billing: billingOf(line),
    quantity,
  });
}

/** Drops absent fields so a payload says only what the row shows. */
function defined(payload: Record<string, unknown>): Record<string, unknown> {
  for (const key in payload) if (payload[key] === undefined) delete payload[key];
  return payload;
}

/** The term from the subscription's dates (TermAndBillingCycle is free text); a co-termed first term counts as the term it shortens. */
function termOf(line: BilledLine): string | undefined {
  if (!line.subscriptionStart || !line.subscriptionEnd) return undefined;
  const start = CalendarDate.parse(line.subscriptionStart);
  const nextStart = CalendarDate.parse(line.subscriptionEnd).addDays(1);
  const months = start.monthIndexDistance(nextStart) + (nextStart.day > start.day ? 1 : 0);
  return months <= 1 ? 'P1M' : months <= 12 ? 'P1Y' : 'P3Y';
}

/** The billing plan from BillingFrequency when present, else from the length of a full-cycle charge. */
function billingOf(line: BilledLine): string | undefined {
  const frequency = line.billingFrequency?.toLowerCase();
  if (frequency?.startsWith('month')) return 'monthly';
  if (frequency?.startsWith('annual') || frequency?.startsWith('year')) return 'annual';
  if (frequency?.startsWith('trienn')) return 'triennial';
  const fullCycle = line.chargeType === 'new' || line.chargeType === 'renew' || line.chargeType === 'cycleCharge';
  if (!line.chargeStart || !line.chargeEnd || !fullCycle) return undefined;
  const days = CalendarDate.parse(line.chargeStart).daysUntil(CalendarDate.parse(line.chargeEnd)) + 1;
  return days > 366 ? 'triennial' : days > 31 ? 'annual' : 'monthly';
}

/** A quantity that is a whole number of seats (BillableQuantity can be fractional for usage). */
function wholeQuantity(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const whole = Decimal.parse(text).abs().trimmed();
  return whole.scale === 0 ? Number(whole.units) : undefined;
}
