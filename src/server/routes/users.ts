import { z } from 'zod';
import { issueToken, revokeApiToken } from '../../app/access/api-tokens.ts';
import { changeUser, createUser } from '../../app/access/users.ts';
import { ROLES, SCOPES } from '../../domain/access/roles.ts';
import { listTokens, listUsers } from '../../store/access-records.ts';
import { listAudit } from '../../store/audit-log.ts';
import { principalOf, type ServerApp, type ServerContext } from '../context.ts';
import { pageQuery, pageSchema, paginate } from '../pagination.ts';
import { userView, viewOfUser } from './auth.ts';

const roleSchema = z.enum(ROLES as [string, ...string[]]) as z.ZodType<(typeof ROLES)[number]>;
const tokenView = z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()).readonly(), userId: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
const idParams = z.object({ id: z.string().min(1) });

export function userRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.get(
    '/api/users',
    { config: { access: 'admin' }, schema: { tags: ['users'], summary: 'Users of the organization: staff and portal contacts', querystring: pageQuery.extend({ role: roleSchema.optional(), accountId: z.string().optional() }), response: { 200: pageSchema(userView) } } },
    async (request) => {
      const { organizationId } = principalOf(request);
      const users = (await listUsers(store.db, organizationId)).filter((user) => (!request.query.role || user.role === request.query.role) && (!request.query.accountId || user.accountId === request.query.accountId));
      return paginate(users.map(viewOfUser), request.query, { email: (user) => user.email, name: (user) => user.name, role: (user) => user.role, createdAt: (user) => user.createdAt });
    },
  );
  app.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Add a staff user (with a password) or a portal contact of one account',
        body: z.object({ email: z.string(), name: z.string().default(''), role: roleSchema, accountId: z.string().optional(), password: z.string().optional() }),
        response: { 201: userView },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const user = await store.transaction(({ db }) => createUser(db, principal.organizationId, principal.actor, request.body));
      return reply.code(201).send(viewOfUser(user));
    },
  );
  app.patch(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['users'], summary: 'Change a role, a name or a password; disable or enable', params: idParams, body: z.object({ role: roleSchema.optional(), name: z.string().optional(), disabled: z.boolean().optional(), password: z.string().optional() }), response: { 200: userView } },
    },
    async (request) => {
      const principal = principalOf(request);
      return viewOfUser(await store.transaction(({ db }) => changeUser(db, principal.organizationId, principal.actor, request.params.id, request.body)));
    },
  );

  app.get('/api/tokens', { config: { access: 'admin' }, schema: { tags: ['tokens'], summary: 'API tokens (never their secrets)', querystring: pageQuery, response: { 200: pageSchema(tokenView) } } }, async (request) => {
    const tokens = await listTokens(store.db, principalOf(request).organizationId);
    return paginate(tokens, request.query, { name: (token) => token.name, createdAt: (token) => token.createdAt });
  });
  app.post(
    '/api/tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Issue a token for an integration; the secret is shown once',
        body: z.object({ name: z.string().min(1), scopes: z.array(z.enum(SCOPES as [string, ...string[]]) as z.ZodType<(typeof SCOPES)[number]>).min(1) }),
        response: { 201: z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()).readonly(), token: z.string() }) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const issued = await store.transaction(({ db }) => issueToken(db, principal.user, request.body.name, request.body.scopes));
      return reply.code(201).send(issued);
    },
  );
  app.delete('/api/tokens/:id', { config: { access: 'admin' }, schema: { tags: ['tokens'], summary: 'Revoke a token', params: idParams } }, async (request, reply) => {
    const principal = principalOf(request);
    await store.transaction(({ db }) => revokeApiToken(db, principal.organizationId, principal.actor, request.params.id));
    return reply.code(204).send();
  });

  app.get(
    '/api/audit',
    {
      config: { access: 'read' },
      schema: {
        tags: ['audit'],
        summary: 'Every change with its actor and time, newest first',
        querystring: pageQuery.omit({ sort: true }).extend({ entityType: z.string().optional(), entityId: z.string().optional(), actor: z.string().optional() }),
        response: { 200: pageSchema(z.object({ id: z.string(), at: z.string(), actor: z.string(), action: z.string(), entityType: z.string(), entityId: z.string(), details: z.unknown() })) },
      },
    },
    async (request) => {
      const { limit, offset, entityType, entityId, actor } = request.query;
      const page = await listAudit(store.db, principalOf(request).organizationId, { limit, offset, ...(entityType ? { entityType } : {}), ...(entityId ? { entityId } : {}), ...(actor ? { actor } : {}) });
      return { ...page, limit, offset };
    },
  );
}
