import { type CalendarDate } from '../../domain/calendar/date.ts';
import { slugOf } from '../../domain/mapping/client-key.ts';
import { domainKey } from '../../domain/mapping/match.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type DemoCalendar } from './calendar.ts';
import { type ClientName, ClientNames, divergentName, shoutedName } from './names.ts';
import { type Random } from './random.ts';

/** How a record of another system comes to be mapped to the client's account. */
export type MappingRoute = 'domain' | 'name' | 'person';

/** The client's Microsoft tenant, as Partner Center names it. */
export interface DemoTenant {
  readonly id: string;
  readonly name: string;
  /** The tenant's initial domain (`…onmicrosoft.com`). */
  readonly domain: string;
  readonly mapping: MappingRoute;
}

/** The client in the PSA (ConnectWise): its company, and the agreements the MSP invoices it on. */
export interface DemoPsaCompany {
  readonly companyId: string;
  readonly companyName: string;
  readonly mapping: MappingRoute;
  readonly licenceAgreementId: string;
  readonly servicesAgreementId: string;
}

export type DemoServiceName = 'Managed Services Agreement' | 'Endpoint Security' | 'Backup (per TB)' | 'Microsoft 365 Management' | 'Managed Firewall';

/** One line of the MSP's own contract with the client. */
export interface DemoServiceLine {
  readonly contractId: string;
  readonly service: DemoServiceName;
  readonly quantity: number;
  readonly unitPrice: Decimal;
  readonly start: CalendarDate;
  /** Last day of the current term (inclusive). */
  readonly end: CalendarDate;
  readonly termMonths: number;
  readonly autoRenew: boolean;
  readonly noticeDays: number;
  readonly proration: 'daily' | 'monthly';
  /** The PSA's product identifier for the service. */
  readonly psaProduct: string;
}

export interface DemoClient {
  readonly index: number;
  readonly name: ClientName;
  readonly parent: DemoClient | undefined;
  /** The e-mail domain the contract list gives (absent for some clients). */
  readonly contractDomain: string | undefined;
  /** The account id the contract list creates for the client in an empty database. */
  readonly accountId: string;
  readonly users: number;
  readonly devices: number;
  readonly tenant: DemoTenant;
  readonly psa: DemoPsaCompany;
  /** The MSP's margin on Microsoft licences for this client (0.15 = 15%). */
  readonly margin: Decimal;
  readonly services: readonly DemoServiceLine[];
}

const PSA_PRODUCTS: Readonly<Record<DemoServiceName, string>> = {
  'Managed Services Agreement': 'MSA-USER',
  'Endpoint Security': 'EDR-DEVICE',
  'Backup (per TB)': 'BACKUP-TB',
  'Microsoft 365 Management': 'M365-MGMT-USER',
  'Managed Firewall': 'FW-MANAGED',
};

/** Unique ids of one kind (contract numbers, PSA company ids). */
class UniqueIds {
  private readonly taken = new Set<string>();

  constructor(private readonly random: Random) {}

  next(make: (random: Random) => string): string {
    for (;;) {
      const id = make(this.random);
      if (!this.taken.has(id)) {
        this.taken.add(id);
        return id;
      }
    }
  }
}

/**
 * The MSP's clients: names no two of which resemble each other, about one in
 * ten a subsidiary of an earlier client; each with a tenant and a PSA company
 * that are sometimes named differently (upper case, another legal form, an
 * older trading name, another initial domain), and contracts for managed
 * services, endpoint security and backup on scattered terms.
 */
