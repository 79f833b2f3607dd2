import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalendarDate } from '../../../src/domain/calendar/date.ts';
import { noticesDue, packDue } from '../../../src/domain/renewal/cadence.ts';
import { day } from '../../support/account-subscription.ts';

/** Runs the cadence day by day, recording what it sends: the worker's loop without the database. */
function replay(renewalDate: CalendarDate, noticeDays: number[], from: CalendarDate, to: CalendarDate): { sent: Map<number, string>; superseded: Set<number> } {
  const sent = new Map<number, string>();
  const superseded = new Set<number>();
  for (let asOf = from; !asOf.isAfter(to); asOf = asOf.addDays(1)) {
    const plan = noticesDue(renewalDate, noticeDays, asOf, new Set([...sent.keys(), ...superseded]));
    if (plan.send !== null) sent.set(plan.send, asOf.toString());
    for (const days of plan.superseded) superseded.add(days);
  }
  return { sent, superseded };
}

describe('notice cadence', () => {
  it('sends T-90, T-60 and T-30 on their days', () => {
    const { sent, superseded } = replay(day('2027-01-31'), [90, 60, 30], day('2026-09-01'), day('2027-02-10'));
    expect(Object.fromEntries(sent)).toEqual({ 90: '2026-11-02', 60: '2026-12-02', 30: '2027-01-01' });
    expect(superseded.size).toBe(0);
  });

  it('sends only the latest notice for a renewal first seen late, recording the others as superseded', () => {
    expect(noticesDue(day('2027-01-31'), [120, 90, 60, 30], day('2026-12-10'), new Set())).toEqual({ send: 60, superseded: [90, 120] });
    expect(noticesDue(day('2027-01-31'), [90, 60, 30], day('2027-02-01'), new Set())).toEqual({ send: null, superseded: [] });
  });

  it('replayed day by day, sends every notice exactly once, on its day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 5 }),
        (offset, noticeDays) => {
          const renewalDate = day('2026-01-01').addDays(offset);
          const { sent, superseded } = replay(renewalDate, noticeDays, renewalDate.addDays(-250), renewalDate.addDays(3));
          expect(superseded.size).toBe(0);
          expect([...sent.keys()].sort((a, b) => a - b)).toEqual([...noticeDays].sort((a, b) => a - b));
          for (const [days, on] of sent) expect(on).toBe(renewalDate.addDays(-days).toString());
        },
      ),
    );
  });

  it('makes the pack due from T-90 until the renewal date', () => {
    expect(packDue(day('2027-01-31'), 90, day('2026-11-01'))).toBe(false);
    expect(packDue(day('2027-01-31'), 90, day('2026-11-02'))).toBe(true);
    expect(packDue(day('2027-01-31'), 90, day('2027-01-31'))).toBe(true);
    expect(packDue(day('2027-01-31'), 90, day('2027-02-01'))).toBe(false);
  });
});
