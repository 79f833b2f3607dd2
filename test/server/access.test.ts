import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { addUser, anonymous, type ApiResponse, type Client, type Harness, openQuoteLink, seedDemo, sessionClient, signedIn, startHarness, withToken } from './server-harness.ts';

/** What each route needs. A route missing here fails the suite: every route is tried. */
type Need = 'public' | 'signed_in' | 'read' | 'renewals' | 'billing' | 'admin' | 'portal';
const ROUTES: Readonly<Record<string, Need>> = {
  'GET /healthz': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'signed_in',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/{id}': 'admin',
  'GET /api/tokens': 'admin',
  'POST /api/tokens': 'admin',
  'DELETE /api/tokens/{id}': 'admin',
  'GET /api/audit': 'read',
  'GET /api/accounts': 'read',
  'GET /api/accounts/{id}': 'read',
  'GET /api/accounts/{id}/coterm-plan': 'read',
  'GET /api/subscriptions': 'read',
  'GET /api/subscriptions/{id}': 'read',
  'GET /api/subscriptions/{id}/history': 'read',
  'GET /api/renewals': 'read',
  'PATCH /api/renewals/{id}': 'renewals',
  'GET /api/renewals/{id}/pack': 'read',
  'POST /api/renewals/{id}/pack': 'renewals',
  'GET /api/renewals/{id}/pack.pdf': 'read',
  'GET /api/tasks': 'read',
  'POST /api/renewals/{id}/tasks/{kind}/done': 'renewals',
  'POST /api/renewals/{id}/quotes': 'renewals',
  'GET /api/quotes': 'read',
  'GET /api/quotes/{id}': 'read',
  'GET /api/quotes/{id}/pdf': 'read',
  'GET /api/quotes/{id}/signed.pdf': 'read',
  'POST /api/quotes/{id}/links': 'renewals',
  'GET /api/provisioning-plans': 'read',
  'GET /api/provisioning-plans/{id}': 'read',
  'POST /api/provisioning-plans/{id}/run': 'renewals',
  'GET /api/invoices': 'read',
  'GET /api/invoices/{id}': 'read',
  'GET /api/invoices/{id}/pdf': 'read',
  'POST /api/invoices/run': 'billing',
  'POST /api/invoices/issue': 'billing',
  'POST /api/invoices/{id}/disputes': 'billing',
  'GET /api/findings': 'read',
  'POST /api/findings/{id}/status': 'billing',
  'POST /api/reconciliations': 'billing',
  'GET /api/kpis': 'read',
  'GET /api/kpis/feed.csv': 'read',
  'GET /api/kpis/feed.json': 'read',
  'GET /api/kpis/mrr-movements.csv': 'read',
  'POST /api/imports': 'billing',
  'GET /api/imports': 'read',
  'GET /api/imports/{id}': 'read',
  'GET /api/policies': 'read',
  'PUT /api/policies/{field}': 'renewals',
  'POST /api/portal/session': 'public',
  'GET /api/branding': 'public',
  'GET /api/accounts/{id}/contacts': 'read',
  'GET /api/pricing/rules': 'read',
  'PUT /api/pricing/rules': 'billing',
  'DELETE /api/pricing/rules/{id}': 'billing',
  'GET /api/reconciliations': 'read',
  'GET /api/portal/quotes': 'portal',
  'GET /api/portal/quotes/{id}': 'portal',
  'GET /api/portal/quotes/{id}/pdf': 'portal',
  'POST /api/portal/quotes/{id}/accept': 'portal',
  'GET /api/portal/quotes/{id}/signed.pdf': 'portal',
  'GET /api/portal/invoices': 'portal',
  'GET /api/portal/invoices/{id}/pdf': 'portal',
};

const STAFF: ReadonlySet<Need> = new Set(['read', 'renewals', 'billing', 'admin']);
const RENEWAL = 'winslow-motors:2027-02-13';

