import { type Command } from 'commander';
import { listRenewals, type RenewalRow } from '../../app/renewals/list-renewals.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { cadenceStore } from '../../store/cadence-store.ts';
import { choiceOption, dateOption, wholeNumberOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface RenewalsOptions extends StoreOptions {
  within: number;
  asOf?: CalendarDate;
  owner?: string;
  health?: 'green' | 'amber' | 'red';
  stage?: string;
  json?: boolean;
}

const BAND_MARK: Readonly<Record<RenewalRow['health']['band'], string>> = { green: '● green', amber: '▲ amber', red: '■ red' };

export function registerRenewalsCommand(program: Command): void {
  withDataDirOption(
    program
      .command('renewals')
      .description('every renewal in the window: value, health, stage, next action and owner')
      .option('--within <days>', 'days ahead', wholeNumberOption, 120)
      .option('--as-of <date>', 'the day to look from (default today)', dateOption)
      .option('--owner <name>', 'only renewals whose next action is this person’s')
      .option('--health <band>', 'only green, amber or red', choiceOption(['green', 'amber', 'red'] as const))
      .option('--stage <stage>', 'only this stage (identified, pack_ready, …, untracked)')
      .option('--json', 'print JSON'),
  ).action(async (options: RenewalsOptions) => {
    const asOf = options.asOf ?? CalendarDate.parse(new Date().toISOString().slice(0, 10));
    const rows = await withStore(options, (store, organization) =>
      cadenceStore(store, organization).transaction((session) =>
        listRenewals(session, asOf, options.within, {
          ...(options.owner ? { owner: options.owner } : {}),
          ...(options.health ? { health: options.health } : {}),
          ...(options.stage ? { stage: options.stage } : {}),
        }),
      ),
    );
    if (options.json) {
      printJson({ asOf: asOf.toString(), within: options.within, renewals: rows });
      return;
    }
    if (rows.length === 0) {
      print(`No renewals in the ${options.within} days from ${asOf.toString()}.`);
      return;
    }
    print(`${rows.length} renewals in the ${options.within} days from ${asOf.toString()}:`);
    print(
      table(
        ['Date', 'Days', 'Account', 'Subs', 'Annual value', 'Health', 'Stage', 'Next action', 'Owner', 'SLA'],
        rows.map((row) => [
          row.date,
          row.daysLeft,
          row.accountName,
          row.notRenewing > 0 ? `${row.subscriptions} (${row.notRenewing} off)` : row.subscriptions,
          `${row.annualValue} ${row.currency ?? ''}`.trim(),
          `${BAND_MARK[row.health.band]} ${row.health.score}`,
          row.stage,
          row.nextAction,
          row.owner,
          row.sla === 'none' ? '' : row.sla.replace('_', ' '),
        ]),
        [1, 4],
      ),
    );
  });
}
