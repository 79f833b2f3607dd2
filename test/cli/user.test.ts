import { describe, expect, it } from 'vitest';
import { signIn } from '../../src/app/access/sign-in.ts';
import { Store } from '../../src/store/store.ts';
import { coterm } from '../support/cli.ts';
import { tempDir } from '../support/temp-dirs.ts';

describe('coterm user: the people who sign in, from the command line', () => {
  const dataDir = tempDir('users-cli');
  const env = { COTERM_DATA_DIR: dataDir, DATABASE_URL: '' };
  const run = (...args: string[]) => coterm(args, env);

  async function canSignIn(email: string, password: string): Promise<boolean> {
    const store = await Store.open({ dataDir });
    try {
      await store.transaction(({ db }) => signIn(db, email, password, new Date('2026-11-22T09:00:00Z')));
      return true;
    } catch {
      return false;
    } finally {
      await store.close();
    }
  }

  it('adds staff with a password printed once, resets it, disables and enables, and refuses a bad role in one line', async () => {
    const added = await run('user', 'add', 'ops@acme.test', '--role', 'billing', '--name', 'Ops');
    const [, password] = /password (\S+) \(shown once\)/.exec(added.stdout) ?? [];
    expect(added.stdout).toMatch(/^Added ops@acme\.test \(billing\), password [A-Za-z0-9_-]{20} \(shown once\)\n$/);
    expect(await canSignIn('ops@acme.test', password ?? '')).toBe(true);

    const reset = await run('user', 'reset-password', 'ops@acme.test');
    const [, fresh] = /: (\S+) \(shown once\)/.exec(reset.stdout) ?? [];
    expect(await canSignIn('ops@acme.test', password ?? '')).toBe(false);
    expect(await canSignIn('ops@acme.test', fresh ?? '')).toBe(true);

    expect((await run('user', 'disable', 'ops@acme.test')).stdout).toBe('ops@acme.test disabled\n');
    expect(await canSignIn('ops@acme.test', fresh ?? '')).toBe(false);
    expect((await run('user', 'enable', 'ops@acme.test')).stdout).toBe('ops@acme.test enabled\n');
    expect(await canSignIn('ops@acme.test', fresh ?? '')).toBe(true);

    const listed = JSON.parse((await run('user', 'list', '--json')).stdout) as { users: { email: string; role: string; disabled: boolean }[] };
    expect(listed.users.map((user) => [user.email, user.role, user.disabled])).toEqual([['ops@acme.test', 'billing', false]]);

    const bad = await run('user', 'add', 'x@acme.test', '--role', 'owner');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`coterm: option '--role <role>' argument 'owner' is invalid. "owner" is not one of admin, billing, account_manager, read_only, portal_contact\n`);
    const unknown = await run('user', 'reset-password', 'nobody@acme.test');
    expect(unknown.stderr).toBe('coterm: email: no user with the email nobody@acme.test\n');
  });
});
