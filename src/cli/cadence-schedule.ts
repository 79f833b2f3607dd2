import { join } from 'node:path';
import { PgBoss } from 'pg-boss';
import { type CadenceRun, runCadence } from '../app/renewals/run-cadence.ts';
import { CalendarDate } from '../domain/calendar/date.ts';
import { createMailer } from '../integrations/email/mailer.ts';
import { cadenceStore, noticeOutbox } from '../store/cadence-store.ts';
import { type Store } from '../store/store.ts';
import { threadedComposer } from '../workers/threaded-pack-composer.ts';
import { print } from './output.ts';

const QUEUE = 'renewal-cadence';
/** Every day at 06:00 (the worker's time zone): notices are in mailboxes when people start. */
const DAILY = '0 6 * * *';

export interface CadenceJob {
  /** Runs every day since the last run up to `asOf`, then delivers the notices queued. */
  runDay(asOf: CalendarDate): Promise<CadenceRun>;
  /** Where notices go (an SMTP server or the outbox folder). */
  readonly destination: string;
  close(): void;
}

/** The daily cadence of one organization, with its mailer (SMTP when COTERM_SMTP_URL is set, else .eml files in the outbox). */
export function cadenceJob(store: Store, organization: string, options: { outbox?: string | undefined; dataDir?: string | undefined }): CadenceJob {
  const outboxDir = options.outbox ?? process.env.COTERM_OUTBOX ?? join(options.dataDir ?? process.env.COTERM_DATA_DIR ?? 'data', 'outbox');
  const mailer = createMailer({
    ...(process.env.COTERM_SMTP_URL ? { smtpUrl: process.env.COTERM_SMTP_URL } : {}),
    outboxDir,
    from: process.env.COTERM_MAIL_FROM ?? 'renewals@coterm.local',
  });
  return {
    async runDay(asOf) {
      const last = await store.db.selectFrom('cadence_runs').select((eb) => eb.fn.max('run_date').as('last')).where('organization_id', '=', organization).executeTakeFirst();
      return runCadence(cadenceStore(store, organization), noticeOutbox(store, organization), mailer, asOf, last?.last ? CalendarDate.parse(last.last) : undefined, threadedComposer());
    },
    destination: mailer.destination,
    close: () => mailer.close(),
  };
}

/**
 * On a PostgreSQL server the daily job is scheduled on pg-boss, so several
 * workers on several machines share it and each day runs once; on the
 * embedded database the same job runs in this process on a timer. Either way
 * a run happens at start, catching up missed days.
 */
export async function runForever(store: Store, job: () => Promise<void>, stopped: Promise<void>): Promise<void> {
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

/** Resolves on Ctrl-C or a termination signal. */
export function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
