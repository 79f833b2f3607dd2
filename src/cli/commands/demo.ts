import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { createDemo, type DemoPorts, type DemoReport } from '../../app/demo/create-demo.ts';
import { type ImportHandler, type ImportKind } from '../../app/imports/import-format.ts';
import { runImport } from '../../app/imports/run-import.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { clientKey } from '../../domain/mapping/client-key.ts';
import { subscriptionsFormat, type SubscriptionRow } from '../../imports/subscriptions/subscriptions-format.ts';
import { parsePolicyValue } from '../../domain/renewal/policy.ts';
import { savePriceRule } from '../../store/billing-configuration.ts';
import { importStore } from '../../store/import-store.ts';
import { writePolicySetting } from '../../store/policy-settings.ts';
import { openUnmapped, resolveUnmapped } from '../../store/mapping-queue.ts';
import { countRecords, type RecordCounts } from '../../store/record-counts.ts';
import { openSubscriptionsSink } from '../../store/sinks/subscriptions-sink.ts';
import { type Store, type StoreTransaction } from '../../store/store.ts';
import { fromFile } from '../errors.ts';
import { IMPORT_HANDLERS } from '../import-handlers.ts';
import { actorOf, dateOption, wholeNumberOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';
import { printCounts } from './status.ts';

/** The most clients the name generator can keep distinct with room to spare. */
export const MAX_DEMO_CLIENTS = 500;

interface DemoOptions extends StoreOptions {
  clients: number;
  seed: number;
  asOf?: CalendarDate;
  out?: string;
  json?: boolean;
}

export function registerDemoCommand(program: Command): void {
  withDataDirOption(
    program
      .command('demo')
      .description('create a realistic MSP portfolio: write the files an MSP has (price list, contracts, reconciliation files, Partner Center snapshot, PSA, usage) and import them')
      .option('--clients <n>', `client companies, 1–${MAX_DEMO_CLIENTS}`, clientsOption, 50)
      .option('--seed <n>', 'seed of the generator: the same seed and as-of day give the same files', wholeNumberOption, 1)
      .option('--as-of <date>', 'the day the portfolio is seen on (default today)', dateOption)
      .option('--out <dir>', 'where the files are written (default DATA_DIR/demo, or ./demo with DATABASE_URL)')
      .option('--json', 'print JSON'),
  ).action(async (options: DemoOptions) => {
    const started = Date.now();
    const asOfGiven = options.asOf !== undefined;
    const asOf = options.asOf ?? CalendarDate.parse(new Date().toISOString().slice(0, 10));
    const out = options.out ?? (process.env.DATABASE_URL ? 'demo' : join(options.dataDir ?? process.env.COTERM_DATA_DIR ?? 'data', 'demo'));
    const { report, database, organization } = await withStore(options, async (store, organization) => {
      const ports = demoPorts(store, organization, out, { actor: actorOf(), now: () => new Date().toISOString() });
      const report = await createDemo(ports, { clients: options.clients, seed: options.seed, asOf });
      return { report, database: { kind: store.kind, location: store.location }, organization };
    });
    if (options.json) printJson(jsonReport(report, out, database, organization));
    else printReport(report, out, (Date.now() - started) / 1000, asOfGiven);
  });
}

function clientsOption(value: string): number {
  const clients = wholeNumberOption(value);
  if (clients < 1 || clients > MAX_DEMO_CLIENTS) throw new InvalidArgumentError(`"${value}" is not between 1 and ${MAX_DEMO_CLIENTS}`);
  return clients;
}

/** The demo's ports on a store: files in `outDir`, the real importers, the mapping queue. */
export function demoPorts(store: Store, organizationId: string, outDir: string, context: { actor: string; now: () => string }): DemoPorts {
  return {
    async writeFile(name, contents) {
      await mkdir(outDir, { recursive: true });
      const path = join(outDir, name);
      await writeFile(path, contents);
      return path;
    },
    async importFile(kind, path, asOf) {
      const outcome = await fromFile(path, () =>
        runImport(importStore(store), handlerFor(kind, asOf), { organizationId, path, actor: context.actor, skipBad: false, now: context.now }),
      );
      return { imported: outcome.imported, duplicates: outcome.duplicates, rejected: outcome.rejected, alreadyImported: outcome.alreadyImported, mangledIds: outcome.mangledIds.length };
    },
    async openUnmapped() {
      return (await openUnmapped(store, organizationId)).map((record) => ({ system: record.system, externalId: record.externalId }));
    },
    async accountOfClient(client) {
      const found = await store.db
        .selectFrom('external_ids')
        .select('entity_id')
        .where('organization_id', '=', organizationId)
        .where('system', '=', 'coterm')
        .where('entity_type', '=', 'account')
        .where('external_id', '=', clientKey(client))
        .executeTakeFirst();
      return found?.entity_id;
    },
    async resolve(record, accountId) {
      await resolveUnmapped(store, organizationId, record.system, record.externalId, { accountId }, context.actor);
    },
    async setPolicy(accountId, field, value) {
      const parsed = parsePolicyValue(field, value);
      await store.transaction(({ db }) => writePolicySetting(db, organizationId, { accountId, field: parsed.field, value: parsed.value, actor: context.actor }));
    },
    async setMarkup(accountId, percent) {
      await store.transaction(({ db }) => savePriceRule(db, organizationId, { accountId, family: null, skuId: null }, 'markup', percent, context.actor));
    },
    async counts() {
      return { ...(await countRecords(store, organizationId)) };
    },
  };
}

/** The importer of a kind; the Partner Center snapshot describes the demo's as-of day rather than the day it runs. */
function handlerFor(kind: ImportKind, asOf: CalendarDate): ImportHandler<unknown, StoreTransaction> {
  if (kind !== 'subscriptions') return IMPORT_HANDLERS[kind];
  const snapshot: ImportHandler<SubscriptionRow, StoreTransaction> = {
    format: subscriptionsFormat,
    openSink: (session, context) => openSubscriptionsSink(session, context, { asOf: asOf.toString() }),
  };
  return snapshot as ImportHandler<unknown, StoreTransaction>;
}

function jsonReport(report: DemoReport, out: string, database: { kind: string; location: string }, organization: string): Record<string, unknown> {
  return {
    asOf: report.asOf,
    seed: report.seed,
    out,
    generated: report.generated,
    files: Object.fromEntries(report.imports.map((file) => [file.file, { imported: file.imported, duplicates: file.duplicates, rejected: file.rejected }])),
    leakages: report.leakages,
    mapping: report.mapping,
    status: { database, organization, counts: report.status },
  };
}

function printReport(report: DemoReport, out: string, seconds: number, asOfGiven: boolean): void {
  const g = report.generated;
  const money = Number(g.shadowBilling.total).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  print(
    `Demo portfolio as of ${report.asOf} (seed ${report.seed}): ${g.clients} clients (${g.subsidiaries} subsidiaries), ${g.subscriptions} NCE subscriptions, ` +
      `${g.events} changes, ${g.reconRows} reconciliation rows over ${g.reconFiles} months (USD ${money}), ${g.psaAdditions} PSA additions, ${g.usageRows} usage rows, ${g.leakages.total} planted leaks.`,
  );
  print(`Files written to ${out} and imported:`);
  print();
  print(
    table(
      ['File', 'Kind', 'Imported', 'Duplicates', 'Rejected'],
      report.imports.map((file) => [file.file, file.kind, file.imported, file.duplicates, file.rejected]),
      [2, 3, 4],
    ),
  );
  print();
  const { mapping } = report;
  print(
    mapping.resolvedByPerson === 0
      ? 'No record needed a person: every tenant and PSA company was matched by domain or name.'
      : `${mapping.resolvedByPerson} records needed a person (names and domains no rule could match) and were mapped once, as a user would with coterm mapping resolve.`,
  );
  if (mapping.stillOpen > 0) print(`${mapping.stillOpen} records still wait to be mapped (coterm mapping list).`);
  print(`Planted leaks, with their expected impact: ${report.leakages}`);
  print();
  printCounts(report.status as RecordCounts);
  print();
  print(`Done in ${seconds.toFixed(1)} s.${asOfGiven ? '' : ` Run again with --as-of ${report.asOf} to reproduce these files exactly.`}`);
}
