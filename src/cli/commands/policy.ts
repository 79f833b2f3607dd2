import { type Command } from 'commander';
import { InvalidInputError } from '../../domain/errors.ts';
import { explainPolicy, parsePolicyValue, POLICY_FIELDS, policyField, resolvePolicy } from '../../domain/renewal/policy.ts';
import { loadPolicySettings, writePolicySetting } from '../../store/policy-settings.ts';
import { type Store } from '../../store/store.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';
import { actorOf } from '../options.ts';

interface PolicyOptions extends StoreOptions {
  account?: string;
  json?: boolean;
  by?: string;
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('renewal and co-term policies: organization defaults and account overrides');
  withDataDirOption(
    policy.command('show').description('the policy that applies, each field with where it came from').option('--account <id>', "an account's resolved policy").option('--json', 'print JSON'),
  ).action(async (options: PolicyOptions) => {
    await withStore(options, async (store, organization) => {
      const accountId = options.account ?? '';
      const parentId = accountId ? await parentOf(store, organization, accountId) : null;
      const resolved = resolvePolicy(await loadPolicySettings(store.db, organization), accountId, parentId);
      if (options.json) {
        printJson({ account: accountId || null, policy: resolved.policy, sources: resolved.sources, explanation: explainPolicy(resolved) });
        return;
      }
      print(accountId ? `Policy of account ${accountId}:` : 'Organization policy:');
      print(table(['Field', 'Setting and source'], explainPolicy(resolved).map((line) => [line.field, line.text])));
    });
  });
  withDataDirOption(
    policy
      .command('set')
      .description(`set a field (${POLICY_FIELDS.join(', ')}) for the organization or, with --account, one account`)
      .argument('<field>')
      .argument('<value>')
      .option('--account <id>', 'override for this account only')
      .option('--by <name>', 'who is making the change (default $USER)'),
  ).action(async (field: string, value: string, options: PolicyOptions) => {
    const parsed = parsePolicyValue(field, value);
    await withStore(options, async (store, organization) => {
      if (options.account) await parentOf(store, organization, options.account);
      await store.transaction(({ db }) => writePolicySetting(db, organization, { accountId: options.account ?? '', field: parsed.field, value: parsed.value, actor: actorOf(options) }));
    });
    print(`${parsed.field} = ${JSON.stringify(parsed.value)}${options.account ? ` for account ${options.account}` : ' for the organization'}`);
  });
  withDataDirOption(
    policy.command('clear').description('remove a setting, so the organization default (or built-in default) applies again').argument('<field>').option('--account <id>', "the account's override").option('--by <name>', 'who is making the change'),
  ).action(async (field: string, options: PolicyOptions) => {
    const name = policyField(field);
    await withStore(options, (store, organization) =>
      store.transaction(({ db }) => writePolicySetting(db, organization, { accountId: options.account ?? '', field: name, value: undefined, actor: actorOf(options) })),
    );
    print(`${name} cleared${options.account ? ` for account ${options.account}` : ' for the organization'}`);
  });
}

async function parentOf(store: Store, organization: string, accountId: string): Promise<string | null> {
  const account = await store.db.selectFrom('accounts').select('parent_account_id').where('organization_id', '=', organization).where('id', '=', accountId).executeTakeFirst();
  if (!account) throw new InvalidInputError(`no account "${accountId}" (see coterm ledger state or coterm mapping list)`, '--account');
  return account.parent_account_id;
}
