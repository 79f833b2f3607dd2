import { type ImportContext, type ImportSink } from '../../app/imports/import-format.ts';
import { type PsaRow } from '../../imports/psa/psa-format.ts';
import { type FileRecord } from '../../imports/record-file.ts';
import { AccountMapper } from '../account-mapping.ts';
import { StagingTable } from '../staging.ts';
import { type StoreTransaction } from '../store.ts';

/** The columns a PSA line is compared on: any difference is the PSA changing the line in place. */
const LINE_COLUMNS = [
  'contract_id', 'contract_name', 'company_id', 'company_name', 'product', 'description', 'quantity', 'unit_price', 'unit_cost',
  'bill_customer', 'effective_date', 'cancelled_date', 'prorate',
] as const;

const STAGED_COLUMNS = ['line_number', 'system', 'external_id', ...LINE_COLUMNS] as const;

const TYPES: Record<string, string> = {
  line_number: 'integer', quantity: 'numeric', unit_price: 'numeric', unit_cost: 'numeric', bill_customer: 'boolean',
  effective_date: 'date', cancelled_date: 'date', prorate: 'boolean',
};
const STAGED_DEFINITION = STAGED_COLUMNS.map((column) => `${column} ${TYPES[column] ?? 'text'}`).join(', ');

/** The PSA's name for a company: its id, or its name when the export has no id. */
const COMPANY_KEY = 'coalesce(company_id, company_name)';

/**
 * Writes PSA contract lines (ConnectWise agreement additions, Autotask
 * contract services) keyed by system and line id: a line seen again with the
 * same values is a duplicate, with changed values it is updated (PSAs edit
 * lines in place). Then matches the file's companies to accounts; unmatched
 * companies wait in the unmapped queue.
 */
export function openPsaSink({ connection }: StoreTransaction, context: ImportContext): ImportSink<PsaRow> {
  const staged = new StagingTable(connection, 'staged_psa_lines', STAGED_DEFINITION, STAGED_COLUMNS);
  const org = context.organizationId;
  let added = 0;
  return {
    async add(row: PsaRow, record: FileRecord) {
      added += 1;
      await staged.add([
        record.line, row.system, row.externalId, row.contractId, row.contractName, row.companyId, row.companyName, row.product, row.description,
        row.quantity.toString(), row.unitPrice.toString(), row.unitCost?.toString(), row.billCustomer, row.effectiveDate?.toString(),
        row.cancelledDate?.toString(), row.prorate,
      ]);
    },
    async finish() {
      await staged.flush();
      const current = LINE_COLUMNS.map((column) => `psa_contract_lines.${column}`).join(', ');
      const incoming = LINE_COLUMNS.map((column) => `EXCLUDED.${column}`).join(', ');
      // The last line of the file wins when it lists one PSA line twice.
      const merged = await connection.query(
        `INSERT INTO psa_contract_lines (organization_id, system, external_id, ${LINE_COLUMNS.join(', ')}, import_id)
         SELECT DISTINCT ON (system, external_id) $1, system, external_id, ${LINE_COLUMNS.join(', ')}, $2::bigint
           FROM staged_psa_lines ORDER BY system, external_id, line_number DESC
         ON CONFLICT (organization_id, system, external_id) DO UPDATE
            SET ${LINE_COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, import_id = EXCLUDED.import_id
          WHERE (${current}) IS DISTINCT FROM (${incoming})`,
        [org, context.importId],
      );
      await mapCompanies(connection, org, context.importId);
      return { imported: merged.rowCount, duplicates: added - merged.rowCount };
    },
  };
}

/** Matches each company of the file to an account and carries the answer to its lines. */
async function mapCompanies(connection: StoreTransaction['connection'], org: string, importId: string): Promise<void> {
  const companies = await connection.query<{ system: string; company_key: string; company_name: string | null }>(
    `SELECT DISTINCT ON (system, ${COMPANY_KEY}) system, ${COMPANY_KEY} AS company_key, company_name
       FROM staged_psa_lines WHERE ${COMPANY_KEY} IS NOT NULL ORDER BY system, ${COMPANY_KEY}, line_number DESC`,
  );
  const mapper = new AccountMapper(connection, org, importId);
  for (const company of companies.rows) {
    const accountId = await mapper.resolve({ system: company.system, externalId: company.company_key, name: company.company_name ?? undefined, domain: undefined });
    if (!accountId) continue;
    await connection.query(
      `UPDATE psa_contract_lines SET account_id = $4
        WHERE organization_id = $1 AND system = $2 AND ${COMPANY_KEY} = $3 AND account_id IS DISTINCT FROM $4`,
      [org, company.system, company.company_key, accountId],
    );
  }
}
