import { join } from 'node:path';
import { type Command } from 'commander';
import { createDemo } from '../../app/demo/create-demo.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { countRecords } from '../../store/record-counts.ts';
import { listRenewals } from '../../app/renewals/list-renewals.ts';
import { cadenceStore } from '../../store/cadence-store.ts';
import { print, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';
import { demoPorts } from './demo.ts';
import { actorOf } from '../options.ts';

/** Days ahead the renewal calendar looks (the renewal board's default window). */
const WINDOW_DAYS = 120;
const SHOWN = 20;

export function registerStartCommand(program: Command): void {
  withDataDirOption(
    program.command('start').description('the portfolio at a glance; an empty database first gets the demo portfolio, so there is something to see'),
  ).action(async (options: StoreOptions) => {
    const today = CalendarDate.parse(new Date().toISOString().slice(0, 10));
    await withStore(options, async (store, organization) => {
      let counts = await countRecords(store, organization);
      if (counts.accounts === 0 && counts.subscriptions === 0) {
        const out = process.env.DATABASE_URL ? 'demo' : join(options.dataDir ?? process.env.COTERM_DATA_DIR ?? 'data', 'demo');
        print(`The database (${store.kind}, ${store.location}) is empty: creating the demo portfolio of 50 clients as of ${today.toString()}…`);
        const ports = demoPorts(store, organization, out, { actor: actorOf(), now: () => new Date().toISOString() });
        const report = await createDemo(ports, { clients: 50, seed: 1, asOf: today });
        print(`Imported ${report.imports.length} files from ${out} (the files an MSP has: price list, contracts, Microsoft's reconciliation files, a Partner Center snapshot, PSA additions, usage).`);
        print();
        counts = await countRecords(store, organization);
      }
      print(
        `coterm: ${counts.accounts} clients, ${counts.subscriptions} subscriptions, ${counts.ledgerEvents} ledger events, ${counts.billedLines} billed lines from Microsoft, ` +
          `${counts.psaContractLines} PSA lines, ${counts.unmappedOpen} records waiting to be mapped (${store.kind} database at ${store.location}).`,
      );
      const renewals = await cadenceStore(store, organization).transaction((session) => listRenewals(session, today, WINDOW_DAYS));
      const shown = renewals.slice(0, SHOWN);
      print();
      print(`${renewals.length} renewals in the next ${WINDOW_DAYS} days${renewals.length > SHOWN ? ` (first ${SHOWN}; coterm renewals lists them all)` : ''}:`);
      print(
        table(
          ['Date', 'Client', 'Subs', 'Annual value', 'Health', 'Stage', 'Next action'],
          shown.map((renewal) => [
            renewal.date,
            renewal.accountName,
            renewal.notRenewing > 0 ? `${renewal.subscriptions} (${renewal.notRenewing} off)` : renewal.subscriptions,
            `${renewal.annualValue} ${renewal.currency ?? ''}`.trim(),
            `${renewal.health.band} ${renewal.health.score}`,
            renewal.stage,
            renewal.nextAction,
          ]),
          [3],
        ),
      );
      print();
      print('Next: coterm worker --once (packs, notices, tasks) · coterm renewals · coterm coterm plan --account ID · coterm ledger state --account ID · coterm mapping list');
    });
  });
}
