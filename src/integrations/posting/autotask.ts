import { type Posting, type SeatChangePosting } from './model.ts';
import { exactNumber, midnightUtc, refuse, requiredDecimal } from './payload-fields.ts';
import { checkSeatChange, seatChangeKey } from './seat-change-checks.ts';

/**
 * Autotask ContractServiceAdjustments: create-only records of a change in the
 * units of a service on a recurring service contract. Autotask keeps the
 * difference, not the new count, so the change must say what it replaces.
 */
export function autotaskSeatChangePosting(change: SeatChangePosting): Posting {
  checkSeatChange(change, 'autotask');
  const previous = requiredDecimal(change.previousQuantity, 'change.previousQuantity');
  const difference = change.quantity.minus(previous);
  if (difference.trimmed().scale !== 0) {
    refuse('change.quantity', `Autotask adjusts whole units; ${change.quantity.toString()} − ${previous.toString()} is not a whole number`);
  }
  if (difference.isZero()) {
    refuse('change.quantity', `equals previousQuantity (${previous.toString()}): an adjustment changes units; a price-only change belongs on the contract service`);
  }
  const body = {
    contractID: autotaskId(change.agreementId, 'change.agreementId'),
    serviceID: autotaskId(change.productIdentifier, 'change.productIdentifier'),
    ...(change.existingLineId === undefined ? {} : { contractServiceID: autotaskId(change.existingLineId, 'change.existingLineId') }),
    effectiveDate: midnightUtc(change.effectiveDate),
    unitChange: exactNumber(difference.trimmed(), 'change.quantity'),
    adjustedUnitPrice: exactNumber(change.unitPrice, 'change.unitPrice'),
    ...(change.unitCost === undefined ? {} : { adjustedUnitCost: exactNumber(change.unitCost, 'change.unitCost') }),
  };
  const signed = difference.sign() > 0 ? `+${difference.trimmed().toString()}` : difference.trimmed().toString();
  return {
    target: 'autotask',
    idempotencyKey: seatChangeKey(change),
    requests: [
      {
        method: 'POST',
        path: '/ContractServiceAdjustments',
        body,
        description: `adjust service ${change.productIdentifier} on contract ${change.agreementId} by ${signed} units from ${change.effectiveDate.toString()}`,
      },
    ],
  };
}

/** Autotask ids are integers; a text id here means a mapping went wrong upstream. */
function autotaskId(value: string, field: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) refuse(field, `Autotask ids are positive integers (got "${value}")`);
  return Number(value);
}
