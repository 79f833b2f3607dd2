import { type CalendarDate } from '../calendar/date.ts';
import { type Decimal } from '../money/decimal.ts';
import { type ReconChargeType } from '../ledger/billed-line.ts';

/**
 * Reconciliation: what Microsoft billed the partner against what the partner
 * invoiced its clients. Every type is JSON-friendly (CalendarDate and Decimal
 * serialise to ISO dates and decimal text).
 */

/** One row of Microsoft's reconciliation file, parsed. */
export interface MicrosoftCharge {
  /** Where it came from (`line 12`). */
  readonly location: string;
  readonly customerId: string;
  readonly customerName: string | undefined;
  readonly subscriptionId: string;
  readonly skuId: string | undefined;
  readonly productName: string | undefined;
  readonly chargeType: ReconChargeType;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** Seats charged (positive); a credit row has a negative subtotal. */
  readonly quantity: number;
  readonly subtotal: Decimal;
  readonly currency: string | undefined;
}

/** One line of what the partner invoiced a client, for a service period. */
export interface InvoiceLine {
  readonly location: string;
  readonly customerId: string;
  /** Empty when the invoice does not name the subscription: matched by customer and SKU. */
  readonly subscriptionId: string | undefined;
  readonly skuId: string | undefined;
  readonly description: string | undefined;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  readonly quantity: number;
  /** The client's price of one unit for one month. */
  readonly unitPrice: Decimal;
  readonly amount: Decimal;
  /** The day the line took effect when its partial first month was not invoiced (an unprorated PSA addition): it invoices from `start`. */
  readonly unproratedFrom?: CalendarDate;
}

/** Differences in seats and days, found by comparing the two files. */
export type SeatFindingCategory = 'untracked_seat_addition' | 'proration_miscalculation' | 'downgrade_not_reflected' | 'cancelled_still_billed' | 'not_invoiced' | 'unexpected_est_not_invoiced';

/** What only the ledger can tell: prices against the price list and margin rules, Microsoft's arithmetic, unmapped records. */
export type LedgerFindingCategory = 'sku_mix_error' | 'azure_billing_mismatch' | 'microsoft_charge_mismatch' | 'unmapped_record';

export type FindingCategory = SeatFindingCategory | LedgerFindingCategory;

/** A difference between what Microsoft billed and what was invoiced, with its money and evidence. */
export interface Finding {
  readonly category: FindingCategory;
  readonly customerId: string;
  readonly subscriptionId: string;
  readonly productName: string | undefined;
  /** The days the difference lasted inside the audited period. */
  readonly from: CalendarDate;
  readonly until: CalendarDate;
  /** Seats Microsoft billed and seats invoiced over those days. */
  readonly microsoftSeats: number;
  readonly invoicedSeats: number;
  /** `underbilled`: revenue lost; `overbilled`: the client pays for what it does not have. */
  readonly direction: 'underbilled' | 'overbilled';
  /** Money over the days, at the invoiced unit price (Microsoft's charge when nothing was invoiced); 2 decimals. */
  readonly impact: Decimal;
  /** A full month of the difference, × 12. */
  readonly annualised: Decimal;
  readonly currency: string | undefined;
  /** How the impact was computed. */
  readonly explanation: string;
  readonly suggestion: string;
  readonly evidence: { readonly microsoft: readonly string[]; readonly invoiced: readonly string[] };
}

/** What the comparison covered: a run that matched nothing says so. */
export interface Coverage {
  readonly period: { readonly start: CalendarDate; readonly end: CalendarDate };
  readonly microsoftRows: number;
  readonly microsoftAmount: Decimal;
  readonly matchedRows: number;
  readonly matchedAmount: Decimal;
  readonly unmatchedRows: number;
  readonly unmatchedAmount: Decimal;
  /** Rows outside the period (another month's charges). */
  readonly skippedRows: number;
  readonly skippedAmount: Decimal;
  readonly invoiceLines: number;
  readonly matchedInvoiceLines: number;
  /** Invoice lines in the period for no subscription the file bills: not compared (an annual term is billed in another month). */
  readonly unmatchedInvoiceLines: readonly { readonly location: string; readonly customerId: string; readonly subscriptionId: string | null; readonly skuId: string | null }[];
  /** Microsoft customers billed in the period with no invoice line at all. */
  readonly customersWithoutInvoice: readonly string[];
  /** True when no Microsoft row was matched to an invoice line: no finding means nothing was checked. */
  readonly nothingMatched: boolean;
}

export interface ReconciliationReport {
  readonly findings: readonly Finding[];
  readonly coverage: Coverage;
}
