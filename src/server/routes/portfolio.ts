import { z } from 'zod';
import { accountOverview } from '../../app/accounts/account-overview.ts';
import { planAccountCoTerm } from '../../app/coterm/plan-account-coterm.ts';
import { NotFoundError } from '../../app/errors.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { findAccount, listAccounts } from '../../store/account-records.ts';
import { cadenceStore } from '../../store/cadence-store.ts';
import { LedgerQueries } from '../../store/ledger-repository.ts';
import { principalOf, type ServerApp, type ServerContext, todayOf } from '../context.ts';
import { pageQuery, pageSchema, paginate } from '../pagination.ts';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .transform((text, context) => {
    try {
      return CalendarDate.parse(text);
    } catch {
      context.addIssue({ code: 'custom', message: `${text} is not a calendar date` });
      return z.NEVER;
    }
  });

const accountView = z.object({ id: z.string(), name: z.string(), domain: z.string().nullable(), country: z.string().nullable(), parentAccountId: z.string().nullable(), subscriptionCount: z.number() });
const idParams = z.object({ id: z.string().min(1) });

export function portfolioRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.get(
    '/api/accounts',
    { config: { access: 'read' }, schema: { tags: ['accounts'], summary: 'Client accounts', querystring: pageQuery.extend({ q: z.string().optional().describe('part of the name or domain') }), response: { 200: pageSchema(accountView) } } },
    async (request) => {
      const needle = request.query.q?.toLowerCase();
      const accounts = (await listAccounts(store.db, principalOf(request).organizationId)).filter((account) => !needle || account.name.toLowerCase().includes(needle) || (account.domain ?? '').includes(needle));
      return paginate(accounts, request.query, { name: (account) => account.name, id: (account) => account.id, subscriptionCount: (account) => account.subscriptionCount });
    },
  );
  app.get(
    '/api/accounts/:id',
    { config: { access: 'read' }, schema: { tags: ['accounts'], summary: 'The account page: subscriptions on a day, renewals, open tasks, invoices, open findings, quotes', params: idParams, querystring: z.object({ on: isoDate.optional() }) } },
    (request, reply) => {
      const principal = principalOf(request);
      const on = request.query.on ?? todayOf(context);
      return context.views.send(reply, principal, `${on.toString()} ${request.url}`, () => accountOverview(store, principal.organizationId, request.params.id, on));
    },
  );
  app.get(
    '/api/accounts/:id/coterm-plan',
    {
      config: { access: 'read' },
      schema: { tags: ['co-term'], summary: "The co-term plan: each subscription's path to the anchor and the stub terms' cost, explained", params: idParams, querystring: z.object({ anchor: isoDate.optional(), asOf: isoDate.optional() }) },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const asOf = request.query.asOf ?? todayOf(context);
      return context.views.send(reply, principal, `${asOf.toString()} ${request.url}`, async () => {
        if (!(await findAccount(store.db, principal.organizationId, request.params.id))) throw new NotFoundError(`no account "${request.params.id}"`, 'id');
        return cadenceStore(store, principal.organizationId).transaction((session) => planAccountCoTerm(session, request.params.id, asOf, request.query.anchor));
      });
    },
  );
  app.get(
    '/api/subscriptions',
    {
      config: { access: 'read' },
      schema: {
        tags: ['subscriptions'],
        summary: 'Subscriptions as the ledger has them on a day',
        querystring: pageQuery.extend({ on: isoDate.optional(), accountId: z.string().optional(), kind: z.string().optional(), status: z.string().optional() }),
      },
    },
    async (request) => {
      const { organizationId } = principalOf(request);
      const day = (request.query.on ?? todayOf(context)).toString();
      const ledger = new LedgerQueries(store);
      const states = request.query.accountId ? await ledger.accountOn(organizationId, request.query.accountId, day) : await ledger.portfolioOn(organizationId, day);
      const filtered = states.filter((state) => (!request.query.kind || state.kind === request.query.kind) && (!request.query.status || state.status === request.query.status));
      return {
        on: day,
        ...paginate(filtered, request.query, {
          id: (state) => state.subscriptionId,
          product: (state) => state.productName,
          termEnd: (state) => state.termEnd ?? '',
          quantity: (state) => state.quantity,
          accountId: (state) => state.accountId ?? '',
        }),
      };
    },
  );
  app.get(
    '/api/subscriptions/:id',
    { config: { access: 'read' }, schema: { tags: ['subscriptions'], summary: 'A subscription on any day', params: idParams, querystring: z.object({ on: isoDate.optional() }) } },
    async (request) => {
      const state = await new LedgerQueries(store).subscriptionOn(principalOf(request).organizationId, request.params.id, (request.query.on ?? todayOf(context)).toString());
      if (!state) throw new NotFoundError(`no subscription "${request.params.id}" on that day`, 'id');
      return state;
    },
  );
  app.get(
    '/api/subscriptions/:id/history',
    { config: { access: 'read' }, schema: { tags: ['subscriptions'], summary: "A subscription's ledger: every event, oldest first", params: idParams, querystring: pageQuery.omit({ sort: true }) } },
    async (request) => {
      const events = await new LedgerQueries(store).history(principalOf(request).organizationId, request.params.id);
      if (events.length === 0) throw new NotFoundError(`no subscription "${request.params.id}"`, 'id');
      return paginate(events, request.query, {});
    },
  );
}
