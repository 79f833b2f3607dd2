import { DEMO_PRODUCTS, type DemoProduct } from '../src/app/demo/price-list.ts';
import { Random } from '../src/app/demo/random.ts';
import { CalendarDate } from '../src/domain/calendar/date.ts';
import { Decimal } from '../src/domain/money/decimal.ts';
import { copyLine } from '../src/store/copy-text.ts';
import { type SqlConnection } from '../src/store/sql-connection.ts';
import { type Store } from '../src/store/store.ts';
import { COMPANY_NAME_BASES, COMPANY_SECTORS } from '../src/app/demo/names.ts';

/**
 * A generated MSP portfolio for the renewal cadence benchmark, written
 * straight into coterm's tables with COPY (no importer), seeded and
 * deterministic: the same shape always loads the same rows.
 *
 * Per account (10,000 by default, ~15 subscriptions each):
 * - a client name, a Microsoft tenant (a second one for 5%), 3% subsidiaries;
 * - NCE licences (P1Y monthly 45%, P1Y annual 20%, P1M 20%, P3Y annual 8%,
 *   P3Y monthly 7%) on the demo catalog and its USD price list, the MSP's own
 *   services (12- or 36-month contracts, monthly/quarterly/annual billing, a
 *   notice period and a proration policy) and an Azure plan for 40%;
 * - renewals clustered as in real portfolios: each account buys in 1–4
 *   cohorts spread over the year (a subscription joins one 75% of the time,
 *   otherwise its own date), so terms end all year round;
 * - one open version per subscription from its purchase (a few cancelled
 *   inside the window, suspended, or with seats changed after scheduled
 *   next-term instructions — those get a second version), auto-renew off for
 *   8% of licences;
 * - six months of usage: seats assigned per NCE subscription, tickets by
 *   category, backup and endpoint coverage for the accounts with those
 *   services, Azure consumption;
 * - policies: an escalation owner, an account manager per account, 120-day
 *   notices for 11%, a 12-31 anchor for 9%, an exec call for the largest 10%.
 */
export interface PortfolioShape {
  readonly accounts: number;
  readonly seed: number;
  /** The first day the cadence will run: terms are placed around it. */
  readonly asOf: CalendarDate;
}

export interface LoadedPortfolio {
  readonly accounts: number;
  readonly tenants: number;
  readonly subscriptions: number;
  readonly subscriptionsByKind: Record<string, number>;
  readonly versions: number;
  readonly events: number;
  readonly usageSignals: number;
  readonly priceListRows: number;
  readonly policySettings: number;
}

const REGIONS = ['', ' West', ' North', ' East', ' South', ' Coastal', ' Midwest', ' Pacific', ' Central'];
const LEGAL_FORMS = ['Inc', 'LLC', 'Ltd', 'Corp', 'LLP', 'Co'];
const ACCOUNT_MANAGERS = Array.from({ length: 12 }, (_, i) => `am${String(i + 1).padStart(2, '0')}@northwind-msp.example`);
const ESCALATION_OWNER = 'renewals-lead@northwind-msp.example';
const TICKET_CATEGORIES = ['password reset', 'new user setup', 'hardware', 'network', 'email', 'printing', 'security how-to'];

interface NcePlan {
  readonly term: 'P1M' | 'P1Y' | 'P3Y';
  readonly billing: 'monthly' | 'annual';
  /** One billing cycle's price ÷ the monthly-on-annual price. */
  readonly factor: string;
}
const NCE_PLANS: readonly (readonly [NcePlan, number])[] = [
  [{ term: 'P1Y', billing: 'monthly', factor: '1.05' }, 45],
  [{ term: 'P1Y', billing: 'annual', factor: '12' }, 20],
  [{ term: 'P1M', billing: 'monthly', factor: '1.20' }, 20],
  [{ term: 'P3Y', billing: 'annual', factor: '12' }, 8],
  [{ term: 'P3Y', billing: 'monthly', factor: '1.05' }, 7],
];
const ALL_PLANS = NCE_PLANS.map(([plan]) => plan);

const SERVICES = [
  { name: 'Managed Services Agreement', unit: 'user', price: [95, 150] },
  { name: 'Endpoint Security', unit: 'device', price: [6, 11] },
  { name: 'Microsoft 365 Management', unit: 'user', price: [4, 7] },
  { name: 'Managed Firewall', unit: 'device', price: [150, 450] },
  { name: 'Backup (per TB)', unit: 'tb', price: [90, 150] },
] as const;

