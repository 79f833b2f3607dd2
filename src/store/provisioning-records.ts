import { type Kysely } from 'kysely';
import { type ProvisioningAction } from '../domain/provisioning/plan.ts';
import { type Schema } from './schema.ts';

export interface StoredPlan {
  readonly id: string;
  readonly quoteId: string;
  readonly accountId: string;
  readonly status: 'review' | 'done' | 'failed';
  readonly actions: readonly ProvisioningAction[];
  readonly createdAt: string;
}

export interface ActionResult {
  readonly actionId: string;
  readonly status: 'previewed' | 'done' | 'skipped' | 'failed';
  readonly detail: string;
  readonly requests: readonly unknown[];
}

export interface StoredRun {
  readonly id: string;
  readonly dryRun: boolean;
  readonly approved: readonly string[];
  readonly results: readonly ActionResult[];
  readonly status: 'previewed' | 'done' | 'failed';
  readonly actor: string;
  readonly at: string;
}

export async function insertPlan(db: Kysely<Schema>, organizationId: string, plan: { id: string; quoteId: string; accountId: string; actions: readonly ProvisioningAction[] }): Promise<void> {
  await db.insertInto('provisioning_plans').values({ organization_id: organizationId, id: plan.id, quote_id: plan.quoteId, account_id: plan.accountId, actions: JSON.stringify(plan.actions) }).execute();
}

export async function listPlans(db: Kysely<Schema>, organizationId: string, filter: { accountId?: string } = {}): Promise<StoredPlan[]> {
  let query = db.selectFrom('provisioning_plans').selectAll().where('organization_id', '=', organizationId);
  if (filter.accountId) query = query.where('account_id', '=', filter.accountId);
  const rows = await query.orderBy('created_at', 'desc').execute();
  return rows.map((row) => ({ id: row.id, quoteId: row.quote_id, accountId: row.account_id, status: row.status, actions: row.actions as ProvisioningAction[], createdAt: row.created_at }));
}

export async function findPlan(db: Kysely<Schema>, organizationId: string, id: string): Promise<(StoredPlan & { runs: StoredRun[] }) | undefined> {
  const row = await db.selectFrom('provisioning_plans').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const runs = await db.selectFrom('provisioning_runs').selectAll().where('organization_id', '=', organizationId).where('plan_id', '=', id).orderBy('id').execute();
  return {
    id: row.id,
    quoteId: row.quote_id,
    accountId: row.account_id,
    status: row.status,
    actions: row.actions as ProvisioningAction[],
    createdAt: row.created_at,
    runs: runs.map((run) => ({ id: run.id, dryRun: run.dry_run, approved: run.approved as string[], results: run.results as ActionResult[], status: run.status, actor: run.actor, at: run.at })),
  };
}

/** Records a run and what it leaves the plan at: done when every Partner Center action is, failed after a refusal, else under review. */
export async function recordRun(db: Kysely<Schema>, organizationId: string, planId: string, run: Omit<StoredRun, 'id' | 'at'>, planStatus: StoredPlan['status']): Promise<void> {
  await db
    .insertInto('provisioning_runs')
    .values({ organization_id: organizationId, plan_id: planId, dry_run: run.dryRun, approved: JSON.stringify(run.approved), results: JSON.stringify(run.results), status: run.status, actor: run.actor })
    .execute();
  await db.updateTable('provisioning_plans').set({ status: planStatus }).where('organization_id', '=', organizationId).where('id', '=', planId).execute();
}
