import { type Command } from 'commander';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { LedgerQueries, type SubscriptionState } from '../../store/ledger-repository.ts';
import { UsageError } from '../errors.ts';
import { dateOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface StateOptions extends StoreOptions {
  account?: string;
  subscription?: string;
  on?: CalendarDate;
  json?: boolean;
}

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('the dated history of every subscription');
  withDataDirOption(
    ledger
      .command('state')
      .description("what an account (or one subscription) had, at what price, on a day")
      .option('--account <id>', 'every subscription of this account')
      .option('--subscription <id>', 'one subscription')
      .option('--on <date>', 'the day (default today)', dateOption)
      .option('--json', 'print JSON'),
  ).action(async (options: StateOptions) => {
    if ((options.account === undefined) === (options.subscription === undefined)) throw new UsageError('give --account ID or --subscription ID');
    const day = options.on?.toString() ?? new Date().toISOString().slice(0, 10);
    const states = await withStore(options, async (store, organization) => {
      const queries = new LedgerQueries(store);
      if (options.account) return queries.accountOn(organization, options.account, day);
      const state = await queries.subscriptionOn(organization, options.subscription ?? '', day);
      return state ? [state] : [];
    });
    if (options.json) printJson({ on: day, subscriptions: states });
    else printStates(day, states);
  });
  withDataDirOption(ledger.command('history').description("a subscription's events, oldest first").argument('<subscription>').option('--json', 'print JSON')).action(
    async (subscription: string, options: StoreOptions & { json?: boolean }) => {
      const events = await withStore(options, (store, organization) => new LedgerQueries(store).history(organization, subscription));
      if (options.json) printJson({ subscription, events });
      else if (events.length === 0) print(`No events for ${subscription}.`);
      else print(table(['Date', 'Event', 'Details', 'Source'], events.map((event) => [event.effectiveDate, event.type, JSON.stringify(event.payload), event.sourceRef ?? event.source])));
    },
  );
}

function printStates(day: string, states: readonly SubscriptionState[]): void {
  if (states.length === 0) {
    print(`Nothing on ${day}.`);
    return;
  }
  print(`On ${day}:`);
  print(
    table(
      ['Subscription', 'Product', 'Status', 'Qty', 'Unit price', 'Term', 'Billing', 'Term end', 'Auto-renew'],
      states.map((s) => [s.subscriptionId, s.productName, s.status, s.quantity, `${s.unitPrice ?? ''} ${s.currency ?? ''}`.trim(), s.term ?? '', s.billing ?? '', s.termEnd ?? '', s.autoRenew === null ? '' : s.autoRenew ? 'yes' : 'no']),
      [3],
    ),
  );
}
