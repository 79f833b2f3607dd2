import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../../src/app/demo/create-demo.ts';
import { type NoticeSender } from '../../src/app/renewals/deliver-notices.ts';
import { runCadence } from '../../src/app/renewals/run-cadence.ts';
import { demoPorts } from '../../src/cli/commands/demo.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { resolvePolicy } from '../../src/domain/renewal/policy.ts';
import { cadenceStore, noticeOutbox } from '../../src/store/cadence-store.ts';
import { loadPolicySettings } from '../../src/store/policy-settings.ts';
import { type Store } from '../../src/store/store.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { tempDir } from '../support/temp-dirs.ts';

const ORG = 'msp';
const AS_OF = CalendarDate.parse('2026-11-01');
const FIRST_DAY = CalendarDate.parse('2025-12-01');

/** Records every message handed to it, as a mail server would. */
class RecordingSender implements NoticeSender {
  readonly sent: { id: string; to: string; subject: string }[] = [];
  send(mail: { id: string; to: string; subject: string; text: string }): Promise<string> {
    this.sent.push({ id: mail.id, to: mail.to, subject: mail.subject });
    return Promise.resolve(`<${mail.id}@test>`);
  }
}

async function counts(store: Store): Promise<Record<string, number>> {
  const tables = ['renewals', 'renewal_packs', 'renewal_tasks', 'notices', 'renewal_warnings', 'renewal_stage_changes'] as const;
  const result: Record<string, number> = {};
  for (const table of tables) {
    const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('organization_id', '=', ORG).executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

describe('the renewal cadence replayed over a year of the demo portfolio, day by day', () => {
  let store: Store;
  const sender = new RecordingSender();
  let lastRun: CalendarDate | undefined;
  const runDay = async (day: CalendarDate) => {
    const run = await runCadence(cadenceStore(store, ORG), noticeOutbox(store, ORG), sender, day, lastRun);
    lastRun = day;
    return run;
  };

  beforeAll(async () => {
    store = await (TEST_DATABASES[0] as (typeof TEST_DATABASES)[number]).open();
    await store.db.insertInto('organizations').values({ id: ORG, name: 'Northwind MSP' }).execute();
    await createDemo(demoPorts(store, ORG, tempDir('demo-files'), { actor: 'test', now: () => '2026-11-01T09:00:00Z' }), { clients: 10, seed: 3, asOf: AS_OF });
    for (let day = FIRST_DAY; !day.isAfter(AS_OF); day = day.addDays(1)) await runDay(day);
  }, 600_000);

  afterAll(async () => {
    await store.close();
  });

  it('tracks renewals, generates their packs and closes the past ones from the ledger', async () => {
    const renewals = await store.db.selectFrom('renewals').selectAll().where('organization_id', '=', ORG).execute();
    expect(renewals.length).toBeGreaterThan(12);
    for (const renewal of renewals.filter((item) => item.renewal_date < AS_OF.toString())) {
      expect(renewal.pack_generated_on, renewal.id).not.toBeNull();
    }
    const closed = renewals.filter((renewal) => renewal.closed_on !== null);
    expect(closed.some((renewal) => renewal.stage === 'won')).toBe(true);
    for (const renewal of closed) expect(renewal.closed_on && renewal.closed_on > renewal.renewal_date, renewal.id).toBe(true);
  });

  it('sends every notice once, on its day — none missed, none twice', async () => {
    const settings = await loadPolicySettings(store.db, ORG);
    const accounts = new Map((await store.db.selectFrom('accounts').select(['id', 'parent_account_id']).where('organization_id', '=', ORG).execute()).map((a) => [a.id, a.parent_account_id]));
    const renewals = await store.db.selectFrom('renewals').select(['id', 'account_id', 'renewal_date', 'identified_on']).where('organization_id', '=', ORG).execute();
    const notices = await store.db.selectFrom('notices').select(['id', 'due_on', 'status']).where('organization_id', '=', ORG).where('kind', '=', 'renewal_notice').execute();
    const byId = new Map(notices.map((notice) => [notice.id, notice]));
    let checked = 0;
    for (const renewal of renewals) {
      const { noticeDays } = resolvePolicy(settings, renewal.account_id, accounts.get(renewal.account_id) ?? null).policy;
      const date = CalendarDate.parse(renewal.renewal_date);
      for (const days of noticeDays) {
        const due = date.addDays(-days);
        if (due.isAfter(AS_OF)) continue;
        const notice = byId.get(`${renewal.id}:T-${days}`);
        expect(notice, `${renewal.id} T-${days}`).toBeDefined();
        if (due.toString() >= renewal.identified_on) {
          expect(notice?.due_on, `${renewal.id} T-${days}`).toBe(due.toString());
          expect(notice?.status, `${renewal.id} T-${days}`).toBe('sent');
          checked += 1;
        } else {
          // Due before the renewal was first tracked (the replay's first day): recorded, not sent late.
          expect(['superseded', 'sent']).toContain(notice?.status);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
    const ids = sender.sent.map((mail) => mail.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(notices.filter((notice) => notice.status === 'sent').length + (await store.db.selectFrom('notices').select('id').where('kind', '=', 'escalation').execute()).length);
  });

  it('adds nothing when a day is run again', async () => {
    const before = await counts(store);
    const sentBefore = sender.sent.length;
    lastRun = undefined;
    const again = await runDay(AS_OF);
    expect(await counts(store)).toEqual(before);
    expect(sender.sent.length).toBe(sentBefore);
    expect(again.days[0]).toMatchObject({ newRenewals: 0, packsGenerated: 0, tasksCreated: 0, noticesQueued: 0, escalations: 0 });
  });

  it('escalates tasks nobody closed to the escalation owner, once each', async () => {
    const escalated = await store.db.selectFrom('renewal_tasks').select(['kind', 'due_on', 'escalated_on', 'escalated_to']).where('organization_id', '=', ORG).where('escalated_on', 'is not', null).execute();
    expect(escalated.length).toBeGreaterThan(0);
    for (const task of escalated) {
      expect(task.escalated_to).toBe('renewals-lead@northwind-msp.example');
      expect(CalendarDate.parse(task.escalated_on as string).equals(CalendarDate.parse(task.due_on).addDays(1))).toBe(true);
    }
  });
});
