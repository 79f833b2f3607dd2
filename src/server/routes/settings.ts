import { z } from 'zod';
import { NotFoundError } from '../../app/errors.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { PRICE_METHODS, type PriceMethod } from '../../domain/billing/price-rules.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { listUsers } from '../../store/access-records.ts';
import { findAccount } from '../../store/account-records.ts';
import { removePriceRule, savePriceRule } from '../../store/billing-configuration.ts';
import { priceRules } from '../../store/billing-inputs.ts';
import { principalOf, type ServerApp, type ServerContext } from '../context.ts';
import { pageQuery, paginate } from '../pagination.ts';

const idParams = z.object({ id: z.string().min(1) });

/** Margins, an account's portal contacts, past reconciliations and the MSP's branding. */
export function settingsRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.get('/api/branding', { schema: { tags: ['settings'], summary: "The MSP's name (and logo), for the sign-in page and the client portal", response: { 200: z.object({ name: z.string(), logoUrl: z.string().nullable() }) } } }, () => ({
    name: context.mspName,
    logoUrl: context.logoUrl ?? null,
  }));
  app.get(
    '/api/accounts/:id/contacts',
    { config: { access: 'read' }, schema: { tags: ['accounts'], summary: "The account's portal contacts (who can be sent a quote)", params: idParams, response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })) }) } } },
    async (request) => {
      const { organizationId } = principalOf(request);
      if (!(await findAccount(store.db, organizationId, request.params.id))) throw new NotFoundError(`no account "${request.params.id}"`, 'id');
      const contacts = (await listUsers(store.db, organizationId)).filter((user) => user.role === 'portal_contact' && user.accountId === request.params.id && !user.disabled);
      return { items: contacts.map((user) => ({ id: user.id, name: user.name, email: user.email })) };
    },
  );
  app.get('/api/pricing/rules', { config: { access: 'read' }, schema: { tags: ['pricing'], summary: 'Margin rules: markup, margin or fixed price by account, family and SKU (the most specific wins)', querystring: pageQuery } }, async (request) => {
    const rules = await priceRules(store.db, principalOf(request).organizationId);
    return paginate(rules, request.query, { id: (rule) => rule.id });
  });
  app.put(
    '/api/pricing/rules',
    {
      config: { access: 'billing' },
      schema: {
        tags: ['pricing'],
        summary: "Set the rule of a scope (replacing the scope's rule)",
        body: z.object({ accountId: z.string().nullish(), family: z.string().nullish(), skuId: z.string().nullish(), method: z.enum(PRICE_METHODS as [PriceMethod, ...PriceMethod[]]), value: z.string() }),
        response: { 200: z.object({ id: z.number() }) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { accountId, family, skuId, method, value } = request.body;
      let amount: Decimal;
      try {
        amount = Decimal.parse(value);
      } catch {
        throw new InvalidInputError(`"${value}" is not a number`, 'value');
      }
      if (accountId && !(await findAccount(store.db, principal.organizationId, accountId))) throw new NotFoundError(`no account "${accountId}"`, 'accountId');
      const id = await store.transaction(({ db }) => savePriceRule(db, principal.organizationId, { accountId: accountId ?? null, family: family ?? null, skuId: skuId ?? null }, method, amount, principal.actor));
      return { id };
    },
  );
  app.delete('/api/pricing/rules/:id', { config: { access: 'billing' }, schema: { tags: ['pricing'], summary: 'Remove a margin rule', params: z.object({ id: z.coerce.number().int().positive() }) } }, async (request, reply) => {
    const principal = principalOf(request);
    if (!(await store.transaction(({ db }) => removePriceRule(db, principal.organizationId, request.params.id, principal.actor)))) throw new NotFoundError(`no margin rule ${request.params.id}`, 'id');
    return reply.code(204).send();
  });
  app.get('/api/reconciliations', { config: { access: 'read' }, schema: { tags: ['findings'], summary: 'Reconciliation runs, newest first, with their coverage', querystring: pageQuery.extend({ period: z.string().optional() }) } }, async (request) => {
    let query = store.db.selectFrom('reconciliation_runs').selectAll().where('organization_id', '=', principalOf(request).organizationId);
    if (request.query.period) query = query.where('period', '=', request.query.period);
    const rows = await query.orderBy('id', 'desc').execute();
    const runs = rows.map((row) => ({ id: row.id, period: row.period, invoiced: row.invoiced_source, actor: row.actor, at: row.ran_at, findings: row.findings, coverage: row.coverage }));
    return paginate(runs, request.query, {});
  });
}
