import { type CalendarDate } from '../calendar/date.ts';
import { type Decimal } from '../money/decimal.ts';
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

/** One row of what Microsoft billed the partner. */
export interface BilledLine {
  readonly customerId: string | undefined;
  readonly subscriptionId: string | undefined;
  readonly productName: string | undefined;
  readonly skuId: string | undefined;
  readonly chargeType: ReconChargeType;
  readonly unitPrice: Decimal | undefined;
  readonly billableQuantity: Decimal | undefined;
  readonly subtotal: Decimal;
  readonly currency: string | undefined;
  readonly chargeStart: CalendarDate | undefined;
  readonly chargeEnd: CalendarDate | undefined;
  readonly subscriptionStart: CalendarDate | undefined;
  readonly subscriptionEnd: CalendarDate | undefined;
  readonly billingFrequency: string | undefined;
  readonly referenceId: string | undefined;
}

/** A ledger event a billed line implies, before it is stored. */
export interface ImpliedEvent {
  readonly subscriptionId: string;
  readonly effectiveDate: CalendarDate;
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
  const { subscriptionId, chargeStart } = line;
  if (!subscriptionId || !chargeStart) return undefined;
  const refund = line.subtotal.sign() < 0;
  const quantity = wholeQuantity(line.billableQuantity);
  const at = chargeStart.toString();
  const key = line.referenceId ?? `${at}`;
  const event = (type: LedgerEventType, payload: LedgerPayload, identity: string, observation = false): ImpliedEvent => ({
    subscriptionId,
    effectiveDate: chargeStart,
    type,
    payload: withoutUndefined(payload),
    identity,
    observation,
  });
  switch (line.chargeType) {
    case 'new':
      return event('purchase', { ...termState(line), quantity }, `purchase:${at}`);
    case 'renew':
      return event('renewal', { ...termState(line), quantity }, `renewal:${at}`);
    case 'cycleCharge':
      return event('status_change', { ...termState(line), quantity, status: 'active' }, `observed:${at}`, true);
    case 'addQuantity':
    case 'removeQuantity':
      return refund ? undefined : event('seat_change', { quantity, reference: line.referenceId }, `seats:${key}`);
    case 'cancelImmediate':
      return event('cancel', { reference: line.referenceId }, `cancel:${at}`);
    case 'convert':
    case 'moveQuantity':
      if (quantity === undefined) return undefined;
      return refund
        ? event('upgrade', { quantityDelta: -quantity, reference: line.referenceId }, `upgrade-out:${key}`)
        : event('upgrade', { ...termState(line), quantityDelta: quantity, reference: line.referenceId }, `upgrade-in:${key}`);
    case 'extendTerm':
      return event('extended_service_term', { quantity, unitPrice: line.unitPrice?.toString(), currency: line.currency }, `est:${at}`);
    default:
      return undefined;
  }
}

/** Term, billing plan, price and product a charge row shows. */
function termState(line: BilledLine): LedgerPayload {
  return {
    productName: line.productName,
    skuId: line.skuId,
    unitPrice: line.unitPrice?.toString(),
    currency: line.currency,
    termStart: line.subscriptionStart?.toString(),
    termEnd: line.subscriptionEnd?.toString(),
    term: termOf(line),
    billing: billingOf(line),
  };
}

/** The term from the subscription's dates (TermAndBillingCycle is free text); a co-termed first term counts as the term it shortens. */
function termOf(line: BilledLine): string | undefined {
  const { subscriptionStart: start, subscriptionEnd: end } = line;
  if (!start || !end) return undefined;
  const months = start.monthIndexDistance(end.addDays(1)) + (end.addDays(1).day > start.day ? 1 : 0);
  return months <= 1 ? 'P1M' : months <= 12 ? 'P1Y' : 'P3Y';
}

/** The billing plan from BillingFrequency when present, else from the charge period's length. */
function billingOf(line: BilledLine): string | undefined {
  const frequency = line.billingFrequency?.toLowerCase();
  if (frequency?.startsWith('month')) return 'monthly';
  if (frequency?.startsWith('annual') || frequency?.startsWith('year')) return 'annual';
  if (frequency?.startsWith('trienn')) return 'triennial';
  const { chargeStart: start, chargeEnd: end } = line;
  if (!start || !end || line.chargeType !== 'new' && line.chargeType !== 'renew' && line.chargeType !== 'cycleCharge') return undefined;
  const days = start.daysUntil(end) + 1;
  return days > 366 ? 'triennial' : days > 31 ? 'annual' : 'monthly';
}

function wholeQuantity(value: Decimal | undefined): number | undefined {
  if (!value) return undefined;
  const whole = value.abs().trimmed();
  return whole.scale === 0 ? Number(whole.units) : undefined;
}

function withoutUndefined(payload: LedgerPayload): LedgerPayload {
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined)) as LedgerPayload;
}
