import { type CalendarDate } from '../calendar/date.ts';

/** Seats that arrived together (purchase, renewal or one addition) and share one reduction window. */
export interface SeatBatch {
  readonly added: CalendarDate;
  quantity: number;
}

/** Last day on which something done on `from` can still be undone (the window closes at the same time of day). */
export function windowClosesOn(from: CalendarDate, windowDays: number): CalendarDate {
  return from.addDays(windowDays);
}

export function isWithinWindow(from: CalendarDate, date: CalendarDate, windowDays: number): boolean {
  return !date.isAfter(windowClosesOn(from, windowDays));
}

/** Seats that may still be removed on `date` (Partner Center's refundableQuantity). */
export function refundableSeats(batches: readonly SeatBatch[], date: CalendarDate, windowDays: number): number {
  let total = 0;
  for (const batch of batches) if (isWithinWindow(batch.added, date, windowDays)) total += batch.quantity;
  return total;
}

/**
 * Takes `quantity` seats out of the batches, the ones whose window closes
 * first going first, so the seats left keep the longest chance of a refund.
 * With `refundableOnly`, only batches still inside their window are touched.
 */
export function takeSeats(batches: SeatBatch[], quantity: number, date: CalendarDate, windowDays: number, refundableOnly: boolean): void {
  let remaining = quantity;
  for (const batch of batches) {
    if (remaining === 0) break;
    if (refundableOnly && !isWithinWindow(batch.added, date, windowDays)) continue;
    const taken = Math.min(batch.quantity, remaining);
    batch.quantity -= taken;
    remaining -= taken;
  }
  for (let i = batches.length - 1; i >= 0; i -= 1) if (batches[i]?.quantity === 0) batches.splice(i, 1);
}
