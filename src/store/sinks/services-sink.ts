import { type ImportContext, type ImportSink } from '../../app/imports/import-format.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { type LedgerPayload } from '../../domain/ledger/events.ts';
import { afterServiceEvents, type KnownServiceLine, knownServiceLine, serviceLineEvents } from '../../domain/ledger/service-line.ts';
import { accountIdFor, clientKey } from '../../domain/mapping/client-key.ts';
import { type AccountRef, matchAccount, normalizeCompanyName } from '../../domain/mapping/match.ts';
import { type FileRecord } from '../../imports/record-file.ts';
import { type ServiceRow } from '../../imports/services/services-format.ts';
import { AccountMapper } from '../account-mapping.ts';
import { appendLedgerEvents, type NewLedgerEvent } from '../ledger-repository.ts';
import { type SqlConnection } from '../sql-connection.ts';
import { type StoreTransaction } from '../store.ts';

/** The mapping system under which coterm's own files name clients. */
const SYSTEM = 'coterm';

interface Line {
  readonly row: ServiceRow;
  readonly location: string;
}

/**
 * Writes the MSP's contract list: each client is matched to an account (and
 * created when nothing resembles it: the contract list is the client list),
 * each line becomes an msp_service subscription, and the ledger gets what
 * changed since it last saw the line — a purchase, a renewal, or seat, price
 * and term changes dated the day the list describes. Contract lists are a few
 * thousand lines, so the rows are kept until `finish`.
 */
export function openServicesSink({ connection }: StoreTransaction, context: ImportContext): ImportSink<ServiceRow> {
  const lines: Line[] = [];
  const org = context.organizationId;
  return {
    async add(row: ServiceRow, record: FileRecord) {
      lines.push({ row, location: record.location });
    },
    async finish() {
      const clients = new ClientAccounts(connection, org, context.importId);
      const changed = new Set<Line>();
      const accountOf = new Map<string, string | undefined>();
      for (const line of lines) {
        const { row } = line;
        // The parent first: a client resembling only its own parent is another company (a subsidiary), not the parent.
        const parent = row.parentClient === undefined ? undefined : await clients.resolve(row.parentClient, undefined);
        const client = await clients.resolve(row.client, row.clientDomain, parent?.accountId);
        if (!accountOf.has(row.subscriptionId)) accountOf.set(row.subscriptionId, client.accountId);
        const linked = client.accountId !== undefined && parent?.accountId !== undefined && (await clients.linkParent(client.accountId, parent.accountId, line));
        if (client.changed || parent?.changed || linked) changed.add(line);
      }
      const assigned = await upsertSubscriptions(connection, org, lines, accountOf);
      const snapshot = CalendarDate.parse(context.startedAt.slice(0, 10));
      const known = await knownLines(connection, org, [...accountOf.keys()]);
      const events: NewLedgerEvent[] = [];
      for (const line of lines) {
        const { row } = line;
        const implied = serviceLineEvents(known.get(row.subscriptionId), row, snapshot);
        if (implied.length === 0) continue;
        known.set(row.subscriptionId, afterServiceEvents(known.get(row.subscriptionId), implied));
        changed.add(line);
        for (const event of implied) {
          events.push({
            subscriptionId: row.subscriptionId,
            effectiveDate: event.effectiveDate.toString(),
            type: event.type,
            payload: event.payload,
            source: 'services',
            sourceRef: `import ${context.importId} ${line.location}`,
            identity: event.identity,
          });
        }
      }
      await appendLedgerEvents(connection, org, events);
      for (const line of lines) if (assigned.delete(line.row.subscriptionId)) changed.add(line);
      return { imported: changed.size, duplicates: lines.length - changed.size };
    },
  };
}

/**
 * Creates the msp_service subscriptions (and their catalog items) the file
 * names, and gives a subscription without an account the one its client now
 * maps to. Returns the subscriptions created or assigned.
 */
