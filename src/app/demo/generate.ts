import { type CalendarDate } from '../../domain/calendar/date.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type ImportKind } from '../imports/import-format.ts';
import { type DemoCalendar, demoCalendar, monthKey } from './calendar.ts';
import { type DemoClient, generateClients } from './clients.ts';
import { leakagesJson, priceListCsv, psaCsv, type ReconLine, reconCsv, servicesCsv, type SnapshotSubscription, subscriptionsJson, usageCsv } from './files.ts';
import { billingHistories, type SubscriptionHistory } from './history.ts';
import { LEAK_KINDS, type LeakKind, planLeakKinds } from './leak-kinds.ts';
import { type LeakageEntry, leakageEntry } from './leakage.ts';
import { type ClientPortfolio, generateClientPortfolio } from './portfolio.ts';
import { demoPriceList, type DemoPriceList } from './price-list.ts';
import { type PsaAddition, psaAdditions, type PsaLicenceLine, invoicedLines } from './psa.ts';
import { Random } from './random.ts';
import { clientUsage, type UsageRecord, usageProfile } from './usage.ts';

export interface DemoOptions {
  readonly clients: number;
  readonly seed: number;
  readonly asOf: CalendarDate;
}

/** A file the demo writes; `kind` is the importer it goes through (none for the leak manifest). */
export interface DemoFile {
  readonly name: string;
  readonly kind: ImportKind | undefined;
  readonly contents: string;
}

/** A record of another system the demo knows the client of: what a person answers when it waits to be mapped. */
export interface KnownOwner {
  readonly system: 'partner_center' | 'connectwise';
  readonly externalId: string;
  readonly client: DemoClient;
}

export interface DemoSummary {
  readonly clients: number;
  readonly subsidiaries: number;
  readonly tenants: number;
  readonly subscriptions: number;
  readonly events: number;
  /** Generated changes Partner Center would have refused, dropped before billing. */
  readonly refusedChanges: number;
  readonly priceListRows: number;
  readonly serviceLines: number;
  readonly reconFiles: number;
  readonly reconRows: number;
  /** Shadow billing over the invoiced months: what the reconciliation files add up to. */
  readonly shadowBilling: { readonly from: string; readonly through: string; readonly rows: number; readonly total: string };
  readonly psaAdditions: number;
  readonly usageRows: number;
  readonly leakages: { readonly total: number; readonly byKind: Readonly<Record<LeakKind, number>> };
  /** Records the demo expects a person to map (names and domains no rule can match). */
  readonly expectedByPerson: { readonly tenants: number; readonly psaCompanies: number };
}

export interface GeneratedDemo {
  readonly options: DemoOptions;
  readonly calendar: DemoCalendar;
  readonly prices: DemoPriceList;
  readonly clients: readonly DemoClient[];
  readonly portfolios: readonly ClientPortfolio[];
  /** Each subscription as billed through the as-of day. */
  readonly histories: ReadonlyMap<string, SubscriptionHistory>;
  readonly leakages: readonly LeakageEntry[];
  readonly psa: readonly PsaAddition[];
  readonly usage: readonly UsageRecord[];
  /** In import order; leakages.json last. */
  readonly files: readonly DemoFile[];
  readonly owners: readonly KnownOwner[];
  readonly summary: DemoSummary;
}

/**
 * Generates a realistic MSP portfolio and the files the MSP would have —
 * Microsoft's price list and monthly reconciliation files, a Partner Center
 * snapshot, the contract list, the PSA's agreement additions (with planted
 * leaks) and usage signals — deterministically: one seed and as-of day, one
 * set of bytes. Everything but the snapshot, the PSA and the leak manifest
 * depends only on the as-of month.
 */