export function generateClients(random: Random, count: number, calendar: DemoCalendar): DemoClient[] {
  const names = new ClientNames(random);
  const contractIds = new UniqueIds(random);
  const companyIds = new UniqueIds(random);
  const agreementIds = new UniqueIds(random);
  const clients: DemoClient[] = [];
  for (let index = 0; index < count; index += 1) {
    const parents = clients.filter((client) => client.parent === undefined && !clients.some((other) => other.parent === client));
    let parent = index >= 3 && parents.length > 0 && random.chance(0.12) ? random.pick(parents) : undefined;
    let name = parent ? names.subsidiaryOf(parent.name) : undefined;
    if (!name) {
      parent = undefined;
      name = names.next();
    }
    const users = random.weighted<[number, number]>([
      [[8, 25], 50],
      [[26, 60], 35],
      [[61, 150], 15],
    ]);
    const userCount = random.int(users[0], users[1]);
    const contractDomain = random.chance(0.85) ? name.domain : undefined;
    const tenant = tenantOf(random, name, contractDomain);
    const psaRoute: MappingRoute = random.chance(0.15) ? 'person' : 'name';
    const psa: DemoPsaCompany = {
      companyId: companyIds.next((r) => r.digits(5)),
      companyName: psaRoute === 'person' ? divergentName(name, random) : random.pick([name.name, `${name.base} ${name.sector}, ${name.legalForm}`, shoutedName(name)]),
      mapping: psaRoute,
      licenceAgreementId: agreementIds.next((r) => r.digits(4)),
      servicesAgreementId: agreementIds.next((r) => r.digits(4)),
    };
    const devices = Math.round(userCount * (1.1 + random.int(0, 50) / 100));
    clients.push({
      index,
      name,
      parent,
      contractDomain,
      accountId: slugOf(name.name),
      users: userCount,
      devices,
      tenant,
      psa,
      margin: Decimal.parse(`0.${random.int(15, 20)}`),
      services: servicesOf(random, contractIds, calendar, userCount, devices),
    });
  }
  return clients;
}

function tenantOf(random: Random, name: ClientName, contractDomain: string | undefined): DemoTenant {
  const id = random.guid();
  if (contractDomain && random.chance(0.55)) {
    return { id, name: random.pick([name.name, shoutedName(name)]), domain: `${domainKey(contractDomain)}.onmicrosoft.com`, mapping: 'domain' };
  }
  const letters = (text: string): string => text.toLowerCase().replace(/[^a-z]/g, '');
  const domain = `${letters(name.base).slice(0, 4)}${letters(name.sector).slice(0, 4)}${random.int(10, 99)}.onmicrosoft.com`;
  if (random.chance(0.65)) return { id, name: random.pick([name.name, shoutedName(name)]), domain, mapping: 'name' };
  return { id, name: divergentName(name, random), domain, mapping: 'person' };
}

function servicesOf(random: Random, contractIds: UniqueIds, calendar: DemoCalendar, users: number, devices: number): DemoServiceLine[] {
  const term = (): { start: CalendarDate; end: CalendarDate; termMonths: number } => {
    const termMonths = random.weighted([
      [12, 40],
      [24, 35],
      [36, 25],
    ]);
    // A current term: started 1 to termMonths-1 months before the as-of month, often on the 1st.
    const first = calendar.asOfMonth.addMonths(-random.int(1, termMonths - 1));
    const start = random.chance(0.6) ? first : first.addDays(random.int(1, 27));
    return { start, end: start.addMonths(termMonths).addDays(-1), termMonths };
  };
  const msa = { contractId: contractIds.next((r) => `MSA-${r.digits(5)}`), ...term(), autoRenew: random.chance(0.9), noticeDays: random.pick([30, 60, 90]) };
  const proration = random.chance(0.6) ? ('daily' as const) : ('monthly' as const);
  const line = (contract: typeof msa, service: DemoServiceName, quantity: number, unitPrice: string): DemoServiceLine => ({
    contractId: contract.contractId,
    service,
    quantity,
    unitPrice: Decimal.parse(unitPrice),
    start: contract.start,
    end: contract.end,
    termMonths: contract.termMonths,
    autoRenew: contract.autoRenew,
    noticeDays: contract.noticeDays,
    proration,
    psaProduct: PSA_PRODUCTS[service],
  });
  const lines = [
    line(msa, 'Managed Services Agreement', users, `${95 + 5 * random.int(0, 11)}.00`),
    line(msa, 'Endpoint Security', devices, `${random.int(6, 11)}.${random.pick(['00', '50'])}`),
  ];
  if (random.chance(0.4)) lines.push(line(msa, 'Microsoft 365 Management', users, `${random.int(4, 7)}.${random.pick(['00', '50'])}`));
  if (random.chance(0.3)) lines.push(line(msa, 'Managed Firewall', random.int(1, 2), `${150 + 25 * random.int(0, 12)}.00`));
  const backup = random.chance(0.5) ? { contractId: contractIds.next((r) => `BKP-${r.digits(5)}`), ...term(), autoRenew: random.chance(0.85), noticeDays: random.pick([30, 60]) } : msa;
  lines.push(line(backup, 'Backup (per TB)', random.int(1, Math.max(2, Math.round(users / 6))), `${90 + 5 * random.int(0, 12)}.00`));
  return lines;
}
