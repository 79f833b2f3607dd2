import { createHash } from 'node:crypto';
import { type ImportContext, type ImportSink } from '../../app/imports/import-format.ts';
import { eventFromBilledLine } from '../../domain/ledger/billed-line.ts';
import { type ReconRow } from '../../imports/recon/recon-format.ts';
import { type FileRecord } from '../../imports/record-file.ts';
import { mapTenants } from '../account-mapping.ts';
import { rebuildVersions } from '../ledger-repository.ts';
import { StagingTable } from '../staging.ts';
import { type StoreTransaction } from '../store.ts';

const BILLED_COLUMNS = [
  'line_number', 'row_hash', 'partner_id', 'customer_id', 'customer_name', 'customer_domain', 'customer_country', 'invoice_number', 'order_id',
  'order_date', 'product_id', 'sku_id', 'availability_id', 'sku_name', 'product_name', 'charge_type', 'unit_price', 'effective_unit_price',
  'quantity', 'billable_quantity', 'subtotal', 'tax_total', 'total', 'currency', 'subscription_id', 'subscription_description', 'charge_start',
  'charge_end', 'term_and_billing_cycle', 'billing_frequency', 'subscription_start', 'subscription_end', 'reference_id', 'alternate_id',
  'pc_to_bc_exchange_rate', 'promotion_id',
] as const;

const NUMERIC = new Set(['unit_price', 'effective_unit_price', 'quantity', 'billable_quantity', 'subtotal', 'tax_total', 'total', 'pc_to_bc_exchange_rate']);
const DATES = new Set(['order_date', 'charge_start', 'charge_end', 'subscription_start', 'subscription_end']);
const BILLED_DEFINITION = BILLED_COLUMNS.map((column) => `${column} ${columnType(column)}`).join(', ');

function columnType(column: string): string {
  if (column === 'line_number') return 'integer';
  if (column === 'row_hash') return 'uuid';
  return NUMERIC.has(column) ? 'numeric' : DATES.has(column) ? 'date' : 'text';
}

/** The ledger event a row implies travels on the row itself: one COPY stream per import. */
const EVENT_COLUMNS = ['event_date', 'event_type', 'event_payload', 'event_identity', 'event_observation'] as const;
const STAGED_COLUMNS = [...BILLED_COLUMNS, ...EVENT_COLUMNS];
const STAGED_DEFINITION = `${BILLED_DEFINITION}, event_date date, event_type text, event_payload jsonb, event_identity text, event_observation boolean`;

/**
 * Writes reconciliation rows as evidence (deduplicated by row content) and the
 * ledger events they imply, then maps new tenants to accounts and refolds the
 * touched subscriptions.
 */
