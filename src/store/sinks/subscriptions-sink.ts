import { type ImportContext, type ImportSink } from '../../app/imports/import-format.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { eventsFromSnapshot, type KnownSubscription } from '../../domain/ledger/snapshot.ts';
import { type FileRecord } from '../../imports/record-file.ts';
import { type SubscriptionRow } from '../../imports/subscriptions/subscriptions-format.ts';
import { mapTenants } from '../account-mapping.ts';
import { appendLedgerEvents, type NewLedgerEvent } from '../ledger-repository.ts';
import { type SqlConnection } from '../sql-connection.ts';
import { StagingTable } from '../staging.ts';
import { type StoreTransaction } from '../store.ts';

const STAGED_COLUMNS = ['line_number', 'subscription_id', 'customer_id', 'customer_name', 'customer_domain', 'kind', 'product_name', 'product_id', 'sku_id'] as const;
const STAGED_DEFINITION = STAGED_COLUMNS.map((column) => `${column} ${column === 'line_number' ? 'integer' : 'text'}`).join(', ');

export interface SubscriptionsSinkOptions {
  /** The day the snapshot describes (YYYY-MM-DD); default the day the import started (UTC). */
  readonly asOf?: string;
}

interface Seen {
  readonly row: SubscriptionRow;
  readonly record: FileRecord;
  readonly content: string;
}

/**
 * Writes a Partner Center snapshot: tenants and subscriptions upserted, then
 * the ledger events that bring each subscription to the state the file shows
 * on the snapshot day. A row that created or changed nothing is a duplicate.
 */
export function openSubscriptionsSink({ connection }: StoreTransaction, context: ImportContext, options: SubscriptionsSinkOptions = {}): ImportSink<SubscriptionRow> {
  const asOf = CalendarDate.parse(options.asOf ?? context.startedAt.slice(0, 10));
  const org = context.organizationId;
  const staged = new StagingTable(connection, 'staged_subscriptions', STAGED_DEFINITION, STAGED_COLUMNS);
  const rows = new Map<string, Seen>();
  let added = 0;
  return {
    async add(row: SubscriptionRow, record: FileRecord) {
      added += 1;
      const content = JSON.stringify(row);
      const seen = rows.get(row.subscriptionId);
      if (seen) {
        if (seen.content !== content) {
          throw new InvalidInputError(`${record.location}: subscription ${row.subscriptionId} is also on ${seen.record.location} with a different state; a snapshot has one row per subscription`);
        }
        return;
      }
      rows.set(row.subscriptionId, { row, record, content });
      await staged.add([
        record.line, row.subscriptionId, row.customerId, row.customerName, row.customerDomain, row.kind, row.productName, row.productId, row.skuId,
      ]);
    },
    async finish() {
      await staged.flush();
      await upsertTenants(connection, org);
      await upsertSubscriptions(connection, org);
      const known = await knownOn(connection, org, asOf);
      const events: NewLedgerEvent[] = [];
      for (const { row, record } of rows.values()) {
        for (const event of eventsFromSnapshot(row, known.get(row.subscriptionId), asOf, `import ${context.importId}`)) {
          events.push({
            subscriptionId: row.subscriptionId,
            effectiveDate: event.effectiveDate.toString(),
            type: event.type,
            payload: event.payload,
            source: 'subscriptions',
            sourceRef: `import ${context.importId} ${record.location}`,
            identity: event.identity,
          });
        }
      }
      const changed = await appendLedgerEvents(connection, org, events);
      await mapTenants(connection, org, context.importId);
      return { imported: changed.length, duplicates: added - changed.length };
    },
  };
}

