import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { monthlyValue } from '../../src/domain/portfolio/account-subscription.ts';
import { accountSubscriptionsOn } from '../../src/store/account-subscriptions.ts';
import { addUser, anonymous, type Body, type Client, type Harness, openQuoteLink, seedDemo, sessionClient, signedIn, startHarness, withToken } from './server-harness.ts';

/** The demo is seeded as of Nov 22; everything after happens on Dec 4, the report's default day. */
const SEEDED = CalendarDate.parse('2026-11-22');
const TODAY = '2026-12-04';
const WINDOW_START = '2025-12-04';
const WON = 'winslow-motors:2027-02-13';

/** MRR per account on a day, in USD, worked out here from the ledger rather than by the report's code. */
async function usdMrrByAccount(harness: Harness, day: string): Promise<Map<string, Decimal>> {
  const mrr = new Map<string, Decimal>();
  for (const subscription of await accountSubscriptionsOn(harness.store.db, 'acme', day)) {
    const value = monthlyValue(subscription);
    if (!value || subscription.currency !== 'USD' || !['active', 'extendedServiceTerm'].includes(subscription.status)) continue;
    mrr.set(subscription.accountId, (mrr.get(subscription.accountId) ?? Decimal.ZERO).plus(value));
  }
  return mrr;
}

function sum(amounts: Iterable<Decimal>): Decimal {
  let total = Decimal.of(0n, 4);
  for (const amount of amounts) total = total.plus(amount);
  return total;
}

function percent(numerator: Decimal, denominator: Decimal): string {
  return Decimal.quotient(numerator.timesInteger(100), denominator, 1, 'halfUp').toString();
}

function kpi(report: Body, key: string): Body {
  return report.kpis.find((candidate: { key: string }) => candidate.key === key);
}

