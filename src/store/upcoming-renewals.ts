import { type Store } from './store.ts';

export interface UpcomingRenewal {
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly subscriptionId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly termEnd: string;
  readonly autoRenew: boolean | null;
}

/** Subscriptions active on `from` whose term ends within `days` days, soonest first. */
export async function upcomingRenewals(store: Store, organizationId: string, from: string, until: string, limit = 20): Promise<UpcomingRenewal[]> {
  const rows = await store.db
    .selectFrom('subscription_versions as v')
    .innerJoin('subscriptions as s', (join) => join.onRef('s.organization_id', '=', 'v.organization_id').onRef('s.id', '=', 'v.subscription_id'))
    .leftJoin('accounts as a', (join) => join.onRef('a.organization_id', '=', 's.organization_id').onRef('a.id', '=', 's.account_id'))
    .select(['s.account_id', 'a.name', 'v.subscription_id', 'v.product_name', 'v.quantity', 'v.term_end', 'v.auto_renew'])
    .where('v.organization_id', '=', organizationId)
    .where('v.status', '=', 'active')
    .where('v.valid_from', '<=', from)
    .where((eb) => eb.or([eb('v.valid_to', 'is', null), eb('v.valid_to', '>', from)]))
    .where('v.term_end', '>=', from)
    .where('v.term_end', '<=', until)
    .orderBy('v.term_end')
    .orderBy('a.name')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    accountId: row.account_id,
    accountName: row.name,
    subscriptionId: row.subscription_id,
    productName: row.product_name,
    quantity: row.quantity,
    termEnd: row.term_end ?? '',
    autoRenew: row.auto_renew,
  }));
}
