import { type Command } from 'commander';
import { setPolicy, showPolicy } from '../../app/renewals/policies.ts';
import { parsePolicyValue, POLICY_FIELDS, policyField } from '../../domain/renewal/policy.ts';
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
      const shown = await showPolicy(store.db, organization, options.account ?? '');
      if (options.json) {
        printJson(shown);
        return;
      }
      print(shown.account ? `Policy of account ${shown.account}:` : 'Organization policy:');
      print(table(['Field', 'Setting and source'], shown.explanation.map((line) => [line.field, line.text])));
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
    await withStore(options, (store, organization) => store.transaction(({ db }) => setPolicy(db, organization, { accountId: options.account ?? '', field, value, actor: actorOf(options) })));
    print(`${parsed.field} = ${JSON.stringify(parsed.value)}${options.account ? ` for account ${options.account}` : ' for the organization'}`);
  });
  withDataDirOption(
    policy.command('clear').description('remove a setting, so the organization default (or built-in default) applies again').argument('<field>').option('--account <id>', "the account's override").option('--by <name>', 'who is making the change'),
  ).action(async (field: string, options: PolicyOptions) => {
    const name = policyField(field);
    await withStore(options, (store, organization) => store.transaction(({ db }) => setPolicy(db, organization, { accountId: options.account ?? '', field, value: undefined, actor: actorOf(options) })));
    print(`${name} cleared${options.account ? ` for account ${options.account}` : ' for the organization'}`);
  });
}
