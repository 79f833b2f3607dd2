import { type Kysely } from 'kysely';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { roundMoney } from '../../domain/renewal/round-money.ts';
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
  /** Seats of each product at the end of each of the last 12 months (the last one: `on`). */
  readonly seatHistory: readonly { readonly month: string; readonly seats: Readonly<Record<string, number>> }[];
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
  const ledger = new LedgerQueries(store);
  return {
    account,
    on: on.toString(),
    subscriptions: await ledger.accountOn(organizationId, accountId, on.toString()),
    seatHistory: await seatHistory(ledger, organizationId, accountId, on),
    renewals: await accountRenewals(db, organizationId, accountId),
    openTasks: await listTasks(db, organizationId, { accountId }),
    invoices: (await loadInvoices(db, organizationId, { accountId })).map(summarize),
    openFindings: await loadFindings(db, organizationId, { accountId, status: 'open' }),
    quotes: await listQuotes(db, organizationId, { accountId }),
  };
}

const SEAT_HISTORY_MONTHS = 12;
const LIVE = new Set(['active', 'extendedServiceTerm']);

async function seatHistory(ledger: LedgerQueries, organizationId: string, accountId: string, on: CalendarDate): Promise<AccountOverview['seatHistory']> {
  const history: { month: string; seats: Record<string, number> }[] = [];
  for (let back = SEAT_HISTORY_MONTHS - 1; back >= 0; back -= 1) {
    const day = back === 0 ? on : on.addMonths(-back).lastDayOfMonth();
    const seats: Record<string, number> = {};
    for (const state of await ledger.accountOn(organizationId, accountId, day.toString())) {
      if (LIVE.has(state.status)) seats[state.productName] = (seats[state.productName] ?? 0) + state.quantity;
    }
    history.push({ month: day.toString().slice(0, 7), seats });
  }
  return history;
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
    // Stored with the monthly value's 4 decimals; shown, like the board, in the currency's minor units.
    annualValue: row.currency ? roundMoney(Decimal.parse(row.annual_value), row.currency).toString() : row.annual_value,
    currency: row.currency,
    healthBand: row.health_band,
    owner: row.owner,
    hasPack: row.pack_generated_on !== null,
  }));
}
