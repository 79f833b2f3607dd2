import { type Kysely } from 'kysely';
import { InvalidInputError } from '../../domain/errors.ts';
import { newSecret, secretHash } from '../../security/secrets.ts';
import { findUser } from '../../store/access-records.ts';
import { writeAudit } from '../../store/audit-log.ts';
import { findQuote, insertQuoteLink, useQuoteLink } from '../../store/quote-records.ts';
import { type Schema } from '../../store/schema.ts';
import { openSession, type NewSession } from '../access/sign-in.ts';
import { AuthenticationError, ConflictError, NotFoundError } from '../errors.ts';

/** How long a quote link stays usable by default. */
export const LINK_HOURS = 72;

export interface QuoteLink {
  /** Shown once: the link carries the secret in its fragment, which browsers never send to a server or a link scanner. */
  readonly url: string;
  readonly expiresAt: string;
}

export async function createQuoteLink(db: Kysely<Schema>, organizationId: string, actor: string, quoteId: string, publicUrl: string, now: Date, hours = LINK_HOURS): Promise<QuoteLink> {
  const quote = await findQuote(db, organizationId, quoteId);
  if (!quote) throw new NotFoundError(`no quote "${quoteId}"`, 'id');
  if (quote.status !== 'open') throw new ConflictError(`quote ${quoteId} is ${quote.status}: no new link`, 'id');
  if (now.toISOString().slice(0, 10) > quote.expiresOn) throw new ConflictError(`quote ${quoteId} expired on ${quote.expiresOn}: issue a new quote`, 'id');
  const token = newSecret('ctq');
  const expiresAt = new Date(now.getTime() + hours * 3_600_000).toISOString();
  await insertQuoteLink(db, { tokenHash: secretHash(token), organizationId, quoteId, contactId: quote.contactId, expiresAt });
  await writeAudit(db, organizationId, actor, 'quote.link_created', 'quote', quoteId, { expiresAt });
  return { url: `${publicUrl.replace(/\/$/, '')}/portal/open#${token}`, expiresAt };
}

/** A link opened: used up, and exchanged for a portal session of its contact. */
export async function redeemQuoteLink(db: Kysely<Schema>, token: string, now: Date): Promise<{ session: NewSession; quoteId: string }> {
  const link = await useQuoteLink(db, secretHash(token), now.toISOString());
  if (!link) throw new AuthenticationError('this link was used already or has expired: ask for a new one');
  const contact = await findUser(db, link.organizationId, link.contactId);
  if (!contact || contact.disabled) throw new AuthenticationError('this link was used already or has expired: ask for a new one');
  if (contact.role !== 'portal_contact') throw new InvalidInputError('a quote link is for a portal contact', 'token');
  const session = await openSession(db, contact, now);
  await writeAudit(db, link.organizationId, contact.email, 'quote.link_opened', 'quote', link.quoteId, {});
  return { session, quoteId: link.quoteId };
}
