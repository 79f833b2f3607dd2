import { randomUUID } from 'node:crypto';
import { renderQuotePdf } from '../../documents/quote-pdf.ts';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { sha256Hex } from '../../security/secrets.ts';
import { findUser } from '../../store/access-records.ts';
import { writeAudit } from '../../store/audit-log.ts';
import { loadPack } from '../../store/pack-records.ts';
import { findQuote, insertQuote, type StoredQuote, withdrawOpenQuotes } from '../../store/quote-records.ts';
import { changeRenewalStage } from '../../store/renewal-updates.ts';
import { type Store } from '../../store/store.ts';
import { isClosed, type RenewalStage } from '../../domain/renewal/stages.ts';
import { NotFoundError } from '../errors.ts';
import { type QuoteDocument } from './quote-document.ts';

export interface IssueQuoteRequest {
  readonly renewalId: string;
  /** The portal contact of the renewal's account who will sign. */
  readonly contactId: string;
  /** Days the quote can be accepted, counting today. */
  readonly validDays: number;
  readonly today: CalendarDate;
  readonly sellerName: string;
  readonly paymentLink: string | null;
  readonly actor: string;
}

/**
 * A renewal pack becomes the quote its contact signs: the options and co-term
 * lines frozen, rendered once to PDF and hashed. A renewal has one quote out
 * at a time (a new one withdraws the open one) and moves to `quoted`.
 */
export async function issueQuote(store: Store, organizationId: string, request: IssueQuoteRequest): Promise<StoredQuote> {
  return store.transaction(async ({ db }) => {
    const renewal = await db.selectFrom('renewals').select(['account_id', 'stage']).where('organization_id', '=', organizationId).where('id', '=', request.renewalId).executeTakeFirst();
    if (!renewal) throw new NotFoundError(`no renewal "${request.renewalId}"`, 'renewalId');
    if (isClosed(renewal.stage as RenewalStage)) throw new InvalidInputError(`the renewal is closed (${renewal.stage}): it cannot be quoted`, 'renewalId');
    const contact = await findUser(db, organizationId, request.contactId);
    if (!contact || contact.role !== 'portal_contact' || contact.accountId !== renewal.account_id || contact.disabled) {
      throw new InvalidInputError(`"${request.contactId}" is not an active portal contact of account ${renewal.account_id}`, 'contactId');
    }
    const stored = await loadPack(db, organizationId, request.renewalId);
    const { pack } = stored;
    const document: QuoteDocument = {
      quoteId: `Q-${randomUUID().slice(0, 8).toUpperCase()}`,
      renewalId: request.renewalId,
      seller: { name: request.sellerName },
      account: { id: pack.account.id, name: pack.account.name },
      contact: { name: contact.name, email: contact.email },
      issuedOn: request.today.toString(),
      expiresOn: request.today.addDays(request.validDays - 1).toString(),
      renewalDate: pack.renewalDate,
      currency: pack.currency,
      options: pack.options,
      coterm: pack.coterm,
      excluded: pack.excluded,
      paymentLink: request.paymentLink,
    };
    const pdf = await renderQuotePdf(document);
    const sha256 = sha256Hex(pdf);
    const withdrawn = await withdrawOpenQuotes(db, organizationId, request.renewalId);
    await insertQuote(db, organizationId, { document, pdf, sha256, contactId: contact.id, createdBy: request.actor });
    if (renewal.stage !== 'quoted') await changeRenewalStage(db, organizationId, { renewalId: request.renewalId, stage: 'quoted', on: request.today.toString(), actor: request.actor, reason: `quote ${document.quoteId}` });
    await writeAudit(db, organizationId, request.actor, 'quote.issued', 'quote', document.quoteId, { renewalId: request.renewalId, contact: contact.email, sha256, withdrawn });
    const quote = await findQuote(db, organizationId, document.quoteId);
    if (!quote) throw new Error(`quote ${document.quoteId} vanished after insert`);
    return quote;
  });
}
