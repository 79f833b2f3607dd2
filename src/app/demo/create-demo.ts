import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type ImportKind } from '../imports/import-format.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { demoPolicies } from './policies.ts';
import { type DemoOptions, type DemoSummary, type GeneratedDemo, generateDemo } from './generate.ts';

/** What an import reports, as `coterm import` prints it. */
export interface DemoImportCounts {
  readonly imported: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** The same file was imported before: nothing was read again. */
  readonly alreadyImported: boolean;
  /** Ids the importer took for numbers Excel wrote in scientific notation (the demo writes none). */
  readonly mangledIds: number;
}

/** A record waiting in the unmapped queue. */
export interface UnmappedRef {
  readonly system: string;
  readonly externalId: string;
}

/** What the demo needs from the outside world: files, the importers, the mapping queue and the record counts. */
export interface DemoPorts {
  /** Writes a file of the demo and returns its path. */
  writeFile(name: string, contents: string): Promise<string>;
  /** Imports a file through the importer of its kind (one transaction); a snapshot describes `asOf`. */
  importFile(kind: ImportKind, path: string, asOf: CalendarDate): Promise<DemoImportCounts>;
  openUnmapped(): Promise<readonly UnmappedRef[]>;
  /** The account the contract list's client name maps to. */
  accountOfClient(client: string): Promise<string | undefined>;
  /** Answers an unmapped record once, as a person would. */
  resolve(record: UnmappedRef, accountId: string): Promise<void>;
  /** Sets a renewal policy field for the organization (accountId '') or an account, as the MSP would once. */
  setPolicy(accountId: string, field: string, value: string): Promise<void>;
  /** Sets an account's margin rule: its Microsoft licences at cost plus `percent`. */
  setMarkup(accountId: string, percent: Decimal): Promise<void>;
  /** The totals `coterm status` shows. */
  counts(): Promise<Record<string, unknown>>;
}

export interface DemoFileReport extends DemoImportCounts {
  readonly file: string;
  readonly kind: ImportKind;
  readonly path: string;
}

export interface DemoReport {
  readonly asOf: string;
  readonly seed: number;
  readonly generated: DemoSummary;
  readonly imports: readonly DemoFileReport[];
  /** The leak manifest's path. */
  readonly leakages: string;
  readonly mapping: {
    /** Tenants and PSA companies no rule could map, answered the way a person would once. */
    readonly resolvedByPerson: number;
    readonly byPerson: readonly { readonly system: string; readonly externalId: string; readonly account: string }[];
    /** Records still waiting afterwards (the demo answers only its own). */
    readonly stillOpen: number;
  };
  /** Renewal policy settings made (organization defaults and account overrides). */
  readonly policies: number;
  /** Margin rules set: one per client, its markup on Microsoft's price. */
  readonly marginRules: number;
  readonly status: Record<string, unknown>;
}

/**
 * `coterm demo`: generates an MSP's files, writes them and imports them in
 * the order an MSP would (price list, contracts, Microsoft's monthly
 * reconciliation files oldest first, the Partner Center snapshot, the PSA,
 * usage) through the real importers, then maps what no rule could, once.
 * Running it again with the same seed and as-of day adds nothing.
 */
export async function createDemo(ports: DemoPorts, options: DemoOptions): Promise<DemoReport & { readonly demo: GeneratedDemo }> {
  const demo = generateDemo(options);
  const imports: DemoFileReport[] = [];
  let leakages = '';
  for (const file of demo.files) {
    const path = await ports.writeFile(file.name, file.contents);
    if (file.kind === undefined) {
      leakages = path;
      continue;
    }
    const counts = await ports.importFile(file.kind, path, options.asOf);
    imports.push({ file: file.name, kind: file.kind, path, ...counts });
  }

  const owners = new Map(demo.owners.map((owner) => [`${owner.system}\u0000${owner.externalId}`, owner]));
  const byPerson: { system: string; externalId: string; account: string }[] = [];
  for (const record of await ports.openUnmapped()) {
    const owner = owners.get(`${record.system}\u0000${record.externalId}`);
    if (!owner) continue;
    const account = await ports.accountOfClient(owner.client.name.name);
    if (account === undefined) continue;
    await ports.resolve(record, account);
    byPerson.push({ system: record.system, externalId: record.externalId, account });
  }
  const stillOpen = (await ports.openUnmapped()).length;
  let policies = 0;
  for (const setting of demoPolicies(demo.clients)) {
    const accountId = setting.client ? await ports.accountOfClient(setting.client.name.name) : '';
    if (accountId === undefined) continue;
    await ports.setPolicy(accountId, setting.field, setting.value);
    policies += 1;
  }
  let marginRules = 0;
  for (const client of demo.clients) {
    const accountId = await ports.accountOfClient(client.name.name);
    if (accountId === undefined) continue;
    await ports.setMarkup(accountId, client.margin.timesInteger(100));
    marginRules += 1;
  }
  return {
    asOf: options.asOf.toString(),
    seed: options.seed,
    generated: demo.summary,
    imports,
    leakages,
    mapping: { resolvedByPerson: byPerson.length, byPerson, stillOpen },
    policies,
    marginRules,
    status: await ports.counts(),
    demo,
  };
}
