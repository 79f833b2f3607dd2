import { type CalendarDate } from '../calendar/date.ts';

/** The notices of one renewal to act on today. */
export interface NoticePlan {
  /** The notice to send today (days before the renewal date), if any. */
  readonly send: number | null;
  /**
   * Earlier notices whose day passed before coterm tracked the renewal: only
   * the latest one goes out, the others are recorded as superseded so nobody
   * receives three reminders on one morning — and nothing is silently skipped.
   */
  readonly superseded: readonly number[];
}

/** The day a T-N notice (or pack) is due: N days before the renewal date. */
export function dueOn(renewalDate: CalendarDate, daysBefore: number): CalendarDate {
  return renewalDate.addDays(-daysBefore);
}

/**
 * Notices due on `asOf` that have not been recorded yet. A notice is due from
 * its day until the renewal date; once the renewal date has passed none is.
 */
export function noticesDue(renewalDate: CalendarDate, noticeDays: readonly number[], asOf: CalendarDate, recorded: ReadonlySet<number>): NoticePlan {
  if (asOf.isAfter(renewalDate)) return { send: null, superseded: [] };
  const due = noticeDays.filter((days) => !recorded.has(days) && !dueOn(renewalDate, days).isAfter(asOf)).sort((a, b) => a - b);
  const [send, ...superseded] = due;
  return { send: send ?? null, superseded };
}

/** Whether the renewal pack is due: from T-`leadDays` until the renewal date. */
export function packDue(renewalDate: CalendarDate, leadDays: number, asOf: CalendarDate): boolean {
  return !dueOn(renewalDate, leadDays).isAfter(asOf) && !asOf.isAfter(renewalDate);
}
