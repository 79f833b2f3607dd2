import { CalendarDate } from '../../../domain/calendar/date.ts';
import { type BillingPlan, defaultTermEnd, type TermDuration } from '../../../domain/calendar/periods.ts';
import { type CoTermCandidate } from '../../../domain/nce/coterminosity.ts';
import { isWithinWindow, type SeatBatch, windowClosesOn } from '../../../domain/nce/seat-window.ts';
import { type ScheduledNextTermInstructions } from '../model.ts';
import { endOfDay, startOfDay } from './fields.ts';

/** A subscription to seed the stand-in with. Dates are `YYYY-MM-DD`. */
export interface SeedSubscription {
  readonly id: string;
  /** `productId:skuId:availabilityId`. */
  readonly offerId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly termDuration: TermDuration;
  readonly billingCycle: BillingPlan;
  /** Default `active`. */
  readonly status?: string;
  /** Default true. */
  readonly autoRenewEnabled?: boolean;
  readonly creationDate: string;
  /** First day of the current term: the purchase or the last renewal (default `creationDate`). */
  readonly termStartDate?: string;
  /** Inclusive end of the current term (default: the term's default end). */
  readonly commitmentEndDate?: string;
  /** When the current seats arrived (purchase or renewal, then each addition); default all on `termStartDate`. */
  readonly seatBatches?: readonly { readonly added: string; readonly quantity: number }[];
}

/** A subscription as the stand-in keeps it; rules change it in place. */
export interface StoredSubscription {
  readonly id: string;
  readonly customerId: string;
  readonly offerId: string;
  readonly productName: string;
  quantity: number;
  readonly termDuration: TermDuration;
  readonly billingCycle: BillingPlan;
  status: string;
  autoRenewEnabled: boolean;
  readonly creationDate: CalendarDate;
  readonly termStart: CalendarDate;
  readonly commitmentEndDate: CalendarDate;
  /** Seats by the day they arrived, for the reduction window. */
  readonly seatBatches: SeatBatch[];
  scheduledNextTermInstructions: ScheduledNextTermInstructions | undefined;
  readonly orderId?: string;
}

export function storedFromSeed(customerId: string, seed: SeedSubscription): StoredSubscription {
  const termStart = CalendarDate.parse(seed.termStartDate ?? seed.creationDate);
  const seatBatches = (seed.seatBatches ?? [{ added: termStart.toString(), quantity: seed.quantity }]).map((batch) => ({
    added: CalendarDate.parse(batch.added),
    quantity: batch.quantity,
  }));
  const seated = seatBatches.reduce((total, batch) => total + batch.quantity, 0);
  if (seated !== seed.quantity) throw new Error(`seed subscription ${seed.id}: its seat batches hold ${seated} seats, its quantity is ${seed.quantity}`);
  return {
    id: seed.id,
    customerId,
    offerId: seed.offerId,
    productName: seed.productName,
    quantity: seed.quantity,
    termDuration: seed.termDuration,
    billingCycle: seed.billingCycle,
    status: seed.status ?? 'active',
    autoRenewEnabled: seed.autoRenewEnabled ?? true,
    creationDate: CalendarDate.parse(seed.creationDate),
    termStart,
    commitmentEndDate: seed.commitmentEndDate ? CalendarDate.parse(seed.commitmentEndDate) : defaultTermEnd(termStart, seed.termDuration),
    seatBatches,
    scheduledNextTermInstructions: undefined,
  };
}

/** The subscription as Partner Center's GET and PATCH return it on `today`. */
export function subscriptionResource(subscription: StoredSubscription, today: CalendarDate, windowDays: number): Record<string, unknown> {
  const refundable = subscription.seatBatches.filter((batch) => isWithinWindow(batch.added, today, windowDays));
  return {
    id: subscription.id,
    offerId: subscription.offerId,
    offerName: subscription.productName,
    friendlyName: subscription.productName,
    productType: { id: 'OnlineServicesNCE', displayName: 'OnlineServicesNCE' },
    quantity: subscription.quantity,
    unitType: 'Licenses',
    creationDate: startOfDay(subscription.creationDate),
    effectiveStartDate: startOfDay(subscription.termStart),
    commitmentEndDate: startOfDay(subscription.commitmentEndDate),
    cancellationAllowedUntilDate: endOfDay(windowClosesOn(subscription.termStart, windowDays)),
    status: subscription.status,
    autoRenewEnabled: subscription.autoRenewEnabled,
    isTrial: false,
    billingType: 'license',
    billingCycle: subscription.billingCycle,
    termDuration: subscription.termDuration,
    refundableQuantity: {
      totalQuantity: refundable.reduce((total, batch) => total + batch.quantity, 0),
      details: refundable.map((batch) => ({ quantity: batch.quantity, allowedUntilDateTime: endOfDay(windowClosesOn(batch.added, windowDays)) })),
    },
    scheduledNextTermInstructions: subscription.scheduledNextTermInstructions ?? null,
    ...(subscription.orderId ? { orderId: subscription.orderId } : {}),
    attributes: { objectType: 'Subscription' },
  };
}

/** How the co-terminosity rules see a subscription another one could end with. */
export function coTermCandidate(subscription: StoredSubscription): CoTermCandidate {
  return {
    id: subscription.id,
    customer: subscription.customerId,
    term: subscription.termDuration,
    end: subscription.commitmentEndDate,
    status: subscription.status,
    kind: 'license',
  };
}
