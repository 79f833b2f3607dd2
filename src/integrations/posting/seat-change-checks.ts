import { type PsaTarget, type SeatChangePosting } from './model.ts';
import { refuse, requiredDate, requiredDecimal, requiredText } from './payload-fields.ts';

/** What every PSA posting needs from an approved seat change, checked before a payload exists. */
export function checkSeatChange(change: SeatChangePosting, system: PsaTarget): void {
  requiredText(change.id, 'change.id');
  if (change.system !== system) refuse('change.system', `is ${String(change.system)}, not ${system}`);
  requiredText(change.agreementId, 'change.agreementId');
  if (change.existingLineId !== undefined) requiredText(change.existingLineId, 'change.existingLineId');
  requiredText(change.productIdentifier, 'change.productIdentifier');
  requiredText(change.description, 'change.description');
  const quantity = requiredDecimal(change.quantity, 'change.quantity');
  if (quantity.sign() < 0) refuse('change.quantity', `is negative (${quantity.toString()})`);
  if (change.previousQuantity !== undefined && requiredDecimal(change.previousQuantity, 'change.previousQuantity').sign() < 0) {
    refuse('change.previousQuantity', `is negative (${change.previousQuantity.toString()})`);
  }
  requiredDecimal(change.unitPrice, 'change.unitPrice');
  if (change.unitCost !== undefined) requiredDecimal(change.unitCost, 'change.unitCost');
  requiredDate(change.effectiveDate, 'change.effectiveDate');
}

/** Idempotency keys of seat changes: one per approved change, whichever PSA it goes to. */
export function seatChangeKey(change: SeatChangePosting): string {
  return `coterm-seat-change-${change.id}`;
}
