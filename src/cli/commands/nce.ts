import { readFile } from 'node:fs/promises';
import { type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { BILLING_PLANS, type BillingPlan, TERM_DURATIONS, type TermDuration } from '../../domain/calendar/periods.ts';
import { type Decimal, ROUNDING_MODES, type RoundingMode } from '../../domain/money/decimal.ts';
import { type CoTermCandidate } from '../../domain/nce/coterminosity.ts';
import { CANCELLATION_REGIMES, type CancellationRegime, type CycleDaysRule } from '../../domain/nce/settings.ts';
import { type EndDatesView, listCustomTermEndDates } from '../../app/nce/custom-term-end-dates.ts';
import { type SimulationView, simulateScenario } from '../../app/nce/simulate-scenario.ts';
import { parseCoTermCandidates } from '../../imports/coterm-candidates.ts';
import { parseScenario, type ScenarioSettings } from '../../imports/nce-scenario.ts';
import { RECON_COLUMNS, reconRow } from '../../imports/recon-csv.ts';
import { fromFile } from '../errors.ts';
import { choiceOption, dateOption, decimalOption, wholeNumberOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';

interface SimulateOptions {
  json?: boolean;
  format?: 'table' | 'json' | 'csv';
  explain?: boolean;
  windowDays?: number;
  regime?: CancellationRegime;
  cycleDays?: CycleDaysRule;
  roundingMode?: RoundingMode;
  truncation?: 'microsoft' | 'lineTotal' | 'unitPrice';
  skipRefused?: boolean;
}

interface EndDatesOptions {
  term: TermDuration;
  start: CalendarDate;
  billing: BillingPlan;
  subscriptions?: string;
  target?: string;
  unitPrice?: Decimal;
  quantity: number;
  currency: string;
  product: string;
  json?: boolean;
}

export function registerNceCommands(program: Command): void {
  const nce = program.command('nce').description("Microsoft NCE: shadow billing and co-terminosity, computed the way Microsoft bills");

  nce
    .command('simulate')
    .description('replay subscriptions and dated changes; print the reconciliation rows Microsoft would raise, each explained')
    .argument('<scenario>', 'scenario JSON file (subscriptions, events, through)')
    .option('--json', 'print JSON ({"lines":[...]})')
    .option('--format <format>', 'table, json or csv (Microsoft reconciliation-file columns)', choiceOption(['table', 'json', 'csv'] as const))
    .option('--explain', 'show the calculation under every row')
    .option('--window-days <days>', 'cancellation and seat-reduction window in days (default 7)', wholeNumberOption)
    .option('--regime <regime>', `cancellation regime: ${Object.keys(CANCELLATION_REGIMES).join(' or ')}`, choiceOption(Object.keys(CANCELLATION_REGIMES) as CancellationRegime[]))
    .option('--cycle-days <rule>', 'proration divisor for cycles anchored on the 29th–31st: cycleLength or calendarMonth', choiceOption(['cycleLength', 'calendarMonth'] as const))
    .option('--rounding-mode <mode>', `rounding: ${ROUNDING_MODES.join(', ')} (Microsoft truncates)`, choiceOption(ROUNDING_MODES))
    .option('--truncation <variant>', 'microsoft (per charge type, as in its examples), lineTotal or unitPrice', choiceOption(['microsoft', 'lineTotal', 'unitPrice'] as const))
    .option('--skip-refused', 'report changes Partner Center would refuse as warnings and go on, instead of stopping')
    .action(async (file: string, options: SimulateOptions) => {
      const overrides: ScenarioSettings = {
        ...(options.windowDays === undefined ? {} : { cancellationWindowDays: options.windowDays }),
        ...(options.regime ? { regime: options.regime } : {}),
        ...(options.cycleDays ? { cycleDaysRule: options.cycleDays } : {}),
        ...(options.roundingMode ? { roundingMode: options.roundingMode } : {}),
        ...(options.truncation ? { truncation: options.truncation } : {}),
        ...(options.skipRefused ? { onRefusedChange: 'skip' as const } : {}),
      };
      const input = await fromFile(file, async () => parseScenario(await readFile(file, 'utf8'), overrides));
      const run = await fromFile(file, () => simulateScenario(input));
      const format = options.json ? 'json' : (options.format ?? 'table');
      if (format === 'json') printJson(run.view);
      else if (format === 'csv') process.stdout.write(stringify(run.lines.map(reconRow), { header: true, columns: [...RECON_COLUMNS] }));
      else printSimulation(run.view, options.explain ?? false);
    });

  nce
    .command('end-dates')
    .description('the custom term end dates Partner Center allows for a purchase or renewal, and the first term each gives')
    .requiredOption('--term <term>', `term of the new subscription: ${TERM_DURATIONS.join(', ')}`, choiceOption(TERM_DURATIONS))
    .requiredOption('--start <date>', 'first day of the term (purchase or renewal date)', dateOption)
    .option('--billing <plan>', `billing plan: ${BILLING_PLANS.join(', ')}`, choiceOption(BILLING_PLANS), 'monthly')
    .option('--subscriptions <file>', "the customer's subscriptions: JSON [{id, term, billing, start, end, status}]")
    .option('--target <id>', 'only align with this subscription (target_coterm_subscription_id)')
    .option('--unit-price <price>', 'price one unit for one billing cycle to show each first term’s charges', decimalOption)
    .option('--quantity <seats>', 'seats, with --unit-price', wholeNumberOption, 1)
    .option('--currency <code>', 'currency, with --unit-price', 'USD')
    .option('--product <name>', 'product name, with --unit-price', 'New subscription')
    .option('--json', 'print JSON ({"options":[...]})')
    .action(async (options: EndDatesOptions) => {
      const file = options.subscriptions;
      const candidates: CoTermCandidate[] = file ? await fromFile(file, async () => parseCoTermCandidates(await readFile(file, 'utf8'))) : [];
      const view = listCustomTermEndDates({
        term: options.term,
        billing: options.billing,
        start: options.start,
        candidates,
        ...(options.target === undefined ? {} : { targetSubscription: options.target }),
        ...(options.unitPrice === undefined
          ? {}
          : { pricing: { unitPrice: options.unitPrice, currency: options.currency, quantity: options.quantity, product: options.product } }),
      });
      if (options.json) printJson(view);
      else printEndDates(view);
    });
}

function printSimulation(view: SimulationView, explain: boolean): void {
  print(`Shadow billing through ${view.through}: ${view.lines.length} rows`);
  print();
  const rows = view.lines.map((line) => [
    line.orderDate,
    line.subscription,
    line.chargeType,
    `${line.chargeStart} – ${line.chargeEnd}`,
    line.quantity,
    line.unitPrice,
    line.effectiveUnitPrice,
    line.subtotal,
    line.currency,
    line.reference,
  ]);
  const [header = '', ...body] = table(['Date', 'Subscription', 'Charge type', 'Charge period', 'Qty', 'Unit price', 'Effective', 'Subtotal', 'Cur', 'Reference'], rows, [4, 5, 6, 7]).split('\n');
  print(header);
  body.forEach((row, index) => {
    print(row);
    const line = view.lines[index];
    if (explain && line) print(`    ${line.explanation.text}`);
  });
  print();
  print(table(['Subscription', 'Rows', 'Total', 'Cur'], view.totals.map((total) => [total.subscription, total.lines, total.total, total.currency]), [1, 2]));
  if (view.warnings.length > 0) {
    print();
    print('Warnings:');
    for (const warning of view.warnings) print(`  ${warning.date} ${warning.subscription} ${warning.code}: ${warning.message}`);
  }
}

function printEndDates(view: EndDatesView): void {
  print(`${view.term} term starting ${view.start}: default end ${view.defaultEnd}`);
  print();
  const rows = [...view.options, { ...view.default, type: 'default (no alignment)', date: view.defaultEnd, subscriptions: [] }].map((option) => [
    option.date,
    option.type,
    option.subscriptions?.join(', ') ?? '',
    `${option.firstTerm.days} days (${option.firstTerm.months} months ${option.firstTerm.extraDays} days)`,
    option.firstTermCharges ? `${option.firstTermCharges.total} ${option.firstTermCharges.currency}` : '',
  ]);
  print(table(['End date', 'Kind', 'Aligned with', 'First term', 'First-term charges'], rows, [4]));
  if (view.excluded.length > 0) {
    print();
    print('Not aligned with:');
    for (const entry of view.excluded) print(`  ${entry.subscription}: ${entry.reason}`);
  }
}
