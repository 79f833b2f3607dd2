import { CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type Explanation } from '../explanation.ts';
import { type ProrationPolicy } from '../ledger/service-terms.ts';
import { type Decimal } from '../money/decimal.ts';
import { type SubscriptionKind } from '../portfolio/account-subscription.ts';

/** The month an invoice run bills: its first and last day (inclusive). */
export interface BillingPeriod {
  /** `2026-03` */
  readonly id: string;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

/** `2026-03` → 1–31 March 2026. */
export function billingMonth(id: string, field = 'period'): BillingPeriod {
  const match = /^(\d{4})-(\d{2})$/.exec(id.trim());
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) throw new InvalidInputError(`"${id}" is not a month (YYYY-MM)`, field);
  const start = CalendarDate.of(Number(match[1]), month, 1);
  return { id: id.trim(), start, end: start.lastDayOfMonth() };
}

/** One ledger version of a subscription: its state from `from` to `to` (inclusive; null while it lasts). */
export interface BillableVersion {
  readonly from: CalendarDate;
  readonly to: CalendarDate | null;
  readonly status: string;
  readonly quantity: number;
  /** One unit for one billing cycle: the MSP's cost for Microsoft's products, the contract price for its own services. */
  readonly unitPrice: Decimal | null;
  readonly currency: string | null;
  /** Months in one billing cycle: 1 monthly, 3 quarterly, 12 annual, 36 triennial. */
  readonly cycleMonths: number;
  readonly termStart: CalendarDate | null;
  readonly termEnd: CalendarDate | null;
}

/** A client subscription with its ledger history, as the invoice run reads it. */
export interface BillableSubscription {
  readonly id: string;
  readonly kind: SubscriptionKind;
  readonly accountId: string;
  readonly billingEntityId: string | null;
  readonly productName: string;
  readonly skuId: string | null;
  readonly family: string | null;
  /** The contract's own proration policy (MSP services); others take their product's. */
  readonly prorationPolicy: ProrationPolicy | null;
  /** In date order, not overlapping. */
  readonly versions: readonly BillableVersion[];
}

/** A month of Azure consumption at the MSP's cost. */
export interface AzureConsumption {
  readonly accountId: string;
  readonly subscriptionId: string;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly cost: Decimal;
}

export type InvoiceLineKind = 'recurring' | 'prorated' | 'stub' | 'addition' | 'credit' | 'azure' | 'manual';

/** A line of a customer invoice, with the arithmetic behind it. */
export interface InvoiceLine {
  readonly subscriptionId: string | null;
  readonly kind: InvoiceLineKind;
  readonly description: string;
  readonly quantity: Decimal;
  readonly unitPrice: Decimal;
  /** quantity × unit price × (days ÷ cycle days), rounded once; net of tax unless the entity's prices include tax. */
  readonly amount: Decimal;
  readonly currency: string;
  readonly serviceStart: CalendarDate;
  readonly serviceEnd: CalendarDate;
  readonly glAccount: string;
  readonly explanation: Explanation;
  /** How the unit price came from the cost (price rule) or the contract. */
  readonly pricing: Explanation;
}
