import { type Command } from 'commander';
import { type FindingCategory } from '../../domain/reconcile/model.ts';
import { type FindingStatus, loadFindings, setFindingStatus } from '../../store/finding-records.ts';
import { actorOf, choiceOption, wholeNumberOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';
import { CATEGORY_LABELS } from './reconcile.ts';

interface FindingsOptions extends StoreOptions {
  period?: string;
  status?: FindingStatus;
  category?: FindingCategory;
  account?: string;
  all?: boolean;
  reason?: string;
  by?: string;
  json?: boolean;
}

const STATUSES = ['open', 'accepted', 'dismissed'] as const;

export function registerFindingsCommands(program: Command): void {
  const findings = program.command('findings').description('reconciliation findings: list them, accept the ones to correct, dismiss the rest with a reason');
  withDataDirOption(
    findings
      .command('list')
      .description('findings, largest impact first')
      .option('--period <YYYY-MM>', 'one month')
      .option('--status <status>', STATUSES.join(', '), choiceOption(STATUSES))
      .option('--category <category>', Object.keys(CATEGORY_LABELS).join(', '), choiceOption(Object.keys(CATEGORY_LABELS) as FindingCategory[]))
      .option('--account <id>', 'one account')
      .option('--all', 'also those a later run no longer found')
      .option('--json', 'print JSON'),
  ).action(async (options: FindingsOptions) => {
    const found = await withStore(options, (store, organization) =>
      loadFindings(store.db, organization, {
        ...(options.period ? { period: options.period } : {}),
        ...(options.status ? { status: options.status } : {}),
        ...(options.category ? { category: options.category } : {}),
        ...(options.account ? { accountId: options.account } : {}),
        includeGone: options.all ?? false,
      }),
    );
    if (options.json) return printJson({ findings: found });
    if (found.length === 0) return print('No findings.');
    print(
      table(
        ['#', 'Month', 'Status', 'Category', 'Account', 'Subscription', 'Days', 'Impact', 'Annualised'],
        found.map((finding) => [
          finding.id,
          finding.period,
          finding.stillFound ? finding.status : `${finding.status} (gone)`,
          CATEGORY_LABELS[finding.category],
          finding.accountId ?? finding.customerId,
          `${finding.productName ?? ''} ${finding.subscriptionId}`.trim(),
          `${finding.from.toString()} – ${finding.until.toString()}`,
          `${finding.direction === 'overbilled' ? '-' : ''}${finding.impact.toString()} ${finding.currency ?? ''}`.trim(),
          finding.annualised.toString(),
        ]),
        [0, 7, 8],
      ),
    );
  });
  for (const [name, status, description] of [
    ['accept', 'accepted', 'the difference is real and will be corrected'],
    ['dismiss', 'dismissed', 'not a leak (say why); later runs remember it'],
    ['reopen', 'open', 'back to open'],
  ] as const) {
    withDataDirOption(
      findings
        .command(name)
        .description(description)
        .argument('<id>', 'finding number', wholeNumberOption)
        .option('--reason <text>', 'why (required to accept or dismiss)')
        .option('--by <name>', 'who decides (default $USER)'),
    ).action(async (id: number, options: FindingsOptions) => {
      await withStore(options, (store, organization) => store.transaction(({ db }) => setFindingStatus(db, organization, id, status, options.reason ?? null, actorOf(options))));
      print(`Finding ${id}: ${status}`);
    });
  }
}
