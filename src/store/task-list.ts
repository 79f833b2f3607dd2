import { type Kysely } from 'kysely';
import { type Schema } from './schema.ts';

export interface TaskListFilter {
  readonly owner?: string;
  readonly accountId?: string;
  /** Done and cancelled tasks too (default: open ones only). */
  readonly all?: boolean;
}

export interface TaskListRow {
  readonly renewalId: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly renewalDate: string;
  readonly kind: string;
  readonly assignee: string;
  readonly dueOn: string;
  readonly status: string;
  readonly escalatedTo: string | null;
  readonly reason: string;
}

/** Renewal tasks, most urgent first. */
export async function listTasks(db: Kysely<Schema>, organizationId: string, filter: TaskListFilter = {}): Promise<TaskListRow[]> {
  let query = db
    .selectFrom('renewal_tasks as t')
    .innerJoin('renewals as r', (join) => join.onRef('r.organization_id', '=', 't.organization_id').onRef('r.id', '=', 't.renewal_id'))
    .innerJoin('accounts as a', (join) => join.onRef('a.organization_id', '=', 'r.organization_id').onRef('a.id', '=', 'r.account_id'))
    .select(['t.renewal_id', 'r.account_id', 'a.name', 'r.renewal_date', 't.kind', 't.assignee', 't.due_on', 't.status', 't.escalated_to', 't.reason'])
    .where('t.organization_id', '=', organizationId);
  if (!filter.all) query = query.where('t.status', '=', 'open');
  if (filter.owner) query = query.where('t.assignee', '=', filter.owner);
  if (filter.accountId) query = query.where('r.account_id', '=', filter.accountId);
  const rows = await query.orderBy('t.due_on').orderBy('t.renewal_id').execute();
  return rows.map((row) => ({
    renewalId: row.renewal_id,
    accountId: row.account_id,
    accountName: row.name,
    renewalDate: row.renewal_date,
    kind: row.kind,
    assignee: row.assignee,
    dueOn: row.due_on,
    status: row.status,
    escalatedTo: row.escalated_to,
    reason: row.reason,
  }));
}
