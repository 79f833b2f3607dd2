import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../src/app/access/first-admin.ts';
import { hashPassword, verifyPassword } from '../../src/security/passwords.ts';
import { addUser, anonymous, type Harness, PASSWORD, signedIn, startHarness, withToken } from './server-harness.ts';

async function login(url: string, email: string, password: string, ip = '127.0.0.1'): Promise<Response> {
  return fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ email, password }) });
}

describe('signing in: sessions, CSRF, API tokens, passwords', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    await addUser(harness.store, 'acme', 'ann@acme.test', 'admin');
    await addUser(harness.store, 'acme', 'bill@acme.test', 'billing');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('keeps passwords as salted scrypt, verified in constant time', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
    const stored = await harness.store.db.selectFrom('users').select('password_hash').where('email', '=', 'ann@acme.test').executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(PASSWORD);
  });

  it('signs in with an HttpOnly session cookie, answers the same for a wrong email and a wrong password, and signs out', async () => {
    const response = await login(harness.url, 'Ann@Acme.test', PASSWORD);
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^coterm_session=cts_[A-Za-z0-9_-]{43}; Path=\/; Expires=Sun, 22 Nov 2026 21:00:00 GMT; HttpOnly; SameSite=Lax$/);
    const body = (await response.json()) as { user: { email: string; role: string }; csrfToken: string };
    expect(body.user).toMatchObject({ email: 'ann@acme.test', role: 'admin' });
    const sessions = await harness.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.map((session) => session.token_hash)).not.toContain(cookie.split(';')[0]?.split('=')[1]);

    const wrongPassword = await login(harness.url, 'ann@acme.test', 'not the password', '10.0.0.2');
    const wrongEmail = await login(harness.url, 'nobody@acme.test', PASSWORD, '10.0.0.2');
    expect([wrongPassword.status, wrongEmail.status]).toEqual([401, 401]);
    expect(await wrongPassword.json()).toEqual(await wrongEmail.json());

    const me = await fetch(`${harness.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(((await me.json()) as { csrfToken: string }).csrfToken).toBe(body.csrfToken);
    const out = await fetch(`${harness.url}/api/auth/logout`, { method: 'POST', headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(out.status).toBe(204);
    const after = await fetch(`${harness.url}/api/accounts`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: { code: 'unauthenticated', message: 'the session expired: sign in again', field: null } });
  });

  it('limits login attempts per address and email to 5 a minute', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) statuses.push((await login(harness.url, 'bill@acme.test', 'guess', '10.9.9.9')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await login(harness.url, 'bill@acme.test', PASSWORD, '10.9.9.9');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await login(harness.url, 'bill@acme.test', PASSWORD, '10.9.9.10')).status).toBe(200);
  });

  it('issues scoped tokens shown once, stores only their hash, refuses scopes beyond the role, and revokes them', async () => {
    const ann = await signedIn(harness.url, 'ann@acme.test', PASSWORD);
    const bill = await signedIn(harness.url, 'bill@acme.test', PASSWORD);
    expect((await bill.request('POST', '/api/tokens', { name: 'x', scopes: ['read'] })).status).toBe(403);
    const issued = await ann.request('POST', '/api/tokens', { name: 'PSA sync', scopes: ['read', 'billing'] });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^ctk_[A-Za-z0-9_-]{43}$/);
    const listed = await ann.request('GET', '/api/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token);
    expect(listed.body.items[0]).toMatchObject({ name: 'PSA sync', scopes: ['read', 'billing'], revokedAt: null });

    const token = withToken(harness.url, issued.body.token);
    expect((await token.request('GET', '/api/accounts')).status).toBe(200);
    expect((await token.request('POST', '/api/invoices/run', { period: '2026-10' })).status).toBe(200);
    const beyond = await token.request('GET', '/api/users');
    expect(beyond.body.error).toEqual({ code: 'forbidden', message: "this token's scopes (read, billing) cannot do this (it needs admin)", field: null });

    expect((await ann.request('DELETE', `/api/tokens/${issued.body.id}`)).status).toBe(204);
    expect((await token.request('GET', '/api/accounts')).body.error.message).toBe('the token is unknown or was revoked');
    expect((await ann.request('DELETE', `/api/tokens/${issued.body.id}`)).status).toBe(404);
  });

  it('signs a disabled user out at once and keeps the change in the audit log', async () => {
    const ann = await signedIn(harness.url, 'ann@acme.test', PASSWORD);
    const bill = await signedIn(harness.url, 'bill@acme.test', PASSWORD);
    const billId = (await ann.request('GET', '/api/users?role=billing')).body.items[0].id;
    expect((await ann.request('PATCH', `/api/users/${billId}`, { disabled: true })).body.disabled).toBe(true);
    expect((await bill.request('GET', '/api/accounts')).status).toBe(401);
    expect((await login(harness.url, 'bill@acme.test', PASSWORD, '10.1.1.1')).status).toBe(401);
    const audit = await ann.request('GET', `/api/audit?entityType=user&entityId=${billId}`);
    expect(audit.body.items.map((entry: { actor: string; action: string }) => [entry.actor, entry.action])).toEqual([
      ['ann@acme.test', 'user.changed'],
      ['bill@acme.test', 'session.opened'],
      ['bill@acme.test', 'session.opened'],
      ['bill@acme.test', 'session.opened'],
      ['test', 'user.created'],
    ]);
  });

  it('creates the first admin of an empty organization once, with a generated password shown only then', async () => {
    await harness.store.db.insertInto('organizations').values({ id: 'fresh', name: 'Fresh IT' }).execute();
    const first = await harness.store.transaction(({ db }) => ensureFirstAdmin(db, 'fresh', 'owner@fresh.test'));
    expect(first?.generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await harness.store.transaction(({ db }) => ensureFirstAdmin(db, 'fresh', 'owner@fresh.test'))).toBeUndefined();
    expect((await login(harness.url, 'owner@fresh.test', first?.generatedPassword ?? '', '10.2.2.2')).status).toBe(200);
    expect((await anonymous(harness.url).request('GET', '/healthz')).body).toEqual({ status: 'ok', database: 'embedded' });
  });
});
