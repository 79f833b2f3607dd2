import { type Kysely } from 'kysely';
import { type Schema } from './schema.ts';

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly details: unknown;
}

export interface AuditFilter {
  readonly entityType?: string;
  readonly entityId?: string;
  readonly actor?: string;
  readonly limit: number;
  readonly offset: number;
}

/** Written in the same transaction as the change it records; the organization's data version moves with it. */
export async function writeAudit(db: Kysely<Schema>, organizationId: string, actor: string, action: string, entityType: string, entityId: string, details: unknown = {}): Promise<void> {
  await db.insertInto('audit_log').values({ organization_id: organizationId, actor, action, entity_type: entityType, entity_id: entityId, details: JSON.stringify(details) }).execute();
  await db.updateTable('organizations').set((eb) => ({ data_version: eb('data_version', '+', '1') })).where('id', '=', organizationId).execute();
}

/** Newest first. */
export async function listAudit(db: Kysely<Schema>, organizationId: string, filter: AuditFilter): Promise<{ items: AuditEntry[]; total: number }> {
  let query = db.selectFrom('audit_log').where('organization_id', '=', organizationId);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => ({ id: row.id, at: row.at, actor: row.actor, action: row.action, entityType: row.entity_type, entityId: row.entity_id, details: row.details })),
    total: Number(count.total),
  };
}
