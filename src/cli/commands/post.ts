import { type Command } from 'commander';
import { postInvoices } from '../../app/posting/post-invoices.ts';
import { postSeatChanges } from '../../app/posting/post-seat-changes.ts';
import { readPostingConfig } from '../../app/posting/posting-config.ts';
import { type PostingReport } from '../../app/posting/send-postings.ts';
import { loadPostings } from '../../store/posting-records.ts';
import { UsageError } from '../errors.ts';
import { actorOf, choiceOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface PostOptions extends StoreOptions {
  config: string;
  period?: string;
  send?: boolean;
  by?: string;
  json?: boolean;
}


export function registerPostCommands(program: Command): void {
  const post = program.command('post').description('issued invoices to QuickBooks Online or Xero, accepted seat changes to ConnectWise or Autotask — a dry run unless --send');
  const command = (name: string, description: string) =>
    withDataDirOption(
      post
        .command(name)
        .description(description)
        .requiredOption('--config <file>', 'posting configuration (JSON: base URLs, credentials, GL and tax mappings; docs/posting.md)')
        .option('--send', 'send for real (default: show exactly what would be sent, send nothing)')
        .option('--by <name>', 'who posts (default $USER)')
        .option('--json', 'print JSON, request bodies included'),
    );

  command('invoices', 'issued invoices and credit notes of a month (or the ones named) as QuickBooks Online or Xero documents')
    .argument('[numbers...]', 'invoice numbers (or --period)')
    .requiredOption('--target <system>', 'quickbooks or xero', choiceOption(['quickbooks', 'xero'] as const))
    .option('--period <YYYY-MM>', 'every issued invoice of this month')
    .action(async (numbers: string[], options: PostOptions & { target: 'quickbooks' | 'xero' }) => {
      if (numbers.length === 0 && !options.period) throw new UsageError('name the invoices to post, or give --period');
      const config = await readPostingConfig(options.config);
      const report = await withStore(options, (store, organization) =>
        postInvoices(store, organization, numbers.length > 0 ? { numbers } : { period: options.period! }, options.target, config, { send: options.send ?? false, actor: actorOf(options) }),
      );
      printReport(report, options.json ?? false);
    });

  command('changes', "accepted seat findings of a month as changes to the PSA's agreement lines")
    .requiredOption('--period <YYYY-MM>', 'the month reconciled')
    .action(async (options: PostOptions) => {
      const config = await readPostingConfig(options.config);
      const report = await withStore(options, (store, organization) => postSeatChanges(store, organization, options.period!, config, { send: options.send ?? false, actor: actorOf(options) }));
      printReport(report, options.json ?? false);
      if (report.withoutPsaLine.length > 0 && !options.json) print(`Accepted findings no PSA line bills (correct by hand): ${report.withoutPsaLine.map((id) => `#${id}`).join(', ')}`);
    });

  withDataDirOption(
    post
      .command('list')
      .description('what was posted, previewed or refused')
      .option('--target <system>', 'connectwise, autotask, quickbooks or xero', choiceOption(['connectwise', 'autotask', 'quickbooks', 'xero'] as const))
      .option('--status <status>', 'previewed, posted or failed', choiceOption(['previewed', 'posted', 'failed'] as const))
      .option('--json', 'print JSON'),
  ).action(async (options: StoreOptions & { target?: 'connectwise' | 'autotask' | 'quickbooks' | 'xero'; status?: 'previewed' | 'posted' | 'failed'; json?: boolean }) => {
    const postings = await withStore(options, (store, organization) => loadPostings(store.db, organization, { ...(options.target ? { target: options.target } : {}), ...(options.status ? { status: options.status } : {}) }));
    if (options.json) return printJson({ postings });
    if (postings.length === 0) return print('Nothing posted yet.');
    print(table(['#', 'When', 'Target', 'Subject', 'Status', 'Created', 'Key'], postings.map((posting) => [posting.id, posting.at, posting.target, `${posting.subjectType} ${posting.subjectId}`, posting.error ? `${posting.status}: ${posting.error}` : posting.status, posting.externalIds.join(' '), posting.idempotencyKey])));
  });
}

function printReport(report: PostingReport, json: boolean): void {
  if (json) return printJson(report);
  print(report.dryRun ? `Dry run: ${report.results.length} postings would be sent (nothing was sent; add --send).` : `${report.results.length} posted.`);
  for (const result of report.results) {
    print(`${result.target} ${result.subjectId} (key ${result.idempotencyKey})${result.externalIds.length > 0 ? ` → created ${result.externalIds.join(', ')}` : ''}`);
    for (const request of result.requests) print(`  ${request.method} ${request.url}  ${request.description}`);
  }
  if (report.alreadyPosted.length > 0) print(`Already posted, not sent again: ${report.alreadyPosted.join(', ')}`);
}
