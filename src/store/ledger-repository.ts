import { type LedgerEvent, type LedgerEventType, type SubscriptionVersion } from '../domain/ledger/events.ts';
import { foldLedger } from '../domain/ledger/fold.ts';
import { copyLine, copyRows, sqlLiteral } from './copy-text.ts';
import { type SqlConnection } from './sql-connection.ts';
import { type Store } from './store.ts';

const REBUILD_BATCH = 2000;

/** A ledger event about to be appended; `identity` makes appending it twice a no-op. */
export interface NewLedgerEvent {
  readonly subscriptionId: string;
  readonly effectiveDate: string;
  readonly type: LedgerEventType;
  readonly payload: LedgerEvent['payload'];
  readonly source: string;
  readonly sourceRef: string | null;
  readonly identity: string;
}

/**
 * Appends events (skipping ones already recorded) and refolds the versions of
 * the subscriptions that changed. Returns those subscriptions. For the
 * hundreds-of-thousands scale, the recon sink stages events with COPY instead.
 */
export async function appendLedgerEvents(connection: SqlConnection, organizationId: string, events: readonly NewLedgerEvent[]): Promise<string[]> {
  const touched = new Set<string>();
  for (let start = 0; start < events.length; start += REBUILD_BATCH) {
    const batch = events.slice(start, start + REBUILD_BATCH);
    const inserted = await connection.query<{ subscription_id: string }>(
      `INSERT INTO subscription_events (organization_id, subscription_id, effective_date, type, payload, source, source_ref, identity)
       SELECT $1, e.subscription_id, e.effective_date, e.type, e.payload, e.source, e.source_ref, e.identity
         FROM unnest($2::text[], $3::date[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::text[])
           AS e(subscription_id, effective_date, type, payload, source, source_ref, identity)
       ON CONFLICT (organization_id, subscription_id, effective_date, identity) DO NOTHING
       RETURNING subscription_id`,
      [
        organizationId,
        batch.map((event) => event.subscriptionId),
        batch.map((event) => event.effectiveDate),
        batch.map((event) => event.type),
        batch.map((event) => JSON.stringify(event.payload)),
        batch.map((event) => event.source),
        batch.map((event) => event.sourceRef),
        batch.map((event) => event.identity),
      ],
    );
    for (const row of inserted.rows) touched.add(row.subscription_id);
  }
  await rebuildVersions(connection, organizationId, [...touched]);
  return [...touched];
}

const VERSION_COLUMNS = [
  'organization_id', 'subscription_id', 'valid_from', 'valid_to', 'status', 'product_name', 'sku_id', 'quantity',
  'unit_price', 'currency', 'term', 'billing', 'term_start', 'term_end', 'auto_renew',
] as const;

/**
 * Re-folds the ledger of the given subscriptions into their versions, so
 * "state on a date" stays one indexed lookup. Run in the transaction that
 * appended the events.
 */
export async function rebuildVersions(connection: SqlConnection, organizationId: string, subscriptionIds: readonly string[]): Promise<void> {
  const unique = [...new Set(subscriptionIds)];
  for (let start = 0; start < unique.length; start += REBUILD_BATCH) {
    const batch = unique.slice(start, start + REBUILD_BATCH);
    // Each query probes by subscription (LATERAL … OFFSET 0, DELETE by ctid): inside a bulk import
    // the statistics are stale and a free planner would scan whole tables per batch.
    const products = await connection.query<{ id: string; product_name: string }>(
      `SELECT s.id, s.product_name FROM unnest($2::text[]) AS k(id),
         LATERAL (SELECT id, product_name FROM subscriptions WHERE organization_id = $1 AND id = k.id OFFSET 0) s`,
      [organizationId, batch],
    );
    // Only the payload fields the fold reads, as columns: no JSON to parse for every event. A million-row
    // import refolds hundreds of thousands of events: they come back as one COPY result per batch.
    const events = await connection.copyTo(
      `SELECT e.subscription_id, e.effective_date, e.type, e.id, ${FOLDED_FIELDS.map(([field]) => `e.payload->>'${field}'`).join(', ')}
         FROM unnest(ARRAY[${batch.map(sqlLiteral).join(', ')}]::text[]) AS k(id),
         LATERAL (SELECT subscription_id, effective_date, type, payload, id FROM subscription_events
                   WHERE organization_id = ${sqlLiteral(organizationId)} AND subscription_id = k.id ORDER BY effective_date, id OFFSET 0) e`,
    );
    const bySubscription = new Map<string, LedgerEvent[]>();
    for (const [subscriptionId, effectiveDate, type, id, ...fields] of copyRows(events, EVENT_COLUMNS)) {
      const list = bySubscription.get(subscriptionId!) ?? [];
      list.push({ effectiveDate: effectiveDate!, type: type as LedgerEventType, payload: foldedPayload(fields), sequence: Number(id) });
      bySubscription.set(subscriptionId!, list);
    }
    await connection.query(
      `DELETE FROM subscription_versions WHERE ctid = ANY (ARRAY(
         SELECT v.ctid FROM unnest($2::text[]) AS k(id),
           LATERAL (SELECT ctid FROM subscription_versions WHERE organization_id = $1 AND subscription_id = k.id OFFSET 0) v))`,
      [organizationId, batch],
    );
    const lines: string[] = [];
    for (const { id, product_name } of products.rows) {
      for (const version of foldLedger(product_name, bySubscription.get(id) ?? [])) lines.push(copyLine(versionValues(organizationId, id, version)));
    }
    if (lines.length > 0) await connection.copyFrom('subscription_versions', VERSION_COLUMNS, [lines.join('')]);
  }
}

