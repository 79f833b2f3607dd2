import { type StoredPackDocument } from '../../documents/stored.ts';

type Pack = StoredPackDocument['pack'];
export type QuoteOptionName = Pack['options']['hold']['name'];
export const QUOTE_OPTIONS: readonly QuoteOptionName[] = ['hold', 'harden', 'modernize'];

/**
 * What a client is asked to sign: a renewal pack's three commercial options
 * and its co-term proration lines, frozen when the quote is issued. The
 * quote's PDF is rendered from this once and stored; its SHA-256 is what an
 * acceptance signs, so a quote never changes after it is sent.
 */
export interface QuoteDocument {
  readonly quoteId: string;
  readonly renewalId: string;
  /** The MSP sending the quote. */
  readonly seller: { readonly name: string };
  readonly account: { readonly id: string; readonly name: string };
  readonly contact: { readonly name: string; readonly email: string };
  /** YYYY-MM-DD. */
  readonly issuedOn: string;
  /** Last day the quote can be accepted (inclusive), YYYY-MM-DD. */
  readonly expiresOn: string;
  /** First day of the renewed terms, YYYY-MM-DD. */
  readonly renewalDate: string;
  readonly currency: string;
  readonly options: Pack['options'];
  readonly coterm: Pack['coterm'];
  /** Renewing subscriptions the options could not price, with the reason. */
  readonly excluded: Pack['excluded'];
  /** Where the client pays, when the MSP configured it. */
  readonly paymentLink: string | null;
}

/** The acceptance record: who signed what, when, from where. */
export interface QuoteAcceptance {
  readonly option: QuoteOptionName;
  /** The name the client typed. */
  readonly signerName: string;
  readonly contactEmail: string;
  /** ISO 8601 timestamp (UTC). */
  readonly signedAt: string;
  readonly ip: string;
  readonly userAgent: string;
  /** SHA-256 (hex) of the quote PDF's exact bytes. */
  readonly documentSha256: string;
}