/** The price list starts here; the products that rise get +5% from PRICE_RISE_ON. */
const PRICE_LIST_START = CalendarDate.of(2023, 1, 1);
const PRICE_RISE_ON = CalendarDate.of(2026, 4, 1);

const ACCOUNT_COLUMNS = ['organization_id', 'id', 'name', 'normalized_name', 'domain', 'country', 'parent_account_id'] as const;
const TENANT_COLUMNS = ['organization_id', 'id', 'account_id', 'name', 'domain', 'country'] as const;
const SUBSCRIPTION_COLUMNS = ['organization_id', 'id', 'kind', 'account_id', 'tenant_id', 'product_name', 'sku_id'] as const;
const VERSION_COLUMNS = [
  'organization_id', 'subscription_id', 'valid_from', 'valid_to', 'status', 'product_name', 'sku_id', 'quantity',
  'unit_price', 'currency', 'term', 'billing', 'term_start', 'term_end', 'auto_renew',
] as const;
const EVENT_COLUMNS = ['organization_id', 'subscription_id', 'effective_date', 'type', 'payload', 'source', 'source_ref', 'identity'] as const;
const USAGE_COLUMNS = ['organization_id', 'account_id', 'subscription_id', 'kind', 'period_start', 'period_end', 'value', 'capacity', 'category', 'source'] as const;
const PRICE_COLUMNS = [
  'organization_id', 'product_id', 'sku_id', 'product_title', 'sku_title', 'publisher', 'unit_of_measure', 'term', 'billing', 'market', 'currency',
  'unit_price', 'erp_price', 'tier_min', 'effective_start', 'effective_end',
] as const;
const POLICY_COLUMNS = ['organization_id', 'account_id', 'field', 'value', 'set_by', 'set_at'] as const;

/** Lines of one table, COPYed in chunks of about a megabyte. */
class CopyBuffer {
  private lines: string[] = [];
  private size = 0;
  rows = 0;

