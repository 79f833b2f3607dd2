import { type Kysely, sql } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { type LedgerEvent, type LedgerEventType } from '../domain/ledger/events.ts';
import { type CadenceDecisions, type TrackedRenewal } from '../domain/renewal/cadence-day.ts';
import { type TaskKind } from '../domain/renewal/policy.ts';
import { type RenewalEvent } from '../domain/renewal/renewal-event.ts';
import { type RenewalStage } from '../domain/renewal/stages.ts';
import { type Schema } from './schema.ts';
import { groupBy } from '../domain/group-by.ts';

const ACTOR = 'cadence';

/** Renewals not yet closed, and every renewal dated `from` or later: what the day's scan compares against. */
export async function trackedRenewals(db: Kysely<Schema>, organizationId: string, from: string): Promise<Map<string, TrackedRenewal>> {
  const renewals = await db
    .selectFrom('renewals')
    .select(['id', 'account_id', 'renewal_date', 'stage', 'subscription_ids', 'pack_generated_on', 'health_score', 'health_band', 'owner'])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('renewal_date', '>=', from)]))
    .execute();
  const ids = renewals.map((renewal) => renewal.id);
  // One after the other: inside a transaction the connection runs one query at a time.
  const tasks = ids.length === 0 ? [] : await db.selectFrom('renewal_tasks').select(['renewal_id', 'kind', 'status', 'assignee', 'due_on', 'escalated_on', 'escalated_to']).where('organization_id', '=', organizationId).where('renewal_id', 'in', ids).execute();
  const notices = ids.length === 0 ? [] : await db.selectFrom('notices').select(['renewal_id', 'id']).where('organization_id', '=', organizationId).where('kind', '=', 'renewal_notice').where('renewal_id', 'in', ids).execute();
  const tasksOf = groupBy(tasks, (task) => task.renewal_id);
  const noticesOf = groupBy(notices, (notice) => notice.renewal_id ?? '');
  return new Map(
    renewals.map((renewal) => [
      renewal.id,
      {
        id: renewal.id,
        accountId: renewal.account_id,
        date: CalendarDate.parse(renewal.renewal_date),
        stage: renewal.stage as RenewalStage,
        subscriptionIds: renewal.subscription_ids as string[],
        hasPack: renewal.pack_generated_on !== null,
        healthScore: renewal.health_score,
        healthBand: renewal.health_band,
        owner: renewal.owner,
        tasks: (tasksOf.get(renewal.id) ?? []).map((task) => ({
          kind: task.kind as TaskKind,
          status: task.status,
          assignee: task.assignee,
          dueOn: CalendarDate.parse(task.due_on),
          escalated: task.escalated_on !== null,
          escalatedTo: task.escalated_to,
        })),
        notices: new Set((noticesOf.get(renewal.id) ?? []).map((notice) => Number(/:T-(\d+)$/.exec(notice.id)?.[1]))),
      },
    ]),
  );
}

/** The ledger events of the given subscriptions that have scheduled next-term instructions at all. */
export async function instructionEvents(db: Kysely<Schema>, organizationId: string, subscriptionIds: readonly string[]): Promise<Map<string, LedgerEvent[]>> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('subscription_events as e')
    .select(['e.id', 'e.subscription_id', 'e.effective_date', 'e.type', 'e.payload'])
    .where('e.organization_id', '=', organizationId)
    .where(
      'e.subscription_id',
      'in',
      db.selectFrom('subscription_events as i').select('i.subscription_id').where('i.organization_id', '=', organizationId).where('i.type', '=', 'scheduled_instructions').where('i.subscription_id', 'in', subscriptionIds),
    )
    .orderBy('e.subscription_id')
    .orderBy('e.effective_date')
    .orderBy('e.id')
    .execute();
  const events = new Map<string, LedgerEvent[]>();
  for (const row of rows) {
    const list = events.get(row.subscription_id) ?? [];
    list.push({ effectiveDate: row.effective_date, type: row.type as LedgerEventType, payload: row.payload as LedgerEvent['payload'], sequence: Number(row.id) });
    events.set(row.subscription_id, list);
  }
  return events;
}

