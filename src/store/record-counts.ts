import { sql } from 'kysely';
import { type Store } from './store.ts';

/** Tables counted by `coterm status`, under the names users know them by. */
const COUNTED = {
  accounts: 'accounts',
  billingEntities: 'billing_entities',
  tenants: 'tenants',
  catalogItems: 'catalog_items',
  priceListRows: 'price_list_rows',
  subscriptions: 'subscriptions',
  ledgerEvents: 'subscription_events',
  subscriptionVersions: 'subscription_versions',
  usageSignals: 'usage_signals',
  externalIds: 'external_ids',
  billedLines: 'billed_lines',
  psaContractLines: 'psa_contract_lines',
  imports: 'imports',
  invoices: 'invoices',
  auditLog: 'audit_log',
} as const;

export type RecordCounts = Record<keyof typeof COUNTED | 'unmappedOpen', number> & { subscriptionsByKind: Record<string, number> };

/** How many records of each kind an organization has. */
export async function countRecords(store: Store, organizationId: string): Promise<RecordCounts> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(COUNTED)) {
    const row = await sql<{ count: string }>`SELECT count(*) AS count FROM ${sql.table(table)} WHERE organization_id = ${organizationId}`.execute(store.db);
    counts[name] = Number(row.rows[0]?.count ?? 0);
  }
  const unmapped = await store.db
    .selectFrom('unmapped_records')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  const byKind = await store.db
    .selectFrom('subscriptions')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('count')])
    .where('organization_id', '=', organizationId)
    .groupBy('kind')
    .orderBy('kind')
    .execute();
  return {
    ...(counts as Record<keyof typeof COUNTED, number>),
    unmappedOpen: Number(unmapped?.count ?? 0),
    subscriptionsByKind: Object.fromEntries(byKind.map((row) => [row.kind, Number(row.count)])),
  };
}
