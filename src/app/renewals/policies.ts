import { type Kysely } from 'kysely';
import { InvalidInputError } from '../../domain/errors.ts';
import { explainPolicy, parsePolicyValue, policyField, resolvePolicy } from '../../domain/renewal/policy.ts';
import { loadPolicySettings, writePolicySetting } from '../../store/policy-settings.ts';
import { type Schema } from '../../store/schema.ts';

/** The policy that applies to an account ('' for the organization), each field with where it came from. */
export async function showPolicy(db: Kysely<Schema>, organizationId: string, accountId: string) {
  const parentId = accountId ? await parentOf(db, organizationId, accountId) : null;
  const resolved = resolvePolicy(await loadPolicySettings(db, organizationId), accountId, parentId);
  return { account: accountId || null, policy: resolved.policy, sources: resolved.sources, explanation: explainPolicy(resolved) };
}

/** Sets a field from its text form, or clears it (`value` undefined) so the default applies again. */
export async function setPolicy(db: Kysely<Schema>, organizationId: string, change: { accountId: string; field: string; value: string | undefined; actor: string }): Promise<void> {
  if (change.accountId) await parentOf(db, organizationId, change.accountId);
  const setting = change.value === undefined ? { field: policyField(change.field), value: undefined } : parsePolicyValue(change.field, change.value);
  await writePolicySetting(db, organizationId, { accountId: change.accountId, field: setting.field, value: setting.value, actor: change.actor });
}

async function parentOf(db: Kysely<Schema>, organizationId: string, accountId: string): Promise<string | null> {
  const account = await db.selectFrom('accounts').select('parent_account_id').where('organization_id', '=', organizationId).where('id', '=', accountId).executeTakeFirst();
  if (!account) throw new InvalidInputError(`no account "${accountId}" (see coterm ledger state or coterm mapping list)`, 'account');
  return account.parent_account_id;
}
