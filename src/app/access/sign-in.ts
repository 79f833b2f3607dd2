import { type Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../../security/passwords.ts';
import { newSecret, secretHash } from '../../security/secrets.ts';
import { deleteSession, insertSession, type UserRecord, userByEmail } from '../../store/access-records.ts';
import { writeAudit } from '../../store/audit-log.ts';
import { type Schema } from '../../store/schema.ts';
import { AuthenticationError } from '../errors.ts';

/** How long a browser session lasts. */
export const SESSION_HOURS = 12;

export interface NewSession {
  /** The cookie's value; only its hash is stored. */
  readonly token: string;
  /** Sent back in the X-CSRF-Token header of every change. */
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly user: UserRecord;
}

/** Compared against when the email is unknown, so a wrong email takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

/** Staff (and contacts with a password) sign in with email and password. */
export async function signIn(db: Kysely<Schema>, email: string, password: string, now: Date): Promise<NewSession> {
  const user = await userByEmail(db, email);
  decoyHash ??= hashPassword('not a password of anyone');
  const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user || !user.passwordHash || !matches || user.disabled) throw new AuthenticationError('wrong email or password');
  const session = await openSession(db, user, now);
  await writeAudit(db, user.organizationId, user.email, 'session.opened', 'user', user.id, {});
  return session;
}

export async function openSession(db: Kysely<Schema>, user: UserRecord, now: Date): Promise<NewSession> {
  const token = newSecret('cts');
  const csrfToken = newSecret('csrf');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await insertSession(db, { tokenHash: secretHash(token), organizationId: user.organizationId, userId: user.id, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt, user };
}

export async function signOut(db: Kysely<Schema>, sessionToken: string): Promise<void> {
  await deleteSession(db, secretHash(sessionToken));
}