/** Writes a day's decisions (packs are stored apart, see storePacks). Every insert is keyed, so a repeated day adds nothing. */
export async function applyCadenceDecisions(db: Kysely<Schema>, organizationId: string, asOf: string, decisions: CadenceDecisions): Promise<void> {
  const org = organizationId;
  const primary = (event: RenewalEvent) => event.values[0];
  if (decisions.newRenewals.length > 0) {
    for (const chunk of chunks(decisions.newRenewals)) await db
      .insertInto('renewals')
      .values(
        chunk.map((event) => ({
          organization_id: org,
          id: event.id,
          account_id: event.accountId,
          renewal_date: event.date.toString(),
          subscription_ids: JSON.stringify(event.subscriptionIds),
          not_renewing: JSON.stringify(event.notRenewing),
          currency: primary(event)?.currency ?? null,
          monthly_value: primary(event)?.monthly.toString() ?? '0',
          annual_value: primary(event)?.annual.toString() ?? '0',
          owner: event.owner,
          identified_on: asOf,
        })),
      )
      .onConflict((conflict) => conflict.columns(['organization_id', 'id']).doNothing())
      .execute();
    await insertStageChanges(db, org, decisions.newRenewals.map((event) => ({ renewalId: event.id, stage: 'identified', reason: 'entered the renewal horizon' })), asOf);
  }
  if (decisions.changedRenewals.length > 0) {
    const changed = decisions.changedRenewals;
    await sql`
      UPDATE renewals r SET subscription_ids = v.subscription_ids, not_renewing = v.not_renewing, currency = v.currency, monthly_value = v.monthly_value, annual_value = v.annual_value
        FROM unnest(${changed.map((event) => event.id)}::text[], ${changed.map((event) => JSON.stringify(event.subscriptionIds))}::jsonb[], ${changed.map((event) => JSON.stringify(event.notRenewing))}::jsonb[],
                    ${changed.map((event) => primary(event)?.currency ?? null)}::text[], ${changed.map((event) => primary(event)?.monthly.toString() ?? '0')}::numeric[],
                    ${changed.map((event) => primary(event)?.annual.toString() ?? '0')}::numeric[]) AS v(id, subscription_ids, not_renewing, currency, monthly_value, annual_value)
       WHERE r.organization_id = ${org} AND r.id = v.id`.execute(db);
  }
  if (decisions.health.length > 0) {
    const { health } = decisions;
    await sql`
      UPDATE renewals r SET health_score = v.score, health_band = v.band, at_risk = v.at_risk
        FROM unnest(${health.map((row) => row.renewalId)}::text[], ${health.map((row) => row.score)}::integer[], ${health.map((row) => row.band)}::text[], ${health.map((row) => row.atRisk)}::boolean[]) AS v(id, score, band, at_risk)
       WHERE r.organization_id = ${org} AND r.id = v.id`.execute(db);
  }
  if (decisions.tasks.length > 0) {
    for (const chunk of chunks(decisions.tasks)) await db
      .insertInto('renewal_tasks')
      .values(chunk.map((task) => ({ organization_id: org, renewal_id: task.renewalId, kind: task.kind, assignee: task.assignee, reason: task.reason, created_on: asOf, due_on: task.dueOn.toString() })))
      .onConflict((conflict) => conflict.columns(['organization_id', 'renewal_id', 'kind']).doNothing())
      .execute();
  }
  if (decisions.notices.length > 0) {
    for (const chunk of chunks(decisions.notices)) await db
      .insertInto('notices')
      .values(
        chunk.map((notice) => ({
          organization_id: org,
          id: notice.id,
          renewal_id: notice.renewalId,
          kind: notice.kind,
          due_on: asOf,
          recipient: notice.recipient,
          subject: notice.subject,
          body: notice.body,
          status: notice.status,
        })),
      )
      .onConflict((conflict) => conflict.columns(['organization_id', 'id']).doNothing())
      .execute();
  }
  if (decisions.escalations.length > 0) {
    const { escalations } = decisions;
    await sql`
      UPDATE renewal_tasks t SET escalated_on = ${asOf}, escalated_to = v.escalated_to
        FROM unnest(${escalations.map((row) => row.renewalId)}::text[], ${escalations.map((row) => row.kind)}::text[], ${escalations.map((row) => row.to)}::text[]) AS v(renewal_id, kind, escalated_to)
       WHERE t.organization_id = ${org} AND t.renewal_id = v.renewal_id AND t.kind = v.kind AND t.escalated_on IS NULL`.execute(db);
  }
  if (decisions.warnings.length > 0) {
    for (const chunk of chunks(decisions.warnings)) await db
      .insertInto('renewal_warnings')
      .values(chunk.map((warning) => ({ organization_id: org, code: warning.code, subject_id: warning.subjectId, account_id: warning.accountId, message: warning.message, first_seen_on: asOf, last_seen_on: asOf })))
      .onConflict((conflict) => conflict.columns(['organization_id', 'code', 'subject_id']).doUpdateSet((eb) => ({ message: eb.ref('excluded.message'), last_seen_on: eb.ref('excluded.last_seen_on') })))
      .execute();
  }
  if (decisions.closings.length > 0) {
    const { closings } = decisions;
    const ids = closings.map((closing) => closing.renewalId);
    await sql`
      UPDATE renewals r SET stage = v.outcome, closed_on = ${asOf}, closed_annual_value = v.annual_value
        FROM unnest(${ids}::text[], ${closings.map((closing) => closing.outcome)}::text[], ${closings.map((closing) => closing.annualValue.toString())}::numeric[]) AS v(id, outcome, annual_value)
       WHERE r.organization_id = ${org} AND r.id = v.id AND r.closed_on IS NULL`.execute(db);
    await sql`UPDATE renewal_tasks SET status = 'cancelled' WHERE organization_id = ${org} AND renewal_id = ANY(${ids}::text[]) AND status = 'open'`.execute(db);
    await insertStageChanges(db, org, closings.map((closing) => ({ renewalId: closing.renewalId, stage: closing.outcome, reason: closing.reason })), asOf);
  }
}

