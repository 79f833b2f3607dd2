import { writeFile } from 'node:fs/promises';
import { type Command } from 'commander';
import { addInvoiceLine, adjustInvoiceLine } from '../../app/billing/adjust-invoice.ts';
import { creditInvoice } from '../../app/billing/credit-invoice.ts';
import { invoiceDocument } from '../../app/billing/invoice-document.ts';
import { openDispute, resolveDispute } from '../../app/billing/invoice-disputes.ts';
import { invoiceLinesCsv } from '../../app/billing/invoice-exports.ts';
import { summarize, type InvoiceSummary } from '../../app/billing/invoice-summary.ts';
import { issueInvoices } from '../../app/billing/issue-invoices.ts';
import { runInvoices } from '../../app/billing/run-invoices.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { findInvoice, loadInvoices } from '../../store/invoice-records.ts';
import { UsageError } from '../errors.ts';
import { actorOf, choiceOption, dateOption, decimalOption, wholeNumberOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface InvoiceOptions extends StoreOptions {
  period?: string;
  status?: 'draft' | 'issued';
  account?: string;
  json?: boolean;
  by?: string;
  on?: CalendarDate;
  reason?: string;
}

const today = (): CalendarDate => CalendarDate.parse(new Date().toISOString().slice(0, 10));

export function registerInvoiceCommands(program: Command): void {
  const invoice = program.command('invoice').description('client invoices: build drafts from the ledger, review and adjust, issue, credit, export');
  const command = (name: string, description: string) => withDataDirOption(invoice.command(name).description(description).option('--by <name>', 'who is acting (default $USER)'));

  command('run', "build the month's draft invoices from the ledger, margin rules and taxes (again: rebuilds unadjusted drafts)")
    .requiredOption('--period <YYYY-MM>', 'the billing month')
    .option('--json', 'print JSON')
    .action(async (options: InvoiceOptions) => {
      const report = await withStore(options, (store, organization) => runInvoices(store, organization, options.period!, actorOf(options)));
      if (options.json) return printJson(report);
      print(`${report.drafts.length} draft invoices for ${report.period}.`);
      printSummaries(report.drafts);
      if (report.keptAdjusted.length > 0) print(`Kept as adjusted (not rebuilt): ${report.keptAdjusted.map((draft) => draft.id).join(', ')}`);
      if (report.alreadyIssued.length > 0) print(`Already issued (never rewritten): ${report.alreadyIssued.map((issued) => issued.number).join(', ')}`);
      const warnings = report.drafts.flatMap((draft) => draft.warnings.map((warning) => `${draft.id}: ${warning}`));
      if (warnings.length > 0) print(`Review:\n  ${warnings.join('\n  ')}`);
    });

  command('list', 'invoices and credit notes')
    .option('--period <YYYY-MM>', 'one billing month')
    .option('--status <status>', 'draft or issued', choiceOption(['draft', 'issued'] as const))
    .option('--account <id>', 'one account')
    .option('--json', 'print JSON')
    .action(async (options: InvoiceOptions) => {
      const invoices = await withStore(options, (store, organization) =>
        loadInvoices(store.db, organization, { ...(options.period ? { period: options.period } : {}), ...(options.status ? { status: options.status } : {}), ...(options.account ? { accountId: options.account } : {}) }),
      );
      const summaries = invoices.map(summarize);
      if (options.json) return printJson({ invoices: summaries });
      if (summaries.length === 0) return print('No invoices.');
      printSummaries(summaries);
    });

  command('show', 'an invoice line by line with the arithmetic behind each amount')
    .argument('<invoice>', 'draft id or issued number')
    .option('--json', 'print JSON')
    .action(async (reference: string, options: InvoiceOptions) => {
      const found = await withStore(options, (store, organization) => findInvoice(store.db, organization, reference));
      if (!found) throw new InvalidInputError(`no invoice "${reference}"`, 'invoice');
      if (options.json) return printJson(found);
      print(`${found.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${found.number ?? `${found.id} (draft)`} · ${found.accountId}${found.billingEntityId ? ` / ${found.billingEntityId}` : ''} · ${found.period}`);
      print(
        table(
          ['#', 'Description', 'Qty', 'Unit price', 'Amount', 'Tax', 'GL', 'How'],
          found.lines.map((line) => [line.lineNumber, line.description, line.quantity.toString(), line.unitPrice.toString(), line.amount.toString(), line.tax.toString(), line.glAccount, `${line.explanation.text}${line.pricing.formula === 'price = cost' ? ' (priced at cost)' : ''}`]),
          [0, 2, 3, 4, 5],
        ),
      );
      print(`Subtotal ${found.subtotal.toString()} · ${found.taxRule.name} ${found.tax.toString()} · Total ${found.total.toString()} ${found.currency}`);
      for (const warning of found.warnings) print(`Review: ${warning}`);
    });

  command('adjust', 'change a line of a draft, for a stated reason (kept on the line and in the audit log)')
    .argument('<invoice>', 'draft id')
    .requiredOption('--line <n>', 'line number', wholeNumberOption)
    .requiredOption('--reason <text>', 'why')
    .option('--quantity <q>', 'new quantity', decimalOption)
    .option('--unit-price <p>', 'new unit price', decimalOption)
    .option('--amount <a>', 'set the amount outright', decimalOption)
    .option('--description <text>', 'new description')
    .action(async (reference: string, options: InvoiceOptions & { line: number; quantity?: Decimal; unitPrice?: Decimal; amount?: Decimal; description?: string }) => {
      if (!options.quantity && !options.unitPrice && !options.amount && !options.description) throw new UsageError('nothing to change: give --quantity, --unit-price, --amount or --description');
      const change = { ...(options.quantity ? { quantity: options.quantity } : {}), ...(options.unitPrice ? { unitPrice: options.unitPrice } : {}), ...(options.amount ? { amount: options.amount } : {}), ...(options.description ? { description: options.description } : {}) };
      const summary = await withStore(options, (store, organization) => adjustInvoiceLine(store, organization, reference, options.line, change, options.reason!, actorOf(options), new Date().toISOString()));
      print(`${summary.id}: line ${options.line} adjusted; total ${summary.total} ${summary.currency}`);
    });

  command('add-line', 'add a one-off charge or credit to a draft, for a stated reason')
    .argument('<invoice>', 'draft id')
    .requiredOption('--description <text>', 'what the line is')
    .requiredOption('--amount <a>', 'amount (negative for a credit)', decimalOption)
    .requiredOption('--reason <text>', 'why')
    .option('--gl <account>', 'GL account (default: the services account)')
    .action(async (reference: string, options: InvoiceOptions & { description: string; amount: Decimal; gl?: string }) => {
      const summary = await withStore(options, async (store, organization) => {
        const draft = await findInvoice(store.db, organization, reference);
        if (!draft) throw new InvalidInputError(`no invoice "${reference}"`, 'invoice');
        const month = CalendarDate.parse(`${draft.period}-01`);
        return addInvoiceLine(store, organization, reference, { description: options.description, amount: options.amount, ...(options.gl ? { glAccount: options.gl } : {}), serviceStart: month, serviceEnd: month.lastDayOfMonth() }, options.reason!, actorOf(options), new Date().toISOString());
      });
      print(`${summary.id}: line added; total ${summary.total} ${summary.currency}`);
    });

  command('issue', 'issue drafts: number them (gapless, per year), date them, make them immutable')
    .argument('[invoices...]', 'draft ids (or --period for every draft of a month)')
    .option('--period <YYYY-MM>', 'every draft of this month')
    .option('--on <date>', 'issue date (default today)', dateOption)
    .option('--json', 'print JSON')
    .action(async (references: string[], options: InvoiceOptions) => {
      if (references.length === 0 && !options.period) throw new UsageError('name the drafts to issue, or give --period');
      const issued = await withStore(options, (store, organization) => issueInvoices(store, organization, references.length > 0 ? { ids: references } : { period: options.period! }, options.on ?? today(), actorOf(options)));
      if (options.json) return printJson({ issued });
      print(`${issued.length} issued.`);
      printSummaries(issued);
    });

  command('credit', 'a draft credit note reversing an issued invoice (all lines, or --line)')
    .argument('<number>', 'issued invoice number')
    .requiredOption('--reason <text>', 'why')
    .option('--line <n...>', 'only these lines')
    .action(async (reference: string, options: InvoiceOptions & { line?: string[] }) => {
      const lines = options.line?.map((value) => wholeNumberOption(value));
      const note = await withStore(options, (store, organization) => creditInvoice(store, organization, reference, lines, options.reason!, actorOf(options)));
      print(`Draft credit note ${note.id}: ${note.total} ${note.currency}. Issue it with: coterm invoice issue ${note.id}`);
    });

  command('dispute', 'record that the client disputes an issued invoice, or --resolve it')
    .argument('<number>', 'issued invoice number')
    .option('--reason <text>', 'what the client disputes')
    .option('--resolve <resolution>', 'close the open dispute with this resolution')
    .option('--on <date>', 'the day (default today)', dateOption)
    .option('--json', 'print JSON')
    .action(async (reference: string, options: InvoiceOptions & { resolve?: string }) => {
      if (!options.reason === !options.resolve) throw new UsageError('give --reason to open a dispute or --resolve to close one');
      const on = options.on ?? today();
      const dispute = await withStore(options, (store, organization) =>
        options.resolve ? resolveDispute(store, organization, reference, options.resolve, on, actorOf(options)) : openDispute(store, organization, reference, options.reason!, on, actorOf(options)),
      );
      if (options.json) return printJson(dispute);
      print(`Dispute ${dispute.id} on ${dispute.invoiceNumber}: ${dispute.status}`);
    });

  command('export', 'invoice lines for finance: CSV (GL account, net, tax per line) or JSON')
    .requiredOption('--period <YYYY-MM>', 'the billing month')
    .option('--status <status>', 'draft or issued (default issued)', choiceOption(['draft', 'issued'] as const))
    .requiredOption('--out <file>', 'file to write (.csv or .json)')
    .action(async (options: InvoiceOptions & { out: string }) => {
      const invoices = await withStore(options, (store, organization) => loadInvoices(store.db, organization, { period: options.period!, status: options.status ?? 'issued' }));
      await writeFile(options.out, options.out.toLowerCase().endsWith('.json') ? `${JSON.stringify({ invoices }, null, 2)}\n` : invoiceLinesCsv(invoices));
      print(`${invoices.length} invoices (${invoices.reduce((count, invoice) => count + invoice.lines.length, 0)} lines) written to ${options.out}`);
    });

  command('pdf', 'the invoice as the client receives it')
    .argument('<invoice>', 'draft id or issued number')
    .requiredOption('--out <file>', 'PDF file to write')
    .action(async (reference: string, options: InvoiceOptions & { out: string }) => {
      const pdf = await withStore(options, async (store, organization) => {
        const found = await findInvoice(store.db, organization, reference);
        if (!found) throw new InvalidInputError(`no invoice "${reference}"`, 'invoice');
        return invoiceDocument(store.db, organization, found);
      });
      await writeFile(options.out, pdf);
      print(`Written ${options.out}`);
    });
}

function printSummaries(summaries: readonly InvoiceSummary[]): void {
  print(
    table(
      ['Invoice', 'Status', 'Account', 'Month', 'Lines', 'Subtotal', 'Tax', 'Total', 'Due'],
      summaries.map((summary) => [summary.number ?? summary.id, summary.kind === 'credit_note' ? `credit ${summary.status}` : summary.status, summary.accountId + (summary.billingEntityId ? ` / ${summary.billingEntityId}` : ''), summary.period, summary.lines, summary.subtotal, summary.tax, `${summary.total} ${summary.currency}`, summary.dueOn ?? '']),
      [4, 5, 6, 7],
    ),
  );
}
