import { createHash } from 'node:crypto';
import { type ImportContext, type ImportSink } from '../../app/imports/import-format.ts';
import { eventFromBilledLine } from '../../domain/ledger/billed-line.ts';
import { ownedString } from '../../imports/csv/csv-file.ts';
import { type ReconRow } from '../../imports/recon/recon-format.ts';
import { type FileRecord } from '../../imports/record-file.ts';
import { mapTenants } from '../account-mapping.ts';
import { BatchPipeline } from '../batch-pipeline.ts';
import { SeenFilter } from '../seen-filter.ts';
import { copyLine } from '../copy-text.ts';
import { rebuildVersions } from '../ledger-repository.ts';
import { type SqlConnection } from '../sql-connection.ts';
import { type StoreTransaction } from '../store.ts';

const BILLED_COLUMNS = [
  'organization_id', 'subscription_key', 'import_id', 'line_number', 'row_hash', 'partner_id', 'customer_id', 'customer_name', 'customer_domain', 'customer_country',
  'invoice_number', 'order_id', 'order_date', 'product_id', 'sku_id', 'availability_id', 'sku_name', 'product_name', 'charge_type', 'unit_price',
  'effective_unit_price', 'quantity', 'billable_quantity', 'subtotal', 'tax_total', 'total', 'currency', 'subscription_id',
  'subscription_description', 'charge_start', 'charge_end', 'term_and_billing_cycle', 'billing_frequency', 'subscription_start',
  'subscription_end', 'reference_id', 'alternate_id', 'pc_to_bc_exchange_rate', 'promotion_id',
] as const;

const EVENT_COLUMNS = ['organization_id', 'subscription_id', 'effective_date', 'type', 'payload', 'source', 'source_ref', 'identity'] as const;

/**
 * Rows written per round trip. A server works in parallel with parsing, so
 * bigger batches with two waiting amortise the round trips; the embedded
 * database shares the thread, so small batches written at once keep rows
 * from living long enough to swell the heap.
 */
const BATCHING = {
  server: { rows: 4000, waiting: 2 },
  embedded: { rows: 500, waiting: 0 },
} as const;

/** Rows per statement when writing what was collected over the whole file. */
const FINAL_BATCH_ROWS = 2000;

type CopyValue = string | number | null | undefined;

/** What a batch keeps of a row: its COPY line and identity, and its event ready to write (rows are not kept). */
interface StagedRow {
  readonly key: string;
  readonly hash: string;
  /** 30 bits of the hash, for the filter of rows this import has seen. */
  readonly hashBits: number;
  readonly copy: string;
  readonly event: StagedEvent | undefined;
}

interface StagedEvent {
  readonly subscriptionId: string;
  readonly effectiveDate: string;
  readonly identity: string;
  readonly bits: number;
  readonly copy: string;
}

/**
 * What this import has written so far, to skip most existence lookups: the
 * rows and events of a subscription this import created cannot be stored
 * already, except as an earlier row of the same file — which the compact
 * filters catch (a filter hit, rare, is checked against the database).
 */
interface WrittenHere {
  readonly subscriptions: Set<string>;
  readonly rows: SeenFilter;
  readonly events: SeenFilter;
}

/** A subscription's earliest plain cycle charge, ready to write (its state as first seen). */
interface FirstSeen {
  readonly subscriptionId: string;
  readonly effectiveDate: string;
  readonly payload: string;
  readonly identity: string;
  readonly sourceRef: string;
}

interface NewTenant {
  readonly id: string;
  readonly name: string | null;
  readonly domain: string | null;
  readonly country: string | null;
}

interface NewSubscription {
  readonly id: string;
  readonly tenantId: string | null;
  readonly productName: string;
  readonly skuId: string | null;
}

interface Batch {
  readonly rows: StagedRow[];
  readonly tenants: NewTenant[];
  readonly subscriptions: NewSubscription[];
}

