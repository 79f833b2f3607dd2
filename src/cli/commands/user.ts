import { randomBytes } from 'node:crypto';
import { type Command } from 'commander';
import { changeUser, createUser } from '../../app/access/users.ts';
import { NotFoundError } from '../../app/errors.ts';
import { ROLES, type Role } from '../../domain/access/roles.ts';
import { listUsers, userByEmail, type UserRecord } from '../../store/access-records.ts';
import { type Store } from '../../store/store.ts';
import { actorOf, choiceOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface UserOptions extends StoreOptions {
  role?: Role;
  name?: string;
  account?: string;
  json?: boolean;
  by?: string;
}

/** A password for a person to change after signing in: 120 random bits, printed once, never stored in clear. */
function generatedPassword(): string {
  return randomBytes(15).toString('base64url');
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('people who sign in: staff and portal contacts (the server has the same under /api/users)');
  withDataDirOption(user.command('list').description('every user, with role and account').option('--json', 'print JSON')).action(async (options: UserOptions) => {
    const users = await withStore(options, (store, organization) => listUsers(store.db, organization));
    if (options.json) return printJson({ users });
    print(table(['Email', 'Name', 'Role', 'Account', 'State'], users.map((person) => [person.email, person.name, person.role, person.accountId ?? '', person.disabled ? 'disabled' : 'active'])));
  });
  withDataDirOption(
    user
      .command('add')
      .description('add a user; staff get a generated password, printed once')
      .argument('<email>')
      .requiredOption('--role <role>', ROLES.join(', '), choiceOption(ROLES))
      .option('--name <name>', 'the name shown (default: the email)')
      .option('--account <id>', "a portal contact's account")
      .option('--by <name>', 'who is making the change (default $USER)'),
  ).action(async (email: string, options: UserOptions) => {
    const role = options.role as Role;
    const password = role === 'portal_contact' ? undefined : generatedPassword();
    const created = await withStore(options, (store, organization) =>
      store.transaction(({ db }) => createUser(db, organization, actorOf(options), { email, name: options.name ?? '', role, accountId: options.account, password })),
    );
    print(`Added ${created.email} (${created.role}${created.accountId ? ` of ${created.accountId}` : ''})${password ? `, password ${password} (shown once)` : ''}`);
  });
  withDataDirOption(user.command('reset-password').description("give a user a new generated password, printed once; the user's sessions end").argument('<email>').option('--by <name>', 'who')).action(
    async (email: string, options: UserOptions) => {
      const password = generatedPassword();
      await withStore(options, async (store, organization) => {
        const found = await userIn(store, organization, email);
        await store.transaction(({ db }) => changeUser(db, organization, actorOf(options), found.id, { password, disabled: false }));
      });
      print(`New password for ${email}: ${password} (shown once)`);
    },
  );
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    withDataDirOption(user.command(name).description(disabled ? 'stop a user signing in (sessions end now)' : 'let a disabled user sign in again').argument('<email>').option('--by <name>', 'who')).action(
      async (email: string, options: UserOptions) => {
        await withStore(options, async (store, organization) => {
          const found = await userIn(store, organization, email);
          await store.transaction(({ db }) => changeUser(db, organization, actorOf(options), found.id, { disabled }));
        });
        print(`${email} ${disabled ? 'disabled' : 'enabled'}`);
      },
    );
  }
}

async function userIn(store: Store, organization: string, email: string): Promise<UserRecord> {
  const found = await userByEmail(store.db, email);
  if (!found || found.organizationId !== organization) throw new NotFoundError(`no user with the email ${email}`, 'email');
  return found;
}
