import { randomUUID } from 'node:crypto';
import { type Kysely } from 'kysely';
import { type Role } from '../../domain/access/roles.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../security/passwords.ts';
import { emailTaken, findUser, insertUser, updateUser, type UserRecord } from '../../store/access-records.ts';
import { writeAudit } from '../../store/audit-log.ts';
import { type Schema } from '../../store/schema.ts';
import { ConflictError, NotFoundError } from '../errors.ts';

export interface NewUserRequest {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Required for a portal contact, refused for staff. */
  readonly accountId?: string | undefined;
  /** Optional for a portal contact, who can sign in through quote links alone. */
  readonly password?: string | undefined;
}

export async function createUser(db: Kysely<Schema>, organizationId: string, actor: string, request: NewUserRequest): Promise<UserRecord> {
  const email = request.email.trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new InvalidInputError(`"${email}" is not an email address`, 'email');
  if (await emailTaken(db, email)) throw new ConflictError(`a user with the email ${email} exists already`, 'email');
  const isContact = request.role === 'portal_contact';
  if (isContact && !request.accountId) throw new InvalidInputError('a portal contact belongs to one account: give accountId', 'accountId');
  if (!isContact && request.accountId) throw new InvalidInputError('only a portal contact belongs to an account', 'accountId');
  if (request.accountId) {
    const account = await db.selectFrom('accounts').select('id').where('organization_id', '=', organizationId).where('id', '=', request.accountId).executeTakeFirst();
    if (!account) throw new NotFoundError(`no account "${request.accountId}"`, 'accountId');
  }
  if (!isContact && request.password === undefined) throw new InvalidInputError('staff sign in with a password: give one', 'password');
  const passwordHash = request.password === undefined ? null : await hashPassword(checkedPassword(request.password));
  const id = randomUUID();
  await insertUser(db, organizationId, { id, email, name: request.name.trim() || email, role: request.role, accountId: request.accountId ?? null, passwordHash });
  await writeAudit(db, organizationId, actor, 'user.created', 'user', id, { email, role: request.role, accountId: request.accountId ?? null });
  const user = await findUser(db, organizationId, id);
  if (!user) throw new Error(`user ${id} vanished after insert`);
  return user;
}

export interface UserChange {
  readonly role?: Role | undefined;
  readonly name?: string | undefined;
  readonly disabled?: boolean | undefined;
  readonly password?: string | undefined;
}

export async function changeUser(db: Kysely<Schema>, organizationId: string, actor: string, id: string, change: UserChange): Promise<UserRecord> {
  const user = await findUser(db, organizationId, id);
  if (!user) throw new NotFoundError(`no user "${id}"`, 'id');
  if (change.role && (change.role === 'portal_contact') !== (user.role === 'portal_contact')) {
    throw new InvalidInputError('a portal contact stays a contact and staff stay staff: create a new user instead', 'role');
  }
  const passwordHash = change.password === undefined ? undefined : await hashPassword(checkedPassword(change.password));
  await updateUser(db, organizationId, id, {
    ...(change.role ? { role: change.role } : {}),
    ...(change.name ? { name: change.name } : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    ...(passwordHash ? { passwordHash } : {}),
  });
  await writeAudit(db, organizationId, actor, 'user.changed', 'user', id, { ...change, password: change.password === undefined ? undefined : 'changed' });
  const changed = await findUser(db, organizationId, id);
  if (!changed) throw new Error(`user ${id} vanished after update`);
  return changed;
}

function checkedPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw new InvalidInputError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`, 'password');
  return password;
}