/**
 * Writes reconciliation rows as evidence and the ledger events they imply,
 * batch by batch while the file is still being read: each batch looks up
 * which of its rows and events are already stored and COPYs only the new ones
 * (no second pass through a staging table). At the end, subscriptions first
 * seen in a plain cycle charge get their observed state, the touched
 * subscriptions are refolded and new tenants mapped to accounts.
 */
export function openReconSink({ connection }: StoreTransaction, context: ImportContext): ImportSink<ReconRow> {
  const org = context.organizationId;
  const knownTenants = new Set<string>();
  const knownSubscriptions = new Set<string>();
  const writtenHere: WrittenHere = { subscriptions: new Set(), rows: new SeenFilter(), events: new SeenFilter() };
  const touched = new Set<string>();
  /** The earliest plain cycle charge of each subscription, kept only if nothing earlier is known. */
  const firstSeen = new Map<string, FirstSeen>();
  let batch: Batch = { rows: [], tenants: [], subscriptions: [] };
  let added = 0;
  let imported = 0;

  const batching = connection.inProcess ? BATCHING.embedded : BATCHING.server;
  const pipeline = new BatchPipeline<Batch>(1, async ([written]) => {
    if (!written) return;
    await addTenants(connection, org, written.tenants);
    for (const id of await addSubscriptions(connection, org, written.subscriptions)) writtenHere.subscriptions.add(ownedString(id));
    imported += await addBilledLines(connection, org, written.rows, writtenHere);
    for (const subscriptionId of await addEvents(connection, org, written.rows, writtenHere)) if (!touched.has(subscriptionId)) touched.add(ownedString(subscriptionId));
  }, batching.waiting);

  return {
    add(row: ReconRow, record: FileRecord) {
      added += 1;
      if (row.customerId && !knownTenants.has(row.customerId)) {
        knownTenants.add(ownedString(row.customerId));
        batch.tenants.push({ id: row.customerId, name: row.customerName ?? null, domain: row.customerDomain ?? null, country: row.customerCountry ?? null });
      }
      if (row.subscriptionId && !knownSubscriptions.has(row.subscriptionId)) {
        knownSubscriptions.add(ownedString(row.subscriptionId));
        batch.subscriptions.push({ id: row.subscriptionId, tenantId: row.customerId ?? null, productName: row.productName ?? 'Unknown product', skuId: row.skuId ?? null });
      }
      const values = billedValues(org, context.importId, row, record.line);
      // Only the earliest plain cycle charge of a subscription matters: skip building later ones.
      const known = row.chargeType === 'cycleCharge' && row.subscriptionId ? firstSeen.get(row.subscriptionId) : undefined;
      const event = known && row.chargeStart && row.chargeStart >= known.effectiveDate ? undefined : eventFromBilledLine(row);
      let staged: StagedEvent | undefined;
      if (event?.observation) {
        const earliest = firstSeen.get(event.subscriptionId);
        if (!earliest || event.effectiveDate < earliest.effectiveDate) {
          const subscriptionId = earliest ? earliest.subscriptionId : ownedString(event.subscriptionId);
          firstSeen.set(subscriptionId, {
            subscriptionId,
            effectiveDate: event.effectiveDate,
            payload: JSON.stringify(event.payload),
            identity: event.identity,
            sourceRef: `import ${context.importId} line ${record.line}`,
          });
        }
      } else if (event) {
        staged = {
          subscriptionId: event.subscriptionId,
          effectiveDate: event.effectiveDate,
          identity: event.identity,
          bits: stringBits(`${event.subscriptionId}\u0000${event.effectiveDate}\u0000${event.identity}`),
          copy: copyLine([org, event.subscriptionId, event.effectiveDate, event.type, JSON.stringify(event.payload), 'recon', `import ${context.importId} line ${record.line}`, event.identity]),
        };
      }
      const hash = values[4] as string;
      batch.rows.push({ key: values[1] as string, hash, hashBits: Number.parseInt(hash.slice(0, 8), 16) & 0x3fffffff, copy: copyLine(values), event: staged });
      if (batch.rows.length < batching.rows) return undefined;
      const full = batch;
      batch = { rows: [], tenants: [], subscriptions: [] };
      return pipeline.add(full);
    },
    async finish() {
      if (batch.rows.length > 0) await pipeline.add(batch);
      await pipeline.finish();
      for (const subscriptionId of await addFirstSeen(connection, org, [...firstSeen.values()])) touched.add(subscriptionId);
      await rebuildVersions(connection, org, [...touched]);
      await mapTenants(connection, org, context.importId);
      return { imported, duplicates: added - imported };
    },
  };
}

