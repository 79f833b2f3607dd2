import { type CalendarDate } from '../calendar/date.ts';
import { gridPeriodContaining, TERM_MONTHS, type TermDuration } from '../calendar/periods.ts';
import { type CoTermCandidate } from '../nce/coterminosity.ts';

/** One licence subscription's end date, true from `from` through `until`. */
export interface PoolEntry {
  readonly id: string;
  /** Co-terming happens only within one Microsoft customer (tenant). */
  readonly tenant: string;
  readonly term: TermDuration;
  /** Last day of its term as of `from`. */
  readonly end: CalendarDate;
  readonly from: CalendarDate;
  /** Last day the entry holds (the day before the term is replaced or the subscription is cancelled); null while it holds. */
  readonly until: CalendarDate | null;
  /** Renewing subscriptions keep ending on their grid after `end`; the others are gone after it. */
  readonly renews: boolean;
}

/**
 * The tenant's active licence subscriptions a custom term end date may align
 * with (Partner Center's subscriptionAligned dates), over time: what exists
 * on asOf, plus the terms this plan re-aligns from the day they start. Planning
 * alignments in date order lets a later renewal take an end date that an
 * earlier alignment creates.
 */
export class CandidatePool {
  private readonly entries: PoolEntry[] = [];

  add(entry: PoolEntry): void {
    this.entries.push(entry);
  }

  /** The subscription's current entries stop holding the day before `date` (cancelled or re-termed that day). */
  endOn(id: string, date: CalendarDate): void {
    const until = date.addDays(-1);
    for (const [index, entry] of this.entries.entries()) {
      if (entry.id === id && (entry.until === null || entry.until.isAfter(until))) this.entries[index] = { ...entry, until };
    }
  }

  /** Candidates for the engine on `date`, their end dates rolled forward to the term running that day. */
  candidatesOn(tenant: string, date: CalendarDate, except: string): CoTermCandidate[] {
    const candidates: CoTermCandidate[] = [];
    for (const entry of this.entries) {
      if (entry.tenant !== tenant || entry.id === except || date.isBefore(entry.from) || (entry.until && date.isAfter(entry.until))) continue;
      const end = endOn(entry, date);
      if (end) candidates.push({ id: entry.id, customer: tenant, term: entry.term, end, status: 'active', kind: 'license' });
    }
    return candidates;
  }

  /**
   * Days in [from, by] on which the tenant's candidates change, `from` first:
   * an entry starts or stops, or a renewing one starts a new term (a monthly
   * term's end moves every month).
   */
  changeDays(tenant: string, from: CalendarDate, by: CalendarDate): CalendarDate[] {
    const days = new Map<number, CalendarDate>([[from.epochDay, from]]);
    const note = (day: CalendarDate | undefined): void => {
      if (day && day.isAfter(from) && !day.isAfter(by)) days.set(day.epochDay, day);
    };
    for (const entry of this.entries) {
      if (entry.tenant !== tenant) continue;
      note(entry.from);
      note(entry.until?.addDays(1));
      if (!entry.renews) continue;
      const last = entry.until && entry.until.isBefore(by) ? entry.until : by;
      for (let day = entry.end.addDays(1); !day.isAfter(last); day = termEndOn(entry, day).addDays(1)) note(day);
    }
    return [...days.values()].sort((a, b) => a.compare(b));
  }
}

function endOn(entry: PoolEntry, date: CalendarDate): CalendarDate | undefined {
  if (!entry.end.isBefore(date)) return entry.end;
  return entry.renews ? termEndOn(entry, date) : undefined;
}

/** End of the renewed term running on `date` (after `entry.end`): renewals continue the grid that starts the day after it. */
function termEndOn(entry: PoolEntry, date: CalendarDate): CalendarDate {
  return gridPeriodContaining(entry.end.addDays(1), TERM_MONTHS[entry.term], date).end;
}
