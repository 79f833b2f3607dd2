import { createDemo } from '../../src/app/demo/create-demo.ts';
import { createUser } from '../../src/app/access/users.ts';
import { composeInProcess } from '../../src/app/renewals/pack-composer.ts';
import { runCadence } from '../../src/app/renewals/run-cadence.ts';
import { demoPorts } from '../../src/cli/commands/demo.ts';
import { type CalendarDate } from '../../src/domain/calendar/date.ts';
import { type Role } from '../../src/domain/access/roles.ts';
import { buildServer } from '../../src/server/app.ts';
import { type ServerApp, type ServerContext } from '../../src/server/context.ts';
import { ImportJobs } from '../../src/server/import-jobs.ts';
import { ViewCache } from '../../src/server/view-cache.ts';
import { cadenceStore, noticeOutbox } from '../../src/store/cadence-store.ts';
import { type Store } from '../../src/store/store.ts';
import { TEST_DATABASES, type TestDatabase } from '../support/databases.ts';
import { tempDir } from '../support/temp-dirs.ts';

export const PASSWORD = 'correct horse battery staple';

/** A running server on loopback over a fresh database (the embedded one, or COTERM_TEST_DATABASE_URL's schema). */
export interface Harness {
  readonly url: string;
  readonly store: Store;
  readonly app: ServerApp;
  readonly context: ServerContext;
  close(): Promise<void>;
}

export async function startHarness(
  options: { database?: TestDatabase; now?: () => Date; organizations?: readonly string[]; paymentLink?: string; partnerCenter?: ServerContext['partnerCenter'] } = {},
): Promise<Harness> {
  const store = await (options.database ?? (TEST_DATABASES[0] as TestDatabase)).open();
  for (const id of options.organizations ?? ['acme']) await store.db.insertInto('organizations').values({ id, name: `${id} IT` }).execute();
  const now = options.now ?? (() => new Date('2026-11-22T09:00:00Z'));
  const context: ServerContext = {
    store,
    now,
    mspName: 'Acme IT',
    publicUrl: 'http://127.0.0.1',
    ...(options.paymentLink ? { paymentLink: options.paymentLink } : {}),
    ...(options.partnerCenter ? { partnerCenter: options.partnerCenter } : {}),
    uploadsDir: tempDir('uploads'),
    imports: new ImportJobs(store, now),
    views: new ViewCache(),
    secureCookies: false,
  };
  const app = await buildServer(context, { trustProxy: true });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    store,
    app,
    context,
    async close() {
      await app.close();
      await context.imports.idle();
      await store.close();
    },
  };
}

export async function addUser(store: Store, organizationId: string, email: string, role: Role, accountId?: string): Promise<void> {
  await store.transaction(({ db }) => createUser(db, organizationId, 'test', { email, name: email.split('@')[0] ?? email, role, password: PASSWORD, ...(accountId ? { accountId } : {}) }));
}

/** The demo portfolio (a few clients) with the cadence run on `asOf`: renewals, packs and tasks to work with. */
export async function seedDemo(store: Store, organizationId: string, asOf: CalendarDate, clients: number): Promise<void> {
  await createDemo(demoPorts(store, organizationId, tempDir('demo'), { actor: 'test', now: () => '2026-11-22T09:00:00Z' }), { clients, seed: 1, asOf });
  const noSender = { send: (mail: { id: string }) => Promise.resolve(`<${mail.id}@test>`) };
  await runCadence(cadenceStore(store, organizationId), noticeOutbox(store, organizationId), noSender, asOf, undefined, composeInProcess);
}

/**
 * A JSON response body. Tests walk into it field by field and assert exact
 * values, so it is left untyped rather than cast at every step.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any;

export interface ApiResponse {
  readonly status: number;
  readonly body: Body;
  readonly headers: Headers;
}

/** A signed-in browser: its cookie and CSRF token, sent with every call. */
export interface Client {
  request(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

export async function signedIn(url: string, email: string, password = PASSWORD): Promise<Client> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return sessionClient(url, cookie, csrfToken);
}

/** A browser holding a session cookie, sending its CSRF token (and, when given, a user agent) with every call. */
export function sessionClient(url: string, cookie: string, csrfToken: string, userAgent?: string): Client {
  const headers = { cookie, 'x-csrf-token': csrfToken, ...(userAgent ? { 'user-agent': userAgent } : {}) };
  return { request: (method, path, body) => call(url, method, path, body, headers) };
}

/** Opens a quote link the way the portal page does: the token is the link's fragment, posted to start the contact's session. */
export async function openQuoteLink(url: string, link: string): Promise<{ status: number; body: Body; cookie: string }> {
  const token = new URL(link).hash.slice(1);
  const response = await call(url, 'POST', '/api/portal/session', { token }, {});
  return { status: response.status, body: response.body, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

export function withToken(url: string, token: string): Client {
  return { request: (method, path, body) => call(url, method, path, body, { authorization: `Bearer ${token}` }) };
}

export function anonymous(url: string): Client {
  return { request: (method, path, body) => call(url, method, path, body, {}) };
}

async function call(url: string, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<ApiResponse> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.includes('json') && text ? JSON.parse(text) : text, headers: response.headers };
}