/** New tenants are added; known ones take the name and domain the file gives them. */
async function upsertTenants(connection: SqlConnection, org: string): Promise<void> {
  const latest = `SELECT DISTINCT ON (customer_id) customer_id, customer_name, customer_domain FROM staged_subscriptions ORDER BY customer_id, line_number DESC`;
  await connection.query(
    `INSERT INTO tenants (organization_id, id, name, domain)
     SELECT $1, customer_id, coalesce(customer_name, customer_id), customer_domain FROM (${latest}) s
     ON CONFLICT (organization_id, id) DO NOTHING`,
    [org],
  );
  await connection.query(
    `UPDATE tenants t SET name = coalesce(s.customer_name, t.name), domain = coalesce(s.customer_domain, t.domain)
       FROM (${latest}) s
      WHERE t.organization_id = $1 AND t.id = s.customer_id
        AND (t.name IS DISTINCT FROM coalesce(s.customer_name, t.name) OR t.domain IS DISTINCT FROM coalesce(s.customer_domain, t.domain))`,
    [org],
  );
}

/** New subscriptions are added (linked to their tenant's account and catalog item); known ones get what they lacked. */
async function upsertSubscriptions(connection: SqlConnection, org: string): Promise<void> {
  await connection.query(
    `INSERT INTO subscriptions (organization_id, id, kind, tenant_id, account_id, catalog_item_id, product_name, sku_id)
     SELECT $1, s.subscription_id, s.kind, s.customer_id, t.account_id, c.id, s.product_name, s.sku_id
       FROM staged_subscriptions s
       LEFT JOIN tenants t ON t.organization_id = $1 AND t.id = s.customer_id
       LEFT JOIN catalog_items c ON c.organization_id = $1 AND c.product_id = s.product_id AND c.sku_id = s.sku_id
     ON CONFLICT (organization_id, id) DO UPDATE SET
       tenant_id = coalesce(subscriptions.tenant_id, EXCLUDED.tenant_id),
       account_id = coalesce(subscriptions.account_id, EXCLUDED.account_id),
       catalog_item_id = coalesce(subscriptions.catalog_item_id, EXCLUDED.catalog_item_id),
       sku_id = coalesce(subscriptions.sku_id, EXCLUDED.sku_id)
     WHERE (subscriptions.tenant_id IS NULL AND EXCLUDED.tenant_id IS NOT NULL)
        OR (subscriptions.account_id IS NULL AND EXCLUDED.account_id IS NOT NULL)
        OR (subscriptions.catalog_item_id IS NULL AND EXCLUDED.catalog_item_id IS NOT NULL)
        OR (subscriptions.sku_id IS NULL AND EXCLUDED.sku_id IS NOT NULL)`,
    [org],
  );
}

/** Each staged subscription's version on the snapshot day, with its latest scheduled instructions by then. */
async function knownOn(connection: SqlConnection, org: string, asOf: CalendarDate): Promise<Map<string, KnownSubscription>> {
  const result = await connection.query<{
    subscription_id: string; status: string; quantity: number; unit_price: string | null; currency: string | null; term_end: string | null;
    auto_renew: boolean | null; instructions: unknown;
  }>(
    `SELECT s.subscription_id, v.status, v.quantity, v.unit_price, v.currency, v.term_end, v.auto_renew,
            (SELECT e.payload -> 'instructions' FROM subscription_events e
              WHERE e.organization_id = $1 AND e.subscription_id = s.subscription_id AND e.type = 'scheduled_instructions' AND e.effective_date <= $2::date
              ORDER BY e.effective_date DESC, e.id DESC LIMIT 1) AS instructions
       FROM staged_subscriptions s
       JOIN subscription_versions v ON v.organization_id = $1 AND v.subscription_id = s.subscription_id
        AND v.valid_from <= $2::date AND (v.valid_to IS NULL OR v.valid_to > $2::date)`,
    [org, asOf.toString()],
  );
  return new Map(result.rows.map((row) => [row.subscription_id, {
    status: row.status, quantity: row.quantity, unitPrice: row.unit_price, currency: row.currency, termEnd: row.term_end,
    autoRenew: row.auto_renew, instructions: row.instructions,
  }]));
}
