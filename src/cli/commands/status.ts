import { type Command } from 'commander';
import { countRecords, type RecordCounts } from '../../store/record-counts.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

export function registerStatusCommand(program: Command): void {
  withDataDirOption(program.command('status').description('where the data lives and how many records of each kind it holds').option('--json', 'print JSON')).action(
    async (options: StoreOptions & { json?: boolean }) => {
      await withStore(options, async (store, organization) => {
        const counts = await countRecords(store, organization);
        if (options.json) {
          printJson({ database: { kind: store.kind, location: store.location }, organization, counts });
          return;
        }
        print(`Database: ${store.kind} (${store.location}), organization ${organization}`);
        print();
        printCounts(counts);
      });
    },
  );
}

/** The record counts as a table, then subscriptions by kind. */
export function printCounts(counts: RecordCounts): void {
  const { subscriptionsByKind, ...plain } = counts;
  print(table(['Records', 'Count'], Object.entries(plain).map(([name, count]) => [name, count]), [1]));
  const kinds = Object.entries(subscriptionsByKind);
  if (kinds.length > 0) print(`\nSubscriptions by kind: ${kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
}
