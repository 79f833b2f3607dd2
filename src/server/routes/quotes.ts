import { z } from 'zod';
import { NotFoundError } from '../../app/errors.ts';
import { runProvisioning } from '../../app/provisioning/run-provisioning.ts';
import { issueQuote } from '../../app/quotes/issue-quote.ts';
import { createQuoteLink, LINK_HOURS } from '../../app/quotes/quote-links.ts';
import { findPlan, listPlans } from '../../store/provisioning-records.ts';
import { findQuote, listQuotes, quotePdf, signedQuotePdf } from '../../store/quote-records.ts';
import { principalOf, sendPdf, type ServerApp, type ServerContext, todayOf } from '../context.ts';
import { pageQuery, paginate } from '../pagination.ts';

const idParams = z.object({ id: z.string().min(1) });

export function quoteRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.post(
    '/api/renewals/:id/quotes',
    {
      config: { access: 'renewals' },
      schema: {
        tags: ['quotes'],
        summary: "Turn a renewal's pack into a quote for one of the account's portal contacts",
        params: idParams,
        body: z.object({ contactId: z.string().min(1), validDays: z.number().int().min(1).max(90).default(30) }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const quote = await issueQuote(store, principal.organizationId, {
        renewalId: request.params.id,
        contactId: request.body.contactId,
        validDays: request.body.validDays,
        today: todayOf(context),
        sellerName: context.mspName,
        paymentLink: context.paymentLink ?? null,
        actor: principal.actor,
      });
      return reply.code(201).send(quote);
    },
  );
  app.get(
    '/api/quotes',
    {
      config: { access: 'read' },
      schema: { tags: ['quotes'], summary: 'Quotes, newest first', querystring: pageQuery.extend({ accountId: z.string().optional(), renewalId: z.string().optional(), status: z.enum(['open', 'accepted', 'withdrawn']).optional() }) },
    },
    async (request) => {
      const { accountId, renewalId, status } = request.query;
      const quotes = await listQuotes(store.db, principalOf(request).organizationId, { ...(accountId ? { accountId } : {}), ...(renewalId ? { renewalId } : {}), ...(status ? { status } : {}) });
      return paginate(quotes, request.query, { issuedOn: (quote) => quote.issuedOn, expiresOn: (quote) => quote.expiresOn, status: (quote) => quote.status });
    },
  );
  app.get('/api/quotes/:id', { config: { access: 'read' }, schema: { tags: ['quotes'], summary: 'A quote: its document, status and acceptance', params: idParams } }, async (request) => {
    const quote = await findQuote(store.db, principalOf(request).organizationId, request.params.id);
    if (!quote) throw new NotFoundError(`no quote "${request.params.id}"`, 'id');
    return quote;
  });
  app.get('/api/quotes/:id/pdf', { config: { access: 'read' }, schema: { tags: ['quotes'], summary: 'The quote PDF (the signed document)', params: idParams } }, async (request, reply) => {
    const pdf = await quotePdf(store.db, principalOf(request).organizationId, request.params.id);
    if (!pdf) throw new NotFoundError(`no quote "${request.params.id}"`, 'id');
    return sendPdf(reply, pdf, `${request.params.id}.pdf`);
  });
  app.get('/api/quotes/:id/signed.pdf', { config: { access: 'read' }, schema: { tags: ['quotes'], summary: 'The signed quote with its acceptance record', params: idParams } }, async (request, reply) => {
    const pdf = await signedQuotePdf(store.db, principalOf(request).organizationId, request.params.id);
    if (!pdf) throw new NotFoundError(`quote "${request.params.id}" is not signed`, 'id');
    return sendPdf(reply, pdf, `${request.params.id}-signed.pdf`);
  });
  app.post(
    '/api/quotes/:id/links',
    {
      config: { access: 'renewals' },
      schema: {
        tags: ['quotes'],
        summary: "A single-use, expiring link for the quote's contact (shown once)",
        params: idParams,
        body: z.object({ hours: z.number().int().min(1).max(24 * 14).default(LINK_HOURS) }).nullish(),
        response: { 201: z.object({ url: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const link = await store.transaction(({ db }) => createQuoteLink(db, principal.organizationId, principal.actor, request.params.id, context.publicUrl, context.now(), request.body?.hours));
      return reply.code(201).send(link);
    },
  );

  app.get('/api/provisioning-plans', { config: { access: 'read' }, schema: { tags: ['provisioning'], summary: 'Provisioning plans of accepted quotes', querystring: pageQuery.extend({ accountId: z.string().optional() }) } }, async (request) => {
    const plans = await listPlans(store.db, principalOf(request).organizationId, request.query.accountId ? { accountId: request.query.accountId } : {});
    return paginate(plans, request.query, { createdAt: (plan) => plan.createdAt, status: (plan) => plan.status });
  });
  app.get('/api/provisioning-plans/:id', { config: { access: 'read' }, schema: { tags: ['provisioning'], summary: 'A plan: its actions to review and its runs', params: idParams } }, async (request) => {
    const plan = await findPlan(store.db, principalOf(request).organizationId, request.params.id);
    if (!plan) throw new NotFoundError(`no provisioning plan "${request.params.id}"`, 'id');
    return plan;
  });
  app.post(
    '/api/provisioning-plans/:id/run',
    {
      config: { access: 'renewals' },
      schema: {
        tags: ['provisioning'],
        summary: 'Run a plan through Partner Center (dry run unless dryRun is false); seat reductions only when their action ids are approved',
        params: idParams,
        body: z.object({ dryRun: z.boolean().default(true), approved: z.array(z.string()).default([]) }),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const catalog = context.partnerCenter?.catalog ?? {};
      return runProvisioning(store, principal.organizationId, {
        planId: request.params.id,
        dryRun: request.body.dryRun,
        approved: request.body.approved,
        actor: principal.actor,
        today: todayOf(context),
        catalogItemFor: (productName) => catalog[productName],
        ...(context.partnerCenter ? { partnerCenter: context.partnerCenter.port } : {}),
      });
    },
  );
}
