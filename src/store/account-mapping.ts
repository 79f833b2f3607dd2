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
    return (await this.resolveMany([company])).get(company.externalId);
  }

  /** Resolves companies of one system together (a few queries, whatever their number); unmatched ones are queued. */
  async resolveMany(companies: readonly ForeignCompany[]): Promise<Map<string, string>> {
    const resolved = new Map<string, string>();
    if (companies.length === 0) return resolved;
    const system = companies[0]?.system ?? '';
    const remembered = await this.connection.query<{ external_id: string; entity_id: string }>(
      `SELECT external_id, entity_id FROM external_ids WHERE organization_id = $1 AND system = $2 AND entity_type = 'account' AND external_id = ANY($3::text[])`,
      [this.organizationId, system, companies.map((company) => company.externalId)],
    );
    for (const row of remembered.rows) resolved.set(row.external_id, row.entity_id);
    this.accounts ??= (
      await this.connection.query<AccountRef>('SELECT id, name, domain FROM accounts WHERE organization_id = $1', [this.organizationId])
    ).rows;
    const matched: { company: ForeignCompany; accountId: string; confidence: number; matchedBy: string }[] = [];
    const queued: { company: ForeignCompany; candidates: string }[] = [];
    const pending = new Set<string>();
    for (const company of companies) {
      if (resolved.has(company.externalId) || pending.has(company.externalId)) continue;
      pending.add(company.externalId);
      const candidates = matchAccount(company, this.accounts);
      const match = confidentMatch(candidates);
      if (match) {
        resolved.set(company.externalId, match.accountId);
        matched.push({ company, accountId: match.accountId, confidence: match.confidence, matchedBy: match.matchedBy });
      } else {
        queued.push({ company, candidates: JSON.stringify(candidates.slice(0, 5)) });
      }
    }
    if (matched.length > 0) {
      await this.connection.query(
        `INSERT INTO external_ids (organization_id, system, entity_type, external_id, entity_id, external_name, confidence, matched_by)
         SELECT $1, $2, 'account', m.external_id, m.entity_id, m.external_name, m.confidence, m.matched_by
           FROM unnest($3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[]) AS m(external_id, entity_id, external_name, confidence, matched_by)
         ON CONFLICT DO NOTHING`,
        [
          this.organizationId,
          system,
          matched.map((m) => m.company.externalId),
          matched.map((m) => m.accountId),
          matched.map((m) => m.company.name ?? null),
          matched.map((m) => m.confidence),
          matched.map((m) => m.matchedBy),
        ],
      );
    }
    if (queued.length > 0) {
      await this.connection.query(
        `INSERT INTO unmapped_records (organization_id, system, entity_type, external_id, external_name, domain, candidates, first_import_id)
         SELECT $1, $2, 'account', q.external_id, q.external_name, q.domain, q.candidates, $7
           FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[]) AS q(external_id, external_name, domain, candidates)
         ON CONFLICT (organization_id, system, entity_type, external_id) DO UPDATE SET candidates = EXCLUDED.candidates, external_name = EXCLUDED.external_name
         WHERE unmapped_records.status = 'open'`,
        [
          this.organizationId,
          system,
          queued.map((q) => q.company.externalId),
          queued.map((q) => q.company.name ?? null),
          queued.map((q) => q.company.domain ?? null),
          queued.map((q) => q.candidates),
          this.importId,
        ],
      );
    }
    return resolved;
  }
}

/** Maps the tenants still without an account and carries the answer to their subscriptions. */
export async function mapTenants(connection: SqlConnection, organizationId: string, importId: string | null): Promise<{ mapped: number; unmapped: number }> {
  const tenants = await connection.query<{ id: string; name: string; domain: string | null }>(
    'SELECT id, name, domain FROM tenants WHERE organization_id = $1 AND account_id IS NULL ORDER BY id',
    [organizationId],
  );
  const mapper = new AccountMapper(connection, organizationId, importId);
  const resolved = await mapper.resolveMany(
    tenants.rows.map((tenant) => ({ system: 'partner_center', externalId: tenant.id, name: tenant.name, domain: tenant.domain ?? undefined })),
  );
  if (resolved.size > 0) {
    const ids = [...resolved.keys()];
    const accounts = ids.map((id) => resolved.get(id) ?? '');
    await connection.query(
      `UPDATE tenants t SET account_id = m.account_id FROM unnest($2::text[], $3::text[]) AS m(id, account_id)
        WHERE t.organization_id = $1 AND t.id = m.id`,
      [organizationId, ids, accounts],
    );
    await connection.query(
      `UPDATE subscriptions s SET account_id = m.account_id FROM unnest($2::text[], $3::text[]) AS m(id, account_id)
        WHERE s.organization_id = $1 AND s.tenant_id = m.id AND s.account_id IS NULL`,
      [organizationId, ids, accounts],
    );
  }
  return { mapped: resolved.size, unmapped: tenants.rows.length - resolved.size };
}

export async function assignTenant(connection: SqlConnection, organizationId: string, tenantId: string, accountId: string): Promise<void> {
  await connection.query('UPDATE tenants SET account_id = $3 WHERE organization_id = $1 AND id = $2', [organizationId, tenantId, accountId]);
  await connection.query('UPDATE subscriptions SET account_id = $3 WHERE organization_id = $1 AND tenant_id = $2 AND account_id IS NULL', [organizationId, tenantId, accountId]);
}
