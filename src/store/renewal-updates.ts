import { writeAudit } from './audit-log.ts';
import { type Kysely } from 'kysely';
import { InvalidInputError } from '../domain/errors.ts';
import { type TaskKind } from '../domain/renewal/policy.ts';
import { isClosed, type RenewalStage, stageChangeRefusal } from '../domain/renewal/stages.ts';
import { type Schema } from './schema.ts';

/** Moves a renewal to a stage a person chose, with its dated history row and audit-log row. */
export async function changeRenewalStage(
  db: Kysely<Schema>,
  organizationId: string,
  change: { renewalId: string; stage: RenewalStage; on: string; actor: string; reason: string | null; /** What a won renewal closed at, when it differs from its annual value (an accepted quote's option). */ closedAnnualValue?: string },
): Promise<void> {
  const renewal = await db.selectFrom('renewals').select(['stage', 'annual_value']).where('organization_id', '=', organizationId).where('id', '=', change.renewalId).executeTakeFirst();
  if (!renewal) throw new InvalidInputError(`no renewal "${change.renewalId}" (see coterm renewals)`, 'renewal');
  const refusal = stageChangeRefusal(renewal.stage as RenewalStage, change.stage);
  if (refusal) throw new InvalidInputError(refusal, 'stage');
  const closing = isClosed(change.stage);
  await db
    .updateTable('renewals')
    .set({
      stage: change.stage,
      ...(closing ? { closed_on: change.on, closed_annual_value: change.stage === 'won' ? (change.closedAnnualValue ?? renewal.annual_value) : '0' } : {}),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', change.renewalId)
    .execute();
  if (closing) await db.updateTable('renewal_tasks').set({ status: 'cancelled' }).where('organization_id', '=', organizationId).where('renewal_id', '=', change.renewalId).where('status', '=', 'open').execute();
  await db
    .insertInto('renewal_stage_changes')
    .values({ organization_id: organizationId, renewal_id: change.renewalId, stage: change.stage, on_date: change.on, actor: change.actor, reason: change.reason })
    .onConflict((conflict) => conflict.columns(['organization_id', 'renewal_id', 'stage', 'on_date']).doUpdateSet({ actor: change.actor, reason: change.reason }))
    .execute();
  await audit(db, organizationId, change.actor, 'renewal.stage', change.renewalId, { stage: change.stage, on: change.on, reason: change.reason });
}

/** Marks a renewal task done. */
export async function completeRenewalTask(db: Kysely<Schema>, organizationId: string, done: { renewalId: string; kind: TaskKind; on: string; actor: string }): Promise<void> {
  const result = await db
    .updateTable('renewal_tasks')
    .set({ status: 'done', completed_on: done.on })
    .where('organization_id', '=', organizationId)
    .where('renewal_id', '=', done.renewalId)
    .where('kind', '=', done.kind)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new InvalidInputError(`renewal "${done.renewalId}" has no open ${done.kind} task (see coterm renewal tasks)`, 'task');
  await audit(db, organizationId, done.actor, 'renewal.task_done', done.renewalId, { kind: done.kind, on: done.on });
}

async function audit(db: Kysely<Schema>, organizationId: string, actor: string, action: string, renewalId: string, details: object): Promise<void> {
  await writeAudit(db, organizationId, actor, action, 'renewal', renewalId, details);
}