/** Packs per INSERT: a pack is tens of kilobytes, and the embedded database gains little from larger statements. */
const PACKS_PER_INSERT = 20;

/** Stores packs (already JSON) of tracked renewals and moves those renewals to pack_ready; a pack already stored is kept. */
export async function storePacks(db: Kysely<Schema>, organizationId: string, asOf: string, packs: readonly { readonly renewalId: string; readonly json: string }[]): Promise<void> {
  if (packs.length === 0) return;
  for (let start = 0; start < packs.length; start += PACKS_PER_INSERT) {
    await db
      .insertInto('renewal_packs')
      .values(packs.slice(start, start + PACKS_PER_INSERT).map((pack) => ({ organization_id: organizationId, renewal_id: pack.renewalId, generated_on: asOf, content: pack.json })))
      .onConflict((conflict) => conflict.columns(['organization_id', 'renewal_id']).doNothing())
      .execute();
  }
  const ids = packs.map((pack) => pack.renewalId);
  await sql`
    UPDATE renewals SET pack_generated_on = ${asOf}, forecast_annual_value = annual_value, stage = CASE WHEN stage = 'identified' THEN 'pack_ready' ELSE stage END
     WHERE organization_id = ${organizationId} AND id = ANY(${ids}::text[]) AND pack_generated_on IS NULL`.execute(db);
  await insertStageChanges(db, organizationId, ids.map((renewalId) => ({ renewalId, stage: 'pack_ready', reason: 'renewal pack generated' })), asOf);
}

async function insertStageChanges(db: Kysely<Schema>, organizationId: string, changes: readonly { renewalId: string; stage: string; reason: string }[], asOf: string): Promise<void> {
  for (const chunk of chunks(changes)) await db
    .insertInto('renewal_stage_changes')
    .values(chunk.map((change) => ({ organization_id: organizationId, renewal_id: change.renewalId, stage: change.stage, on_date: asOf, actor: ACTOR, reason: change.reason })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
const ROWS_PER_INSERT = 2000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += ROWS_PER_INSERT) result.push(items.slice(start, start + ROWS_PER_INSERT));
  return result;
}