async function addTenants(connection: SqlConnection, org: string, tenants: readonly NewTenant[]): Promise<void> {
  if (tenants.length === 0) return;
  await connection.query(
    `INSERT INTO tenants (organization_id, id, name, domain, country)
     SELECT $1, t.id, coalesce(t.name, t.id), t.domain, t.country FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, name, domain, country)
     ON CONFLICT (organization_id, id) DO NOTHING`,
    [org, tenants.map((t) => t.id), tenants.map((t) => t.name), tenants.map((t) => t.domain), tenants.map((t) => t.country)],
  );
}

/** Adds the subscriptions not known yet and returns those it created. */
async function addSubscriptions(connection: SqlConnection, org: string, subscriptions: readonly NewSubscription[]): Promise<string[]> {
  if (subscriptions.length === 0) return [];
  const created = await connection.query<{ id: string }>(
    `INSERT INTO subscriptions (organization_id, id, kind, tenant_id, account_id, product_name, sku_id)
     SELECT $1, s.id, 'nce', s.tenant_id, t.account_id, s.product_name, s.sku_id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS s(id, tenant_id, product_name, sku_id)
       LEFT JOIN tenants t ON t.organization_id = $1 AND t.id = s.tenant_id
     ON CONFLICT (organization_id, id) DO NOTHING
     RETURNING id`,
    [org, subscriptions.map((s) => s.id), subscriptions.map((s) => s.tenantId), subscriptions.map((s) => s.productName), subscriptions.map((s) => s.skuId)],
  );
  return created.rows.map((row) => row.id);
}

/** COPYs the rows not stored before (by content), returning how many were new. */
async function addBilledLines(connection: SqlConnection, org: string, rows: readonly StagedRow[], here: WrittenHere): Promise<number> {
  const uncertain = rows.filter((row) => here.rows.add(row.hashBits) || !here.subscriptions.has(row.key));
  const stored =
    uncertain.length === 0
      ? { rows: [] }
      : await connection.query<{ row_hash: string }>(
          // Probe by key (a LATERAL fenced with OFFSET 0): the table grows inside this transaction, its
          // statistics are stale, and a planner left free answers each batch with a scan of all of it.
          `SELECT b.row_hash FROM unnest($2::text[], $3::uuid[]) AS k(subscription_key, row_hash),
             LATERAL (SELECT row_hash FROM billed_lines WHERE organization_id = $1 AND subscription_key = k.subscription_key AND row_hash = k.row_hash OFFSET 0) b`,
          [org, uncertain.map((row) => row.key), uncertain.map((row) => row.hash)],
        );
  const skip = new Set(stored.rows.map((row) => row.row_hash));
  const lines: string[] = [];
  for (const row of rows) {
    if (skip.has(row.hash)) continue;
    skip.add(row.hash);
    lines.push(row.copy);
  }
  if (lines.length > 0) await connection.copyFrom('billed_lines', BILLED_COLUMNS, [lines.join('')]);
  return lines.length;
}

