import { confidentMatch, matchAccount, type AccountRef } from '../domain/mapping/match.ts';
import { type SqlConnection } from './sql-connection.ts';

/** A company as another system names it. */
export interface ForeignCompany {
  readonly system: string;
  readonly externalId: string;
  readonly name: string | undefined;
  readonly domain: string | undefined;
}

/**
 * Finds the account a foreign company belongs to: an answer given before
 * (external_ids) wins; then a confident match by domain or name, remembered;
 * otherwise the company waits in the unmapped queue with its candidates.
 */
export class AccountMapper {
  private accounts: AccountRef[] | undefined;

  constructor(
    private readonly connection: SqlConnection,
    private readonly organizationId: string,
    private readonly importId: string | null,
  ) {}

  async resolve(company: ForeignCompany): Promise<string | undefined> {
    const remembered = await this.connection.query<{ entity_id: string }>(
      `SELECT entity_id FROM external_ids WHERE organization_id = $1 AND system = $2 AND entity_type = 'account' AND external_id = $3`,
      [this.organizationId, company.system, company.externalId],
    );
    if (remembered.rows[0]) return remembered.rows[0].entity_id;
    this.accounts ??= (
      await this.connection.query<AccountRef>('SELECT id, name, domain FROM accounts WHERE organization_id = $1', [this.organizationId])
    ).rows;
    const candidates = matchAccount(company, this.accounts);
    const match = confidentMatch(candidates);
    if (match) {
      await this.connection.query(
        `INSERT INTO external_ids (organization_id, system, entity_type, external_id, entity_id, external_name, confidence, matched_by)
         VALUES ($1, $2, 'account', $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [this.organizationId, company.system, company.externalId, match.accountId, company.name ?? null, match.confidence, match.matchedBy],
      );
      return match.accountId;
    }
    await this.connection.query(
      `INSERT INTO unmapped_records (organization_id, system, entity_type, external_id, external_name, domain, candidates, first_import_id)
       VALUES ($1, $2, 'account', $3, $4, $5, $6, $7)
       ON CONFLICT (organization_id, system, entity_type, external_id) DO UPDATE SET candidates = EXCLUDED.candidates, external_name = EXCLUDED.external_name
       WHERE unmapped_records.status = 'open'`,
      [this.organizationId, company.system, company.externalId, company.name ?? null, company.domain ?? null, JSON.stringify(candidates.slice(0, 5)), this.importId],
    );
    return undefined;
  }
}

/** Maps the tenants still without an account and carries the answer to their subscriptions. */
export async function mapTenants(connection: SqlConnection, organizationId: string, importId: string | null): Promise<{ mapped: number; unmapped: number }> {
  const mapper = new AccountMapper(connection, organizationId, importId);
  const tenants = await connection.query<{ id: string; name: string; domain: string | null }>(
    'SELECT id, name, domain FROM tenants WHERE organization_id = $1 AND account_id IS NULL ORDER BY id',
    [organizationId],
  );
  let mapped = 0;
  for (const tenant of tenants.rows) {
    const accountId = await mapper.resolve({ system: 'partner_center', externalId: tenant.id, name: tenant.name, domain: tenant.domain ?? undefined });
    if (!accountId) continue;
    mapped += 1;
    await assignTenant(connection, organizationId, tenant.id, accountId);
  }
  return { mapped, unmapped: tenants.rows.length - mapped };
}

export async function assignTenant(connection: SqlConnection, organizationId: string, tenantId: string, accountId: string): Promise<void> {
  await connection.query('UPDATE tenants SET account_id = $3 WHERE organization_id = $1 AND id = $2', [organizationId, tenantId, accountId]);
  await connection.query('UPDATE subscriptions SET account_id = $3 WHERE organization_id = $1 AND tenant_id = $2 AND account_id IS NULL', [organizationId, tenantId, accountId]);
}
