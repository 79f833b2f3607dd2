import { createWriteStream, type WriteStream } from 'node:fs';
import { type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { stringify } from 'csv-stringify/sync';
import { IMPORT_KINDS, type ImportKind } from '../../app/imports/import-format.ts';
import { type ImportOutcome, type RejectedRow } from '../../app/imports/run-import.ts';
import { actorOf, choiceOption } from '../options.ts';
import { print, printJson } from '../output.ts';
import { organizationId, storeLocation, type StoreOptions, withDataDirOption } from '../store-options.ts';
import { importFile } from '../../workers/threaded-import.ts';

interface ImportOptions extends StoreOptions {
  skipBad?: boolean;
  rejects?: string;
  json?: boolean;
}

export function registerImportCommand(program: Command): void {
  withDataDirOption(
    program
      .command('import')
      .description('import a file into the portfolio, all-or-nothing: recon, pricelist, subscriptions, psa, services, usage')
      .argument('<kind>', IMPORT_KINDS.join(', '), choiceOption(IMPORT_KINDS))
      .argument('<file>', 'CSV (or JSON for API exports)')
      .option('--skip-bad', 'import the good rows and write the bad ones to a rejects file, instead of rejecting the file')
      .option('--rejects <file>', 'where --skip-bad writes rejected rows (default FILE.rejects.csv)')
      .option('--json', 'print the counts as JSON'),
  ).action(async (kind: ImportKind, file: string, options: ImportOptions) => {
    const progress = progressBar(options.json ?? false);
    const rejects = options.skipBad ? new RejectsFile(options.rejects ?? `${file}.rejects.csv`) : undefined;
    // On the embedded database in a worker with a bounded heap: a million-row file imports with the memory flat.
    const outcome = await importFile(
      { store: storeLocation(options), organizationId: organizationId(), kind, path: file, actor: actorOf(), skipBad: options.skipBad ?? false, now: new Date().toISOString() },
      {
        ...(progress ? { onProgress: progress.update } : {}),
        ...(rejects ? { onRejected: (row: RejectedRow, header: readonly string[]) => rejects.write(row, header) } : {}),
      },
    ).finally(async () => {
      progress?.stop();
      await rejects?.close();
    });
    if (options.json) printJson(summary(outcome, options));
    else printOutcome(outcome, options);
  });
}

function summary(outcome: ImportOutcome, options: ImportOptions): Record<string, unknown> {
  return {
    kind: outcome.kind,
    file: outcome.file,
    importId: outcome.importId,
    alreadyImported: outcome.alreadyImported,
    rowsRead: outcome.rowsRead,
    imported: outcome.imported,
    duplicates: outcome.duplicates,
    rejected: outcome.rejected,
    ...(outcome.rejected > 0 ? { rejectsFile: options.rejects ?? `${outcome.file}.rejects.csv` } : {}),
    ...(outcome.mangledIds.length > 0 ? { mangledIds: outcome.mangledIds } : {}),
  };
}

function printOutcome(outcome: ImportOutcome, options: ImportOptions): void {
  if (outcome.alreadyImported) {
    print(`${outcome.file} was already imported (import ${outcome.importId}): nothing added, ${outcome.duplicates} rows already known.`);
    return;
  }
  print(`Imported ${outcome.kind} ${outcome.file} (import ${outcome.importId}): ${outcome.rowsRead} rows read, ${outcome.imported} imported, ${outcome.duplicates} duplicates, ${outcome.rejected} rejected.`);
  if (outcome.rejected > 0) print(`Rejected rows were written to ${options.rejects ?? `${outcome.file}.rejects.csv`}.`);
  if (outcome.mangledIds.length > 0) {
    print(`${outcome.mangledIds.length} ids were in scientific notation (the file went through Excel; digits may be lost), e.g. ${outcome.mangledIds.slice(0, 3).join('; ')}`);
  }
}

/** A progress bar on a terminal; nothing when output is piped or JSON. */
function progressBar(json: boolean): { update: (done: number, total: number) => void; stop: () => void } | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  const bar = new SingleBar({ stream: process.stderr, format: 'importing [{bar}] {percentage}% {value}/{total} MB', hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    update: (done, total) => {
      const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
      if (!started) {
        bar.start(mb(total), 0);
        started = true;
      }
      bar.update(mb(done));
    },
    stop: () => started && bar.stop(),
  };
}

/** Rejected rows as CSV: where, why, and the row as it was, ready to fix and import again. */
class RejectsFile {
  private stream: WriteStream | undefined;

  constructor(private readonly path: string) {}

  write(row: RejectedRow, header: readonly string[]): void {
    if (!this.stream) {
      this.stream = createWriteStream(this.path);
      this.stream.write(stringify([['Location', 'Reason', ...header]]));
    }
    this.stream.write(stringify([[row.location, row.reason, ...row.values]]));
  }

  async close(): Promise<void> {
    const stream = this.stream;
    if (stream) await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
