import { type Command } from 'commander';
import { type CadenceRun } from '../../app/renewals/run-cadence.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { cadenceJob, runForever, stopSignal } from '../cadence-schedule.ts';
import { dateOption } from '../options.ts';
import { print, printJson } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface WorkerOptions extends StoreOptions {
  once?: boolean;
  asOf?: CalendarDate;
  outbox?: string;
  json?: boolean;
}

export function registerWorkerCommand(program: Command): void {
  withDataDirOption(
    program
      .command('worker')
      .description('run the daily renewal cadence: notices, packs, tasks, escalations, warnings')
      .option('--once', "run one day's jobs and exit")
      .option('--as-of <date>', 'the day to run (default today); with --once any day can be replayed', dateOption)
      .option('--outbox <dir>', 'where notices are written as .eml files when COTERM_SMTP_URL is not set (default $COTERM_OUTBOX or <data dir>/outbox)')
      .option('--json', 'print the run summary as JSON'),
  ).action(async (options: WorkerOptions) => {
    await withStore(options, async (store, organization) => {
      const job = cadenceJob(store, organization, options);
      try {
        if (options.once) {
          report(await job.runDay(options.asOf ?? today()), job.destination, options.json === true);
          return;
        }
        await runForever(store, async () => report(await job.runDay(today()), job.destination, options.json === true), stopSignal());
      } finally {
        job.close();
      }
    });
  });
}

function today(): CalendarDate {
  return CalendarDate.parse(new Date().toISOString().slice(0, 10));
}

function report(run: CadenceRun, destination: string, json: boolean): void {
  if (json) {
    printJson({ ...run, notices: destination });
    return;
  }
  for (const day of run.days) {
    print(
      `${day.asOf}: ${day.renewalsTracked} renewals tracked (${day.newRenewals} new), ${day.packsGenerated} packs, ${day.tasksCreated} tasks, ` +
        `${day.noticesQueued} notices (${day.noticesSuperseded} superseded), ${day.escalations} escalations, ${day.warnings} warnings, ` +
        `closed ${day.closed.won} won / ${day.closed.lost} lost`,
    );
  }
  print(`Notices: ${run.delivered.sent} sent, ${run.delivered.failed} failed → ${destination}`);
}