describe('every route refuses who may not use it, and leaks nothing across organizations or accounts', () => {
  let harness: Harness;
  let routes: { method: string; path: string; need: Need }[];
  /** Acme's identifiers, to fill the routes' parameters and to look for in what others get back. */
  const ids: Record<string, string> = {};
  const bodies: Record<string, unknown> = {};
  let secrets: string[];
  let rival: Client;
  let reader: Client;
  let readToken: Client;
  let otherContact: Client;

  beforeAll(async () => {
    harness = await startHarness({ organizations: ['acme', 'rival'] });
    await seedDemo(harness.store, 'acme', CalendarDate.parse('2026-11-22'), 6);
    await addUser(harness.store, 'acme', 'admin@acme.test', 'admin');
    await addUser(harness.store, 'acme', 'reader@acme.test', 'read_only');
    await addUser(harness.store, 'acme', 'ana@winslow.test', 'portal_contact', 'winslow-motors');
    await addUser(harness.store, 'acme', 'bo@yardley.test', 'portal_contact', 'yardley-brewing');
    await addUser(harness.store, 'rival', 'admin@rival.test', 'admin');
    const admin = await signedIn(harness.url, 'admin@acme.test');
    const users = await harness.store.db.selectFrom('users').select(['id', 'email']).execute();
    const userId = (email: string) => users.find((user) => user.email === email)?.id ?? '';

    const quote = (await admin.request('POST', `/api/renewals/${encodeURIComponent(RENEWAL)}/quotes`, { contactId: userId('ana@winslow.test') })).body;
    const ana = await contactSession(harness.url, (await admin.request('POST', `/api/quotes/${quote.id}/links`)).body.url);
    const accepted = await ana.request('POST', `/api/portal/quotes/${quote.id}/accept`, { option: 'hold', signerName: 'Ana Winslow', documentSha256: quote.documentSha256 });
    expect(accepted.status).toBe(200);
    const yardley = await harness.store.db.selectFrom('renewals').select('id').where('account_id', '=', 'yardley-brewing').where('stage', '=', 'pack_ready').executeTakeFirstOrThrow();
    const boQuote = (await admin.request('POST', `/api/renewals/${encodeURIComponent(yardley.id)}/quotes`, { contactId: userId('bo@yardley.test') })).body;
    otherContact = await contactSession(harness.url, (await admin.request('POST', `/api/quotes/${boQuote.id}/links`)).body.url);

    expect((await admin.request('POST', '/api/invoices/run', { period: '2026-10' })).status).toBe(200);
    const invoices = (await admin.request('GET', '/api/invoices?accountId=winslow-motors')).body.items;
    expect((await admin.request('POST', '/api/invoices/issue', { ids: [invoices[0].id] })).status).toBe(200);
    const issued = (await admin.request('GET', `/api/invoices/${invoices[0].id}`)).body;
    const subscription = (await admin.request('GET', '/api/subscriptions?accountId=winslow-motors&limit=1')).body.items[0];
    const token = (await admin.request('POST', '/api/tokens', { name: 'psa sync', scopes: ['read'] })).body;
    const form = new FormData();
    form.append('kind', 'usage');
    form.append('file', new Blob(['not,a,usage,file\n1,2,3,4\n']), 'usage.csv');
    const upload = await fetch(`${harness.url}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${(await admin.request('POST', '/api/tokens', { name: 'uploader', scopes: ['billing'] })).body.token}` }, body: form });
    expect(upload.status).toBe(202);

    Object.assign(ids, {
      account: 'winslow-motors',
      subscription: subscription.subscriptionId,
      renewal: RENEWAL,
      quote: quote.id,
      plan: accepted.body.planId,
      invoice: issued.number,
      user: userId('reader@acme.test'),
      token: token.id,
      importJob: ((await upload.json()) as { id: string }).id,
      finding: '1',
    });
    Object.assign(bodies, {
      'POST /api/auth/login': { email: 'admin@acme.test', password: 'not the password' },
      'POST /api/users': { email: 'new@acme.test', role: 'read_only', password: 'a long enough password' },
      'PATCH /api/users/{id}': { disabled: true },
      'POST /api/tokens': { name: 'x', scopes: ['read'] },
      'PATCH /api/renewals/{id}': { stage: 'lost', reason: 'test' },
      'POST /api/renewals/{id}/tasks/{kind}/done': {},
      'POST /api/renewals/{id}/quotes': { contactId: userId('ana@winslow.test') },
      'POST /api/quotes/{id}/links': {},
      'POST /api/provisioning-plans/{id}/run': { dryRun: true },
      'POST /api/invoices/run': { period: '2026-09' },
      'POST /api/invoices/issue': { ids: [invoices[0].id] },
      'POST /api/invoices/{id}/disputes': { reason: 'test' },
      'POST /api/findings/{id}/status': { status: 'dismissed', reason: 'test' },
      'POST /api/reconciliations': { period: '2026-10' },
      'PUT /api/policies/{field}': { accountId: 'winslow-motors', value: '90/60/30' },
      'PUT /api/pricing/rules': { accountId: 'winslow-motors', method: 'markup', value: '99' },
      'POST /api/portal/session': { token: 'ctq_not-a-real-token-at-all' },
      'POST /api/portal/quotes/{id}/accept': { option: 'harden', signerName: 'Mallory', documentSha256: quote.documentSha256 },
    });
    secrets = [...new Set([...Object.values(ids).filter((id) => id.length > 3), 'Winslow Motors', 'winslow-motors', 'yardley-brewing', 'admin@acme.test', 'reader@acme.test', 'ana@winslow.test', quote.documentSha256])];

    rival = await signedIn(harness.url, 'admin@rival.test');
    reader = await signedIn(harness.url, 'reader@acme.test');
    readToken = withToken(harness.url, token.token);
    const documented = (await anonymous(harness.url).request('GET', '/api/openapi.json')).body.paths as Record<string, Record<string, unknown>>;
    routes = Object.entries(documented).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path, need: ROUTES[`${method.toUpperCase()} ${path}`] as Need })));
  });

  afterAll(async () => {
    await harness?.close();
  });

  function urlOf(path: string): string {
    return path
      .replace('/accounts/{id}', `/accounts/${ids.account}`)
      .replace('/subscriptions/{id}', `/subscriptions/${ids.subscription}`)
      .replace('/renewals/{id}', `/renewals/${encodeURIComponent(ids.renewal ?? '')}`)
      .replace('/tasks/{kind}', '/tasks/prepare')
      .replace('/quotes/{id}', `/quotes/${ids.quote}`)
      .replace('/provisioning-plans/{id}', `/provisioning-plans/${ids.plan}`)
      .replace('/invoices/{id}', `/invoices/${ids.invoice}`)
      .replace('/users/{id}', `/users/${ids.user}`)
      .replace('/tokens/{id}', `/tokens/${ids.token}`)
      .replace('/imports/{id}', `/imports/${ids.importJob}`)
      .replace('/findings/{id}', `/findings/${ids.finding}`)
      .replace('/pricing/rules/{id}', '/pricing/rules/1')
      .replace('/policies/{field}', '/policies/noticeDays');
  }

  function call(client: Client, route: { method: string; path: string }): Promise<ApiResponse> {
    const body = bodies[`${route.method} ${route.path}`] ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
    return client.request(route.method, urlOf(route.path), body);
  }

  /** Acme's identifiers in a response, except those the caller itself sent. */
  function leaked(response: ApiResponse, route: { method: string; path: string }): string[] {
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    const sent = decodeURIComponent(urlOf(route.path)) + JSON.stringify(bodies[`${route.method} ${route.path}`] ?? '');
    return secrets.filter((secret) => text.includes(secret) && !sent.includes(secret));
  }

  it('knows what every documented route needs', () => {
    expect(routes.filter((route) => route.need === undefined).map((route) => `${route.method} ${route.path}`)).toEqual([]);
    expect(routes).toHaveLength(Object.keys(ROUTES).length);
  });

  it('answers 401 without a session or token', async () => {
    for (const route of routes.filter((candidate) => candidate.need !== 'public')) {
      const response = await call(anonymous(harness.url), route);
      expect([route.path, response.status, response.body.error?.code]).toEqual([route.path, 401, 'unauthenticated']);
    }
  });

  it("gives another organization's admin nothing of this one: not found, or its own empty lists", async () => {
    for (const route of routes.filter((candidate) => STAFF.has(candidate.need) || candidate.need === 'signed_in')) {
      const response = await call(rival, route);
      expect([`${route.method} ${route.path}`, leaked(response, route)]).toEqual([`${route.method} ${route.path}`, []]);
      if (route.path.includes('{')) expect([`${route.method} ${route.path}`, response.status < 300]).toEqual([`${route.method} ${route.path}`, false]);
    }
    const rivalChanges = await harness.store.db.selectFrom('audit_log').select('action').where('organization_id', '=', 'acme').where('actor', 'like', '%rival%').execute();
    expect(rivalChanges).toEqual([]);
  });

  it("keeps a portal contact to the portal, and away from another account's quotes", async () => {
    // Signing out would end the session this test works with.
    for (const route of routes.filter((candidate) => candidate.path !== '/api/auth/logout')) {
      const response = await call(otherContact, route);
      const name = `${route.method} ${route.path}`;
      if (STAFF.has(route.need)) expect([name, response.status]).toEqual([name, 403]);
      if (route.need === 'portal' && route.path.includes('{id}')) expect([name, response.status]).toEqual([name, 404]);
      if (route.need === 'portal' || route.need === 'signed_in') expect([name, leaked(response, route).filter((secret) => secret !== 'yardley-brewing')]).toEqual([name, []]);
    }
  });

  it('refuses every change to a read-only user and to a read-scoped token', async () => {
    for (const route of routes.filter((candidate) => candidate.need !== 'read' && STAFF.has(candidate.need))) {
      const name = `${route.method} ${route.path}`;
      expect([name, (await call(reader, route)).status]).toEqual([name, 403]);
      expect([name, (await call(readToken, route)).status]).toEqual([name, 403]);
    }
  });

  it('refuses a change from a browser session without its CSRF token', async () => {
    const login = await fetch(`${harness.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@acme.test', password: 'correct horse battery staple' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const forged = await fetch(`${harness.url}/api/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'forged@acme.test', role: 'admin', password: 'a long enough password' }) });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ error: { code: 'forbidden', message: 'missing or wrong X-CSRF-Token header (it comes with the session)', field: 'X-CSRF-Token' } });
  });
});

async function contactSession(url: string, link: string): Promise<Client> {
  const opened = await openQuoteLink(url, link);
  return sessionClient(url, opened.cookie, opened.body.csrfToken);
}
