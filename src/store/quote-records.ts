import { type Kysely, sql } from 'kysely';
import { type QuoteAcceptance, type QuoteDocument, type QuoteOptionName } from '../app/quotes/quote-document.ts';
import { type QuoteStatus, type Schema } from './schema.ts';

export interface QuoteSummary {
  readonly id: string;
  readonly renewalId: string;
  readonly accountId: string;
  readonly contactId: string;
  readonly status: QuoteStatus;
  readonly issuedOn: string;
  readonly expiresOn: string;
  readonly documentSha256: string;
  readonly createdBy: string;
  readonly acceptedOption: QuoteOptionName | null;
}

export interface StoredQuote extends QuoteSummary {
  readonly document: QuoteDocument;
  readonly acceptance: QuoteAcceptance | null;
}

export interface QuoteFilter {
  readonly accountId?: string;
  readonly renewalId?: string;
  readonly status?: QuoteStatus;
}

function quoteQuery(db: Kysely<Schema>, organizationId: string) {
  return db
    .selectFrom('quotes as q')
    .leftJoin('quote_acceptances as qa', (join) => join.onRef('qa.organization_id', '=', 'q.organization_id').onRef('qa.quote_id', '=', 'q.id'))
    .select(['q.id', 'q.renewal_id', 'q.account_id', 'q.contact_id', 'q.status', 'q.issued_on', 'q.expires_on', 'q.document_sha256', 'q.created_by', 'qa.option'])
    .where('q.organization_id', '=', organizationId);
}

type QuoteRow = Awaited<ReturnType<ReturnType<typeof quoteQuery>['execute']>>[number];

function summaryOf(row: QuoteRow): QuoteSummary {
  return {
    id: row.id,
    renewalId: row.renewal_id,
    accountId: row.account_id,
    contactId: row.contact_id,
    status: row.status,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    documentSha256: row.document_sha256,
    createdBy: row.created_by,
    acceptedOption: row.option ?? null,
  };
}

/** Newest first. */
export async function listQuotes(db: Kysely<Schema>, organizationId: string, filter: QuoteFilter = {}): Promise<QuoteSummary[]> {
  let query = quoteQuery(db, organizationId);
  if (filter.accountId) query = query.where('q.account_id', '=', filter.accountId);
  if (filter.renewalId) query = query.where('q.renewal_id', '=', filter.renewalId);
  if (filter.status) query = query.where('q.status', '=', filter.status);
  return (await query.orderBy('q.created_at', 'desc').execute()).map(summaryOf);
}

export async function findQuote(db: Kysely<Schema>, organizationId: string, id: string): Promise<StoredQuote | undefined> {
  const row = await quoteQuery(db, organizationId)
    .select(['q.document', 'qa.signer_name', 'qa.signed_at', 'qa.ip', 'qa.user_agent', 'qa.document_sha256 as signed_sha256', 'qa.contact_id as signer_id'])
    .where('q.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const document = row.document as QuoteDocument;
  const acceptance: QuoteAcceptance | null =
    row.option && row.signer_name && row.signed_at
      ? { option: row.option, signerName: row.signer_name, contactEmail: document.contact.email, signedAt: new Date(row.signed_at).toISOString(), ip: row.ip ?? '', userAgent: row.user_agent ?? '', documentSha256: row.signed_sha256 ?? '' }
      : null;
  return { ...summaryOf(row), document, acceptance };
}

export async function quotePdf(db: Kysely<Schema>, organizationId: string, id: string): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('quotes').select('pdf').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return row?.pdf;
}

export async function signedQuotePdf(db: Kysely<Schema>, organizationId: string, id: string): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('quote_acceptances').select('signed_pdf').where('organization_id', '=', organizationId).where('quote_id', '=', id).executeTakeFirst();
  return row?.signed_pdf;
}

export async function insertQuote(
  db: Kysely<Schema>,
  organizationId: string,
  quote: { document: QuoteDocument; pdf: Uint8Array; sha256: string; contactId: string; createdBy: string },
): Promise<void> {
  const { document } = quote;
  await db
    .insertInto('quotes')
    .values({
      organization_id: organizationId,
      id: document.quoteId,
      renewal_id: document.renewalId,
      account_id: document.account.id,
      contact_id: quote.contactId,
      document: JSON.stringify(document),
      pdf: quote.pdf,
      document_sha256: quote.sha256,
      issued_on: document.issuedOn,
      expires_on: document.expiresOn,
      created_by: quote.createdBy,
    })
    .execute();
}

/** Open quotes of a renewal become withdrawn (a renewal has one quote out at a time); returns their ids. */
export async function withdrawOpenQuotes(db: Kysely<Schema>, organizationId: string, renewalId: string): Promise<string[]> {
  const rows = await db.updateTable('quotes').set({ status: 'withdrawn' }).where('organization_id', '=', organizationId).where('renewal_id', '=', renewalId).where('status', '=', 'open').returning('id').execute();
  return rows.map((row) => row.id);
}

export async function setQuoteStatus(db: Kysely<Schema>, organizationId: string, id: string, status: QuoteStatus): Promise<void> {
  await db.updateTable('quotes').set({ status }).where('organization_id', '=', organizationId).where('id', '=', id).execute();
}

/** False when the quote already had an acceptance (the first one stands). */
export async function insertAcceptance(db: Kysely<Schema>, organizationId: string, quoteId: string, contactId: string, acceptance: QuoteAcceptance, signedPdf: Uint8Array): Promise<boolean> {
  const rows = await db
    .insertInto('quote_acceptances')
    .values({
      organization_id: organizationId,
      quote_id: quoteId,
      option: acceptance.option,
      signer_name: acceptance.signerName,
      contact_id: contactId,
      signed_at: acceptance.signedAt,
      ip: acceptance.ip,
      user_agent: acceptance.userAgent,
      document_sha256: acceptance.documentSha256,
      signed_pdf: signedPdf,
    })
    .onConflict((conflict) => conflict.columns(['organization_id', 'quote_id']).doNothing())
    .returning('quote_id')
    .execute();
  return rows.length === 1;
}

export async function insertQuoteLink(db: Kysely<Schema>, link: { tokenHash: string; organizationId: string; quoteId: string; contactId: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('quote_links')
    .values({ token_hash: link.tokenHash, organization_id: link.organizationId, quote_id: link.quoteId, contact_id: link.contactId, expires_at: link.expiresAt })
    .execute();
}

/** Marks a live, unused link used and says whose it was; nothing when it was used, expired or unknown. */
export async function useQuoteLink(db: Kysely<Schema>, tokenHash: string, now: string): Promise<{ organizationId: string; quoteId: string; contactId: string } | undefined> {
  const row = await db
    .updateTable('quote_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<string>`${now}::timestamptz`)
    .returning(['organization_id', 'quote_id', 'contact_id'])
    .executeTakeFirst();
  return row ? { organizationId: row.organization_id, quoteId: row.quote_id, contactId: row.contact_id } : undefined;
}
