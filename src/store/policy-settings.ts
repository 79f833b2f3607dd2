import { writeAudit } from './audit-log.ts';
import { type Kysely } from 'kysely';
import { type PolicyField, type PolicySetting } from '../domain/renewal/policy.ts';
import { type Schema } from './schema.ts';

/** Every policy setting of the organization: its own and each account's overrides. */
export async function loadPolicySettings(db: Kysely<Schema>, organizationId: string): Promise<PolicySetting[]> {
  const rows = await db.selectFrom('policy_settings').selectAll().where('organization_id', '=', organizationId).orderBy('account_id').orderBy('field').execute();
  return rows.map((row) => ({
    field: row.field as PolicyField,
    value: row.value,
    accountId: row.account_id,
    setBy: row.set_by,
    setAt: new Date(row.set_at).toISOString(),
  }));
}

/**
 * Sets (or clears, with `value` undefined) one field at one scope, with its
 * audit-log row, in the caller's transaction. Setting the value a field
 * already has changes nothing and records nothing.
 */
export async function writePolicySetting(
  db: Kysely<Schema>,
  organizationId: string,
  change: { accountId: string; field: PolicyField; value: unknown; actor: string },
): Promise<void> {
  const { accountId, field, value, actor } = change;
  const current = await db
    .selectFrom('policy_settings')
    .select('value')
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where('field', '=', field)
    .executeTakeFirst();
  if (current === undefined ? value === undefined : JSON.stringify(current.value) === JSON.stringify(value)) return;
  if (value === undefined) {
    await db.deleteFrom('policy_settings').where('organization_id', '=', organizationId).where('account_id', '=', accountId).where('field', '=', field).execute();
  } else {
    await db
      .insertInto('policy_settings')
      .values({ organization_id: organizationId, account_id: accountId, field, value: JSON.stringify(value), set_by: actor, set_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.columns(['organization_id', 'account_id', 'field']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), set_by: eb.ref('excluded.set_by'), set_at: eb.ref('excluded.set_at') })))
      .execute();
  }
  await writeAudit(db, organizationId, actor, value === undefined ? 'policy.clear' : 'policy.set', accountId === '' ? 'organization' : 'account', accountId === '' ? organizationId : accountId, { field, value: value ?? null });
}
