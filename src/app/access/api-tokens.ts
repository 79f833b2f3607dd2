import { randomUUID } from 'node:crypto';
import { type Kysely } from 'kysely';
import { grantableScopes, type Scope } from '../../domain/access/roles.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { newSecret, secretHash } from '../../security/secrets.ts';
import { insertToken, revokeToken, type UserRecord } from '../../store/access-records.ts';
import { writeAudit } from '../../store/audit-log.ts';
import { type Schema } from '../../store/schema.ts';
import { NotFoundError } from '../errors.ts';

/** A new token: its secret is shown once and only its hash is kept. */
export interface IssuedToken {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly token: string;
}

export async function issueToken(db: Kysely<Schema>, owner: UserRecord, name: string, scopes: readonly Scope[]): Promise<IssuedToken> {
  const allowed = grantableScopes(owner.role);
  const beyond = scopes.filter((scope) => !allowed.includes(scope));
  if (scopes.length === 0) throw new InvalidInputError('a token needs at least one scope', 'scopes');
  if (beyond.length > 0) throw new InvalidInputError(`the ${owner.role} role cannot grant ${beyond.join(', ')}`, 'scopes');
  const id = randomUUID();
  const token = newSecret('ctk');
  await insertToken(db, owner.organizationId, { id, name, tokenHash: secretHash(token), scopes, userId: owner.id });
  await writeAudit(db, owner.organizationId, owner.email, 'token.issued', 'api_token', id, { name, scopes });
  return { id, name, scopes, token };
}

export async function revokeApiToken(db: Kysely<Schema>, organizationId: string, actor: string, id: string): Promise<void> {
  if (!(await revokeToken(db, organizationId, id))) throw new NotFoundError(`no live token "${id}"`, 'id');
  await writeAudit(db, organizationId, actor, 'token.revoked', 'api_token', id, {});
}
