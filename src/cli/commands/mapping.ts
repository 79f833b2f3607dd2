import { type Command } from 'commander';
import { openUnmapped, type Resolution, resolveUnmapped } from '../../store/mapping-queue.ts';
import { UsageError } from '../errors.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';
import { actorOf } from '../options.ts';

interface ResolveOptions extends StoreOptions {
  account?: string;
  create?: boolean;
  name?: string;
  ignore?: boolean;
  json?: boolean;
}

export function registerMappingCommands(program: Command): void {
  const mapping = program.command('mapping').description('customers, tenants and companies from other systems that no rule matched to an account');
  withDataDirOption(mapping.command('list').description('what waits to be mapped, with the candidate accounts').option('--json', 'print JSON')).action(async (options: StoreOptions & { json?: boolean }) => {
    const records = await withStore(options, (store, organization) => openUnmapped(store, organization));
    if (options.json) {
      printJson({ unmapped: records });
      return;
    }
    if (records.length === 0) {
      print('Nothing waits to be mapped.');
      return;
    }
    print(`${records.length} records wait to be mapped (coterm mapping resolve SYSTEM ID --account ACCOUNT | --create | --ignore):`);
    print();
    const rows = records.map((record) => [
      record.system,
      record.externalId,
      record.name ?? '',
      record.domain ?? '',
      record.candidates.map((candidate) => `${candidate.accountId} (${Math.round(candidate.confidence * 100)}% ${candidate.matchedBy})`).join(', ') || 'no candidate',
    ]);
    print(table(['System', 'Id', 'Name', 'Domain', 'Candidates'], rows));
  });

  withDataDirOption(
    mapping
      .command('resolve')
      .description('say once which account a record is; later imports remember it')
      .argument('<system>', 'partner_center, connectwise, autotask, …')
      .argument('<id>', 'the id in that system')
      .option('--account <id>', 'the existing account it is')
      .option('--create', 'create an account for it')
      .option('--name <name>', 'with --create: the account name (default: the record’s)')
      .option('--ignore', 'not a client: stop asking')
      .option('--json', 'print JSON'),
  ).action(async (system: string, id: string, options: ResolveOptions) => {
    const chosen = [options.account !== undefined, options.create === true, options.ignore === true].filter(Boolean).length;
    if (chosen !== 1) throw new UsageError('give exactly one of --account ID, --create or --ignore');
    const resolution: Resolution = options.account
      ? { accountId: options.account }
      : options.create
        ? { createAccount: options.name ? { name: options.name } : {} }
        : { ignore: true };
    const accountId = await withStore(options, (store, organization) => resolveUnmapped(store, organization, system, id, resolution, actorOf()));
    if (options.json) printJson({ system, id, accountId: accountId ?? null });
    else print(accountId ? `${system} ${id} is account ${accountId} from now on.` : `${system} ${id} is ignored from now on.`);
  });
}
