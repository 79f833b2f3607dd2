import { type ImportContext, type ImportSink, type SinkRejection } from '../../app/imports/import-format.ts';
import { clientKey } from '../../domain/mapping/client-key.ts';
import { type AccountRef, matchAccount } from '../../domain/mapping/match.ts';
import { type FileRecord } from '../../imports/record-file.ts';
import { type UsageRow } from '../../imports/usage/usage-format.ts';
import { AccountMapper } from '../account-mapping.ts';
import { type SqlConnection } from '../sql-connection.ts';
import { StagingTable } from '../staging.ts';
import { type StoreTransaction } from '../store.ts';

const STAGED_COLUMNS = ['line_number', 'location', 'client', 'subscription_id', 'kind', 'period_start', 'period_end', 'value', 'capacity', 'category'] as const;
const STAGED_DEFINITION =
  'line_number integer, location text, client text, subscription_id text, kind text, period_start date, period_end date, value numeric, capacity numeric, category text';

/** The columns a re-measured period may change. */
const MEASURED = ['period_end', 'value', 'capacity'] as const;

/**
 * Writes usage and ticket signals, one per (account, signal, period start,
 * category, subscription): the same measurement again is a duplicate, a
 * different one replaces it (the period was measured again). Every row's
 * client must be an account (by id, or by a confident name match): usage of
 * an unknown client cannot be stored, so such rows are rejected, each with
 * the client it names (refusing the file unless bad rows are skipped).
 */
export function openUsageSink({ connection }: StoreTransaction, context: ImportContext): ImportSink<UsageRow> {
  const staged = new StagingTable(connection, 'staged_usage_signals', STAGED_DEFINITION, STAGED_COLUMNS);
  const org = context.organizationId;
  let added = 0;
  return {
    async add(row: UsageRow, record: FileRecord) {
      // No queries here: the staging COPY may hold the connection until `finish`.
      added += 1;
      await staged.add([
        record.line, record.location, row.client, row.subscriptionId, row.kind, row.periodStart.toString(), row.periodEnd.toString(),
        row.value.toString(), row.capacity?.toString(), row.category,
      ]);
    },
    async finish() {
      await staged.flush();
      const clients = new UsageClients(connection, org, context.importId);
      const names = await connection.query<{ client: string }>('SELECT DISTINCT client FROM staged_usage_signals ORDER BY client');
      const accounts = new Map<string, string>();
      const unknown = new Map<string, string>();
      for (const { client } of names.rows) {
        const answer = await clients.accountOf(client);
        if (typeof answer === 'string') accounts.set(client, answer);
        else unknown.set(client, answer.reason);
      }
      const rejected = unknown.size > 0 ? await unknownClientRows(connection, unknown) : [];
      // The last line of the file wins when it measures one signal twice.
      const merged = await connection.query(
        `INSERT INTO usage_signals (organization_id, account_id, subscription_id, kind, period_start, period_end, value, capacity, category, source, import_id)
         SELECT DISTINCT ON (m.account_id, s.kind, s.period_start, s.category, s.subscription_id)
                $1, m.account_id, s.subscription_id, s.kind, s.period_start, s.period_end, s.value, s.capacity, s.category, 'import', $2::bigint
           FROM staged_usage_signals s JOIN unnest($3::text[], $4::text[]) AS m(client, account_id) ON m.client = s.client
          ORDER BY m.account_id, s.kind, s.period_start, s.category, s.subscription_id, s.line_number DESC
         ON CONFLICT (organization_id, account_id, kind, period_start, category, subscription_id) DO UPDATE
            SET ${MEASURED.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, import_id = EXCLUDED.import_id
          WHERE (${MEASURED.map((column) => `usage_signals.${column}`).join(', ')}) IS DISTINCT FROM (${MEASURED.map((column) => `EXCLUDED.${column}`).join(', ')})`,
        [org, context.importId, [...accounts.keys()], [...accounts.values()]],
      );
      return { imported: merged.rowCount, duplicates: added - merged.rowCount - rejected.length, rejected };
    },
  };
}

/** Every row whose client is unknown, in file order, with the reason. */
async function unknownClientRows(connection: SqlConnection, unknown: ReadonlyMap<string, string>): Promise<SinkRejection[]> {
  const rows = await connection.query<{ location: string; line_number: number; client: string }>(
    'SELECT location, line_number, client FROM staged_usage_signals WHERE client = ANY($1::text[]) ORDER BY line_number',
    [[...unknown.keys()]],
  );
  return rows.rows.map((row) => ({ location: row.location, line: row.line_number, reason: unknown.get(row.client) ?? '' }));
}

/** A usage file's clients: an account id as written, else the account the name maps to, else why not. */
class UsageClients {
  private accounts: AccountRef[] | undefined;
  private readonly answers = new Map<string, string | { reason: string }>();

  constructor(
    private readonly connection: SqlConnection,
    private readonly org: string,
    private readonly importId: string,
  ) {}

  async accountOf(client: string): Promise<string | { reason: string }> {
    let answer = this.answers.get(client);
    if (answer === undefined) {
      answer = await this.find(client);
      this.answers.set(client, answer);
    }
    return answer;
  }

  private async find(client: string): Promise<string | { reason: string }> {
    this.accounts ??= (await this.connection.query<AccountRef>('SELECT id, name, domain FROM accounts WHERE organization_id = $1 ORDER BY id', [this.org])).rows;
    if (this.accounts.some((account) => account.id === client)) return client;
    const mapper = new AccountMapper(this.connection, this.org, this.importId);
    const accountId = await mapper.resolve({ system: 'coterm', externalId: clientKey(client), name: client, domain: undefined });
    if (accountId !== undefined) return accountId;
    const candidates = matchAccount({ name: client, domain: undefined }, this.accounts).map((candidate) => candidate.accountId);
    return {
      reason:
        candidates.length === 0
          ? `Client "${client}" is not a known account: import its contracts first (coterm import services) or use its account id`
          : `Client "${client}" is not mapped to an account (it resembles ${candidates.slice(0, 3).join(', ')}): use the account id, or map it with coterm mapping`,
    };
  }
}
