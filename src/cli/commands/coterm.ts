import { type Command } from 'commander';
import { type AccountCoTerm, planAccountCoTerm } from '../../app/coterm/plan-account-coterm.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { type Alignment, type CurrencyTotals } from '../../domain/coterm/index.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { cadenceStore } from '../../store/cadence-store.ts';
import { dateOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface PlanOptions extends StoreOptions {
  account: string;
  anchor?: CalendarDate;
  asOf?: CalendarDate;
  json?: boolean;
  explain?: boolean;
}

const ACTIONS: Readonly<Record<Alignment['action'], string>> = {
  aligned: 'aligned',
  align_now: 'align now',
  at_next_renewal: 'at next renewal',
  prorate_service: 'prorate to anchor',
  cannot_align: 'cannot align',
  not_renewing: 'not renewing',
  no_term: 'no term',
};

export function registerCoTermCommands(program: Command): void {
  const coterm = program.command('coterm').description('co-term planning: align an account’s subscriptions on one anchor date');
  withDataDirOption(
    coterm
      .command('plan')
      .description('what happens to each subscription, when, and what the stub terms cost')
      .requiredOption('--account <id>', 'the account (its subsidiaries are included)')
      .option('--anchor <date>', 'the anchor (last day of the co-termed term); default the policy’s, else the best-ranked candidate', dateOption)
      .option('--as-of <date>', 'plan from this day (default today)', dateOption)
      .option('--explain', 'print each stub charge’s explanation')
      .option('--json', 'print JSON'),
  ).action(async (options: PlanOptions) => {
    const result = await load(options);
    if (options.json) printJson(result);
    else printPlan(result, options.explain === true);
  });
  withDataDirOption(
    coterm
      .command('anchors')
      .description('candidate anchors ranked by co-termed share, time to co-term and stub cost, with the reasons')
      .requiredOption('--account <id>', 'the account')
      .option('--as-of <date>', 'from this day (default today)', dateOption)
      .option('--json', 'print JSON'),
  ).action(async (options: PlanOptions) => {
    const result = await load(options);
    if (options.json) {
      printJson({ account: result.account, recommendations: result.recommendations });
      return;
    }
    const ranking = result.recommendations?.ranking ?? [];
    print(`Anchor candidates for ${result.account.name} (${result.account.id}), compared in ${result.recommendations?.currency ?? '—'}:`);
    print(
      table(
        ['Rank', 'Anchor', 'Why a candidate', 'Stub cost', 'Co-termed now', 'When done', 'Months'],
        ranking.map((candidate) => [
          candidate.rank,
          candidate.anchor.toString(),
          candidate.labels.join('; '),
          candidate.alignmentCost?.toString() ?? '—',
          percent(candidate.coTermedShareNow),
          percent(candidate.coTermedShareWhenDone),
          candidate.monthsUntilFullyCoTermed ?? '—',
        ]),
        [0, 3, 4, 5, 6],
      ),
    );
    for (const candidate of ranking.slice(0, 3)) print(`\n${candidate.rank}. ${candidate.anchor.toString()}:\n${candidate.reasons.map((reason) => `   - ${reason}`).join('\n')}`);
  });
}

async function load(options: Omit<PlanOptions, 'anchor'> & { anchor?: CalendarDate }): Promise<AccountCoTerm> {
  const asOf = options.asOf ?? CalendarDate.parse(new Date().toISOString().slice(0, 10));
  return withStore(options, (store, organization) => cadenceStore(store, organization).transaction((session) => planAccountCoTerm(session, options.account, asOf, options.anchor)));
}

function printPlan(result: AccountCoTerm, explain: boolean): void {
  const { plan, anchor } = result;
  if (!plan || !anchor) {
    print(`${result.account.name} has no subscription that can be co-termed.`);
    return;
  }
  const chosen = anchor.chosen === 'given' ? 'as given' : anchor.chosen === 'policy' ? 'the account policy’s anchor' : 'the best-ranked candidate (coterm coterm anchors)';
  print(`Co-term plan for ${result.account.name} (${result.accountIds.join(', ')}) to ${anchor.date.toString()} — ${chosen}; as of ${plan.asOf.toString()}`);
  print(
    table(
      ['Subscription', 'Product', 'Term end', 'Action', 'On', 'Aligned end', 'Stub charge'],
      plan.alignments.map((alignment) => [
        alignment.subscriptionId.length > 20 ? `${alignment.subscriptionId.slice(0, 19)}…` : alignment.subscriptionId,
        alignment.productName,
        alignment.currentTermEnd?.toString() ?? '',
        ACTIONS[alignment.action],
        alignment.on?.toString() ?? '',
        alignment.alignedEnd?.toString() ?? '',
        alignment.stub ? `${alignment.stub.charge.toString()} ${alignment.stub.currency}` : '',
      ]),
      [6],
    ),
  );
  print();
  for (const alignment of plan.alignments) {
    print(`- ${alignment.productName}: ${alignment.reason}`);
    if (explain && alignment.stub) {
      const text = alignment.stub.basis === 'nceEngine' ? alignment.stub.lines.map((line) => line.explanation).join('\n') : alignment.stub.explanation.text;
      print(text.split('\n').map((line) => `    ${line}`).join('\n'));
    }
  }
  for (const totals of plan.totals) print(`\n${totalsLine(totals)}`);
}

function totalsLine(totals: CurrencyTotals): string {
  const done = totals.fullyCoTermedOn ? `fully co-termed on ${totals.fullyCoTermedOn.toString()} (${totals.monthsUntilFullyCoTermed} months)` : 'never fully co-termed';
  return `${totals.currency}: stub charges ${totals.stubCharges.toString()}, refunds ${totals.refunds.toString()}; co-termed MRR ${percent(totals.coTermedShareNow)} now → ${percent(totals.coTermedShareWhenDone)} when done; ${done}`;
}

function percent(share: Decimal | null): string {
  return share === null ? '—' : `${share.timesInteger(100).round(2, 'halfUp').toString()}%`;
}
