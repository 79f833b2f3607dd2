import { randomBytes } from 'node:crypto';
import { type Kysely } from 'kysely';
import { countUsers } from '../../store/access-records.ts';
import { type Schema } from '../../store/schema.ts';
import { createUser } from './users.ts';

/**
 * On an empty organization, the first admin: with the password given, or a
 * generated one that is returned (to be shown once) and never stored in clear.
 */
export async function ensureFirstAdmin(db: Kysely<Schema>, organizationId: string, email: string, password?: string): Promise<{ email: string; generatedPassword?: string } | undefined> {
  if ((await countUsers(db, organizationId)) > 0) return undefined;
  const generated = password ? undefined : randomBytes(15).toString('base64url');
  await createUser(db, organizationId, 'setup', { email, name: 'Administrator', role: 'admin', password: password ?? generated });
  return generated ? { email, generatedPassword: generated } : { email };
}
