import { z } from 'zod';
import { invoiceDocument } from '../../app/billing/invoice-document.ts';
import { summarize } from '../../app/billing/invoice-summary.ts';
import { NotFoundError } from '../../app/errors.ts';
import { acceptQuote } from '../../app/quotes/accept-quote.ts';
import { QUOTE_OPTIONS } from '../../app/quotes/quote-document.ts';
import { redeemQuoteLink } from '../../app/quotes/quote-links.ts';
import { loadInvoices, findInvoice } from '../../store/invoice-records.ts';
import { findQuote, listQuotes, quotePdf, type QuoteSummary, signedQuotePdf } from '../../store/quote-records.ts';
import { principalOf, sendPdf, type ServerApp, type ServerContext } from '../context.ts';
import { type Principal } from '../principal.ts';
import { pageQuery, paginate } from '../pagination.ts';
import { setSessionCookie } from './auth.ts';

const idParams = z.object({ id: z.string().min(1) });

/** The client's side: only the contact's own account, and only its quotes and issued invoices. */
export function portalRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.post(
    '/api/portal/session',
    {
      schema: { tags: ['portal'], summary: "Open a quote link: the single-use token becomes the contact's portal session", body: z.object({ token: z.string().min(10) }), response: { 200: z.object({ quoteId: z.string(), csrfToken: z.string() }) } },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { session, quoteId } = await store.transaction(({ db }) => redeemQuoteLink(db, request.body.token, context.now()));
      setSessionCookie(reply, context, session.token, session.expiresAt);
      return { quoteId, csrfToken: session.csrfToken };
    },
  );
  app.get('/api/portal/quotes', { config: { access: 'portal' }, schema: { tags: ['portal'], summary: "The contact's account's quotes", querystring: pageQuery } }, async (request) => {
    const principal = principalOf(request);
    const quotes = await listQuotes(store.db, principal.organizationId, { accountId: accountOf(principal) });
    return paginate(quotes.map(clientView), request.query, { issuedOn: (quote) => quote.issuedOn });
  });
  app.get('/api/portal/quotes/:id', { config: { access: 'portal' }, schema: { tags: ['portal'], summary: 'A quote to read and sign: the three options and the co-term lines', params: idParams } }, async (request) => {
    const principal = principalOf(request);
    const quote = await ownQuote(context, principal, request.params.id);
    return { ...clientView(quote), paymentLink: quote.document.paymentLink };
  });
  app.get('/api/portal/quotes/:id/pdf', { config: { access: 'portal' }, schema: { tags: ['portal'], summary: 'The quote PDF', params: idParams } }, async (request, reply) => {
    const principal = principalOf(request);
    await ownQuote(context, principal, request.params.id);
    const pdf = await quotePdf(store.db, principal.organizationId, request.params.id);
    if (!pdf) throw new NotFoundError(`no quote "${request.params.id}"`, 'id');
    return sendPdf(reply, pdf, `${request.params.id}.pdf`);
  });
  app.post(
    '/api/portal/quotes/:id/accept',
    {
      config: { access: 'portal' },
      schema: {
        tags: ['portal'],
        summary: 'Accept one option and sign (typed name); exactly once per quote',
        params: idParams,
        body: z.object({ option: z.enum(QUOTE_OPTIONS as [(typeof QUOTE_OPTIONS)[number], ...(typeof QUOTE_OPTIONS)[number][]]), signerName: z.string().min(1).max(200), documentSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return acceptQuote(store, principal.user, {
        quoteId: request.params.id,
        option: request.body.option,
        signerName: request.body.signerName,
        documentSha256: request.body.documentSha256,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        now: context.now(),
      });
    },
  );
  app.get('/api/portal/quotes/:id/signed.pdf', { config: { access: 'portal' }, schema: { tags: ['portal'], summary: 'The signed quote with its acceptance record', params: idParams } }, async (request, reply) => {
    const principal = principalOf(request);
    await ownQuote(context, principal, request.params.id);
    const pdf = await signedQuotePdf(store.db, principal.organizationId, request.params.id);
    if (!pdf) throw new NotFoundError(`quote "${request.params.id}" is not signed`, 'id');
    return sendPdf(reply, pdf, `${request.params.id}-signed.pdf`);
  });
  app.get('/api/portal/invoices', { config: { access: 'portal' }, schema: { tags: ['portal'], summary: "The account's issued invoices and credit notes", querystring: pageQuery } }, async (request) => {
    const principal = principalOf(request);
    const invoices = await loadInvoices(store.db, principal.organizationId, { accountId: accountOf(principal), status: 'issued' });
    return paginate(invoices.map(summarize), request.query, { issuedOn: (invoice) => invoice.issuedOn ?? '', period: (invoice) => invoice.period });
  });
  app.get('/api/portal/invoices/:id/pdf', { config: { access: 'portal' }, schema: { tags: ['portal'], summary: 'An issued invoice as PDF', params: idParams } }, async (request, reply) => {
    const principal = principalOf(request);
    const invoice = await findInvoice(store.db, principal.organizationId, request.params.id);
    if (!invoice || invoice.accountId !== accountOf(principal) || invoice.status !== 'issued') throw new NotFoundError(`no invoice "${request.params.id}"`, 'id');
    return sendPdf(reply, await invoiceDocument(store.db, principal.organizationId, invoice), `${invoice.number ?? invoice.id}.pdf`);
  });
}

/** What the client sees of a quote: not who at the MSP issued it. */
function clientView<T extends QuoteSummary>(quote: T): Omit<T, 'createdBy'> {
  return Object.fromEntries(Object.entries(quote).filter(([field]) => field !== 'createdBy')) as Omit<T, 'createdBy'>;
}

function accountOf(principal: Principal): string {
  if (!principal.user.accountId) throw new NotFoundError('no account for this contact');
  return principal.user.accountId;
}

/** Another account's quote does not exist for this contact. */
async function ownQuote(context: ServerContext, principal: Principal, id: string) {
  const quote = await findQuote(context.store.db, principal.organizationId, id);
  if (!quote || quote.accountId !== accountOf(principal)) throw new NotFoundError(`no quote "${id}"`, 'id');
  return quote;
}
