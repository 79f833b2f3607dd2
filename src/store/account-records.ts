import { type Kysely, sql } from 'kysely';
import { type Schema } from './schema.ts';

export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly country: string | null;
  readonly parentAccountId: string | null;
  /** Subscriptions the ledger holds for the account, whatever their status. */
  readonly subscriptionCount: number;
}

export async function listAccounts(db: Kysely<Schema>, organizationId: string, filter: { readonly id?: string } = {}): Promise<AccountRecord[]> {
  let query = db
    .selectFrom('accounts as a')
    .select(['a.id', 'a.name', 'a.domain', 'a.country', 'a.parent_account_id'])
    .select((eb) => eb.selectFrom('subscriptions as s').whereRef('s.organization_id', '=', 'a.organization_id').whereRef('s.account_id', '=', 'a.id').select(sql<string>`count(*)`.as('n')).as('subscriptions'))
    .where('a.organization_id', '=', organizationId);
  if (filter.id) query = query.where('a.id', '=', filter.id);
  const rows = await query.orderBy('a.name').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, domain: row.domain, country: row.country, parentAccountId: row.parent_account_id, subscriptionCount: Number(row.subscriptions ?? 0) }));
}

export async function findAccount(db: Kysely<Schema>, organizationId: string, id: string): Promise<AccountRecord | undefined> {
  return (await listAccounts(db, organizationId, { id }))[0];
}
