import { writeAudit } from './audit-log.ts';
import { type CadencePort, type CadenceSession } from '../app/renewals/run-cadence-day.ts';
import { type NoticeOutbox } from '../app/renewals/deliver-notices.ts';
import { accountSubscriptionsOn } from './account-subscriptions.ts';
import { loadPolicySettings } from './policy-settings.ts';
import { priceListEntries, usageSignalsByAccount } from './portfolio-signals.ts';
import { applyCadenceDecisions, instructionEvents, storePacks, trackedRenewals } from './renewal-records.ts';
import { type Store } from './store.ts';

/** Serialises the cadence of one organization between workers sharing a server. */
const CADENCE_LOCK = 7_061_938;
const CADENCE_WORK_MEM = '64MB';

/** The renewal cadence's reads and writes on coterm's PostgreSQL, one transaction per day. */
export function cadenceStore(store: Store, organizationId: string): CadencePort {
  return {
    transaction: (work) =>
      store.transaction(async ({ db, connection }) => {
        const session: CadenceSession = {
          lockCadence: async () => {
            await connection.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CADENCE_LOCK, organizationId]);
            // The day groups a portfolio's usage signals and subscriptions by account: sorted in memory rather than on disk.
            await connection.query(`SET LOCAL work_mem = '${CADENCE_WORK_MEM}'`);
          },
          accounts: async () =>
            (await db.selectFrom('accounts').select(['id', 'name', 'parent_account_id']).where('organization_id', '=', organizationId).execute()).map((row) => ({
              id: row.id,
              name: row.name,
              parentId: row.parent_account_id,
            })),
          policySettings: () => loadPolicySettings(db, organizationId),
          subscriptionsOn: (day, filter) => accountSubscriptionsOn(db, organizationId, day, filter),
          trackedRenewals: (from) => trackedRenewals(db, organizationId, from),
          usageSignals: (accountIds, window) => usageSignalsByAccount(db, organizationId, accountIds, window),
          instructionEvents: (ids) => instructionEvents(db, organizationId, ids),
          priceList: () => priceListEntries(db, organizationId),
          apply: (asOf, decisions) => applyCadenceDecisions(db, organizationId, asOf, decisions),
          storePacks: (asOf, packs) => storePacks(db, organizationId, asOf, packs),
          audit: (actor, action, renewalId, details) => writeAudit(db, organizationId, actor, action, 'renewal', renewalId, details),
          recordRun: async (asOf, summary) => {
            await db
              .insertInto('cadence_runs')
              .values({ organization_id: organizationId, run_date: asOf, summary: JSON.stringify(summary) })
              .onConflict((conflict) => conflict.columns(['organization_id', 'run_date']).doUpdateSet((eb) => ({ summary: eb.ref('excluded.summary'), finished_at: eb.ref('excluded.finished_at') })))
              .execute();
            await writeAudit(db, organizationId, 'cadence', 'cadence.day', 'cadence_run', asOf, summary);
            // The embedded database has no autovacuum: without fresh statistics tomorrow's joins on these tables are planned for empty tables.
            await connection.query('ANALYZE renewals, renewal_tasks, notices, renewal_stage_changes, renewal_warnings');
          },
        };
        return work(session);
      }),
  };
}

/** Queued notices of the organization, oldest first, and the record of each delivery. */
export function noticeOutbox(store: Store, organizationId: string): NoticeOutbox {
  return {
    queued: async () =>
      (
        await store.db
          .selectFrom('notices')
          .select(['id', 'recipient', 'subject', 'body'])
          .where('organization_id', '=', organizationId)
          .where((eb) => eb.or([eb('status', '=', 'queued'), eb('status', '=', 'failed')]))
          .orderBy('due_on')
          .orderBy('id')
          .execute()
      ).map((row) => ({ id: row.id, recipient: row.recipient ?? '', subject: row.subject, body: row.body })),
    markSent: async (id, messageId) => {
      await store.db.updateTable('notices').set({ status: 'sent', message_id: messageId, sent_at: new Date().toISOString(), error: null }).where('organization_id', '=', organizationId).where('id', '=', id).execute();
    },
    markFailed: async (id, error) => {
      await store.db.updateTable('notices').set({ status: 'failed', error }).where('organization_id', '=', organizationId).where('id', '=', id).execute();
    },
  };
}
