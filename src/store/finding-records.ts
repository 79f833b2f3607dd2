import { writeAudit } from './audit-log.ts';
import { type Kysely, sql } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type Coverage, type Finding, type FindingCategory } from '../domain/reconcile/model.ts';
import { type Schema } from './schema.ts';
import { type SqlConnection } from './sql-connection.ts';
import { StagingTable } from './staging.ts';

export type FindingStatus = 'open' | 'accepted' | 'dismissed';

/** A finding as stored: the difference, whose it is, and what people decided about it. */
export interface StoredFinding extends Finding {
  readonly id: number;
  readonly period: string;
  readonly accountId: string | null;
  readonly status: FindingStatus;
  readonly statusReason: string | null;
  readonly statusBy: string | null;
  /** False once a later run of the month no longer finds it. */
  readonly stillFound: boolean;
}

/** The same difference found again (category, subscription, first day) keeps its key, and so its status. */
export function findingKey(finding: Finding): string {
  return `${finding.category}|${finding.subscriptionId.toLowerCase()}|${finding.from.toString()}`;
}

const FINDING_COLUMNS = [
  'finding_key', 'category', 'account_id', 'customer_id', 'subscription_id', 'product_name', 'from_date', 'until_date', 'direction',
  'microsoft_seats', 'invoiced_seats', 'impact', 'annualised', 'currency', 'explanation', 'suggestion', 'evidence',
] as const;

/** Figures a later run brings to a finding found before (its key, status and first run stay). */
const UPDATED_COLUMNS = FINDING_COLUMNS.filter((column) => column !== 'finding_key' && column !== 'category' && column !== 'customer_id' && column !== 'subscription_id' && column !== 'from_date');

/**
 * Stores a run and its findings. A finding found before keeps its id and
 * status and gets the new figures; one no longer found is marked so
 * (never deleted: its decision is history). The findings go in with COPY
 * through a staging table: a month of a large portfolio has thousands.
 */
export async function recordRun(
  { db, connection }: { readonly db: Kysely<Schema>; readonly connection: SqlConnection },
  organizationId: string,
  run: { readonly period: string; readonly source: 'coterm' | 'psa'; readonly actor: string; readonly coverage: Coverage; readonly findings: readonly (Finding & { readonly accountId: string | null })[] },
): Promise<number> {
  const inserted = await db
    .insertInto('reconciliation_runs')
    .values({ organization_id: organizationId, period: run.period, invoiced_source: run.source, actor: run.actor, coverage: JSON.stringify(run.coverage), findings: run.findings.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  const runId = inserted.id;
  await writeAudit(db, organizationId, run.actor, 'reconciliation.run', 'reconciliation_run', runId, { period: run.period, source: run.source, findings: run.findings.length });
  const staged = new StagingTable(connection, 'staged_findings', FINDING_COLUMNS.map((column) => `${column} ${column === 'evidence' ? 'jsonb' : 'text'}`).join(', '), FINDING_COLUMNS);
  const unique = new Map(run.findings.map((finding) => [findingKey(finding), finding]));
  for (const [key, finding] of unique) {
    await staged.add([
      key,
      finding.category,
      finding.accountId,
      finding.customerId,
      finding.subscriptionId,
      finding.productName ?? null,
      finding.from.toString(),
      finding.until.toString(),
      finding.direction,
      finding.microsoftSeats,
      finding.invoicedSeats,
      finding.impact.toString(),
      finding.annualised.toString(),
      finding.currency ?? null,
      finding.explanation,
      finding.suggestion,
      JSON.stringify(finding.evidence),
    ]);
  }
  await staged.flush();
  const casts: Readonly<Record<string, string>> = { from_date: '::date', until_date: '::date', microsoft_seats: '::integer', invoiced_seats: '::integer', impact: '::numeric', annualised: '::numeric' };
  const selected = FINDING_COLUMNS.map((column) => `${column}${casts[column] ?? ''}`).join(', ');
  await connection.query(
    `INSERT INTO reconciliation_findings (organization_id, period, first_run_id, last_run_id, ${FINDING_COLUMNS.join(', ')})
     SELECT $1, $2, $3, $3, ${selected} FROM staged_findings
     ON CONFLICT (organization_id, period, finding_key) DO UPDATE SET ${UPDATED_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ')}, last_run_id = excluded.last_run_id, still_found = true`,
    [organizationId, run.period, runId],
  );
  await db.updateTable('reconciliation_findings').set({ still_found: false }).where('organization_id', '=', organizationId).where('period', '=', run.period).where('last_run_id', '<>', runId).execute();
  return Number(runId);
}

export interface FindingFilter {
  readonly period?: string;
  readonly status?: FindingStatus;
  readonly category?: FindingCategory;
  readonly accountId?: string;
  /** Include the ones a later run no longer found (default: only those still found). */
  readonly includeGone?: boolean;
}

export async function loadFindings(db: Kysely<Schema>, organizationId: string, filter: FindingFilter = {}): Promise<StoredFinding[]> {
  let query = db.selectFrom('reconciliation_findings').selectAll().where('organization_id', '=', organizationId);
  if (filter.period) query = query.where('period', '=', filter.period);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.accountId) query = query.where('account_id', '=', filter.accountId);
  if (!filter.includeGone) query = query.where('still_found', '=', true);
  const rows = await query.orderBy(sql`impact DESC`).orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    period: row.period,
    accountId: row.account_id,
    category: row.category as FindingCategory,
    customerId: row.customer_id,
    subscriptionId: row.subscription_id,
    productName: row.product_name ?? undefined,
    from: CalendarDate.parse(row.from_date),
    until: CalendarDate.parse(row.until_date),
    microsoftSeats: row.microsoft_seats,
    invoicedSeats: row.invoiced_seats,
    direction: row.direction,
    impact: Decimal.parse(row.impact),
    annualised: Decimal.parse(row.annualised),
    currency: row.currency ?? undefined,
    explanation: row.explanation,
    suggestion: row.suggestion,
    evidence: row.evidence as Finding['evidence'],
    status: row.status,
    statusReason: row.status_reason,
    statusBy: row.status_by,
    stillFound: row.still_found,
  }));
}

/** Accepts (the correction will be made) or dismisses (not a leak, with the reason) a finding; reopening clears the reason. */
export async function setFindingStatus(db: Kysely<Schema>, organizationId: string, id: number, status: FindingStatus, reason: string | null, actor: string): Promise<void> {
  if (status !== 'open' && !reason?.trim()) throw new InvalidInputError(`a finding is ${status} with a reason`, 'reason');
  const updated = await db
    .updateTable('reconciliation_findings')
    .set({ status, status_reason: status === 'open' ? null : reason, status_by: actor, status_at: sql<string>`now()` })
    .where('organization_id', '=', organizationId)
    .where('id', '=', String(id))
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new InvalidInputError(`no finding ${id}`, 'finding');
  await writeAudit(db, organizationId, actor, `finding.${status}`, 'finding', String(id), { reason });
}
