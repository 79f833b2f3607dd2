import { renderSignedQuotePdf } from '../../documents/quote-pdf.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { planProvisioning } from '../../domain/provisioning/plan.ts';
import { accountSubscriptionsOn } from '../../store/account-subscriptions.ts';
import { type UserRecord } from '../../store/access-records.ts';
import { writeAudit } from '../../store/audit-log.ts';
import { insertPlan } from '../../store/provisioning-records.ts';
import { findQuote, insertAcceptance, setQuoteStatus } from '../../store/quote-records.ts';
import { changeRenewalStage } from '../../store/renewal-updates.ts';
import { type Store } from '../../store/store.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { type QuoteAcceptance, type QuoteOptionName } from './quote-document.ts';

export interface AcceptRequest {
  readonly quoteId: string;
  readonly option: QuoteOptionName;
  readonly signerName: string;
  /** The hash of the PDF the client was shown: a quote that changed since cannot be signed. */
  readonly documentSha256: string;
  readonly ip: string;
  readonly userAgent: string;
  readonly now: Date;
}

export interface AcceptanceResult {
  readonly acceptance: QuoteAcceptance;
  readonly planId: string;
  /** True when this request found the quote already accepted (a second click, browser or retry). */
  readonly alreadyAccepted: boolean;
}

/**
 * A portal contact signs a quote of its own account. Exactly once: the
 * acceptance's key is the quote, so a repeat finds the first acceptance and
 * its provisioning plan, made in the same transaction, instead of another.
 */
export async function acceptQuote(store: Store, contact: UserRecord, request: AcceptRequest): Promise<AcceptanceResult> {
  const organizationId = contact.organizationId;
  const signerName = request.signerName.trim();
  if (signerName.length < 2) throw new InvalidInputError('type your full name to sign', 'signerName');
  return store.transaction(async ({ db }) => {
    const quote = await findQuote(db, organizationId, request.quoteId);
    if (!quote || quote.accountId !== contact.accountId) throw new NotFoundError(`no quote "${request.quoteId}"`, 'id');
    const planId = `P-${quote.id}`;
    if (quote.acceptance) return repeated(quote.acceptance, request.option, planId);
    if (quote.status !== 'open') throw new ConflictError(`this quote was ${quote.status}: ask for a new one`, 'id');
    const today = request.now.toISOString().slice(0, 10);
    if (today > quote.expiresOn) throw new ConflictError(`this quote expired on ${quote.expiresOn}: ask for a new one`, 'id');
    if (request.documentSha256 !== quote.documentSha256) throw new ConflictError('the quote you signed is not the current document: reload it and sign again', 'documentSha256');
    const acceptance: QuoteAcceptance = { option: request.option, signerName, contactEmail: contact.email, signedAt: request.now.toISOString(), ip: request.ip, userAgent: request.userAgent, documentSha256: quote.documentSha256 };
    const signedPdf = await renderSignedQuotePdf(quote.document, acceptance);
    if (!(await insertAcceptance(db, organizationId, quote.id, contact.id, acceptance, signedPdf))) {
      const first = await findQuote(db, organizationId, quote.id);
      if (!first?.acceptance) throw new Error(`quote ${quote.id}: acceptance refused but none stored`);
      return repeated(first.acceptance, request.option, planId);
    }
    await setQuoteStatus(db, organizationId, quote.id, 'accepted');
    const option = quote.document.options[request.option];
    const subscriptions = await accountSubscriptionsOn(db, organizationId, today, { accountIds: [quote.accountId] });
    const actions = planProvisioning({
      renewalDate: quote.document.renewalDate,
      currency: quote.document.currency,
      lines: option.lines,
      coterm: quote.document.coterm ? { anchor: quote.document.coterm.anchor, lines: quote.document.coterm.lines } : null,
      subscriptions: subscriptions.map((subscription) => ({ id: subscription.id, kind: subscription.kind, tenantId: subscription.tenantId, productName: subscription.productName, skuId: subscription.skuId, quantity: subscription.quantity })),
    });
    await insertPlan(db, organizationId, { id: planId, quoteId: quote.id, accountId: quote.accountId, actions });
    await changeRenewalStage(db, organizationId, { renewalId: quote.renewalId, stage: 'won', on: today, actor: contact.email, reason: `quote ${quote.id} accepted (${request.option})`, closedAnnualValue: option.totals.annual });
    await writeAudit(db, organizationId, contact.email, 'quote.accepted', 'quote', quote.id, { option: request.option, signerName, ip: request.ip, userAgent: request.userAgent, sha256: quote.documentSha256, planId });
    return { acceptance, planId, alreadyAccepted: false };
  });
}

function repeated(first: QuoteAcceptance, option: QuoteOptionName, planId: string): AcceptanceResult {
  if (first.option !== option) throw new ConflictError(`this quote was accepted already, with the ${first.option} option, on ${first.signedAt}`, 'option');
  return { acceptance: first, planId, alreadyAccepted: true };
}