export function generateDemo(options: DemoOptions): GeneratedDemo {
  if (!Number.isSafeInteger(options.clients) || options.clients < 1) throw new RangeError(`the number of clients must be at least 1, got ${options.clients}`);
  const calendar = demoCalendar(options.asOf);
  const root = new Random(options.seed);
  const stream = (): Random => new Random(root.int(1, 0x7fffffff));
  const random = { clients: stream(), leaks: stream(), portfolio: stream(), usage: stream(), partner: stream() };
  const prices = demoPriceList(calendar.start, calendar.riseOn);
  const clients = generateClients(random.clients, options.clients, calendar);
  const plan = planLeakKinds(random.leaks, clients.length);
  const portfolios = clients.map((client) => generateClientPortfolio(random.portfolio, client, calendar, prices, plan.get(client.index) ?? []));

  const histories = new Map<string, SubscriptionHistory>();
  const leakages: LeakageEntry[] = [];
  const psa: PsaAddition[] = [];
  const usage: UsageRecord[] = [];
  const snapshot: SnapshotSubscription[] = [];
  const additionIds = new AdditionIds();
  for (const portfolio of portfolios) {
    const clientHistories = billingHistories(portfolio.result);
    for (const [id, history] of clientHistories) histories.set(id, history);
    const leakOf = new Map(portfolio.leaks.map((leak) => [leak.subscriptionId, leak]));
    for (const leak of portfolio.leaks) {
      const history = clientHistories.get(leak.subscriptionId);
      if (history) leakages.push(leakageEntry(`LEAK-${String(leakages.length + 1).padStart(3, '0')}`, leak, history, prices, calendar.asOf));
    }
    const outcomes = new Map(portfolio.result.subscriptions.map((outcome) => [outcome.id, outcome]));
    const licenceLines: PsaLicenceLine[] = [];
    const billed: SubscriptionHistory[] = [];
    for (const info of portfolio.subscriptions) {
      const history = clientHistories.get(info.id);
      const outcome = outcomes.get(info.id);
      if (outcome && outcome.status !== 'pending') snapshot.push({ info, outcome, history, refundable: refundableOn(portfolio, info.id, outcome, calendar.asOf) });
      if (!history) continue;
      billed.push(history);
      licenceLines.push(...invoicedLines(history, portfolio.client, prices, leakOf.get(info.id)));
    }
    psa.push(...psaAdditions(portfolio.client, licenceLines, (key) => additionIds.next(key)));
    usage.push(...clientUsage(random.usage, portfolio.client, usageProfile(random.usage), billed, calendar));
  }

  const partner = { partnerId: random.partner.guid(), mpnId: random.partner.digits(7), invoiceBase: random.partner.int(100_000_000, 300_000_000) };
  const infoOf = new Map(portfolios.flatMap((portfolio) => portfolio.subscriptions.map((info) => [info.id, info] as const)));
  const reconMonths = new Map<string, ReconLine[]>(calendar.months.map((month) => [monthKey(month), []]));
  let shadowTotal = Decimal.ZERO;
  let shadowRows = 0;
  for (const portfolio of portfolios) {
    for (const line of portfolio.invoiced.lines) {
      const month = reconMonths.get(monthKey(line.chargeStart));
      const info = infoOf.get(line.subscription);
      if (!month || !info) continue;
      month.push({ line, client: portfolio.client, info });
      shadowTotal = shadowTotal.plus(line.subtotal);
      shadowRows += 1;
    }
  }

  const files: DemoFile[] = [
    { name: 'pricelist.csv', kind: 'pricelist', contents: priceListCsv(prices) },
    { name: 'services.csv', kind: 'services', contents: servicesCsv(clients) },
    ...calendar.months.flatMap((month): DemoFile[] => {
      const lines = reconMonths.get(monthKey(month)) ?? [];
      return lines.length === 0 ? [] : [{ name: `recon-${monthKey(month)}.csv`, kind: 'recon', contents: reconCsv(partner, month, lines) }];
    }),
    { name: 'subscriptions.json', kind: 'subscriptions', contents: subscriptionsJson(snapshot) },
    { name: 'psa.csv', kind: 'psa', contents: psaCsv(psa) },
    { name: 'usage.csv', kind: 'usage', contents: usageCsv(usage) },
    { name: 'leakages.json', kind: undefined, contents: leakagesJson(calendar.asOf, options.seed, leakages) },
  ];

  const owners: KnownOwner[] = clients.flatMap((client): KnownOwner[] => [
    { system: 'partner_center', externalId: client.tenant.id, client },
    { system: 'connectwise', externalId: client.psa.companyId, client },
  ]);
  const byKind = Object.fromEntries(LEAK_KINDS.map((kind) => [kind, leakages.filter((entry) => entry.kind === kind).length])) as Record<LeakKind, number>;
  const summary: DemoSummary = {
    clients: clients.length,
    subsidiaries: clients.filter((client) => client.parent).length,
    tenants: clients.length,
    subscriptions: snapshot.length,
    events: portfolios.reduce((sum, portfolio) => sum + portfolio.events.length, 0),
    refusedChanges: portfolios.reduce((sum, portfolio) => sum + portfolio.refused, 0),
    priceListRows: prices.rows.length,
    serviceLines: clients.reduce((sum, client) => sum + client.services.length, 0),
    reconFiles: files.filter((file) => file.kind === 'recon').length,
    reconRows: shadowRows,
    shadowBilling: { from: calendar.start.toString(), through: calendar.end.toString(), rows: shadowRows, total: shadowTotal.toString() },
    psaAdditions: psa.length,
    usageRows: usage.length,
    leakages: { total: leakages.length, byKind },
    expectedByPerson: {
      tenants: clients.filter((client) => client.tenant.mapping === 'person').length,
      psaCompanies: clients.filter((client) => client.psa.mapping === 'person').length,
    },
  };
  return { options, calendar, prices, clients, portfolios, histories, leakages, psa, usage, files, owners, summary };
}

/** Seats a customer could still give back on the as-of day: a term started within 7 days, or seats added within 7 days. */
function refundableOn(portfolio: ClientPortfolio, id: string, outcome: { status: string; quantity: number; termStart?: CalendarDate }, asOf: CalendarDate): number {
  if (outcome.status !== 'active') return 0;
  if (outcome.termStart && !outcome.termStart.addDays(7).isBefore(asOf)) return outcome.quantity;
  let previous = portfolio.specs.find((spec) => spec.id === id)?.quantity ?? 0;
  let added = 0;
  for (const event of portfolio.events) {
    if (event.subscription !== id || event.type !== 'setQuantity') continue;
    if (event.quantity > previous && !event.date.addDays(7).isBefore(asOf)) added += event.quantity - previous;
    previous = event.quantity;
  }
  return Math.min(added, outcome.quantity);
}

/** ConnectWise addition ids: a number from the line's identity, so a line keeps its id when the demo runs again later. */
class AdditionIds {
  private readonly taken = new Set<number>();

  next(key: string): string {
    let id = 100_000 + (fnv(key) % 900_000);
    while (this.taken.has(id)) id = id === 999_999 ? 100_000 : id + 1;
    this.taken.add(id);
    return String(id);
  }
}

function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
