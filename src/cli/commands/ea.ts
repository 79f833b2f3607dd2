import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type ScheduledPayment } from '../../domain/ea/early-termination.ts';
import { MONTH_CONVENTIONS, type MonthConvention } from '../../domain/ea/extension-months.ts';
import { DEFAULT_PRODUCT } from '../../domain/ea/midterm-addition.ts';
import { SA_BENEFIT_CHECKS } from '../../domain/ea/sa-benefits.ts';
import { type TargetAgreement } from '../../domain/ea/target-date.ts';
import { currency, UnknownCurrencyError } from '../../domain/money/currency.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { compareEarlyTermination, type EarlyTerminationView } from '../../app/ea/early-termination.ts';
import { type AgreementPlanView, type EnterprisePlanView, planEnterprise } from '../../app/ea/enterprise-plan.ts';
import { type ExtensionView, planExtension } from '../../app/ea/extension.ts';
import { type AdditionsView, priceAdditions } from '../../app/ea/midterm-addition.ts';
import { rankTargetDates, type TargetDateView } from '../../app/ea/target-date.ts';
import { parseEaEnterprise } from '../../imports/ea-enterprise.ts';
import { fromFile, UsageError } from '../errors.ts';
import { choiceOption, dateOption, decimalOption, wholeNumberOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';

const DEFAULT_CURRENCY = 'USD';

const PLAN_FILE_HELP = `
The enterprise file (JSON; amounts as decimal strings, dates YYYY-MM-DD):
  {"currency": "GBP", "fiscalYearStartMonth"?: 4, "monthConvention"?: "calendar" | "30-day",
   "agreements": [{"id", "name", "enrollment"?, "start", "end", "annualContractValue",
     "currentAnnualContractValue"?  ACV at current list prices (a price rise since signing),
     "scheduledPayments"?: [{"date", "amount"}]  for early termination (default: the ACV each anniversary),
     "adminCostPerYear"?  yearly cost of running the agreement misaligned,
     "saBenefits"?: [{"benefit", "balance": "10 days", "expires"?}]  benefit: one of
        ${SA_BENEFIT_CHECKS.map((check) => `"${check.benefit}"`).join(', ')},
     "midTermAdditions"?: [{"product", "quantity", "annualUnitPrice", "date"}]}]}
        each charged pro rata to the next anniversary (in the last EA year, to the agreement's end)
Example: examples/ea-enterprise.json`;

interface CommonOptions {
  convention: MonthConvention;
  currency: string;
  json?: boolean;
}

interface ExtensionOptions extends CommonOptions {
  acv: Decimal;
  end: CalendarDate;
  target: CalendarDate;
  currentAcv?: Decimal;
}

interface EarlyTerminationOptions extends CommonOptions {
  acv: Decimal;
  end: CalendarDate;
  target: CalendarDate;
  start?: CalendarDate;
  payment?: ScheduledPayment[];
  terminationForConvenience?: boolean;
  fee?: Decimal;
  adminCostPerYear?: Decimal;
}

interface TargetDateOptions extends CommonOptions {
  agreement?: AgreementArgument[];
  fiscalYearStartMonth?: number;
  consolidation?: CalendarDate;
}

interface AdditionOptions extends CommonOptions {
  annualUnitPrice: Decimal;
  quantity: number;
  date: CalendarDate;
  anniversary: CalendarDate;
  product?: string;
  baseline?: number;
}

interface PlanOptions {
  target?: CalendarDate;
  json?: boolean;
}

interface AgreementArgument {
  readonly id?: string;
  readonly end: CalendarDate;
  readonly acv: Decimal;
}

export function registerEaCommands(program: Command): void {
  const ea = program.command('ea').description('Enterprise Agreement co-terming arithmetic (customer side): extensions, early termination, target dates, mid-term additions');

  withCommon(
    ea
      .command('extension')
      .description("price extending a shorter EA to the co-terming target: (ACV ÷ 12) × extension months, with the Software Assurance benefits to verify")
      .requiredOption('--acv <amount>', 'annual contract value the extension is priced on', decimalOption)
      .requiredOption('--end <date>', "the shorter agreement's original end date", dateOption)
      .requiredOption('--target <date>', 'the co-terming target end date', dateOption)
      .option('--current-acv <amount>', "ACV at Microsoft's current rates (no price protection): shown side by side with the difference", decimalOption),
    '{"months":7,"monthlyCost":"50000.00","total":"350000.00",...}',
  ).action((options: ExtensionOptions) => {
    const view = planExtension({
      acv: options.acv,
      end: options.end,
      target: options.target,
      convention: options.convention,
      currency: options.currency,
      ...(options.currentAcv === undefined ? {} : { currentAcv: options.currentAcv }),
    });
    if (options.json) printJson(view);
    else printExtension(view);
  });

  withCommon(
    ea
      .command('early-termination')
      .description('an agreement running past the target: early termination cost against living with the misalignment until it expires')
      .requiredOption('--acv <amount>', 'annual contract value (the annual payment)', decimalOption)
      .requiredOption('--end <date>', "the agreement's end date", dateOption)
      .requiredOption('--target <date>', 'the co-terming target date (before the end)', dateOption)
      .option('--start <date>', 'first day of the agreement (default: a three-year EA, end + 1 day − 3 years)', dateOption)
      .option('--payment <date:amount>', 'a scheduled payment, repeatable (default: the ACV on the start date and every anniversary)', paymentOption)
      .option('--termination-for-convenience', 'the agreement has a termination-for-convenience clause, or the entity is being divested')
      .option('--fee <amount>', 'fee owed under termination for convenience (default 0)', decimalOption)
      .option('--admin-cost-per-year <amount>', 'yearly administrative cost of running a second, misaligned agreement', decimalOption),
    '{"earlyTermination","misalignment","recommendation"}',
  ).action((options: EarlyTerminationOptions) => {
    const view = compareEarlyTermination({
      acv: options.acv,
      end: options.end,
      target: options.target,
      terminationForConvenience: options.terminationForConvenience ?? false,
      convention: options.convention,
      currency: options.currency,
      ...(options.start ? { start: options.start } : {}),
      ...(options.payment ? { payments: options.payment } : {}),
      ...(options.fee === undefined ? {} : { fee: options.fee }),
      ...(options.adminCostPerYear === undefined ? {} : { annualAdminCost: options.adminCostPerYear }),
    });
    if (options.json) printJson(view);
    else printEarlyTermination(view);
  });

  withCommon(
    ea
      .command('target-date')
      .description("rank co-terming target dates: Microsoft's fiscal calendar, the customer's budget cycle, a planned consolidation and the extension cost")
      .option('--agreement <[name=]end:acv>', 'an agreement: its end date and ACV, e.g. 2025-11-30:600000 (repeatable, at least one)', agreementOption)
      .option('--fiscal-year-start-month <month>', "first month (1–12) of the customer's fiscal year", monthOption)
      .option('--consolidation <date>', 'date of a planned consolidation negotiation (targets 30–60 days before it score)', dateOption),
    '{"ranking":[{"rank","target","score","reasons","costs"},...]}',
  ).action((options: TargetDateOptions) => {
    const given = options.agreement ?? [];
    if (given.length === 0) throw new UsageError('give at least one --agreement END:ACV (e.g. --agreement 2025-11-30:600000)');
    const agreements: TargetAgreement[] = given.map((agreement, index) => ({ id: agreement.id ?? `EA${index + 1}`, end: agreement.end, acv: agreement.acv }));
    const view = rankTargetDates({
      agreements,
      convention: options.convention,
      currency: options.currency,
      ...(options.fiscalYearStartMonth === undefined ? {} : { fiscalYearStartMonth: options.fiscalYearStartMonth }),
      ...(options.consolidation ? { consolidation: options.consolidation } : {}),
    });
    if (options.json) printJson(view);
    else printTargetDates(view);
  });

  ea.command('plan')
    .description(
      "co-term an enterprise's agreements to one date: extension or early termination per agreement, the Software Assurance benefits to verify before signing, " +
        "the true-up baseline of mid-term additions, totals and the calculation to check against the reseller's",
    )
    .argument('<file>', 'enterprise JSON file (agreements with their values, SA benefit balances and mid-term additions)')
    .option('--target <date>', 'the co-terming date (default: the best date of the target-date advice)', dateOption)
    .option('--json', 'print JSON ({"target","agreements":[{"treatment",...}],"totals","checklist"})')
    .addHelpText('after', PLAN_FILE_HELP)
    .action(async (file: string, options: PlanOptions) => {
      const input = await fromFile(file, async () => parseEaEnterprise(await readFile(file, 'utf8')));
      const view = await fromFile(file, () =>
        planEnterprise({
          agreements: input.agreements,
          convention: input.convention,
          currency: input.currency,
          ...(input.fiscalYearStartMonth === undefined ? {} : { fiscalYearStartMonth: input.fiscalYearStartMonth }),
          ...(options.target ? { target: options.target } : {}),
        }),
      );
      if (options.json) printJson(view);
      else printPlan(view);
    });

  withCommon(
    ea
      .command('addition')
      .description('pro rata charge for licences added mid-term, from the addition date to the anniversary, and the true-up baseline')
      .requiredOption('--annual-unit-price <amount>', 'annual price of one licence', decimalOption)
      .requiredOption('--quantity <count>', 'licences added', positiveWholeNumberOption)
      .requiredOption('--date <date>', 'date the licences are added', dateOption)
      .requiredOption('--anniversary <date>', 'the next anniversary of the enrolment (first day of the next year)', dateOption)
      .option('--product <name>', 'product name (default: licences)')
      .option('--baseline <count>', 'quantity already in the true-up baseline', wholeNumberOption),
    '{"additions":[{"months","charge","baselineQuantity"}],"totalCharges"}',
  ).action((options: AdditionOptions) => {
    const product = options.product;
    const view = priceAdditions({
      additions: [
        {
          annualUnitPrice: options.annualUnitPrice,
          quantity: options.quantity,
          date: options.date,
          anniversary: options.anniversary,
          ...(product === undefined ? {} : { product }),
        },
      ],
      ...(options.baseline === undefined ? {} : { baseline: new Map([[product ?? DEFAULT_PRODUCT, options.baseline]]) }),
      convention: options.convention,
      currency: options.currency,
    });
    if (options.json) printJson(view);
    else printAdditions(view);
  });
}

function withCommon(command: Command, jsonShape: string): Command {
  return command
    .option('--convention <convention>', `month convention: ${MONTH_CONVENTIONS.join(' or ')}`, choiceOption(MONTH_CONVENTIONS), 'calendar')
    .option('--currency <code>', 'ISO 4217 currency; amounts are rounded to its minor units', currencyOption, DEFAULT_CURRENCY)
    .option('--json', `print JSON (${jsonShape})`);
}

function currencyOption(value: string): string {
  try {
    return currency(value).code;
  } catch (error) {
    if (error instanceof UnknownCurrencyError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function monthOption(value: string): number {
  const month = /^\d{1,2}$/.test(value) ? Number(value) : Number.NaN;
  if (!(month >= 1 && month <= 12)) throw new InvalidArgumentError(`"${value}" is not a month number 1–12`);
  return month;
}

function positiveWholeNumberOption(value: string): number {
  const count = wholeNumberOption(value);
  if (count < 1) throw new InvalidArgumentError(`"${value}" must be at least 1`);
  return count;
}

/** `2025-11-30:600000` or `Contoso=2025-11-30:600000`. */
function agreementOption(value: string, previous: readonly AgreementArgument[] = []): AgreementArgument[] {
  const match = /^(?:([^=]+)=)?([^:]+):(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`"${value}" is not END:ACV (e.g. 2025-11-30:600000)`);
  const [, id, end = '', acv = ''] = match;
  return [...previous, { ...(id ? { id } : {}), end: dateOption(end), acv: decimalOption(acv) }];
}

/** `2026-12-01:600000`. */
function paymentOption(value: string, previous: readonly ScheduledPayment[] = []): ScheduledPayment[] {
  const match = /^([^:]+):(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`"${value}" is not DATE:AMOUNT (e.g. 2026-12-01:600000)`);
  return [...previous, { date: dateOption(match[1] ?? ''), amount: decimalOption(match[2] ?? '') }];
}

function printExtension(view: ExtensionView): void {
  const cur = view.currency;
  print(`Extending ${view.end} → ${view.target}: ${view.months} months (${view.convention} convention)`);
  print(`  ${view.monthCount.text}`);
  print();
  const rows: (string | number)[][] = [['Original rates', view.acv, view.monthlyCost, view.total]];
  if (view.currentRates) {
    rows.push(['Current rates', view.currentRates.acv, view.currentRates.monthlyCost, view.currentRates.total]);
    rows.push(['Difference', '', '', view.currentRates.difference]);
  }
  print(table(['', 'ACV', `Monthly (${cur})`, `Total (${cur})`], rows, [1, 2, 3]));
  print();
  print(`  ${view.explanations.total.text}`);
  if (view.currentRates) {
    print(`  ${view.currentRates.explanations.total.text}`);
    print(`  ${view.currentRates.explanations.difference.text}`);
  }
  print();
  print('Software Assurance benefits to verify before signing the amendment:');
  print(table(['Benefit', 'Risk', 'Required action'], view.saBenefits.map((check) => [check.benefit, check.risk, check.requiredAction])));
}

function printEarlyTermination(view: EarlyTerminationView): void {
  const cur = view.currency;
  print(`Agreement ${view.start} – ${view.end}${view.startAssumed ? ' (start assumed: three-year EA)' : ''}; target ${view.target}`);
  print();
  print(table(['Payment date', `Amount (${cur})`, 'Owed on early termination'], view.schedule.payments.map((payment) => [payment.date, payment.amount, payment.owedOnTermination ? 'yes' : 'no']), [1]));
  print();
  print(`Early termination: ${view.earlyTermination.cost} ${cur}`);
  print(`  ${view.earlyTermination.explanation.text}`);
  print(`Misalignment: ${view.misalignment.months} months until ${view.end}`);
  print(`  ${view.misalignment.monthCount.text}`);
  if (view.misalignment.adminCost !== undefined && view.misalignment.adminCostExplanation) {
    print(`  administrative cost ${view.misalignment.adminCost} ${cur}: ${view.misalignment.adminCostExplanation.text}`);
  }
  print(`  break-even: ${view.misalignment.breakEvenExplanation.text}`);
  print();
  print(`Recommendation: ${view.recommendation.choice === 'terminateEarly' ? 'terminate early at the target' : 'allow the misalignment until natural expiry'}`);
  for (const reason of view.recommendation.reasons) print(`  - ${reason}`);
}

function printTargetDates(view: TargetDateView): void {
  const cur = view.currency;
  print(`Target dates for ${view.agreements.length} agreement(s), latest end ${view.latestEnd}`);
  print();
  const rows = view.ranking.map((candidate) => [candidate.rank, candidate.target, candidate.score, candidate.totalExtensionCost, candidate.reasons.map((reason) => `${signed(reason.points)} ${reason.criterion}`).join(', ')]);
  print(table(['#', 'Target', 'Score', `Extension cost (${cur})`, 'Points'], rows, [0, 2, 3]));
  const best = view.ranking[0];
  if (best) {
    print();
    print(`Best: ${best.target} (score ${best.score})`);
    for (const reason of best.reasons) print(`  ${signed(reason.points).padStart(4)}  ${reason.text}`);
    for (const cost of best.costs) print(`  ${cost.agreement} (ends ${cost.end}): ${cost.total} ${cur} — ${cost.explanations.total.text}`);
  }
  print();
  for (const note of view.notes) print(`Note: ${note}`);
}

function printAdditions(view: AdditionsView): void {
  const cur = view.currency;
  const rows = view.additions.map((addition) => [addition.date, addition.product, addition.quantity, addition.months, addition.charge, addition.baselineQuantity]);
  print(table(['Date', 'Product', 'Qty', 'Months', `Charge (${cur})`, 'Baseline'], rows, [2, 3, 4, 5]));
  print();
  for (const addition of view.additions) print(`  ${addition.explanation.text}`);
  print();
  print(`True-up baseline: ${view.baseline.map((entry) => `${entry.quantity} ${entry.product}`).join(', ')}`);
}

function printPlan(view: EnterprisePlanView): void {
  const cur = view.currency;
  const { target } = view;
  print(`EA co-terming plan: ${view.agreements.length} agreement(s), ${cur}, ${view.convention} months`);
  if (target.advice) {
    print(`Target ${target.date}: the best of ${target.advice.candidates} dates from the target-date advice (score ${target.advice.score}; \`coterm ea target-date\` ranks them all)`);
    for (const reason of target.advice.reasons) print(`  ${signed(reason.points).padStart(4)}  ${reason.text}`);
  } else {
    print(`Target ${target.date} (given)`);
  }
  print();
  const rows = view.agreements.map((agreement) => [agreement.id, agreement.name, agreement.end, agreement.annualContractValue, treatmentWord(agreement), treatmentCost(agreement)]);
  print(table(['Agreement', 'Name', 'Ends', `ACV (${cur})`, 'Treatment', `Extension / termination cost (${cur})`], rows, [3, 5]));
  for (const agreement of view.agreements) {
    print();
    printAgreementPlan(agreement, cur);
  }
  print();
  print(`Totals (${cur}):`);
  const { totals } = view;
  const totalRows: [string, typeof totals.extension][] = [['Extensions (ACV given)', totals.extension]];
  if (totals.extensionAtCurrentRates) totalRows.push(['Extensions (current rates where given)', totals.extensionAtCurrentRates]);
  totalRows.push(['Early termination (all past the target)', totals.earlyTermination]);
  totalRows.push(['Early termination (recommended)', totals.earlyTerminationRecommended]);
  totalRows.push(['Mid-term additions (pro rata)', totals.additions]);
  print(table(['', 'Amount', 'Calculation'], totalRows.map(([label, total]) => [label, total.amount, total.explanation.text]), [1]));
  if (view.checklist.length > 0) {
    print();
    print("Before signing: ask the reseller for its written co-terming calculation and compare it with this one");
    for (const item of view.checklist) {
      print(
        `  ${item.agreement} ${item.name}: original end ${item.originalEnd}, target ${item.target}, ${item.extensionMonths} extension months, ` +
          `ACV base ${item.acvBase}, ${item.costPerMonth} ${cur} per month, total ${item.total} ${cur}`,
      );
      for (const check of item.verify) print(`    - ${check}`);
    }
  }
  if (view.notes.length > 0) print();
  for (const note of view.notes) print(`Note: ${note}`);
}

function treatmentWord(agreement: AgreementPlanView): string {
  if (agreement.extension) return `extend ${agreement.extension.months} months`;
  if (agreement.earlyTermination) {
    const choice = agreement.earlyTermination.recommendation.choice === 'terminateEarly' ? 'terminate early' : 'allow misalignment';
    return `runs ${agreement.earlyTermination.misalignment.months} months past: ${choice}`;
  }
  return 'aligned';
}

function treatmentCost(agreement: AgreementPlanView): string {
  if (agreement.extension) return agreement.extension.total;
  if (agreement.earlyTermination) return agreement.earlyTermination.earlyTermination.cost;
  return '';
}

function printAgreementPlan(agreement: AgreementPlanView, cur: string): void {
  const enrollment = agreement.enrollment ? `, enrolment ${agreement.enrollment}` : '';
  print(`${agreement.id} ${agreement.name}${enrollment}: ${agreement.start} – ${agreement.end}, ACV ${agreement.annualContractValue} ${cur}`);
  print(`  ${agreement.summary}`);
  const { extension, earlyTermination } = agreement;
  if (extension) {
    print(`  ${extension.explanations.total.text}`);
    if (extension.currentRates) {
      print(`  current rates: ${extension.currentRates.explanations.total.text}`);
      print(`  ${extension.currentRates.explanations.difference.text}`);
    }
  }
  if (earlyTermination) {
    print(`  early termination: ${earlyTermination.earlyTermination.explanation.text}`);
    print(`  misalignment: ${earlyTermination.misalignment.monthCount.text}`);
    if (earlyTermination.misalignment.adminCostExplanation) print(`  administrative cost: ${earlyTermination.misalignment.adminCostExplanation.text}`);
    print(`  break-even: ${earlyTermination.misalignment.breakEvenExplanation.text}`);
    for (const reason of earlyTermination.recommendation.reasons) print(`  - ${reason}`);
  }
  if (agreement.saBenefits) {
    print('  Software Assurance benefits to verify before signing:');
    for (const line of agreement.saBenefits) {
      const balances = line.balances.map((entry) => `${entry.balance}${entry.expires ? ` (expires ${entry.expires})` : ''}`).join('; ');
      print(`    ${line.risk.padEnd(6)}  ${line.benefit}: ${line.missing ?? balances}`);
      print(`            concern: ${line.concern}`);
      print(`            before signing: ${line.requiredAction}`);
      for (const entry of line.balances) if (entry.note) print(`            ${entry.note}`);
    }
  }
  if (agreement.trueUp) {
    const { trueUp } = agreement;
    print('  Mid-term additions and the true-up baseline:');
    for (const year of trueUp.years) {
      const baseline = year.baseline.length === 0 ? 'nothing added yet' : year.baseline.map((entry) => `${entry.quantity} ${entry.product}`).join(', ');
      print(`    Year ${year.year} (${year.start} – ${year.end}): charges ${year.charges} ${cur}; added licences in the baseline: ${baseline}`);
      for (const addition of year.additions) print(`      ${addition.date} +${addition.quantity} ${addition.product} → ${addition.baselineQuantity}: ${addition.explanation.text}`);
    }
    print(`    total ${trueUp.totalExplanation.text}`);
    for (const check of trueUp.checks) print(`    check: ${check}`);
  }
}

function signed(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}
