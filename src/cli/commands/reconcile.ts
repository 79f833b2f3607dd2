import { type Command } from 'commander';
import { type FilesReconciliation, reconcileFiles } from '../../app/reconcile/reconcile-files.ts';
import { type LedgerReconciliation, reconcileLedger } from '../../app/reconcile/reconcile-ledger.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { type Finding, type ReconciliationReport } from '../../domain/reconcile/model.ts';
import { UsageError } from '../errors.ts';
import { actorOf, choiceOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface ReconcileOptions extends StoreOptions {
  recon?: string;
  invoices?: string;
  period?: string;
  invoiced?: 'coterm' | 'psa';
  by?: string;
  json?: boolean;
}

export const CATEGORY_LABELS: Readonly<Record<Finding['category'], string>> = {
  untracked_seat_addition: 'Untracked seat addition',
  proration_miscalculation: 'Partial month not invoiced',
  downgrade_not_reflected: 'Downgrade not reflected',
  cancelled_still_billed: 'Cancelled, still invoiced',
  not_invoiced: 'Not invoiced',
  unexpected_est_not_invoiced: 'Extended Service Term not invoiced',
  sku_mix_error: 'Priced as another term or plan',
  azure_billing_mismatch: 'Azure not at the margin schedule',
  microsoft_charge_mismatch: 'Microsoft charge off the calculation',
  unmapped_record: 'Billed to no known client',
};

export function registerReconcileCommand(program: Command): void {
  withDataDirOption(
    program
      .command('reconcile')
      .description(
        "what Microsoft billed against what was invoiced, seat by seat and day by day, each difference valued: against the ledger (--period), or two files with no setup (--recon and --invoices)",
      )
      .option('--recon <file>', "quick audit: Microsoft's NCE invoice reconciliation file (CSV)")
      .option('--invoices <file>', 'quick audit: invoice lines (CSV: CustomerId, SubscriptionId, SkuId, ChargeStartDate, ChargeEndDate, Quantity, UnitPrice, Amount), or a ConnectWise/Autotask export')
      .option('--period <month>', 'the month, YYYY-MM (required against the ledger; for the quick audit, default every day both files cover)')
      .option('--invoiced <source>', "against the ledger: coterm (issued invoices) or psa (agreement lines); default coterm when the month has issued invoices", choiceOption(['coterm', 'psa'] as const))
      .option('--by <name>', 'who runs it (default $USER)')
      .option('--json', 'print the report as JSON: {"findings":[{"category","customerId","subscriptionId","impact",…}],"coverage":{…}}'),
  ).action(async (options: ReconcileOptions) => {
    if (options.recon || options.invoices) {
      if (!options.recon || !options.invoices) throw new UsageError('the quick audit needs both --recon and --invoices');
      const report = await reconcileFiles({ recon: options.recon, invoices: options.invoices, ...(options.period ? { period: options.period } : {}) });
      if (options.json) printJson(report);
      else printReport(report);
      return;
    }
    if (!options.period) throw new UsageError('give --period YYYY-MM to reconcile a month against the ledger, or --recon and --invoices for a quick audit of two files');
    const report = await withStore(options, (store, organization) =>
      reconcileLedger(store, organization, options.period!, { actor: actorOf(options), ...(options.invoiced ? { source: options.invoiced } : {}) }),
    );
    if (options.json) printJson(report);
    else printLedgerReport(report);
  });
}

function printLedgerReport(report: LedgerReconciliation): void {
  const { coverage } = report;
  print(`Reconciliation of ${report.period} against the ledger (invoiced: ${report.invoicedSource === 'coterm' ? "coterm's issued invoices" : "the PSA's agreement lines"}), run ${report.runId}`);
  print(`Microsoft charges recomputed: ${coverage.chargesRecomputed}; Azure months checked against the margin schedule: ${coverage.azureMonthsChecked}`);
  if (coverage.unmappedRows > 0) print(`Microsoft rows of subscriptions mapped to no client: ${coverage.unmappedRows} (see the unmapped findings; coterm mapping list)`);
  printFindings({ ...report, microsoftRowsNotPlaced: coverage.microsoftRowsNotPlaced }, report.findings.map((finding) => `#${finding.id} ${finding.status}${finding.statusReason ? ` (${finding.statusReason})` : ''}`));
  print();
  print('Accept or dismiss a finding: coterm findings accept|dismiss ID --reason TEXT');
}

function printReport(report: FilesReconciliation): void {
  print(`Reconciliation of ${report.coverage.period.start.toString()} – ${report.coverage.period.end.toString()}`);
  const { invoices } = report;
  const psa = invoices.format === 'PSA export' ? ` (PSA export: ${invoices.linesRead} lines, ${invoices.notMicrosoft} naming no subscription — the MSP's own services — and ${invoices.notBilled} not billed, left out)` : '';
  printFindings(report, undefined, psa);
}

/** The coverage first, then each finding with its money, explanation and evidence (and, when stored, its id and status). */
function printFindings({ findings, coverage, microsoftRowsNotPlaced }: ReconciliationReport & { readonly microsoftRowsNotPlaced: { readonly rows: number; readonly amount: Decimal } }, statuses?: readonly string[], invoicesNote = ''): void {
  print(
    `Microsoft rows: ${coverage.microsoftRows} (${coverage.microsoftAmount.toString()}) — matched to invoice lines ${coverage.matchedRows} (${coverage.matchedAmount.toString()}), unmatched ${coverage.unmatchedRows} (${coverage.unmatchedAmount.toString()}); outside the period ${coverage.skippedRows} (${coverage.skippedAmount.toString()})`,
  );
  if (microsoftRowsNotPlaced.rows > 0) print(`Microsoft rows without a subscription or charge dates (credits, adjustments), not compared: ${microsoftRowsNotPlaced.rows} (${microsoftRowsNotPlaced.amount.toString()})`);
  print(`Invoice lines: ${coverage.invoiceLines}, ${coverage.matchedInvoiceLines} matched to a Microsoft subscription${invoicesNote}`);
  if (coverage.unmatchedInvoiceLines.length > 0) {
    print(`Invoice lines for no subscription this file bills (not compared: an annual term is billed in another month, a cancelled one not at all): ${coverage.unmatchedInvoiceLines.length}`);
  }
  if (coverage.customersWithoutInvoice.length > 0) print(`Customers billed by Microsoft with no invoice line at all (not audited): ${coverage.customersWithoutInvoice.join(', ')}`);
  if (coverage.nothingMatched) {
    print();
    print('NOTHING WAS MATCHED: no Microsoft row met an invoice line, so nothing was checked. This is not a clean result — check that both files cover the same customers and month.');
  }
  print();
  if (findings.length === 0) {
    print(coverage.nothingMatched ? 'No findings, because nothing was compared.' : 'No differences in what was compared.');
    return;
  }
  print(
    table(
      [...(statuses ? ['Finding'] : []), 'Category', 'Customer', 'Subscription', 'Days', 'Microsoft', 'Invoiced', 'Impact', 'Annualised'],
      findings.map((finding, index) => [
        ...(statuses ? [statuses[index]!] : []),
        CATEGORY_LABELS[finding.category],
        finding.customerId,
        `${finding.productName ?? ''} ${finding.subscriptionId}`.trim(),
        `${finding.from.toString()} – ${finding.until.toString()}`,
        finding.microsoftSeats,
        finding.invoicedSeats,
        `${finding.direction === 'overbilled' ? '-' : ''}${finding.impact.toString()}`,
        finding.annualised.toString(),
      ]),
      (statuses ? [5, 6, 7, 8] : [4, 5, 6, 7]),
    ),
  );
  print();
  for (const finding of findings) {
    print(`${CATEGORY_LABELS[finding.category]} — ${finding.subscriptionId}: ${finding.explanation}. Suggested: ${finding.suggestion}.`);
    for (const line of finding.evidence.microsoft) print(`  Microsoft ${line}`);
    for (const line of finding.evidence.invoiced) print(`  Invoiced  ${line}`);
  }
}