describe('the KPI report, its BI feeds and the MRR movements', () => {
  let harness: Harness;
  let clock = new Date('2026-11-22T09:00:00Z');
  let admin: Client;
  let reader: Client;
  let report: Body;
  let before: Map<string, Decimal>;
  let after: Map<string, Decimal>;

  beforeAll(async () => {
    harness = await startHarness({ now: () => clock });
    await seedDemo(harness.store, 'acme', SEEDED, 6);
    clock = new Date(`${TODAY}T10:00:00Z`);
    await addUser(harness.store, 'acme', 'admin@acme.test', 'admin');
    await addUser(harness.store, 'acme', 'reader@acme.test', 'read_only');
    await addUser(harness.store, 'acme', 'ana@winslow.test', 'portal_contact', 'winslow-motors');
    admin = await signedIn(harness.url, 'admin@acme.test');
    reader = await signedIn(harness.url, 'reader@acme.test');

    // One renewal won through a signed quote, one lost, October invoiced and issued, one invoice disputed.
    const contact = await harness.store.db.selectFrom('users').select('id').where('email', '=', 'ana@winslow.test').executeTakeFirstOrThrow();
    const quote = (await admin.request('POST', `/api/renewals/${encodeURIComponent(WON)}/quotes`, { contactId: contact.id })).body;
    const opened = await openQuoteLink(harness.url, (await admin.request('POST', `/api/quotes/${quote.id}/links`)).body.url);
    const ana = sessionClient(harness.url, opened.cookie, opened.body.csrfToken);
    expect((await ana.request('POST', `/api/portal/quotes/${quote.id}/accept`, { option: 'hold', signerName: 'Ana Winslow', documentSha256: quote.documentSha256 })).status).toBe(200);
    const lost = await harness.store.db.selectFrom('renewals').select('id').where('organization_id', '=', 'acme').where('stage', '=', 'pack_ready').orderBy('id').executeTakeFirstOrThrow();
    expect((await admin.request('PATCH', `/api/renewals/${encodeURIComponent(lost.id)}`, { stage: 'lost', reason: 'moved to another provider' })).status).toBe(204);
    expect((await admin.request('POST', '/api/invoices/run', { period: '2026-10' })).status).toBe(200);
    expect((await admin.request('POST', '/api/invoices/issue', { period: '2026-10' })).status).toBe(200);

    before = await usdMrrByAccount(harness, WINDOW_START);
    after = await usdMrrByAccount(harness, TODAY);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('reports the six KPIs in order, with targets, explanations and trends', async () => {
    const response = await admin.request('GET', '/api/kpis');
    expect(response.status).toBe(200);
    report = response.body;
    expect({ asOf: report.asOf, currency: report.currency, months: report.months }).toEqual({ asOf: TODAY, currency: 'USD', months: 12 });
    expect(report.kpis.map((row: Body) => [row.key, row.unit, row.target])).toEqual([
      ['forecast_accuracy', 'percent', { text: '< ±5%', value: '5', comparison: '<' }],
      ['nrr', 'percent', { text: '> 115%', value: '115', comparison: '>' }],
      ['grr', 'percent', { text: '> 92%', value: '92', comparison: '>' }],
      ['cotermed_mrr', 'percent', { text: '≥ 70%', value: '70', comparison: '>=' }],
      ['cycle_time', 'days', { text: '≤ 30 days', value: '30', comparison: '<=' }],
      ['dispute_rate', 'per_100', { text: '< 2 per 100 invoices', value: '2', comparison: '<' }],
    ]);
    // The demo (seed 1) as it stands on Dec 4; the tests below work each figure out from the store.
    expect(report.kpis.map((row: Body) => [row.key, row.value, row.onTarget])).toEqual([
      ['forecast_accuracy', '1.0', true],
      ['nrr', '183.7', true],
      ['grr', '100.0', true],
      ['cotermed_mrr', '72.2', true],
      ['cycle_time', '12.0', true],
      ['dispute_rate', '0.0', true],
    ]);
    for (const row of report.kpis) expect(Object.keys(row.explanation)).toEqual(['formula', 'inputs', 'rounding', 'text']);
    const months = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
    for (const key of ['nrr', 'grr', 'cotermed_mrr']) expect(kpi(report, key).trend.map((point: Body) => point.period)).toEqual(months);
    for (const key of ['forecast_accuracy', 'cycle_time', 'dispute_rate']) expect(kpi(report, key).trend.map((point: Body) => point.period)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    // The demo's ledger starts in April 2025: no trailing year before then has a start to retain.
    expect(kpi(report, 'nrr').trend.slice(0, 3).map((point: Body) => point.value)).toEqual([null, null, null]);
  });

  it('builds the waterfall and NRR/GRR from MRR on the window’s first and last day', () => {
    const starting = sum(before.values());
    const ending = sum(after.values());
    let expansion = Decimal.of(0n, 4);
    let contraction = Decimal.of(0n, 4);
    let churn = Decimal.of(0n, 4);
    let added = Decimal.of(0n, 4);
    for (const account of new Set([...before.keys(), ...after.keys()])) {
      const was = before.get(account) ?? Decimal.ZERO;
      const is = after.get(account) ?? Decimal.ZERO;
      if (is.isZero()) churn = churn.plus(was);
      else if (was.isZero()) added = added.plus(is);
      else if (is.compare(was) > 0) expansion = expansion.plus(is.minus(was));
      else contraction = contraction.plus(was.minus(is));
    }
    const { explanation, ...waterfall } = report.waterfall;
    expect(waterfall).toEqual({
      from: WINDOW_START,
      to: TODAY,
      currency: 'USD',
      starting: starting.toString(),
      expansion: expansion.toString(),
      contraction: contraction.toString(),
      churn: churn.toString(),
      new: added.toString(),
      ending: ending.toString(),
    });
    expect(explanation.formula).toBe('ending = starting + expansion − contraction − churn + new');
    expect(kpi(report, 'nrr').value).toBe(percent(starting.plus(expansion).minus(churn).minus(contraction), starting));
    expect(kpi(report, 'grr').value).toBe(percent(starting.minus(churn).minus(contraction), starting));
    expect(kpi(report, 'nrr').onTarget).toBe(Number(kpi(report, 'nrr').value) > 115);
    expect(kpi(report, 'grr').onTarget).toBe(Number(kpi(report, 'grr').value) > 92);

    const names = new Map([
      ['blackwood-studios', 'Blackwood Studios Co'],
      ['cronus-foods', 'Cronus Foods LLC'],
      ['juniper-family-practice', 'Juniper Family Practice LLP'],
      ['timberline-accounting', 'Timberline Accounting LLC'],
      ['winslow-motors', 'Winslow Motors Co'],
      ['yardley-brewing', 'Yardley Brewing Corp'],
    ]);
    expect(report.accounts).toEqual(
      [...names].map(([accountId, accountName]) => {
        const was = before.get(accountId) ?? Decimal.of(0n, 4);
        const is = after.get(accountId) ?? Decimal.of(0n, 4);
        const movement = is.isZero() ? 'churn' : was.isZero() ? 'new' : is.compare(was) > 0 ? 'expansion' : is.compare(was) < 0 ? 'contraction' : 'flat';
        return { accountId, accountName, starting: was.round(4, 'halfEven').toString(), ending: is.round(4, 'halfEven').toString(), movement };
      }),
    );
  });

  it('measures co-termed MRR against the whole MRR of the day', () => {
    const cotermed = kpi(report, 'cotermed_mrr');
    const { inputs } = cotermed.explanation;
    expect(inputs.totalMrr).toBe(sum(after.values()).toString());
    expect(cotermed.value).toBe(percent(Decimal.parse(inputs.cotermedMrr), Decimal.parse(inputs.totalMrr)));
    // No demo client has an anchor in its policy: every anchor comes from the account's own term ends.
    expect([inputs.accounts, inputs.anchorsFromPolicy, inputs.anchorsFromTermEnds, inputs.accountsWithoutAnchor]).toEqual([6, 0, 6, 0]);
  });

  it('measures the forecast on the renewals closed, the cycle from pack to signature, disputes per 100 invoices', async () => {
    const closed = await harness.store.db.selectFrom('renewals').select(['id', 'stage', 'forecast_annual_value', 'closed_annual_value', 'pack_generated_on']).where('organization_id', '=', 'acme').where('closed_on', 'is not', null).orderBy('id').execute();
    expect(closed.map((row) => [row.id, row.stage])).toEqual([
      [WON, 'won'],
      [expect.stringMatching(/^[a-z-]+:\d{4}-\d{2}-\d{2}$/), 'lost'],
    ]);
    const projected = closed.reduce((total, row) => total.plus(Decimal.parse(row.forecast_annual_value ?? '0')), Decimal.ZERO);
    const won = Decimal.parse(closed[0]?.closed_annual_value ?? '');
    const forecast = kpi(report, 'forecast_accuracy');
    expect(forecast.value).toBe(percent(projected.minus(won).abs(), projected));
    expect(forecast.explanation.inputs).toMatchObject({ renewals: 2, lost: 1, projected: projected.toString(), closed: won.toString() });
    expect(forecast.trend.at(-1)).toEqual({ period: '2026-Q4', value: forecast.value });

    // Packs went out with the cadence on Nov 22; the quote was signed on Dec 4.
    expect(closed[0]?.pack_generated_on).toBe('2026-11-22');
    expect(kpi(report, 'cycle_time')).toMatchObject({ value: '12.0', onTarget: true, trend: [{ period: '2025-Q4', value: null }, { period: '2026-Q1', value: null }, { period: '2026-Q2', value: null }, { period: '2026-Q3', value: null }, { period: '2026-Q4', value: '12.0' }] });
    expect(kpi(report, 'cycle_time').explanation.inputs).toMatchObject({ renewals: 1, signedByQuote: 1, days: '12', median: '12.0', mean: '12.0' });

    const issued = await harness.store.db.selectFrom('invoices').select(['number']).where('organization_id', '=', 'acme').where('kind', '=', 'invoice').where('status', '=', 'issued').orderBy('number').execute();
    expect(kpi(report, 'dispute_rate')).toMatchObject({ value: '0.0', onTarget: true });
    expect(kpi(report, 'dispute_rate').explanation.inputs).toEqual({ from: '2025-12-05', to: TODAY, disputes: 0, invoices: issued.length });

    // A dispute is a change: the next report sees it at once.
    expect((await admin.request('POST', `/api/invoices/${issued[0]?.number}/disputes`, { reason: 'seat count' })).status).toBe(201);
    const again = (await admin.request('GET', '/api/kpis')).body;
    expect(kpi(again, 'dispute_rate')).toMatchObject({ value: percent(Decimal.fromInteger(1), Decimal.fromInteger(issued.length)), onTarget: 100 / issued.length < 2 });
    report = again;
  });

  it('serves the same report for an explicit day and window, and refuses a bad one naming the field', async () => {
    expect((await admin.request('GET', `/api/kpis?asOf=${TODAY}&months=12`)).body).toEqual(report);
    const quarter = (await admin.request('GET', '/api/kpis?asOf=2026-11-22&months=3')).body;
    expect([quarter.asOf, quarter.waterfall.from, kpi(quarter, 'nrr').trend.map((point: Body) => point.period), kpi(quarter, 'cycle_time').value]).toEqual(['2026-11-22', '2026-08-22', ['2026-08', '2026-09', '2026-10'], null]);
    expect((await admin.request('GET', '/api/kpis?months=0')).body).toEqual({ error: { code: 'invalid_request', message: 'querystring months: Too small: expected number to be >=1', field: 'months' } });
    expect((await admin.request('GET', '/api/kpis?months=37')).status).toBe(400);
    expect((await admin.request('GET', '/api/kpis?asOf=2026-02-30')).body.error).toEqual({ code: 'invalid_request', message: 'querystring asOf: 2026-02-30 is not a calendar date', field: 'asOf' });
  });

  it('feeds Power BI flat rows: one per KPI per trend period, then the current value', async () => {
    const response = await fetch(`${harness.url}/api/kpis/feed.csv`, { headers: { cookie: '' } });
    expect(response.status).toBe(401);
    const token = (await admin.request('POST', '/api/tokens', { name: 'power bi', scopes: ['read'] })).body.token;
    const csv = await withToken(harness.url, token).request('GET', '/api/kpis/feed.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="coterm-kpis-${TODAY}.csv"`);
    const lines = (csv.body as string).trimEnd().split('\n');
    expect(lines[0]).toBe('period,kpi,value,unit,target,on_target');
    // 3 monthly KPIs × (12 months + now) + 3 quarterly KPIs × (5 quarters + now)
    expect(lines).toHaveLength(1 + 3 * 13 + 3 * 6);
    expect(lines.slice(1, 7)).toEqual([
      `2025-Q4,forecast_accuracy,,percent,5,`,
      `2026-Q1,forecast_accuracy,,percent,5,`,
      `2026-Q2,forecast_accuracy,,percent,5,`,
      `2026-Q3,forecast_accuracy,,percent,5,`,
      `2026-Q4,forecast_accuracy,${kpi(report, 'forecast_accuracy').value},percent,5,${kpi(report, 'forecast_accuracy').onTarget}`,
      `${TODAY},forecast_accuracy,${kpi(report, 'forecast_accuracy').value},percent,5,${kpi(report, 'forecast_accuracy').onTarget}`,
    ]);
    expect(lines).toContain(`${TODAY},nrr,${kpi(report, 'nrr').value},percent,115,${kpi(report, 'nrr').onTarget}`);
    expect(lines).toContain(`2026-Q4,cycle_time,12.0,days,30,true`);

    const json = await withToken(harness.url, token).request('GET', '/api/kpis/feed.json');
    expect(json.status).toBe(200);
    expect(json.body).toHaveLength(57);
    expect(json.body[0]).toEqual({ period: '2025-Q4', kpi: 'forecast_accuracy', value: null, unit: 'percent', target: '5', on_target: null });
    expect(json.body.filter((row: Body) => row.period === TODAY)).toEqual(report.kpis.map((row: Body) => ({ period: TODAY, kpi: row.key, value: row.value, unit: row.unit, target: row.target.value, on_target: row.onTarget })));
  });

  it("lists each account's MRR movement as CSV", async () => {
    const csv = await admin.request('GET', '/api/kpis/mrr-movements.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="coterm-mrr-movements-${WINDOW_START}-${TODAY}.csv"`);
    expect((csv.body as string).trimEnd().split('\n')).toEqual([
      'account_id,account_name,currency,starting_mrr,ending_mrr,movement',
      ...report.accounts.map((row: Body) => `${row.accountId},${row.accountName},USD,${row.starting},${row.ending},${row.movement}`),
    ]);
    expect(report.accounts).toHaveLength(6);
  });

  it('is readable by a read-only user, and by nobody signed out', async () => {
    const response = await reader.request('GET', '/api/kpis');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(report);
    expect((await reader.request('GET', '/api/kpis/mrr-movements.csv')).status).toBe(200);
    expect((await anonymous(harness.url).request('GET', '/api/kpis')).body.error.code).toBe('unauthenticated');
  });
});
