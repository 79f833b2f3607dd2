import { writeAudit } from './audit-log.ts';
import { sql } from 'kysely';
import { InvalidInputError } from '../domain/errors.ts';
import { normalizeCompanyName } from '../domain/mapping/match.ts';
import { assignTenant } from './account-mapping.ts';
import { type Store } from './store.ts';

export interface UnmappedRecord {
  readonly system: string;
  readonly externalId: string;
  readonly name: string | null;
  readonly domain: string | null;
  readonly candidates: readonly { accountId: string; confidence: number; matchedBy: string }[];
}

export type Resolution = { readonly accountId: string } | { readonly createAccount: { readonly id?: string; readonly name?: string } } | { readonly ignore: true };

/** The records no rule could match, waiting for a person to say which account they are. */
export async function openUnmapped(store: Store, organizationId: string): Promise<UnmappedRecord[]> {
  const rows = await store.db
    .selectFrom('unmapped_records')
    .select(['system', 'external_id', 'external_name', 'domain', 'candidates'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'open')
    .orderBy('system')
    .orderBy('external_name')
    .execute();
  return rows.map((row) => ({
    system: row.system,
    externalId: row.external_id,
    name: row.external_name,
    domain: row.domain,
    candidates: row.candidates as UnmappedRecord['candidates'],
  }));
}

/**
 * Answers an unmapped record once: the answer is remembered in external_ids
 * (later imports match by it), applied to what is already stored, and written
 * to the audit log.
 */
export async function resolveUnmapped(store: Store, organizationId: string, system: string, externalId: string, resolution: Resolution, actor: string): Promise<string | undefined> {
  return store.transaction(async ({ db, connection }) => {
    const record = await db
      .selectFrom('unmapped_records')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('system', '=', system)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    if (!record) throw new InvalidInputError(`nothing unmapped from ${system} with id ${externalId} (see coterm mapping)`);
    let accountId: string | undefined;
    if ('ignore' in resolution) {
      accountId = undefined;
    } else if ('accountId' in resolution) {
      const account = await db.selectFrom('accounts').select('id').where('organization_id', '=', organizationId).where('id', '=', resolution.accountId).executeTakeFirst();
      if (!account) throw new InvalidInputError(`no account ${resolution.accountId}`, 'account');
      accountId = account.id;
    } else {
      const name = resolution.createAccount.name ?? record.external_name ?? externalId;
      accountId = resolution.createAccount.id ?? (await freeAccountId(db, organizationId, name));
      await db
        .insertInto('accounts')
        .values({ organization_id: organizationId, id: accountId, name, normalized_name: normalizeCompanyName(name), domain: record.domain, country: null, parent_account_id: null })
        .execute();
    }
    await db
      .updateTable('unmapped_records')
      .set({ status: accountId ? 'resolved' : 'ignored', resolved_entity_id: accountId ?? null, resolved_by: actor, resolved_at: sql<string>`now()` })
      .where('organization_id', '=', organizationId)
      .where('system', '=', system)
      .where('external_id', '=', externalId)
      .execute();
    if (accountId) {
      await db
        .insertInto('external_ids')
        .values({ organization_id: organizationId, system, entity_type: 'account', external_id: externalId, entity_id: accountId, external_name: record.external_name, matched_by: 'person' })
        .onConflict((conflict) => conflict.columns(['organization_id', 'system', 'entity_type', 'external_id']).doUpdateSet({ entity_id: accountId, matched_by: 'person' }))
        .execute();
      if (system === 'partner_center') await assignTenant(connection, organizationId, externalId, accountId);
      await db.updateTable('psa_contract_lines').set({ account_id: accountId }).where('organization_id', '=', organizationId).where('system', '=', system as 'connectwise').where('company_id', '=', externalId).execute();
    }
    await writeAudit(db, organizationId, actor, accountId ? 'mapping.resolve' : 'mapping.ignore', 'unmapped_record', `${system}:${externalId}`, { accountId: accountId ?? null, name: record.external_name });
    return accountId;
  });
}

/** A readable account id from a name (`Contoso Ltd` → `contoso`), numbered when taken. */
async function freeAccountId(db: Store['db'], organizationId: string, name: string): Promise<string> {
  const base = normalizeCompanyName(name).replace(/ /g, '-') || 'account';
  for (let n = 1; ; n += 1) {
    const id = n === 1 ? base : `${base}-${n}`;
    const taken = await db.selectFrom('accounts').select('id').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    if (!taken) return id;
  }
}
