import { type Kysely, type Selectable, sql } from 'kysely';
import { type Role, type Scope } from '../domain/access/roles.ts';
import { type Schema } from './schema.ts';

export interface UserRecord {
  readonly organizationId: string;
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly accountId: string | null;
  readonly disabled: boolean;
  readonly createdAt: string;
}

export interface UserWithPassword extends UserRecord {
  readonly passwordHash: string | null;
}

export interface NewUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly accountId: string | null;
  readonly passwordHash: string | null;
}

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly userId: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Who a session or token acts for, and the organization's data version as the request starts (see audit-log.ts). */
export interface Credential {
  readonly user: UserRecord;
  readonly csrfToken: string | null;
  readonly tokenId: string | null;
  readonly scopes: readonly Scope[] | null;
  readonly dataVersion: string;
}

function userRecord(row: Pick<Selectable<Schema['users']>, 'organization_id' | 'id' | 'email' | 'name' | 'role' | 'account_id' | 'disabled_at' | 'created_at'>): UserRecord {
  return { organizationId: row.organization_id, id: row.id, email: row.email, name: row.name, role: row.role, accountId: row.account_id, disabled: row.disabled_at !== null, createdAt: row.created_at };
}

const USER_COLUMNS = ['users.organization_id', 'users.id', 'users.email', 'users.name', 'users.role', 'users.account_id', 'users.disabled_at', 'users.created_at'] as const;

export async function countUsers(db: Kysely<Schema>, organizationId: string): Promise<number> {
  const row = await db.selectFrom('users').where('organization_id', '=', organizationId).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(db: Kysely<Schema>, organizationId: string, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({ organization_id: organizationId, id: user.id, email: user.email, name: user.name, role: user.role, account_id: user.accountId, password_hash: user.passwordHash })
    .execute();
}

export async function emailTaken(db: Kysely<Schema>, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

/** Any organization's user by email: an email signs in to one organization. */
export async function userByEmail(db: Kysely<Schema>, email: string): Promise<UserWithPassword | undefined> {
  const row = await db.selectFrom('users').select([...USER_COLUMNS, 'users.password_hash']).where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row ? { ...userRecord(row), passwordHash: row.password_hash } : undefined;
}

export async function findUser(db: Kysely<Schema>, organizationId: string, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return row ? userRecord(row) : undefined;
}

export async function listUsers(db: Kysely<Schema>, organizationId: string): Promise<UserRecord[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).where('organization_id', '=', organizationId).orderBy('email').execute();
  return rows.map(userRecord);
}

export async function updateUser(db: Kysely<Schema>, organizationId: string, id: string, change: { role?: Role; accountId?: string | null; name?: string; disabled?: boolean; passwordHash?: string }): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(change.role ? { role: change.role } : {}),
      ...(change.accountId !== undefined ? { account_id: change.accountId } : {}),
      ...(change.name ? { name: change.name } : {}),
      ...(change.passwordHash ? { password_hash: change.passwordHash } : {}),
      ...(change.disabled !== undefined ? { disabled_at: change.disabled ? sql<string>`now()` : null } : {}),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
  // A disabled user, or one whose role changed, signs in again.
  if (change.disabled || change.role) await db.deleteFrom('sessions').where('organization_id', '=', organizationId).where('user_id', '=', id).execute();
}

export async function insertSession(db: Kysely<Schema>, session: { tokenHash: string; organizationId: string; userId: string; csrfToken: string; expiresAt: string }): Promise<void> {
  // Expired sessions are of no use to anyone: each sign-in clears its user's.
  await db.deleteFrom('sessions').where('organization_id', '=', session.organizationId).where('user_id', '=', session.userId).where('expires_at', '<=', sql<string>`now()`).execute();
  await db
    .insertInto('sessions')
    .values({ token_hash: session.tokenHash, organization_id: session.organizationId, user_id: session.userId, csrf_token: session.csrfToken, expires_at: session.expiresAt })
    .execute();
}

export async function deleteSession(db: Kysely<Schema>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** The live session's user, unless the session expired or the user was disabled. */
export async function sessionCredential(db: Kysely<Schema>, tokenHash: string): Promise<Credential | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', (join) => join.onRef('users.organization_id', '=', 'sessions.organization_id').onRef('users.id', '=', 'sessions.user_id'))
    .innerJoin('organizations', 'organizations.id', 'sessions.organization_id')
    .select([...USER_COLUMNS, 'sessions.csrf_token', 'organizations.data_version'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<string>`now()`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { user: userRecord(row), csrfToken: row.csrf_token, tokenId: null, scopes: null, dataVersion: row.data_version } : undefined;
}

/** The live token's user and scopes, unless it was revoked or its user disabled. */
export async function tokenCredential(db: Kysely<Schema>, tokenHash: string): Promise<Credential | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', (join) => join.onRef('users.organization_id', '=', 'api_tokens.organization_id').onRef('users.id', '=', 'api_tokens.user_id'))
    .innerJoin('organizations', 'organizations.id', 'api_tokens.organization_id')
    .select([...USER_COLUMNS, 'api_tokens.id as token_id', 'api_tokens.scopes', 'organizations.data_version'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { user: userRecord(row), csrfToken: null, tokenId: row.token_id, scopes: row.scopes as Scope[], dataVersion: row.data_version } : undefined;
}

export async function insertToken(db: Kysely<Schema>, organizationId: string, token: { id: string; name: string; tokenHash: string; scopes: readonly Scope[]; userId: string }): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ organization_id: organizationId, id: token.id, name: token.name, token_hash: token.tokenHash, scopes: JSON.stringify(token.scopes), user_id: token.userId })
    .execute();
}

export async function listTokens(db: Kysely<Schema>, organizationId: string): Promise<TokenRecord[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, scopes: row.scopes as Scope[], userId: row.user_id, createdAt: row.created_at, revokedAt: row.revoked_at }));
}

/** True when a live token was revoked now. */
export async function revokeToken(db: Kysely<Schema>, organizationId: string, id: string): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: sql<string>`now()` }).where('organization_id', '=', organizationId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
