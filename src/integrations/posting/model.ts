import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type Decimal } from '../../domain/money/decimal.ts';

/** The outside systems coterm posts to. */
export type PostingTarget = 'connectwise' | 'autotask' | 'quickbooks' | 'xero';

export type PsaTarget = Extract<PostingTarget, 'connectwise' | 'autotask'>;

export interface PostableInvoiceLine {
  readonly lineNumber: number;
  readonly description: string;
  /** Negative on a credit note when the credit is expressed as returned seats. */
  readonly quantity: Decimal;
  readonly unitPrice: Decimal;
  /** Net of tax, 2 decimals, negative on credit notes; quantity × unitPrice rounds (half up) to it. */
  readonly amount: Decimal;
  /** Percent, e.g. 20. */
  readonly taxRate: Decimal;
  /** Tax on `amount`, 2 decimals, with the sign of `amount`. */
  readonly taxAmount: Decimal;
  readonly glAccount: string;
  readonly serviceStart: CalendarDate;
  readonly serviceEnd: CalendarDate;
}

/** An issued customer invoice or credit note, as it goes to accounting. */
export interface PostableInvoice {
  readonly id: string;
  readonly number: string;
  readonly kind: 'invoice' | 'credit_note';
  /** The invoice number a credit note credits. */
  readonly creditedNumber?: string;
  readonly issuedOn: CalendarDate;
  readonly dueOn: CalendarDate;
  /** ISO 4217 code. */
  readonly currency: string;
  /** Whether the customer saw prices including tax; line amounts stay net either way. */
  readonly taxInclusive: boolean;
  readonly customer: {
    readonly accountId: string;
    readonly name: string;
    readonly externalIds: { readonly quickbooks?: string; readonly xero?: string };
  };
  readonly lines: readonly PostableInvoiceLine[];
  /** Sum of line amounts. */
  readonly subtotal: Decimal;
  /** Sum of line tax amounts. */
  readonly tax: Decimal;
  readonly total: Decimal;
}

/** An approved change to what the PSA bills a client. */
export interface SeatChangePosting {
  readonly id: string;
  readonly system: PsaTarget;
  /** ConnectWise agreement id or Autotask contract id. */
  readonly agreementId: string;
  /** The ConnectWise addition or Autotask contract service being replaced. */
  readonly existingLineId?: string;
  /** ConnectWise product identifier or Autotask service id. */
  readonly productIdentifier: string;
  readonly description: string;
  /** The quantity from `effectiveDate` on. */
  readonly quantity: Decimal;
  /**
   * The quantity billed until the day before `effectiveDate`. Autotask records
   * only differences, so its adjustments need it; ConnectWise does not.
   */
  readonly previousQuantity?: Decimal;
  readonly unitPrice: Decimal;
  readonly unitCost?: Decimal;
  /** First day of the new quantity. */
  readonly effectiveDate: CalendarDate;
}

export type PostingMethod = 'POST' | 'PATCH' | 'PUT';

export interface PostingRequest {
  readonly method: PostingMethod;
  /** Relative to the target's base URL (see docs/posting.md), query string included. */
  readonly path: string;
  readonly body: unknown;
  /** One line a person reads in a dry run or an error. */
  readonly description: string;
}

/** Everything one posting would send, in order, so a dry run shows it exactly. */
export interface Posting {
  readonly target: PostingTarget;
  /** Stable for the same source record, so posting it again can be recognised (docs/posting.md). */
  readonly idempotencyKey: string;
  readonly requests: readonly PostingRequest[];
}

/** A request as it goes on the wire, with secrets in headers redacted. */
export interface SentRequest {
  readonly method: PostingMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly description: string;
}

export interface PostingResult {
  readonly target: PostingTarget;
  readonly idempotencyKey: string;
  readonly dryRun: boolean;
  /** What was sent (or, in a dry run, would be sent). */
  readonly requests: readonly SentRequest[];
  /** One per request sent; empty in a dry run. */
  readonly responses: ReadonlyArray<{ readonly status: number; readonly body: unknown }>;
  /** Ids of the records the target created. */
  readonly externalIds: readonly string[];
}
