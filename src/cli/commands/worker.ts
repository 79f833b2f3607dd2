import { join } from 'node:path';
import { type Command } from 'commander';
import { PgBoss } from 'pg-boss';
import { type CadenceRun, runCadence } from '../../app/renewals/run-cadence.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { createMailer } from '../../integrations/email/mailer.ts';
import { cadenceStore, noticeOutbox } from '../../store/cadence-store.ts';
import { type Store } from '../../store/store.ts';
import { threadedComposer } from '../../workers/threaded-pack-composer.ts';
import { dateOption } from '../options.ts';
import { print, printJson } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface WorkerOptions extends StoreOptions {
  once?: boolean;
  asOf?: CalendarDate;
  outbox?: string;
  json?: boolean;
}

const QUEUE = 'renewal-cadence';
/** Every day at 06:00 (the worker's time zone): notices are in mailboxes when people start. */
const DAILY = '0 6 * * *';

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
      const outboxDir = options.outbox ?? process.env.COTERM_OUTBOX ?? join(options.dataDir ?? process.env.COTERM_DATA_DIR ?? 'data', 'outbox');
      const mailer = createMailer({
        ...(process.env.COTERM_SMTP_URL ? { smtpUrl: process.env.COTERM_SMTP_URL } : {}),
        outboxDir,
        from: process.env.COTERM_MAIL_FROM ?? 'renewals@coterm.local',
      });
      const runDay = async (asOf: CalendarDate): Promise<CadenceRun> => {
        const last = await store.db.selectFrom('cadence_runs').select((eb) => eb.fn.max('run_date').as('last')).where('organization_id', '=', organization).executeTakeFirst();
        return runCadence(cadenceStore(store, organization), noticeOutbox(store, organization), mailer, asOf, last?.last ? CalendarDate.parse(last.last) : undefined, threadedComposer());
      };
      try {
        if (options.once) {
          report(await runDay(options.asOf ?? today()), mailer.destination, options.json === true);
          return;
        }
        await runForever(store, async () => report(await runDay(today()), mailer.destination, options.json === true));
      } finally {
        mailer.close();
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

/**
 * On a PostgreSQL server the daily job is scheduled on pg-boss, so several
 * workers on several machines share it and each day runs once; on the
 * embedded database the same job runs in this process on a timer. Either way
 * a run happens at start, catching up missed days.
 */
async function runForever(store: Store, job: () => Promise<void>): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (store.kind === 'server' && process.env.DATABASE_URL) {
    const boss = new PgBoss(process.env.DATABASE_URL);
    boss.on('error', (error: Error) => process.stderr.write(`coterm worker: ${error.message}\n`));
    await boss.start();
    await boss.createQueue(QUEUE);
    await boss.schedule(QUEUE, DAILY, {}, { tz: Intl.DateTimeFormat().resolvedOptions().timeZone });
    await boss.work(QUEUE, async () => job());
    // The catch-up run at start: one per day however many workers start (a throttled singleton).
    await boss.send(QUEUE, {}, { singletonKey: 'catch-up', singletonSeconds: 24 * 60 * 60 });
    print(`Worker running on pg-boss (queue ${QUEUE}, daily at 06:00). Ctrl-C stops it.`);
    await stopped;
    await boss.stop({ graceful: true });
    return;
  }
  print('Worker running in this process (embedded database), daily at 06:00. Ctrl-C stops it.');
  await job();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const next = new Promise<'run'>((resolve) => {
      timer = setTimeout(() => resolve('run'), millisecondsUntilNextSix());
    });
    const outcome = await Promise.race([next, stopped.then(() => 'stop' as const)]);
    clearTimeout(timer);
    if (outcome === 'stop') return;
    await job();
  }
}

/** Wall-clock time until the next 06:00 local: scheduling, not billing arithmetic. */
function millisecondsUntilNextSix(): number {
  const now = new Date();
  const next = new Date(now);
  next.setHours(6, 0, 0, 0);
  if (next <= now) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}
