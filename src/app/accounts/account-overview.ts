import { type Kysely } from 'kysely';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { findAccount, type AccountRecord } from '../../store/account-records.ts';
import { loadFindings, type StoredFinding } from '../../store/finding-records.ts';
import { loadInvoices } from '../../store/invoice-records.ts';
import { LedgerQueries, type SubscriptionState } from '../../store/ledger-repository.ts';
import { listQuotes, type QuoteSummary } from '../../store/quote-records.ts';
import { type Schema } from '../../store/schema.ts';
import { type Store } from '../../store/store.ts';
import { listTasks, type TaskListRow } from '../../store/task-list.ts';
import { type InvoiceSummary, summarize } from '../billing/invoice-summary.ts';
import { NotFoundError } from '../errors.ts';

export interface AccountRenewal {
  readonly id: string;
  readonly date: string;
  readonly stage: string;
  readonly annualValue: string;
  readonly currency: string | null;
  readonly healthBand: string | null;
  readonly owner: string;
  readonly hasPack: boolean;
}

/** What an account manager opens: the account, what it has today, its renewals, tasks, invoices, findings and quotes. */
export interface AccountOverview {
  readonly account: AccountRecord;
  readonly on: string;
  readonly subscriptions: readonly SubscriptionState[];
  readonly renewals: readonly AccountRenewal[];
  readonly openTasks: readonly TaskListRow[];
  readonly invoices: readonly InvoiceSummary[];
  readonly openFindings: readonly StoredFinding[];
  readonly quotes: readonly QuoteSummary[];
}

export async function accountOverview(store: Store, organizationId: string, accountId: string, on: CalendarDate): Promise<AccountOverview> {
  const { db } = store;
  const account = await findAccount(db, organizationId, accountId);
  if (!account) throw new NotFoundError(`no account "${accountId}"`, 'id');
  return {
    account,
    on: on.toString(),
    subscriptions: await new LedgerQueries(store).accountOn(organizationId, accountId, on.toString()),
    renewals: await accountRenewals(db, organizationId, accountId),
    openTasks: await listTasks(db, organizationId, { accountId }),
    invoices: (await loadInvoices(db, organizationId, { accountId })).map(summarize),
    openFindings: await loadFindings(db, organizationId, { accountId, status: 'open' }),
    quotes: await listQuotes(db, organizationId, { accountId }),
  };
}

async function accountRenewals(db: Kysely<Schema>, organizationId: string, accountId: string): Promise<AccountRenewal[]> {
  const rows = await db
    .selectFrom('renewals')
    .select(['id', 'renewal_date', 'stage', 'annual_value', 'currency', 'health_band', 'owner', 'pack_generated_on'])
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .orderBy('renewal_date')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    date: row.renewal_date,
    stage: row.stage,
    annualValue: row.annual_value,
    currency: row.currency,
    healthBand: row.health_band,
    owner: row.owner,
    hasPack: row.pack_generated_on !== null,
  }));
}