  constructor(
    private readonly connection: SqlConnection,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  add(values: readonly (string | number | boolean | null)[]): void {
    const line = copyLine(values);
    this.lines.push(line);
    this.size += line.length;
    this.rows += 1;
  }

  async flushIfFull(): Promise<void> {
    if (this.size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('');
    this.lines = [];
    this.size = 0;
    await this.connection.copyFrom(this.table, this.columns, [chunk]);
  }
}

interface AccountHeader {
  readonly id: string;
  readonly index: number;
  readonly name: string;
  readonly users: number;
  readonly tenants: readonly string[];
}

/** Writes the portfolio into an empty database for `organizationId` (created here), in one transaction. */
export async function loadRenewalPortfolio(store: Store, organizationId: string, shape: PortfolioShape): Promise<LoadedPortfolio> {
  const org = organizationId;
  await store.db.insertInto('organizations').values({ id: org, name: 'Northwind MSP (bench)' }).onConflict((c) => c.doNothing()).execute();
  return store.transaction(async ({ connection }) => {
    const random = new Random(shape.seed);
    const buffer = (table: string, columns: readonly string[]): CopyBuffer => new CopyBuffer(connection, table, columns);

    // Price list: every demo product on every plan, a 5% rise on some.
    const prices = buffer('price_list_rows', PRICE_COLUMNS);
    const priceOf = new Map<string, { before: Decimal; after: Decimal }>();
    for (const product of DEMO_PRODUCTS) {
      for (const plan of ALL_PLANS) {
        const base = Decimal.parse(product.monthlyOnAnnual).times(Decimal.parse(plan.factor)).round(2, 'halfUp');
        const risen = product.rises ? base.times(Decimal.parse('1.05')).round(2, 'halfUp') : base;
        priceOf.set(`${product.name}|${plan.term}|${plan.billing}`, { before: base, after: risen });
        const row = (price: Decimal, start: CalendarDate, end: CalendarDate | null): void =>
          prices.add([org, product.productId, product.skuId, product.name, product.name, 'Microsoft Corporation', 'Licenses', plan.term, plan.billing, 'US', 'USD', price.toString(), price.toString(), '0', start.toString(), end?.toString() ?? null]);
        if (product.rises) {
          row(base, PRICE_LIST_START, PRICE_RISE_ON.addDays(-1));
          row(risen, PRICE_RISE_ON, null);
        } else row(base, PRICE_LIST_START, null);
      }
    }
    await prices.flush();

    // Accounts and tenants first: subscriptions and usage reference them.
    const names = shuffledNames(random, shape.accounts);
    const accounts = buffer('accounts', ACCOUNT_COLUMNS);
    const tenants = buffer('tenants', TENANT_COLUMNS);
    const policies = buffer('policy_settings', POLICY_COLUMNS);
    const setAt = '2026-01-05T09:00:00Z';
    const policy = (accountId: string, field: string, value: unknown): void => policies.add([org, accountId, field, JSON.stringify(value), 'bench', setAt]);
    policy('', 'escalationOwner', ESCALATION_OWNER);
    const headers: AccountHeader[] = [];
    for (let index = 0; index < shape.accounts; index += 1) {
      const id = `acct-${String(index + 1).padStart(5, '0')}`;
      const plain = names[index] as string;
      const name = `${plain} ${random.pick(LEGAL_FORMS)}`;
      const domain = `${plain.toLowerCase().replace(/[^a-z0-9]/g, '')}.com`;
      const parent = index > 100 && random.chance(0.03) ? headers[random.int(0, index - 1)] : undefined;
      accounts.add([org, id, name, plain.toLowerCase(), domain, 'US', parent?.id ?? null]);
      // Seats follow a long tail: most clients are small, a few have hundreds of users.
      const users = Math.max(3, Math.round(5 * Math.exp(random.next() * 4.2)));
      const tenantIds = [random.guid(), ...(random.chance(0.05) ? [random.guid()] : [])];
      tenantIds.forEach((tenant, t) => tenants.add([org, tenant, id, t === 0 ? name : `${name} (EU)`, `${domain.replace('.com', '')}${t === 0 ? '' : 'eu'}.onmicrosoft.com`, 'US']));
      headers.push({ id, index, name, users, tenants: tenantIds });
      policy(id, 'accountManager', ACCOUNT_MANAGERS[index % ACCOUNT_MANAGERS.length]);
      if (random.chance(0.11)) policy(id, 'noticeDays', [120, 90, 60, 30]);
      if (random.chance(0.09)) policy(id, 'anchor', '12-31');
      if (random.chance(0.2)) policy(id, 'noticeRecipient', `it@${domain}`);
    }
    const largest = [...headers].sort((a, b) => b.users - a.users).slice(0, Math.round(headers.length / 10));
    for (const header of largest) {
      policy(header.id, 'execCallBeforeRenewal', true);
      policy(header.id, 'strategic', true);
    }
    await accounts.flush();
    await tenants.flush();
    await policies.flush();

    const subscriptions = buffer('subscriptions', SUBSCRIPTION_COLUMNS);
    const versions = buffer('subscription_versions', VERSION_COLUMNS);
    const events = buffer('subscription_events', EVENT_COLUMNS);
    const usage = buffer('usage_signals', USAGE_COLUMNS);
    const byKind: Record<string, number> = { nce: 0, msp_service: 0, azure_plan: 0 };
    const months = Array.from({ length: 6 }, (_, i) => {
      const start = CalendarDate.of(shape.asOf.year, shape.asOf.month, 1).addMonths(i - 6);
      return { start: start.toString(), end: start.lastDayOfMonth().toString() };
    });
    for (const header of headers) {
      // One stream per account: an account's subscriptions do not depend on the accounts before it.
      const r = new Random(shape.seed * 1_000_003 + header.index);
      generateAccount(r, org, header, shape.asOf, months, priceOf, { subscriptions, versions, events, usage }, byKind);
      for (const table of [subscriptions, versions, events, usage]) await table.flushIfFull();
    }
    for (const table of [subscriptions, versions, events, usage]) await table.flush();
    return {
      accounts: accounts.rows,
      tenants: tenants.rows,
      subscriptions: subscriptions.rows,
      subscriptionsByKind: byKind,
      versions: versions.rows,
      events: events.rows,
      usageSignals: usage.rows,
      priceListRows: prices.rows,
      policySettings: policies.rows,
    };
  });
}

/** `count` distinct client names (base × sector × region), in a seeded order. */
function shuffledNames(random: Random, count: number): string[] {
  const all: string[] = [];
  for (const region of REGIONS) for (const base of COMPANY_NAME_BASES) for (const sector of COMPANY_SECTORS) all.push(`${base} ${sector}${region}`);
  if (count > all.length) throw new Error(`at most ${all.length} distinct account names`);
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [all[i], all[j]] = [all[j] as string, all[i] as string];
  }
  return all.slice(0, count);
}

interface Tables {
  readonly subscriptions: CopyBuffer;
  readonly versions: CopyBuffer;
  readonly events: CopyBuffer;
  readonly usage: CopyBuffer;
}

type Months = readonly { readonly start: string; readonly end: string }[];

/** One account's subscriptions, their ledger and versions, and six months of usage. */
function generateAccount(
  r: Random,
  org: string,
  account: AccountHeader,
  asOf: CalendarDate,
  months: Months,
  priceOf: ReadonlyMap<string, { before: Decimal; after: Decimal }>,
  tables: Tables,
  byKind: Record<string, number>,
): void {
  const { users } = account;
  // Renewal days relative to asOf (0..364): the account's buying cohorts.
  const cohorts = Array.from({ length: r.int(1, 4) }, () => r.int(0, 364));
  const renewalOffset = (): number => (r.chance(0.75) ? r.pick(cohorts) : r.int(0, 364));
  let serial = 0;
  const subscriptionId = (prefix: string): string => (prefix === 'svc' ? `svc-${account.id.slice(5)}-${String((serial += 1)).padStart(2, '0')}` : r.guid());

  const addVersion = (id: string, from: CalendarDate, to: CalendarDate | null, v: VersionFields): void => {
    tables.versions.add([org, id, from.toString(), to?.toString() ?? null, v.status, v.productName, v.skuId, v.quantity, v.unitPrice, 'USD', v.term, v.billing, v.termStart, v.termEnd, v.autoRenew]);
  };
  const addEvent = (id: string, on: CalendarDate, type: string, payload: Record<string, unknown>, identity: string): void => {
    tables.events.add([org, id, on.toString(), type, JSON.stringify(payload), 'bench', 'renewal-portfolio', identity]);
  };
  const seats = (id: string, quantity: number): void => {
    const idleShare = r.chance(0.35) ? r.int(10, 45) / 100 : r.int(0, 8) / 100;
    for (const month of months) {
      const assigned = Math.max(0, quantity - Math.round(quantity * idleShare) - (r.chance(0.2) ? 1 : 0));
      tables.usage.add([org, account.id, id, 'seats_assigned', month.start, month.end, String(assigned), String(quantity), '', 'bench']);
    }
  };

  // NCE licences: a suite for (nearly) everyone, then add-ons; ~10 a client on average.
  const nceCount = Math.max(2, Math.min(22, Math.round(2.6 + Math.log2(users) * 1.55 + r.int(-2, 3))));
  const suites = DEMO_PRODUCTS.filter((product) => product.role === 'suite');
  const others = DEMO_PRODUCTS.filter((product) => product.role !== 'suite');
  for (let n = 0; n < nceCount; n += 1) {
    const product: DemoProduct = n === 0 || r.chance(0.15) ? r.pick(suites) : r.pick(others);
    const plan = r.weighted(NCE_PLANS);
    const quantity = n === 0 ? Math.max(1, Math.round(users * (0.85 + r.int(0, 15) / 100))) : Math.max(1, Math.round(users * r.int(5, 60) / 100));
    let termStart: CalendarDate;
    let termEnd: CalendarDate;
    if (plan.term === 'P1M') {
      termEnd = asOf.addDays(r.int(0, 29));
      termStart = termEnd.addDays(1).addMonths(-1);
    } else {
      const years = plan.term === 'P1Y' ? 1 : 3;
      termEnd = asOf.addDays(renewalOffset() + 365 * (years === 3 ? r.int(0, 2) : 0));
      termStart = termEnd.addDays(1).addMonths(-12 * years);
    }
    const price = priceOf.get(`${product.name}|${plan.term}|${plan.billing}`);
    const unitPrice = (termStart.isBefore(PRICE_RISE_ON) ? price?.before : price?.after)?.toString() ?? null;
    const autoRenew = !r.chance(plan.term === 'P1M' ? 0.1 : 0.08);
    const roll = r.next();
    const status = roll < 0.02 ? 'cancelled' : roll < 0.03 ? 'suspended' : 'active';
    const id = subscriptionId('nce');
    const tenant = account.tenants.length > 1 && r.chance(0.3) ? (account.tenants[1] as string) : (account.tenants[0] as string);
    tables.subscriptions.add([org, id, 'nce', account.id, tenant, product.name, product.skuId]);
    byKind.nce = (byKind.nce ?? 0) + 1;
    const fields: VersionFields = {
      status: 'active', productName: product.name, skuId: product.skuId, quantity, unitPrice,
      term: plan.term, billing: plan.billing, termStart: termStart.toString(), termEnd: termEnd.toString(), autoRenew,
    };
    addEvent(id, termStart, 'purchase', {
      status: 'active', productName: product.name, skuId: product.skuId, quantity, unitPrice, currency: 'USD',
      term: plan.term, billing: plan.billing, termStart: fields.termStart, termEnd: fields.termEnd, autoRenew,
    }, `purchase:${fields.termStart}`);
    if (status === 'cancelled') {
      // Bought by mistake, cancelled inside the 7-day window.
      const cancelled = termStart.addDays(r.int(1, 6));
      addEvent(id, cancelled, 'cancel', { quantity: 0 }, `cancel:${cancelled.toString()}`);
      addVersion(id, termStart, cancelled, fields);
      addVersion(id, cancelled, null, { ...fields, status: 'cancelled', quantity: 0 });
    } else if (status === 'suspended') {
      const on = maxOf(termStart, asOf.addDays(-r.int(5, 60)));
      addEvent(id, on, 'status_change', { status: 'suspended' }, `status:suspended@${on.toString()}`);
      if (on.equals(termStart)) addVersion(id, termStart, null, { ...fields, status: 'suspended' });
      else {
        addVersion(id, termStart, on, fields);
        addVersion(id, on, null, { ...fields, status: 'suspended' });
      }
    } else if (plan.term !== 'P1M' && r.chance(0.03) && termStart.daysUntil(asOf) > 20) {
      // Next-term instructions set in this term; for a third of them a later seat change dropped them (Partner Center's behaviour).
      const setOn = termStart.addDays(r.int(1, Math.min(120, termStart.daysUntil(asOf) - 10)));
      addEvent(id, setOn, 'scheduled_instructions', { instructions: { productId: product.productId, skuId: product.skuId, quantity: Math.max(1, quantity - 2), term: plan.term, billing: plan.billing } }, `snapshot:${setOn.toString()}:bench:instructions`);
      if (r.chance(1 / 3)) {
        const changed = setOn.addDays(r.int(1, Math.max(1, setOn.daysUntil(asOf) - 1)));
        const added = quantity + r.int(1, 4);
        addEvent(id, changed, 'seat_change', { quantity: added }, `seats:${added}@${changed.toString()}`);
        addVersion(id, termStart, changed, fields);
        addVersion(id, changed, null, { ...fields, quantity: added });
      } else addVersion(id, termStart, null, fields);
    } else addVersion(id, termStart, null, fields);
    if (status !== 'cancelled') seats(id, quantity);
  }

  // The MSP's own services: the MSA and endpoint security for every client, the rest for some.
  const devices = Math.max(2, Math.round(users * (1.1 + r.int(0, 40) / 100)));
  const contract = { months: r.weighted([[12, 70], [36, 30]] as const), offset: renewalOffset(), noticeDays: r.pick([30, 60, 90]), autoRenew: r.chance(0.95) };
  const services = SERVICES.filter((service) => service.name === 'Managed Services Agreement' || service.name === 'Endpoint Security' || r.chance(service.name === 'Backup (per TB)' ? 0.6 : 0.35));
  let backupTb = 0;
  let endpointDevices = 0;
  for (const service of services) {
    const own = service.name === 'Backup (per TB)' && r.chance(0.5);
    const termMonths = own ? r.weighted([[12, 70], [36, 30]] as const) : contract.months;
    const offset = own ? renewalOffset() : contract.offset;
    const termEnd = asOf.addDays(offset + (termMonths === 36 ? 365 * r.int(0, 2) : 0));
    const termStart = termEnd.addDays(1).addMonths(-termMonths);
    const quantity = service.unit === 'user' ? users : service.unit === 'device' ? (service.name === 'Managed Firewall' ? r.int(1, 2) : devices) : r.int(1, Math.max(2, Math.round(users / 6)));
    if (service.name === 'Backup (per TB)') backupTb = quantity;
    if (service.name === 'Endpoint Security') endpointDevices = quantity;
    const billing = r.weighted([['monthly', 80], ['quarterly', 8], ['annual', 12]] as const);
    const monthly = r.int(service.price[0], service.price[1]);
    const unitPrice = `${monthly * (billing === 'monthly' ? 1 : billing === 'quarterly' ? 3 : 12)}.00`;
    const autoRenew = own ? r.chance(0.9) : contract.autoRenew;
    const noticeDays = own ? r.pick([30, 60]) : contract.noticeDays;
    const prorationPolicy = r.weighted([['daily', 60], ['monthly', 35], ['none', 5]] as const);
    const id = subscriptionId('svc');
    const term = `P${termMonths}M`;
    tables.subscriptions.add([org, id, 'msp_service', account.id, null, service.name, null]);
    byKind.msp_service = (byKind.msp_service ?? 0) + 1;
    // As src/domain/ledger/service-line.ts writes a purchase: the terms account-subscriptions.ts reads back.
    addEvent(id, termStart, 'purchase', {
      productName: service.name, quantity, unitPrice, currency: 'USD', autoRenew,
      termStart: termStart.toString(), termEnd: termEnd.toString(), term, billing, noticeDays, prorationPolicy,
      contractId: `${own ? 'BKP' : 'MSA'}-${account.id.slice(5)}`,
    }, `purchase:${termStart.toString()}`);
    addVersion(id, termStart, null, {
      status: 'active', productName: service.name, skuId: null, quantity, unitPrice,
      term, billing, termStart: termStart.toString(), termEnd: termEnd.toString(), autoRenew,
    });
  }

  // An Azure plan for 40% of clients: no term, consumption by meter category.
  if (r.chance(0.4)) {
    const id = subscriptionId('azure');
    const purchased = asOf.addDays(-r.int(60, 1500));
    tables.subscriptions.add([org, id, 'azure_plan', account.id, account.tenants[0] as string, 'Azure plan', 'DZH318Z0BPS6']);
    byKind.azure_plan = (byKind.azure_plan ?? 0) + 1;
    addEvent(id, purchased, 'purchase', { status: 'active', productName: 'Azure plan', quantity: 1, currency: 'USD' }, `purchase:${purchased.toString()}`);
    addVersion(id, purchased, null, { status: 'active', productName: 'Azure plan', skuId: 'DZH318Z0BPS6', quantity: 1, unitPrice: null, term: null, billing: null, termStart: null, termEnd: null, autoRenew: null });
    const start = r.int(150, 1800);
    const growth = r.chance(0.35) ? r.int(6, 10) / 100 : r.int(-2, 2) / 100;
    months.forEach((month, i) => {
      const spend = start * (1 + growth) ** i * (0.97 + r.int(0, 6) / 100);
      tables.usage.add([org, account.id, id, 'azure_consumption', month.start, month.end, spend.toFixed(2), null, 'Virtual Machines', 'bench']);
      tables.usage.add([org, account.id, id, 'azure_consumption', month.start, month.end, (spend * (0.1 + r.int(0, 10) / 100)).toFixed(2), null, 'Storage', 'bench']);
    });
  }

  // Account-wide signals: tickets by category, backup fill and endpoint coverage.
  const backupStart = r.int(35, 70) / 100;
  const backupGrowth = r.chance(0.3) ? r.int(20, 40) / 1000 : r.int(0, 10) / 1000;
  const uncovered = r.chance(0.2) ? r.int(3, 10) : r.int(0, 2);
  const ticketRate = r.chance(0.15) ? 2.5 : r.chance(0.3) ? 1.2 : 0.4;
  months.forEach((month, i) => {
    for (const category of TICKET_CATEGORIES) {
      const count = Math.round((r.next() * 2 * ticketRate * 0.3 * users) / TICKET_CATEGORIES.length);
      if (count > 0) tables.usage.add([org, account.id, '', 'tickets', month.start, month.end, String(count), null, category, 'bench']);
    }
    if (backupTb > 0) tables.usage.add([org, account.id, '', 'backup_utilisation', month.start, month.end, (Math.min(1.02, backupStart + backupGrowth * i) * backupTb).toFixed(2), String(backupTb), '', 'bench']);
    if (endpointDevices > 0) tables.usage.add([org, account.id, '', 'endpoint_coverage', month.start, month.end, String(Math.max(0, endpointDevices - uncovered - r.int(0, 1))), String(endpointDevices), '', 'bench']);
  });
}

interface VersionFields {
  readonly status: string;
  readonly productName: string;
  readonly skuId: string | null;
  readonly quantity: number;
  readonly unitPrice: string | null;
  readonly term: string | null;
  readonly billing: string | null;
  readonly termStart: string | null;
  readonly termEnd: string | null;
  readonly autoRenew: boolean | null;
}

function maxOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a.isAfter(b) ? a : b;
}
