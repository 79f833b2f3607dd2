import { type CalendarDate } from '../../domain/calendar/date.ts';
import { deliverQueuedNotices, type NoticeOutbox, type NoticeSender } from './deliver-notices.ts';
import { type PackComposerFactory } from './pack-composer.ts';
import { type CadencePort, type CadenceSummary, runCadenceDay } from './run-cadence-day.ts';

export interface CadenceRun {
  readonly days: readonly CadenceSummary[];
  readonly delivered: { readonly sent: number; readonly failed: number };
}

/** The longest stretch of missed days a worker catches up on by itself; beyond it a person decides. */
export const MAX_CATCH_UP_DAYS = 31;

/**
 * Runs the cadence for every day after the last one run up to `asOf` (so a
 * worker that was down sends the notices it missed, each on the day's
 * terms), or for `asOf` alone when no day has run or `asOf` was run already;
 * then delivers the queued notices.
 */
export async function runCadence(
  port: CadencePort,
  outbox: NoticeOutbox,
  sender: NoticeSender,
  asOf: CalendarDate,
  lastRun: CalendarDate | undefined,
  composerFor?: PackComposerFactory,
): Promise<CadenceRun> {
  const first = lastRun && lastRun.isBefore(asOf) && lastRun.daysUntil(asOf) <= MAX_CATCH_UP_DAYS ? lastRun.addDays(1) : asOf;
  const days: CadenceSummary[] = [];
  for (let day = first; !day.isAfter(asOf); day = day.addDays(1)) days.push(await runCadenceDay(port, day, composerFor));
  const delivered = await deliverQueuedNotices(outbox, sender);
  return { days, delivered };
}