/** The payload fields folding reads (domain/ledger/fold.ts), with the type each is read as. */
const FOLDED_FIELDS = [
  ['status', 'text'], ['productName', 'text'], ['skuId', 'text'], ['quantity', 'integer'], ['quantityDelta', 'integer'], ['unitPrice', 'text'], ['currency', 'text'],
  ['term', 'text'], ['billing', 'text'], ['termStart', 'text'], ['termEnd', 'text'], ['autoRenew', 'boolean'],
] as const;

/** Subscription, day, type and id, then the folded fields (copyRows checks the count on every row). */
const EVENT_COLUMNS = 16;

/** The fields of an event as COPY gives them (text, or null when absent), typed as the fold reads them. */
function foldedPayload(fields: readonly (string | null | undefined)[]): LedgerEvent['payload'] {
  const payload: Record<string, unknown> = {};
  FOLDED_FIELDS.forEach(([field, type], index) => {
    const text = fields[index];
    if (text === null || text === undefined) return;
    payload[field] = type === 'integer' ? Number(text) : type === 'boolean' ? text === 'true' : text;
  });
  return payload;
}

function versionValues(organizationId: string, subscriptionId: string, version: SubscriptionVersion): (string | number | boolean | null)[] {
  return [
    organizationId, subscriptionId, version.validFrom, version.validTo, version.status, version.productName, version.skuId, version.quantity,
    version.unitPrice, version.currency, version.term, version.billing, version.termStart, version.termEnd, version.autoRenew,
  ];
}

/** A subscription's version on a day, with whose it is. */
export interface SubscriptionState extends SubscriptionVersion {
  readonly subscriptionId: string;
  readonly accountId: string | null;
  readonly kind: string;
}

/** "What did this client have, at what price, on any day": answered from the versions. */
export class LedgerQueries {
  constructor(private readonly store: Store) {}

  async subscriptionOn(organizationId: string, subscriptionId: string, date: string): Promise<SubscriptionState | undefined> {
    const rows = await this.stateQuery(organizationId, date).where('s.id', '=', subscriptionId).execute();
    return rows[0] ? toState(rows[0]) : undefined;
  }

  async accountOn(organizationId: string, accountId: string, date: string): Promise<SubscriptionState[]> {
    const rows = await this.stateQuery(organizationId, date).where('s.account_id', '=', accountId).orderBy('s.id').execute();
    return rows.map(toState);
  }

  /** Every subscription of the organization on a day. */
  async portfolioOn(organizationId: string, date: string): Promise<SubscriptionState[]> {
    const rows = await this.stateQuery(organizationId, date).orderBy('s.account_id').orderBy('s.id').execute();
    return rows.map(toState);
  }

  /** A subscription's ledger: every event as recorded, oldest first. */
  async history(organizationId: string, subscriptionId: string): Promise<{ effectiveDate: string; type: string; payload: unknown; source: string; sourceRef: string | null }[]> {
    const rows = await this.store.db
      .selectFrom('subscription_events')
      .select(['effective_date', 'type', 'payload', 'source', 'source_ref'])
      .where('organization_id', '=', organizationId)
      .where('subscription_id', '=', subscriptionId)
      .orderBy('effective_date')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ effectiveDate: row.effective_date, type: row.type, payload: row.payload, source: row.source, sourceRef: row.source_ref }));
  }

  private stateQuery(organizationId: string, date: string) {
    return this.store.db
      .selectFrom('subscriptions as s')
      .innerJoin('subscription_versions as v', (join) => join.onRef('v.organization_id', '=', 's.organization_id').onRef('v.subscription_id', '=', 's.id'))
      .select([
        's.id', 's.account_id', 's.kind', 'v.valid_from', 'v.valid_to', 'v.status', 'v.product_name', 'v.sku_id', 'v.quantity', 'v.unit_price',
        'v.currency', 'v.term', 'v.billing', 'v.term_start', 'v.term_end', 'v.auto_renew',
      ])
      .where('s.organization_id', '=', organizationId)
      .where('v.valid_from', '<=', date)
      .where((eb) => eb.or([eb('v.valid_to', 'is', null), eb('v.valid_to', '>', date)]));
  }
}

type StateRow = {
  id: string; account_id: string | null; kind: string; valid_from: string; valid_to: string | null; status: string; product_name: string; sku_id: string | null;
  quantity: number; unit_price: string | null; currency: string | null; term: string | null; billing: string | null;
  term_start: string | null; term_end: string | null; auto_renew: boolean | null;
};

function toState(row: StateRow): SubscriptionState {
  return {
    subscriptionId: row.id, accountId: row.account_id, kind: row.kind, validFrom: row.valid_from, validTo: row.valid_to, status: row.status,
    productName: row.product_name, skuId: row.sku_id, quantity: row.quantity, unitPrice: row.unit_price, currency: row.currency, term: row.term,
    billing: row.billing, termStart: row.term_start, termEnd: row.term_end, autoRenew: row.auto_renew,
  };
}
