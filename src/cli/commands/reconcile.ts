import { type Command } from 'commander';
import { type FilesReconciliation, reconcileFiles } from '../../app/reconcile/reconcile-files.ts';
import { type Finding } from '../../domain/reconcile/model.ts';
import { print, printJson, table } from '../output.ts';

interface ReconcileOptions {
  recon: string;
  invoices: string;
  period?: string;
  json?: boolean;
}

const CATEGORY_LABELS: Readonly<Record<Finding['category'], string>> = {
  untracked_seat_addition: 'Untracked seat addition',
  proration_miscalculation: 'Partial month not invoiced',
  downgrade_not_reflected: 'Downgrade not reflected',
  cancelled_still_billed: 'Cancelled, still invoiced',
  not_invoiced: 'Not invoiced',
  unexpected_est_not_invoiced: 'Extended Service Term not invoiced',
};

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description("compare what Microsoft billed (its reconciliation file) with what was invoiced, seat by seat and day by day, and value each difference")
    .requiredOption('--recon <file>', "Microsoft's NCE invoice reconciliation file (CSV)")
    .requiredOption('--invoices <file>', 'invoice lines (CSV: CustomerId, SubscriptionId, SkuId, ChargeStartDate, ChargeEndDate, Quantity, UnitPrice, Amount), or a ConnectWise/Autotask export')
    .option('--period <month>', 'the month to audit, YYYY-MM (default: every day both files cover)')
    .option('--json', 'print the report as JSON: {"findings":[{"category","customerId","subscriptionId","impact",…}],"coverage":{…}}')
    .action(async (options: ReconcileOptions) => {
      const report = await reconcileFiles({ recon: options.recon, invoices: options.invoices, ...(options.period ? { period: options.period } : {}) });
      if (options.json) printJson(report);
      else printReport(report);
    });
}

function printReport({ findings, coverage, invoices, microsoftRowsNotPlaced }: FilesReconciliation): void {
  const period = `${coverage.period.start.toString()} – ${coverage.period.end.toString()}`;
  print(`Reconciliation of ${period}`);
  print(
    `Microsoft rows: ${coverage.microsoftRows} (${coverage.microsoftAmount.toString()}) — matched to invoice lines ${coverage.matchedRows} (${coverage.matchedAmount.toString()}), unmatched ${coverage.unmatchedRows} (${coverage.unmatchedAmount.toString()}); outside the period ${coverage.skippedRows} (${coverage.skippedAmount.toString()})`,
  );
  if (microsoftRowsNotPlaced.rows > 0) print(`Microsoft rows without a subscription or charge dates (credits, adjustments), not compared: ${microsoftRowsNotPlaced.rows} (${microsoftRowsNotPlaced.amount.toString()})`);
  const psa = invoices.format === 'PSA export' ? ` (PSA export: ${invoices.linesRead} lines, ${invoices.notMicrosoft} naming no subscription — the MSP's own services — and ${invoices.notBilled} not billed, left out)` : '';
  print(`Invoice lines: ${coverage.invoiceLines}, ${coverage.matchedInvoiceLines} matched to a Microsoft subscription${psa}`);
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
      ['Category', 'Customer', 'Subscription', 'Days', 'Microsoft', 'Invoiced', 'Impact', 'Annualised'],
      findings.map((finding) => [
        CATEGORY_LABELS[finding.category],
        finding.customerId,
        `${finding.productName ?? ''} ${finding.subscriptionId}`.trim(),
        `${finding.from.toString()} – ${finding.until.toString()}`,
        finding.microsoftSeats,
        finding.invoicedSeats,
        `${finding.direction === 'overbilled' ? '-' : ''}${finding.impact.toString()}`,
        finding.annualised.toString(),
      ]),
      [4, 5, 6, 7],
    ),
  );
  print();
  for (const finding of findings) {
    print(`${CATEGORY_LABELS[finding.category]} — ${finding.subscriptionId}: ${finding.explanation}. Suggested: ${finding.suggestion}.`);
    for (const line of finding.evidence.microsoft) print(`  Microsoft ${line}`);
    for (const line of finding.evidence.invoiced) print(`  Invoiced  ${line}`);
  }
}