async function upsertSubscriptions(connection: SqlConnection, org: string, lines: readonly Line[], accountOf: ReadonlyMap<string, string | undefined>): Promise<Set<string>> {
  const products = new Map(lines.map(({ row }) => [row.subscriptionId, row.productName]));
  const ids = [...products.keys()];
  await connection.query(
    `INSERT INTO catalog_items (organization_id, id, kind, product_id, product_title)
     SELECT DISTINCT $1, 'msp_service/' || service, 'msp_service', service, service FROM unnest($2::text[]) AS service
     ON CONFLICT DO NOTHING`,
    [org, [...new Set(products.values())]],
  );
  const written = await connection.query<{ id: string }>(
    `INSERT INTO subscriptions (organization_id, id, kind, account_id, catalog_item_id, product_name)
     SELECT $1, s.id, 'msp_service', s.account_id, c.id, s.product
       FROM unnest($2::text[], $3::text[], $4::text[]) AS s(id, account_id, product)
       LEFT JOIN catalog_items c ON c.organization_id = $1 AND c.product_id = s.product AND c.sku_id = ''
     ON CONFLICT (organization_id, id) DO UPDATE SET account_id = EXCLUDED.account_id
      WHERE subscriptions.account_id IS NULL AND EXCLUDED.account_id IS NOT NULL
     RETURNING id`,
    [org, ids, ids.map((id) => accountOf.get(id) ?? null), ids.map((id) => products.get(id))],
  );
  return new Set(written.rows.map((row) => row.id));
}

/** What the ledger knows of each subscription, from its events' payloads in effective order. */
async function knownLines(connection: SqlConnection, org: string, subscriptionIds: readonly string[]): Promise<Map<string, KnownServiceLine | undefined>> {
  const events = await connection.query<{ subscription_id: string; payload: LedgerPayload }>(
    `SELECT subscription_id, payload FROM subscription_events
      WHERE organization_id = $1 AND subscription_id = ANY($2::text[]) ORDER BY subscription_id, effective_date, id`,
    [org, subscriptionIds],
  );
  const payloads = new Map<string, LedgerPayload[]>();
  for (const event of events.rows) {
    const list = payloads.get(event.subscription_id) ?? [];
    list.push(event.payload);
    payloads.set(event.subscription_id, list);
  }
  return new Map([...payloads].map(([id, list]) => [id, knownServiceLine(list)]));
}

/**
 * The organization's clients as the contract list names them: a name seen
 * before resolves to its account; one that resembles no account at all
 * becomes a new account (remembered under its normalised name); one that
 * resembles some account is matched by AccountMapper, or waits in the
 * unmapped queue when the match is not confident.
 */
class ClientAccounts {
  private accounts: AccountRef[] | undefined;
  private parents: Map<string, string | null> | undefined;
  private readonly resolved = new Map<string, string | undefined>();

  constructor(
    private readonly connection: SqlConnection,
    private readonly org: string,
    private readonly importId: string,
  ) {}

  /** The client's account (undefined while unmapped), and whether resolving it created or completed an account. */
  async resolve(name: string, domain: string | undefined, parentId?: string): Promise<{ accountId: string | undefined; changed: boolean }> {
    const key = clientKey(name);
    let created = false;
    if (!this.resolved.has(key)) {
      const found = await this.find(key, name, domain, parentId);
      this.resolved.set(key, found.accountId);
      created = found.created;
    }
    const accountId = this.resolved.get(key);
    if (accountId === undefined) return { accountId, changed: false };
    const completed = await this.completeDomain(accountId, domain);
    return { accountId, changed: created || completed };
  }

