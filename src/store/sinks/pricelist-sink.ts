import { type ImportContext, type ImportSink } from '../../app/imports/import-format.ts';
import { type PriceListRow } from '../../imports/pricelist/pricelist-format.ts';
import { type FileRecord } from '../../imports/record-file.ts';
import { StagingTable } from '../staging.ts';
import { type StoreTransaction } from '../store.ts';

const PRICE_COLUMNS = [
  'product_id', 'sku_id', 'product_title', 'sku_title', 'publisher', 'unit_of_measure', 'term', 'billing', 'market', 'currency',
  'unit_price', 'erp_price', 'tier_min', 'tier_max', 'effective_start', 'effective_end', 'tags',
] as const;

const STAGED_COLUMNS = ['line_number', ...PRICE_COLUMNS] as const;
const NUMERIC = new Set(['unit_price', 'erp_price', 'tier_min', 'tier_max']);
const DATES = new Set(['effective_start', 'effective_end']);
const STAGED_DEFINITION = STAGED_COLUMNS.map((column) => `${column} ${column === 'line_number' ? 'integer' : NUMERIC.has(column) ? 'numeric' : DATES.has(column) ? 'date' : 'text'}`).join(', ');

/** A price-list row's identity, as the table's unique key has it. */
const IDENTITY = 'product_id, sku_id, term, billing, market, currency, tier_min, effective_start';

/**
 * Writes a price list: rows staged with COPY, then merged in one statement
 * (a row whose identity is known is a duplicate), and each product × SKU added
 * to the catalog once.
 */
export function openPricelistSink({ connection }: StoreTransaction, context: ImportContext): ImportSink<PriceListRow> {
  const staged = new StagingTable(connection, 'staged_price_list_rows', STAGED_DEFINITION, STAGED_COLUMNS);
  const org = context.organizationId;
  let added = 0;
  return {
    async add(row: PriceListRow, record: FileRecord) {
      added += 1;
      await staged.add([
        record.line, row.productId, row.skuId, row.productTitle, row.skuTitle, row.publisher, row.unitOfMeasure, row.term, row.billing, row.market,
        row.currency, row.unitPrice.toString(), row.erpPrice?.toString(), row.tierMin?.toString() ?? '0', row.tierMax?.toString(),
        row.effectiveStart.toString(), row.effectiveEnd?.toString(), row.tags,
      ]);
    },
    async finish() {
      await staged.flush();
      await connection.query(
        `INSERT INTO catalog_items (organization_id, id, kind, product_id, sku_id, product_title, sku_title, publisher, unit_of_measure)
         SELECT DISTINCT ON (product_id, sku_id) $1, product_id || ':' || sku_id, 'microsoft_license', product_id, sku_id, product_title, sku_title,
                publisher, unit_of_measure
           FROM staged_price_list_rows ORDER BY product_id, sku_id, line_number
         ON CONFLICT DO NOTHING`,
        [org],
      );
      const inserted = await connection.query(
        `INSERT INTO price_list_rows (organization_id, import_id, ${PRICE_COLUMNS.join(', ')})
         SELECT DISTINCT ON (${IDENTITY}) $1, $2::bigint, ${PRICE_COLUMNS.join(', ')}
           FROM staged_price_list_rows ORDER BY ${IDENTITY}, line_number
         ON CONFLICT (organization_id, ${IDENTITY}) DO NOTHING`,
        [org, context.importId],
      );
      return { imported: inserted.rowCount, duplicates: added - inserted.rowCount };
    },
  };
}
