import { z } from 'zod';
import { openDispute, resolveDispute } from '../../app/billing/invoice-disputes.ts';
import { invoiceDocument } from '../../app/billing/invoice-document.ts';
import { summarize } from '../../app/billing/invoice-summary.ts';
import { issueInvoices } from '../../app/billing/issue-invoices.ts';
import { runInvoices } from '../../app/billing/run-invoices.ts';
import { NotFoundError } from '../../app/errors.ts';
import { reconcileLedger } from '../../app/reconcile/reconcile-ledger.ts';
import { type FindingCategory } from '../../domain/reconcile/model.ts';
import { loadFindings, setFindingStatus } from '../../store/finding-records.ts';
import { findInvoice, loadInvoices } from '../../store/invoice-records.ts';
import { principalOf, sendPdf, type ServerApp, type ServerContext, todayOf } from '../context.ts';
import { pageQuery, paginate } from '../pagination.ts';
import { isoDate } from './portfolio.ts';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const idParams = z.object({ id: z.string().min(1) });

export function billingRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.get(
    '/api/invoices',
    {
      config: { access: 'read' },
      schema: {
        tags: ['invoices'],
        summary: 'Invoices and credit notes',
        querystring: pageQuery.extend({ period: period.optional(), status: z.enum(['draft', 'issued']).optional(), accountId: z.string().optional(), kind: z.enum(['invoice', 'credit_note']).optional() }),
      },
    },
    async (request) => {
      const { period: month, status, accountId, kind } = request.query;
      const invoices = await loadInvoices(store.db, principalOf(request).organizationId, { ...(month ? { period: month } : {}), ...(status ? { status } : {}), ...(accountId ? { accountId } : {}), ...(kind ? { kind } : {}) });
      return paginate(invoices.map(summarize), request.query, { period: (invoice) => invoice.period, total: (invoice) => Number(invoice.total), number: (invoice) => invoice.number ?? '', accountId: (invoice) => invoice.accountId });
    },
  );
  app.get('/api/invoices/:id', { config: { access: 'read' }, schema: { tags: ['invoices'], summary: 'An invoice with every line, its formula, inputs and rounding', params: idParams } }, async (request) => {
    const invoice = await findInvoice(store.db, principalOf(request).organizationId, request.params.id);
    if (!invoice) throw new NotFoundError(`no invoice "${request.params.id}"`, 'id');
    return invoice;
  });
  app.get('/api/invoices/:id/pdf', { config: { access: 'read' }, schema: { tags: ['invoices'], summary: 'The invoice as the client receives it', params: idParams } }, async (request, reply) => {
    const { organizationId } = principalOf(request);
    const invoice = await findInvoice(store.db, organizationId, request.params.id);
    if (!invoice) throw new NotFoundError(`no invoice "${request.params.id}"`, 'id');
    return sendPdf(reply, await invoiceDocument(store.db, organizationId, invoice), `${invoice.number ?? invoice.id}.pdf`);
  });
  app.post('/api/invoices/run', { config: { access: 'billing' }, schema: { tags: ['invoices'], summary: "Build (or rebuild) a month's drafts", body: z.object({ period }) } }, async (request) => {
    const principal = principalOf(request);
    return runInvoices(store, principal.organizationId, request.body.period, principal.actor);
  });
  app.post(
    '/api/invoices/issue',
    {
      config: { access: 'billing' },
      schema: { tags: ['invoices'], summary: 'Issue drafts (by id, or every draft of a month): numbered without gaps, immutable after', body: z.object({ ids: z.array(z.string()).min(1).optional(), period: period.optional(), on: isoDate.optional() }).refine((body) => (body.ids === undefined) !== (body.period === undefined), { message: 'give ids or period', path: ['ids'] }) },
    },
    async (request) => {
      const principal = principalOf(request);
      const which = request.body.ids ? { ids: request.body.ids } : { period: request.body.period ?? '' };
      return { issued: await issueInvoices(store, principal.organizationId, which, request.body.on ?? todayOf(context), principal.actor) };
    },
  );
  app.post(
    '/api/invoices/:id/disputes',
    { config: { access: 'billing' }, schema: { tags: ['invoices'], summary: 'Open a dispute on an issued invoice, or resolve the open one', params: idParams, body: z.object({ reason: z.string().optional(), resolution: z.string().optional() }) } },
    async (request, reply) => {
      const principal = principalOf(request);
      const today = todayOf(context);
      const view = request.body.resolution !== undefined ? await resolveDispute(store, principal.organizationId, request.params.id, request.body.resolution, today, principal.actor) : await openDispute(store, principal.organizationId, request.params.id, request.body.reason ?? '', today, principal.actor);
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/findings',
    {
      config: { access: 'read' },
      schema: {
        tags: ['findings'],
        summary: 'Reconciliation findings with their money impact and evidence',
        querystring: pageQuery.extend({ period: period.optional(), status: z.enum(['open', 'accepted', 'dismissed']).optional(), category: z.string().optional(), accountId: z.string().optional(), all: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request) => {
      const { period: month, status, category, accountId, all } = request.query;
      const findings = await loadFindings(store.db, principalOf(request).organizationId, {
        ...(month ? { period: month } : {}),
        ...(status ? { status } : {}),
        ...(category ? { category: category as FindingCategory } : {}),
        ...(accountId ? { accountId } : {}),
        includeGone: all === 'true',
      });
      return paginate(findings, request.query, { impact: (finding) => Number(finding.impact.toString()), period: (finding) => finding.period, category: (finding) => finding.category });
    },
  );
  app.post(
    '/api/findings/:id/status',
    {
      config: { access: 'billing' },
      schema: { tags: ['findings'], summary: 'Accept a finding (to correct it) or dismiss it, with a reason; or reopen it', params: z.object({ id: z.coerce.number().int().positive() }), body: z.object({ status: z.enum(['open', 'accepted', 'dismissed']), reason: z.string().optional() }) },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      await store.transaction(({ db }) => setFindingStatus(db, principal.organizationId, request.params.id, request.body.status, request.body.reason ?? null, principal.actor));
      return reply.code(204).send();
    },
  );
  app.post('/api/reconciliations', { config: { access: 'billing' }, schema: { tags: ['findings'], summary: "Reconcile a month: Microsoft's billing against what was invoiced", body: z.object({ period, invoiced: z.enum(['coterm', 'psa']).optional() }) } }, async (request) => {
    const principal = principalOf(request);
    return reconcileLedger(store, principal.organizationId, request.body.period, { actor: principal.actor, ...(request.body.invoiced ? { source: request.body.invoiced } : {}) });
  });
}
