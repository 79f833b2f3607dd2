import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { addUser, anonymous, type Body, type Client, type Harness, seedDemo, signedIn, startHarness } from './server-harness.ts';

const USAGE_HEADER = 'Client,Signal,PeriodStart,PeriodEnd,Value,Capacity';

async function waitForImport(client: Client, id: string): Promise<Body> {
  for (;;) {
    const job = (await client.request('GET', `/api/imports/${id}`)).body;
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function upload(harness: Harness, client: Client, kind: string, name: string, contents: string, skipBad = false): Promise<Body> {
  const form = new FormData();
  form.append('kind', kind);
  if (skipBad) form.append('skipBad', 'true');
  form.append('file', new Blob([contents]), name);
  const token = (await client.request('POST', '/api/tokens', { name: `upload ${name}`, scopes: ['billing', 'read'] })).body.token;
  const response = await fetch(`${harness.url}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(response.status).toBe(202);
  expect(response.headers.get('location')).toMatch(/^\/api\/imports\/[0-9a-f-]{36}$/);
  return response.json();
}

describe('the API over the demo portfolio: lists, errors, history, imports', () => {
  let harness: Harness;
  let admin: Client;

  beforeAll(async () => {
    harness = await startHarness();
    await seedDemo(harness.store, 'acme', CalendarDate.parse('2026-11-22'), 6);
    await addUser(harness.store, 'acme', 'admin@acme.test', 'admin');
    admin = await signedIn(harness.url, 'admin@acme.test');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('serves the OpenAPI document and its interactive docs', async () => {
    const document = await anonymous(harness.url).request('GET', '/api/openapi.json');
    expect(document.body.openapi).toMatch(/^3\./);
    expect(document.body.paths['/api/renewals'].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['limit', 'offset', 'sort', 'within', 'asOf', 'owner', 'health', 'stage', 'accountId']);
    expect(document.body.components.securitySchemes).toEqual({ session: { type: 'apiKey', in: 'cookie', name: 'coterm_session' }, token: { type: 'http', scheme: 'bearer' } });
    const docs = await fetch(`${harness.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });

  it('pages, sorts and filters a list the same way everywhere', async () => {
    const all = (await admin.request('GET', '/api/accounts?limit=1000&sort=name')).body;
    const names = all.items.map((account: { name: string }) => account.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    const page = (await admin.request('GET', '/api/accounts?limit=2&offset=1&sort=-name')).body;
    expect(page).toMatchObject({ total: all.total, limit: 2, offset: 1 });
    expect(page.items.map((account: { name: string }) => account.name)).toEqual([...names].reverse().slice(1, 3));
    const searched = (await admin.request('GET', '/api/accounts?q=winslow')).body;
    expect(searched.items.map((account: { id: string }) => account.id)).toEqual(['winslow-motors']);

    const board = (await admin.request('GET', '/api/renewals?within=120&limit=1000')).body;
    const green = (await admin.request('GET', '/api/renewals?within=120&health=green&limit=1000')).body;
    expect(green.total).toBe(board.items.filter((row: { health: { band: string } }) => row.health.band === 'green').length);
    const byValue = (await admin.request('GET', '/api/renewals?within=120&sort=-annualValue&limit=1000')).body.items.map((row: { annualValue: string }) => Number(row.annualValue));
    expect(byValue).toEqual([...byValue].sort((a, b) => b - a));
  });

  it('answers every mistake with one error body naming the field, never a stack trace', async () => {
    expect((await admin.request('GET', '/api/accounts?limit=0')).body).toEqual({ error: { code: 'invalid_request', message: 'querystring limit: Too small: expected number to be >=1', field: 'limit' } });
    expect((await admin.request('GET', '/api/accounts?sort=colour')).body).toEqual({ error: { code: 'invalid_input', message: 'cannot sort by "colour"; sort by name, id, subscriptionCount (prefix - for descending)', field: 'sort' } });
    expect((await admin.request('GET', '/api/subscriptions?on=2026-02-30')).body.error).toEqual({ code: 'invalid_request', message: 'querystring on: 2026-02-30 is not a calendar date', field: 'on' });
    expect((await admin.request('GET', '/api/nothing-here')).body).toEqual({ error: { code: 'not_found', message: 'no route GET /api/nothing-here', field: null } });
    expect((await admin.request('GET', '/api/accounts/no-such-client')).body).toEqual({ error: { code: 'not_found', message: 'no account "no-such-client"', field: 'id' } });
    const malformed = await fetch(`${harness.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { error: { code: string; message: string } };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.message).not.toMatch(/\bat \S+:\d+/);
  });

  it('tells what a subscription was on any day, and its ledger', async () => {
    const [first] = (await admin.request('GET', '/api/subscriptions?accountId=winslow-motors&sort=id&limit=1')).body.items;
    const history = (await admin.request('GET', `/api/subscriptions/${first.subscriptionId}/history?limit=1000`)).body;
    expect(history.total).toBeGreaterThan(0);
    const firstDay = history.items[0].effectiveDate;
    const onFirstDay = await admin.request('GET', `/api/subscriptions/${first.subscriptionId}?on=${firstDay}`);
    expect(onFirstDay.body).toMatchObject({ subscriptionId: first.subscriptionId, validFrom: firstDay });
    const before = await admin.request('GET', `/api/subscriptions/${first.subscriptionId}?on=${CalendarDate.parse(firstDay).addDays(-1).toString()}`);
    expect(before.status).toBe(404);
  });

  it('shows a change on the account page and the board at once', async () => {
    const page = (await admin.request('GET', '/api/accounts/winslow-motors')).body;
    expect(page.account).toMatchObject({ id: 'winslow-motors', name: 'Winslow Motors Co' });
    const renewal = page.renewals.find((row: { stage: string }) => row.stage === 'pack_ready');
    expect(renewal).toBeDefined();
    expect((await admin.request('PATCH', `/api/renewals/${encodeURIComponent(renewal.id)}`, { stage: 'in_review', reason: 'pack read' })).status).toBe(204);
    const again = (await admin.request('GET', '/api/accounts/winslow-motors')).body;
    expect(again.renewals.find((row: { id: string }) => row.id === renewal.id).stage).toBe('in_review');
    const board = (await admin.request('GET', '/api/renewals?accountId=winslow-motors&within=120')).body;
    expect(board.items.find((row: { id: string }) => row.id === renewal.id).stage).toBe('in_review');
    const audit = (await admin.request('GET', `/api/audit?entityType=renewal&entityId=${encodeURIComponent(renewal.id)}`)).body;
    expect(audit.items[0]).toMatchObject({ actor: 'admin@acme.test', action: 'renewal.stage', details: { stage: 'in_review', reason: 'pack read' } });
  });

  it('imports an uploaded file and reports its progress; a bad file is refused whole with its rows', async () => {
    const good = await upload(harness, admin, 'usage', 'usage-november.csv', `${USAGE_HEADER}\nWinslow Motors,seats_assigned,2026-11-01,2026-11-21,50,55\n`);
    const done = await waitForImport(admin, good.id);
    expect(done).toMatchObject({ status: 'done', fileName: 'usage-november.csv', error: null, outcome: { kind: 'usage', file: 'usage-november.csv', rowsRead: 1, imported: 1, rejected: 0 } });
    expect(done.bytesRead).toBe(done.totalBytes);

    const bad = await upload(harness, admin, 'usage', 'usage-bad.csv', `${USAGE_HEADER}\nWinslow Motors,seats_assigned,2026-11-01,2026-11-21,50,55\nWinslow Motors,naps,2026-11-01,2026-11-21,3,\n`);
    const refused = await waitForImport(admin, bad.id);
    expect(refused).toMatchObject({ status: 'failed', error: 'usage-bad.csv: 1 bad rows, nothing imported', outcome: null });
    expect(refused.rejected).toEqual([{ location: 'line 3', reason: 'Signal "naps" is not one of seats_assigned, azure_consumption, backup_utilisation, endpoint_coverage, tickets' }]);
    const history = (await admin.request('GET', '/api/imports?kind=usage')).body.items.map((row: { fileName: string }) => row.fileName);
    expect(history).toContain('usage-november.csv');
    expect(history).not.toContain('usage-bad.csv');

    const wrongKind = await fetch(`${harness.url}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${(await admin.request('POST', '/api/tokens', { name: 'u', scopes: ['billing'] })).body.token}` }, body: (() => { const form = new FormData(); form.append('kind', 'spreadsheet'); form.append('file', new Blob(['x']), 'x.csv'); return form; })() });
    expect(await wrongKind.json()).toEqual({ error: { code: 'invalid_input', message: 'kind must come before the file and be one of recon, pricelist, subscriptions, psa, services, usage', field: 'kind' } });
  });

  it('generates a pack before T-90 on request, once', async () => {
    const identified = await harness.store.db.selectFrom('renewals').select('id').where('stage', '=', 'identified').orderBy('renewal_date').executeTakeFirstOrThrow();
    const path = `/api/renewals/${encodeURIComponent(identified.id)}/pack`;
    expect((await admin.request('GET', path)).body.error.field).toBe('renewal');
    const generated = await admin.request('POST', path);
    expect(generated.status).toBe(201);
    expect(generated.body).toMatchObject({ renewalId: identified.id, generatedOn: '2026-11-22' });
    expect(Object.keys(generated.body.pack.options)).toEqual(['hold', 'harden', 'modernize']);
    expect((await admin.request('GET', path)).body).toEqual(generated.body);
    const again = await admin.request('POST', path);
    expect(again.body.error).toEqual({ code: 'conflict', message: `renewal ${identified.id} has its pack already`, field: 'id' });
    const audit = (await admin.request('GET', `/api/audit?entityType=renewal&entityId=${encodeURIComponent(identified.id)}`)).body.items.map((entry: { action: string }) => entry.action);
    expect(audit).toContain('renewal.pack_generated');
  });

  it('sets a policy for one account and explains where each field comes from', async () => {
    const set = await admin.request('PUT', '/api/policies/noticeDays', { accountId: 'winslow-motors', value: '120/90/60' });
    expect(set.status).toBe(200);
    expect(set.body.policy.noticeDays).toEqual([120, 90, 60]);
    expect(set.body.sources.noticeDays).toMatchObject({ scope: 'account', accountId: 'winslow-motors', setBy: 'admin@acme.test' });
    const bad = await admin.request('PUT', '/api/policies/noticeDays', { value: 'soon' });
    expect(bad.body.error).toEqual({ code: 'invalid_input', message: 'noticeDays must be a whole number from 1 to 730, got "soon"', field: 'noticeDays' });
  });
});
