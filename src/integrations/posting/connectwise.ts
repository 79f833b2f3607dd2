import { type Posting, type PostingRequest, type SeatChangePosting } from './model.ts';
import { exactNumber, midnightUtc, refuse } from './payload-fields.ts';
import { checkSeatChange, seatChangeKey } from './seat-change-checks.ts';

export interface ConnectWiseAdditionOptions {
  /** prorateCurrentPeriodFlag: ConnectWise bills the part of the current period from the effective date. */
  readonly prorateCurrentPeriod?: boolean;
}

/**
 * ConnectWise Manage agreement additions (finance/agreements/{id}/additions).
 * A change to an existing addition never edits its quantity or price: the old
 * addition gets a cancelledDate (its last billed day) and a new addition starts
 * on the effective date, so the agreement keeps the history of what was billed.
 */
export function connectwiseSeatChangePosting(change: SeatChangePosting, options: ConnectWiseAdditionOptions = {}): Posting {
  checkSeatChange(change, 'connectwise');
  const additionsPath = `/finance/agreements/${encodeURIComponent(change.agreementId)}/additions`;
  const requests: PostingRequest[] = [];
  if (change.existingLineId !== undefined) {
    const lastBilledDay = change.effectiveDate.addDays(-1);
    requests.push({
      method: 'PATCH',
      path: `${additionsPath}/${encodeURIComponent(change.existingLineId)}`,
      body: [{ op: 'replace', path: 'cancelledDate', value: midnightUtc(lastBilledDay) }],
      description: `cancel addition ${change.existingLineId} on agreement ${change.agreementId} after ${lastBilledDay.toString()}`,
    });
  }
  if (change.quantity.isZero()) {
    if (change.existingLineId === undefined) refuse('change.quantity', 'is 0 and there is no existing addition to cancel');
  } else {
    requests.push({
      method: 'POST',
      path: additionsPath,
      body: additionBody(change, options),
      description: `add ${change.quantity.toString()} × ${change.productIdentifier} at ${change.unitPrice.toString()} to agreement ${change.agreementId} from ${change.effectiveDate.toString()}`,
    });
  }
  return { target: 'connectwise', idempotencyKey: seatChangeKey(change), requests };
}

function additionBody(change: SeatChangePosting, options: ConnectWiseAdditionOptions): Record<string, unknown> {
  return {
    product: { identifier: change.productIdentifier },
    quantity: exactNumber(change.quantity, 'change.quantity'),
    unitPrice: exactNumber(change.unitPrice, 'change.unitPrice'),
    ...(change.unitCost === undefined ? {} : { unitCost: exactNumber(change.unitCost, 'change.unitCost') }),
    billCustomer: 'Billable',
    effectiveDate: midnightUtc(change.effectiveDate),
    description: change.description,
    prorateCurrentPeriodFlag: options.prorateCurrentPeriod ?? true,
  };
}
