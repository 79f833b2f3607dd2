import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PartnerCenterPort } from '../../src/app/provisioning/run-provisioning.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { type ProvisioningAction } from '../../src/domain/provisioning/plan.ts';
import { PartnerCenterClient } from '../../src/integrations/partner-center/client.ts';
import { type PartnerCenterStandInHandle, startPartnerCenterStandIn } from '../../src/integrations/partner-center/stand-in/server.ts';
import { accountSubscriptionsOn } from '../../src/store/account-subscriptions.ts';
import { insertPlan } from '../../src/store/provisioning-records.ts';
import { findQuote, insertQuote } from '../../src/store/quote-records.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { shownTextOfCompressed } from '../support/pdf-text.ts';
import { addUser, anonymous, type Client, type Harness, openQuoteLink, seedDemo, sessionClient, signedIn, startHarness } from './server-harness.ts';

const AS_OF = CalendarDate.parse('2026-11-22');
/** The demo's Winslow Motors renews 55 Microsoft 365 E3 on 2027-02-13; harden adds Defender P2, modernize migrates to E5. */
const RENEWAL = 'winslow-motors:2027-02-13';
const DEFENDER = 'DFNDR-P2:0001:AV01';

async function rawGet(url: string, path: string, cookie: string): Promise<Buffer> {
  const response = await fetch(`${url}${path}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  return Buffer.from(await response.arrayBuffer());
}

describe.each(TEST_DATABASES)('the client portal: quote, link, signature, provisioning ($name database)', (database) => {
  let harness: Harness;
  let clock = new Date('2026-11-22T09:00:00Z');
  let standIn: PartnerCenterStandInHandle;
  let client: PartnerCenterClient | undefined;
  let manager: Client;
  let winslowContact: string;
  let e3Subscription: { id: string; tenantId: string };
  let e1Subscription: { id: string; quantity: number; termStart: string; termEnd: string };

  beforeAll(async () => {
    const lazyPort: PartnerCenterPort = {
      getSubscription: (customerId, id) => (client as PartnerCenterClient).getSubscription(customerId, id),
      send: (request) => (client as PartnerCenterClient).send(request),
      order: (customerId, lines) => (client as PartnerCenterClient).order(customerId, lines),
    };
    harness = await startHarness({ database, now: () => clock, organizations: ['acme', 'rival'], paymentLink: 'https://pay.acme.example/winslow', partnerCenter: { port: lazyPort, catalog: { 'Microsoft Defender for Endpoint P2': DEFENDER } } });
    await seedDemo(harness.store, 'acme', AS_OF, 6);
    await addUser(harness.store, 'acme', 'manager@acme.test', 'account_manager');
    await addUser(harness.store, 'acme', 'reader@acme.test', 'read_only');
    await addUser(harness.store, 'acme', 'ana@winslow.test', 'portal_contact', 'winslow-motors');
    await addUser(harness.store, 'acme', 'bo@yardley.test', 'portal_contact', 'yardley-brewing');
    manager = await signedIn(harness.url, 'manager@acme.test');
    const users = await harness.store.db.selectFrom('users').select(['id', 'email']).execute();
    winslowContact = users.find((user) => user.email === 'ana@winslow.test')?.id ?? '';
    const subscriptions = await accountSubscriptionsOn(harness.store.db, 'acme', AS_OF.toString(), { accountIds: ['winslow-motors'] });
    const e3 = subscriptions.find((subscription) => subscription.productName === 'Microsoft 365 E3' && subscription.termEnd?.toString() === '2027-02-13');
    e3Subscription = { id: e3?.id ?? '', tenantId: e3?.tenantId ?? '' };
    const e1 = subscriptions.find((subscription) => subscription.productName === 'Office 365 E1');
    e1Subscription = { id: e1?.id ?? '', quantity: e1?.quantity ?? 0, termStart: e1?.termStart?.toString() ?? '', termEnd: e1?.termEnd?.toString() ?? '' };
    expect(e1?.tenantId).toBe(e3Subscription.tenantId);
    standIn = await startPartnerCenterStandIn({
      today: AS_OF.toString(),
      customers: {
        [e3Subscription.tenantId]: [
          { id: e3Subscription.id, offerId: 'M365E3:0001:AV01', productName: 'Microsoft 365 E3', quantity: 55, termDuration: 'P1Y', billingCycle: 'annual', creationDate: '2025-02-14', commitmentEndDate: '2027-02-13' },
          { id: e1Subscription.id, offerId: 'O365E1:0001:AV01', productName: 'Office 365 E1', quantity: e1Subscription.quantity, termDuration: 'P1Y', billingCycle: 'annual', creationDate: e1Subscription.termStart, commitmentEndDate: e1Subscription.termEnd },
        ],
      },
      productNames: { [DEFENDER]: 'Microsoft Defender for Endpoint P2' },
    });
    client = new PartnerCenterClient({ baseUrl: standIn.url, accessToken: 'test-token', sleep: () => Promise.resolve() });
  });

  afterAll(async () => {
    await standIn?.close();
    await harness?.close();
  });

  it('quotes a pack for a contact of the account only, and the quote PDF is the hashed document', async () => {
    const wrong = await manager.request('POST', `/api/renewals/${encodeURIComponent(RENEWAL)}/quotes`, { contactId: 'nobody' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toEqual({ code: 'invalid_input', message: '"nobody" is not an active portal contact of account winslow-motors', field: 'contactId' });
    const reader = await signedIn(harness.url, 'reader@acme.test');
    expect((await reader.request('POST', `/api/renewals/${encodeURIComponent(RENEWAL)}/quotes`, { contactId: winslowContact })).status).toBe(403);

    const issued = await manager.request('POST', `/api/renewals/${encodeURIComponent(RENEWAL)}/quotes`, { contactId: winslowContact, validDays: 30 });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ renewalId: RENEWAL, accountId: 'winslow-motors', status: 'open', issuedOn: '2026-11-22', expiresOn: '2026-12-21', createdBy: 'manager@acme.test', acceptedOption: null });
    expect(issued.body.document.options.hold.totals).toEqual({ monthly: '2079.00', annual: '24948.00', monthlyDeltaVsHold: '0.00', annualDeltaVsHold: '0.00' });
    expect(issued.body.document.options.harden.totals.annual).toBe('28380.00');
    expect(issued.body.document.coterm.lines.map((line: { productName: string; amount: string }) => [line.productName, line.amount])).toEqual([['Office 365 E1', '943.64']]);
    const renewals = await manager.request('GET', '/api/renewals?accountId=winslow-motors&within=120');
    expect(renewals.body.items.find((row: { id: string }) => row.id === RENEWAL)?.stage).toBe('quoted');
  });

  it('opens a single-use link into the contact’s session, and the contact sees only its own account', async () => {
    const [quote] = (await manager.request('GET', '/api/quotes?accountId=winslow-motors')).body.items;
    const link = await manager.request('POST', `/api/quotes/${quote.id}/links`, { hours: 48 });
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^http:\/\/127\.0\.0\.1\/portal\/open#ctq_[A-Za-z0-9_-]{43}$/);
    expect(link.body.expiresAt).toBe('2026-11-24T09:00:00.000Z');

    const opened = await openQuoteLink(harness.url, link.body.url);
    expect(opened.status).toBe(200);
    expect(opened.body.quoteId).toBe(quote.id);
    const again = await openQuoteLink(harness.url, link.body.url);
    expect(again.status).toBe(401);
    expect(again.body.error.message).toBe('this link was used already or has expired: ask for a new one');

    const expiring = await manager.request('POST', `/api/quotes/${quote.id}/links`, { hours: 1 });
    clock = new Date('2026-11-22T10:00:01Z');
    expect((await openQuoteLink(harness.url, expiring.body.url)).status).toBe(401);
    clock = new Date('2026-11-22T09:30:00Z');

    const contact = sessionClient(harness.url, opened.cookie, opened.body.csrfToken, 'PortalTest/1.0');
    const seen = await contact.request('GET', `/api/portal/quotes/${quote.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.paymentLink).toBe('https://pay.acme.example/winslow');
    expect(Object.keys(seen.body.document.options)).toEqual(['hold', 'harden', 'modernize']);
    const pdf = await rawGet(harness.url, `/api/portal/quotes/${quote.id}/pdf`, opened.cookie);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(seen.body.documentSha256);
    expect(shownTextOfCompressed(pdf).join('\n')).toContain('Winslow Motors');
    expect((await contact.request('GET', '/api/portal/quotes')).body.total).toBe(1);
    expect((await contact.request('GET', '/api/accounts')).status).toBe(403);
    expect((await contact.request('GET', '/api/quotes')).status).toBe(403);

    expect((await anonymous(harness.url).request('GET', `/api/portal/quotes/${quote.id}`)).status).toBe(401);
  });

  it('accepts exactly once: two clicks at the same time make one acceptance and one plan; a different option later is refused', async () => {
    const [quote] = (await manager.request('GET', '/api/quotes?accountId=winslow-motors')).body.items;
    const opened = await openQuoteLink(harness.url, (await manager.request('POST', `/api/quotes/${quote.id}/links`)).body.url);
    const contact = sessionClient(harness.url, opened.cookie, opened.body.csrfToken, 'PortalTest/1.0');

    const bystander = await signedInContact(harness, manager, 'bo@yardley.test', 'yardley-brewing');
    const foreign = await bystander.request('POST', `/api/portal/quotes/${quote.id}/accept`, { option: 'harden', signerName: 'Bo', documentSha256: quote.documentSha256 });
    expect(foreign.status).toBe(404);

    const stale = await contact.request('POST', `/api/portal/quotes/${quote.id}/accept`, { option: 'harden', signerName: 'Ana Winslow', documentSha256: '0'.repeat(64) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('documentSha256');
    const unsigned = await contact.request('POST', `/api/portal/quotes/${quote.id}/accept`, { option: 'harden', signerName: ' ', documentSha256: quote.documentSha256 });
    expect(unsigned.body.error).toEqual({ code: 'invalid_input', message: 'type your full name to sign', field: 'signerName' });

    const body = { option: 'harden', signerName: 'Ana Winslow', documentSha256: quote.documentSha256 };
    const [first, second] = await Promise.all([contact.request('POST', `/api/portal/quotes/${quote.id}/accept`, body), contact.request('POST', `/api/portal/quotes/${quote.id}/accept`, body)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.alreadyAccepted, second.body.alreadyAccepted].sort()).toEqual([false, true]);
    expect(first.body.planId).toBe(`P-${quote.id}`);
    expect(second.body.acceptance).toEqual(first.body.acceptance);
    expect(first.body.acceptance).toMatchObject({ option: 'harden', signerName: 'Ana Winslow', contactEmail: 'ana@winslow.test', signedAt: '2026-11-22T09:30:00.000Z', ip: '127.0.0.1', userAgent: 'PortalTest/1.0', documentSha256: quote.documentSha256 });
    const retried = await contact.request('POST', `/api/portal/quotes/${quote.id}/accept`, body);
    expect(retried.body.alreadyAccepted).toBe(true);
    const changedMind = await contact.request('POST', `/api/portal/quotes/${quote.id}/accept`, { ...body, option: 'modernize' });
    expect(changedMind.status).toBe(409);
    expect(changedMind.body.error.message).toBe('this quote was accepted already, with the harden option, on 2026-11-22T09:30:00.000Z');

    const counts = await harness.store.db
      .selectFrom('quote_acceptances')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('quote_id', '=', quote.id)
      .executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(1);
    expect((await manager.request('GET', '/api/provisioning-plans')).body.total).toBe(1);
    const renewal = await harness.store.db.selectFrom('renewals').select(['stage', 'closed_annual_value']).where('id', '=', RENEWAL).executeTakeFirstOrThrow();
    expect(renewal).toEqual({ stage: 'won', closed_annual_value: '28380.00' });

    const signed = shownTextOfCompressed(await rawGet(harness.url, `/api/portal/quotes/${quote.id}/signed.pdf`, opened.cookie)).join('\n');
    for (const expected of ['Acceptance record', 'Ana Winslow', 'ana@winslow.test', '127.0.0.1', 'PortalTest/1.0', quote.documentSha256]) expect(signed).toContain(expected);
  });

  it('turns the acceptance into a reviewable plan and runs it through Partner Center, retrying a renewal in progress', async () => {
    const [plan] = (await manager.request('GET', '/api/provisioning-plans')).body.items;
    const actions = plan.actions.map((action: { id: string; kind: string; productName: string; toQuantity: number | null; customTermEndDate: string | null; requiresApproval: boolean; effective: string }) => [
      action.id,
      action.kind,
      action.productName,
      action.toQuantity,
      action.customTermEndDate,
      action.requiresApproval,
      action.effective,
    ]);
    expect(actions).toEqual([
      ['a1', 'partner_center.schedule_next_term', 'Microsoft 365 E3', 55, null, false, '2027-02-14'],
      ['a2', 'partner_center.order', 'Microsoft Defender for Endpoint P2', 55, '2028-02-13', false, '2027-02-14'],
      ['a3', 'psa.change', 'Microsoft Defender for Endpoint P2', 55, null, false, '2027-02-14'],
      ['a4', 'partner_center.schedule_next_term', 'Office 365 E1', e1Subscription.quantity, '2028-02-13', false, '2027-08-01'],
      ['a5', 'invoice.line', 'Office 365 E1', null, null, false, '2027-08-01'],
      ['a6', 'invoice.line', 'Microsoft 365 E3', 55, null, false, '2027-02-14'],
      ['a7', 'invoice.line', 'Microsoft Defender for Endpoint P2', 55, null, false, '2027-02-14'],
    ]);

    const preview = await manager.request('POST', `/api/provisioning-plans/${plan.id}/run`, {});
    expect(preview.status).toBe(200);
    expect(preview.body.status).toBe('previewed');
    expect(preview.body.results[0]).toMatchObject({ actionId: 'a1', status: 'previewed', detail: `PATCH customers/${e3Subscription.tenantId}/subscriptions/${e3Subscription.id} next term 55 × M365E3:0001:AV01 P1Y annual` });
    expect(preview.body.results[1].detail).toBe(`POST customers/${e3Subscription.tenantId}/carts buy 55 × ${DEFENDER} P1Y annual ending 2028-02-13, then checkout`);
    expect(standIn.state.requests.map((request) => request.method)).toEqual(['GET', 'GET']);

    standIn.state.renewalInProgress(e3Subscription.id, 1);
    const live = await manager.request('POST', `/api/provisioning-plans/${plan.id}/run`, { dryRun: false });
    expect(live.body.results.map((result: { actionId: string; status: string }) => [result.actionId, result.status])).toEqual([
      ['a1', 'done'],
      ['a2', 'skipped'],
      ['a3', 'skipped'],
      ['a4', 'done'],
      ['a5', 'skipped'],
      ['a6', 'skipped'],
      ['a7', 'skipped'],
    ]);
    expect(live.body.results[1].detail).toBe('not before 2027-02-14: run the plan again on that day');
    const patches = standIn.state.requests.filter((request) => request.method === 'PATCH');
    // The renewal in progress answered 409 once; the retry carried the same MS-RequestId.
    expect(patches).toHaveLength(3);
    expect(patches[0]?.requestId).toBe(patches[1]?.requestId);
    const scheduled = standIn.state.subscriptionResource(e3Subscription.tenantId, e3Subscription.id);
    expect(scheduled?.scheduledNextTermInstructions).toMatchObject({ quantity: 55, product: { productId: 'M365E3', skuId: '0001', availabilityId: 'AV01', termDuration: 'P1Y', billingCycle: 'annual' } });
    const aligned = standIn.state.subscriptionResource(e3Subscription.tenantId, e1Subscription.id);
    expect(aligned?.scheduledNextTermInstructions).toMatchObject({ quantity: e1Subscription.quantity, customTermEndDate: '2028-02-13T00:00:00Z' });
    expect(live.body.status).toBe('done');
    // The order waits for its day: the plan stays under review.
    expect((await manager.request('GET', `/api/provisioning-plans/${plan.id}`)).body.status).toBe('review');
    const again = await manager.request('POST', `/api/provisioning-plans/${plan.id}/run`, { dryRun: false });
    expect(again.body.results.slice(0, 2).map((result: { detail: string }) => result.detail)).toEqual(['done by an earlier run', 'not before 2027-02-14: run the plan again on that day']);
    expect(standIn.state.requests.filter((request) => request.method === 'PATCH')).toHaveLength(3);
  });

  it('never reduces seats without an explicit approval of that action', async () => {
    const [accepted] = (await manager.request('GET', '/api/quotes?accountId=winslow-motors&status=accepted')).body.items;
    const stored = await findQuote(harness.store.db, 'acme', accepted.id);
    if (!stored) throw new Error('the accepted quote is missing');
    const reduction: ProvisioningAction = {
      id: 'a1',
      kind: 'partner_center.schedule_next_term',
      description: `At renewal on 2027-08-01: Office 365 E1 × ${e1Subscription.quantity - 2} (now ${e1Subscription.quantity})`,
      requiresApproval: true,
      effective: '2027-08-01',
      subscriptionId: e1Subscription.id,
      customerId: e3Subscription.tenantId,
      productName: 'Office 365 E1',
      skuId: '0001',
      fromQuantity: e1Subscription.quantity,
      toQuantity: e1Subscription.quantity - 2,
      customTermEndDate: null,
      term: 'P1Y',
      billing: 'annual',
      amount: null,
      currency: null,
      explanation: null,
    };
    await harness.store.transaction(async ({ db }) => {
      await insertQuote(db, 'acme', { document: { ...stored.document, quoteId: 'Q-REDUCE' }, pdf: new Uint8Array([37, 80, 68, 70]), sha256: 'f'.repeat(64), contactId: stored.contactId, createdBy: 'test' });
      await insertPlan(db, 'acme', { id: 'P-Q-REDUCE', quoteId: 'Q-REDUCE', accountId: 'winslow-motors', actions: [reduction] });
    });
    const sentBefore = standIn.state.requests.filter((request) => request.method === 'PATCH').length;
    const unapproved = await manager.request('POST', '/api/provisioning-plans/P-Q-REDUCE/run', { dryRun: false });
    expect(unapproved.body.results).toEqual([{ actionId: 'a1', status: 'skipped', detail: 'awaiting approval: it reduces seats', requests: [] }]);
    expect(standIn.state.requests.filter((request) => request.method === 'PATCH')).toHaveLength(sentBefore);
    const unknown = await manager.request('POST', '/api/provisioning-plans/P-Q-REDUCE/run', { dryRun: false, approved: ['a9'] });
    expect(unknown.body.error).toEqual({ code: 'not_found', message: 'plan P-Q-REDUCE has no action a9', field: 'approved' });

    const approved = await manager.request('POST', '/api/provisioning-plans/P-Q-REDUCE/run', { dryRun: false, approved: ['a1'] });
    expect(approved.body).toMatchObject({ status: 'done', approved: ['a1'], actor: 'manager@acme.test' });
    expect(standIn.state.subscriptionResource(e3Subscription.tenantId, e1Subscription.id)?.scheduledNextTermInstructions).toMatchObject({ quantity: e1Subscription.quantity - 2 });
    const reduced = (await manager.request('GET', '/api/provisioning-plans/P-Q-REDUCE')).body;
    expect(reduced.status).toBe('done');
    expect(reduced.runs.map((run: { status: string; approved: string[] }) => [run.status, run.approved])).toEqual([
      ['done', []],
      ['done', ['a1']],
    ]);
  });
});

/** A portal contact of another account, signed in through a quote of its own. */
async function signedInContact(harness: Harness, manager: Client, email: string, accountId: string): Promise<Client> {
  const users = await harness.store.db.selectFrom('users').select(['id']).where('email', '=', email).executeTakeFirstOrThrow();
  const renewal = await harness.store.db.selectFrom('renewals').select('id').where('account_id', '=', accountId).where('stage', '=', 'pack_ready').executeTakeFirstOrThrow();
  const quote = await manager.request('POST', `/api/renewals/${encodeURIComponent(renewal.id)}/quotes`, { contactId: users.id });
  const opened = await openQuoteLink(harness.url, (await manager.request('POST', `/api/quotes/${quote.body.id}/links`)).body.url);
  return sessionClient(harness.url, opened.cookie, opened.body.csrfToken, 'PortalTest/1.0');
}