/** COPYs the events not recorded before (by subscription, day and identity), returning the subscriptions they touch. */
async function addEvents(connection: SqlConnection, org: string, rows: readonly StagedRow[], here: WrittenHere): Promise<string[]> {
  const events = rows.flatMap((row) => (row.event ? [row.event] : []));
  if (events.length === 0) return [];
  const uncertain = events.filter((event) => here.events.add(event.bits) || !here.subscriptions.has(event.subscriptionId));
  const stored =
    uncertain.length === 0
      ? { rows: [] }
      : await connection.query<{ subscription_id: string; effective_date: string; identity: string }>(
          `SELECT e.subscription_id, e.effective_date, e.identity FROM unnest($2::text[], $3::date[], $4::text[]) AS k(subscription_id, effective_date, identity),
             LATERAL (SELECT subscription_id, effective_date, identity FROM subscription_events
                       WHERE organization_id = $1 AND subscription_id = k.subscription_id AND effective_date = k.effective_date AND identity = k.identity OFFSET 0) e`,
          [org, uncertain.map((event) => event.subscriptionId), uncertain.map((event) => event.effectiveDate), uncertain.map((event) => event.identity)],
        );
  const skip = new Set(stored.rows.map((row) => `${row.subscription_id}\u0000${row.effective_date}\u0000${row.identity}`));
  const touched: string[] = [];
  const lines: string[] = [];
  for (const event of events) {
    const key = `${event.subscriptionId}\u0000${event.effectiveDate}\u0000${event.identity}`;
    if (skip.has(key)) continue;
    skip.add(key);
    touched.push(event.subscriptionId);
    lines.push(event.copy);
  }
  if (lines.length > 0) await connection.copyFrom('subscription_events', EVENT_COLUMNS, [lines.join('')]);
  return touched;
}

/** The first cycle charge seen of a subscription tells its state, when the ledger knows nothing earlier. */
async function addFirstSeen(connection: SqlConnection, org: string, seen: readonly FirstSeen[]): Promise<string[]> {
  const added = new Set<string>();
  for (let start = 0; start < seen.length; start += FINAL_BATCH_ROWS) {
    const batch = seen.slice(start, start + FINAL_BATCH_ROWS);
    const result = await connection.query<{ subscription_id: string }>(
      `INSERT INTO subscription_events (organization_id, subscription_id, effective_date, type, payload, source, source_ref, identity)
       SELECT $1, o.subscription_id, o.effective_date, 'status_change', o.payload, 'recon', o.source_ref, o.identity
         FROM unnest($2::text[], $3::date[], $4::jsonb[], $5::text[], $6::text[]) AS o(subscription_id, effective_date, payload, source_ref, identity)
        WHERE NOT EXISTS (SELECT 1 FROM subscription_events e
                           WHERE e.organization_id = $1 AND e.subscription_id = o.subscription_id AND e.effective_date <= o.effective_date OFFSET 0)
       ON CONFLICT (organization_id, subscription_id, effective_date, identity) DO NOTHING
       RETURNING subscription_id`,
      [
        org,
        batch.map((first) => first.subscriptionId),
        batch.map((first) => first.effectiveDate),
        batch.map((first) => first.payload),
        batch.map((first) => first.sourceRef),
        batch.map((first) => first.identity),
      ],
    );
    for (const row of result.rows) added.add(row.subscription_id);
  }
  return [...added];
}

function billedValues(org: string, importId: string, row: ReconRow, line: number): CopyValue[] {
  const content: CopyValue[] = [
    row.partnerId, row.customerId, row.customerName, row.customerDomain, row.customerCountry, row.invoiceNumber, row.orderId,
    row.orderDate, row.productId, row.skuId, row.availabilityId, row.skuName, row.productName, row.chargeType,
    row.unitPrice, row.effectiveUnitPrice, row.quantity, row.billableQuantity,
    row.subtotal, row.taxTotal, row.total, row.currency, row.subscriptionId, row.subscriptionDescription,
    row.chargeStart, row.chargeEnd, row.termAndBillingCycle, row.billingFrequency, row.subscriptionStart,
    row.subscriptionEnd, row.referenceId, row.alternateId, row.pcToBcExchangeRate, row.promotionId,
  ];
  return [org, row.subscriptionId ?? '', importId, line, contentHash(content), ...content];
}

/** The row's identity is its content (not its place in the file): 128 bits of SHA-1, written as a uuid. */
function contentHash(values: readonly CopyValue[]): string {
  const hex = createHash('sha1').update(values.map((value) => value ?? '').join('\u001f')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** 30 bits of FNV-1a over a string: a small integer for a compact set. */
function stringBits(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}