  /** Makes `parentId` the account's parent; false when it already was. A parent cannot be its own descendant. */
  async linkParent(accountId: string, parentId: string, line: Line): Promise<boolean> {
    this.parents ??= new Map(
      (await this.connection.query<{ id: string; parent_account_id: string | null }>('SELECT id, parent_account_id FROM accounts WHERE organization_id = $1', [this.org])).rows.map(
        (row) => [row.id, row.parent_account_id],
      ),
    );
    if (this.parents.get(accountId) === parentId) return false;
    const { client, parentClient = '' } = line.row;
    if (accountId === parentId) throw new InvalidInputError(`${line.location}: Client "${client}" and ParentClient "${parentClient}" are the same account (${accountId})`);
    const seen = new Set<string>();
    for (let ancestor = this.parents.get(parentId); ancestor && !seen.has(ancestor); ancestor = this.parents.get(ancestor)) {
      seen.add(ancestor);
      if (ancestor === accountId) {
        throw new InvalidInputError(`${line.location}: ParentClient "${parentClient}" (account ${parentId}) is a subsidiary of Client "${client}" (account ${accountId}): a company cannot be its own parent`);
      }
    }
    await this.connection.query('UPDATE accounts SET parent_account_id = $3 WHERE organization_id = $1 AND id = $2', [this.org, accountId, parentId]);
    this.parents.set(accountId, parentId);
    return true;
  }

  private async remembered(key: string): Promise<string | undefined> {
    const found = await this.connection.query<{ entity_id: string }>(
      `SELECT entity_id FROM external_ids WHERE organization_id = $1 AND system = $2 AND entity_type = 'account' AND external_id = $3`,
      [this.org, SYSTEM, key],
    );
    return found.rows[0]?.entity_id;
  }

  /**
   * A remembered answer, else a match among resembling accounts (undefined
   * when unsure: unmapped), else a new account. The client's own parent does
   * not count as resembling it: the file says they are two companies.
   */
  private async find(key: string, name: string, domain: string | undefined, parentId: string | undefined): Promise<{ accountId: string | undefined; created: boolean }> {
    const remembered = await this.remembered(key);
    if (remembered !== undefined) return { accountId: remembered, created: false };
    const accounts = await this.allAccounts();
    if (matchAccount({ name, domain }, accounts).some((candidate) => candidate.accountId !== parentId)) {
      // A fresh mapper: its account list must include the accounts this import created.
      const mapper = new AccountMapper(this.connection, this.org, this.importId);
      return { accountId: await mapper.resolve({ system: SYSTEM, externalId: key, name, domain }), created: false };
    }
    return { accountId: await this.create(key, name, domain), created: true };
  }

  private async create(key: string, name: string, domain: string | undefined): Promise<string> {
    const accounts = await this.allAccounts();
    const id = accountIdFor(name, new Set(accounts.map((account) => account.id)));
    await this.connection.query(
      'INSERT INTO accounts (organization_id, id, name, normalized_name, domain) VALUES ($1, $2, $3, $4, $5)',
      [this.org, id, name, normalizeCompanyName(name), domain ?? null],
    );
    await this.connection.query(
      `INSERT INTO external_ids (organization_id, system, entity_type, external_id, entity_id, external_name, confidence, matched_by)
       VALUES ($1, $2, 'account', $3, $4, $5, 1, 'created') ON CONFLICT DO NOTHING`,
      [this.org, SYSTEM, key, id, name],
    );
    accounts.push({ id, name, domain: domain ?? null });
    this.parents?.set(id, null);
    return id;
  }

  /** Fills in an account's missing e-mail domain; true when it did. */
  private async completeDomain(accountId: string, domain: string | undefined): Promise<boolean> {
    if (domain === undefined) return false;
    const account = (await this.allAccounts()).find((candidate) => candidate.id === accountId);
    if (!account || account.domain !== null) return false;
    await this.connection.query('UPDATE accounts SET domain = $3 WHERE organization_id = $1 AND id = $2', [this.org, accountId, domain]);
    const index = this.accounts?.indexOf(account) ?? -1;
    if (this.accounts && index >= 0) this.accounts[index] = { ...account, domain };
    return true;
  }

  private async allAccounts(): Promise<AccountRef[]> {
    this.accounts ??= (await this.connection.query<AccountRef>('SELECT id, name, domain FROM accounts WHERE organization_id = $1 ORDER BY id', [this.org])).rows;
    return this.accounts;
  }
}