export function openReconSink({ connection }: StoreTransaction, context: ImportContext): ImportSink<ReconRow> {
  const staged = new StagingTable(connection, 'staged_billed_lines', STAGED_DEFINITION, STAGED_COLUMNS);
  const org = context.organizationId;
  let added = 0;
  return {
    async add(row: ReconRow, record: FileRecord) {
      added += 1;
      const event = eventFromBilledLine(row);
      const values = billedValues(row, record.line);
      if (event) values.push(event.effectiveDate.toString(), event.type, JSON.stringify(event.payload), event.identity, event.observation);
      else values.push(null, null, null, null, null);
      await staged.add(values);
    },
    async finish() {
      await staged.flush();
      await connection.query(`SET LOCAL work_mem = '64MB'`);
      await connection.query(
        `INSERT INTO tenants (organization_id, id, name, domain, country)
         SELECT DISTINCT ON (customer_id) $1, customer_id, coalesce(customer_name, customer_id), customer_domain, customer_country
           FROM staged_billed_lines WHERE customer_id IS NOT NULL ORDER BY customer_id, line_number
         ON CONFLICT (organization_id, id) DO NOTHING`,
        [org],
      );
      await connection.query(
        `INSERT INTO subscriptions (organization_id, id, kind, tenant_id, account_id, product_name, sku_id)
         SELECT DISTINCT ON (b.subscription_id) $1, b.subscription_id, 'nce', b.customer_id, t.account_id,
                coalesce(b.product_name, b.sku_name, 'Unknown product'), b.sku_id
           FROM staged_billed_lines b LEFT JOIN tenants t ON t.organization_id = $1 AND t.id = b.customer_id
          WHERE b.subscription_id IS NOT NULL ORDER BY b.subscription_id, b.line_number
         ON CONFLICT (organization_id, id) DO NOTHING`,
        [org],
      );
      const inserted = await connection.query(
        `INSERT INTO billed_lines (organization_id, import_id, ${BILLED_COLUMNS.join(', ')})
         SELECT $1, $2::bigint, ${BILLED_COLUMNS.join(', ')} FROM staged_billed_lines ORDER BY line_number
         ON CONFLICT (organization_id, row_hash) DO NOTHING`,
        [org, context.importId],
      );
      const appended = await connection.query<{ subscription_id: string }>(
        `WITH staged_ledger_events AS (
           SELECT line_number, subscription_id, event_date AS effective_date, event_type AS type, event_payload AS payload,
                  event_identity AS identity, event_observation AS observation
             FROM staged_billed_lines WHERE event_type IS NOT NULL
         ), changes AS (
           SELECT DISTINCT ON (subscription_id, identity) * FROM staged_ledger_events WHERE NOT observation ORDER BY subscription_id, identity, line_number
         ), first_seen AS (
           SELECT DISTINCT ON (subscription_id) * FROM staged_ledger_events o WHERE observation
              AND NOT EXISTS (SELECT 1 FROM subscription_events e WHERE e.organization_id = $1 AND e.subscription_id = o.subscription_id AND e.effective_date <= o.effective_date)
              AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.subscription_id = o.subscription_id AND c.effective_date <= o.effective_date)
            ORDER BY subscription_id, effective_date, line_number
         )
         INSERT INTO subscription_events (organization_id, subscription_id, effective_date, type, payload, source, source_ref, identity)
         SELECT $1, subscription_id, effective_date, type, payload, 'recon', 'import ' || $2 || ' line ' || line_number, identity
           FROM (SELECT * FROM changes UNION ALL SELECT * FROM first_seen) implied
          ORDER BY subscription_id, effective_date, line_number
         ON CONFLICT (organization_id, subscription_id, identity) DO NOTHING
         RETURNING subscription_id`,
        [org, context.importId],
      );
      await rebuildVersions(connection, org, appended.rows.map((row) => row.subscription_id));
      await mapTenants(connection, org, context.importId);
      return { imported: inserted.rowCount, duplicates: added - inserted.rowCount };
    },
  };
}

function billedValues(row: ReconRow, line: number): (string | number | boolean | null | undefined)[] {
  const values: Record<(typeof BILLED_COLUMNS)[number], string | number | null | undefined> = {
    line_number: line,
    row_hash: '',
    partner_id: row.partnerId,
    customer_id: row.customerId,
    customer_name: row.customerName,
    customer_domain: row.customerDomain,
    customer_country: row.customerCountry,
    invoice_number: row.invoiceNumber,
    order_id: row.orderId,
    order_date: row.orderDate?.toString(),
    product_id: row.productId,
    sku_id: row.skuId,
    availability_id: row.availabilityId,
    sku_name: row.skuName,
    product_name: row.productName,
    charge_type: row.chargeType,
    unit_price: row.unitPrice?.toString(),
    effective_unit_price: row.effectiveUnitPrice?.toString(),
    quantity: row.quantity?.toString(),
    billable_quantity: row.billableQuantity?.toString(),
    subtotal: row.subtotal.toString(),
    tax_total: row.taxTotal?.toString(),
    total: row.total?.toString(),
    currency: row.currency,
    subscription_id: row.subscriptionId,
    subscription_description: row.subscriptionDescription,
    charge_start: row.chargeStart?.toString(),
    charge_end: row.chargeEnd?.toString(),
    term_and_billing_cycle: row.termAndBillingCycle,
    billing_frequency: row.billingFrequency,
    subscription_start: row.subscriptionStart?.toString(),
    subscription_end: row.subscriptionEnd?.toString(),
    reference_id: row.referenceId,
    alternate_id: row.alternateId,
    pc_to_bc_exchange_rate: row.pcToBcExchangeRate?.toString(),
    promotion_id: row.promotionId,
  };
  const ordered: (string | number | boolean | null | undefined)[] = BILLED_COLUMNS.map((column) => values[column]);
  // The row's identity is its content (without its position in the file): the same charge in two files is stored once.
  ordered[1] = contentHash(ordered.slice(2));
  return ordered;
}

/** 128 bits of SHA-1 over the row's values, written as a uuid (a compact, fast unique key). */
function contentHash(values: readonly (string | number | boolean | null | undefined)[]): string {
  const hex = createHash('sha1').update(values.map((value) => value ?? '').join('\u001f')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
