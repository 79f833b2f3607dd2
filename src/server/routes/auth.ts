import { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { signIn, signOut } from '../../app/access/sign-in.ts';
import { type UserRecord } from '../../store/access-records.ts';
import { type ServerApp, type ServerContext } from '../context.ts';
import { SESSION_COOKIE, UnauthenticatedError } from '../principal.ts';

/** Attempts per address and email before a login is refused for the rest of the minute. */
const LOGIN_ATTEMPTS_PER_MINUTE = 5;

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'billing', 'account_manager', 'read_only', 'portal_contact']),
  accountId: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export function viewOfUser(user: UserRecord): z.infer<typeof userView> {
  return { id: user.id, email: user.email, name: user.name, role: user.role, accountId: user.accountId, disabled: user.disabled, createdAt: user.createdAt };
}

const sessionView = z.object({ user: userView, csrfToken: z.string().nullable(), expiresAt: z.string().optional() });

export function setSessionCookie(reply: FastifyReply, context: ServerContext, token: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: context.secureCookies, expires: new Date(expiresAt) });
}

export function authRoutes(app: ServerApp, context: ServerContext): void {
  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: z.object({ email: z.string().min(3), password: z.string().min(1) }), response: { 200: sessionView } },
      config: {
        rateLimit: {
          max: LOGIN_ATTEMPTS_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: (request) => `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
    },
    async (request, reply) => {
      const session = await context.store.transaction(({ db }) => signIn(db, request.body.email, request.body.password, context.now()));
      setSessionCookie(reply, context, session.token, session.expiresAt);
      return { user: viewOfUser(session.user), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End the browser session' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(context.store.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'Who is signed in, and the CSRF token to send with changes', response: { 200: sessionView } } }, (request) => {
    if (!request.principal) throw new UnauthenticatedError('not signed in');
    return { user: viewOfUser(request.principal.user), csrfToken: request.principal.csrfToken };
  });
}
