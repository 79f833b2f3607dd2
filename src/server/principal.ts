import { timingSafeEqual } from 'node:crypto';
import { type FastifyRequest } from 'fastify';
import { type Access, effectiveGrants } from '../domain/access/roles.ts';
import { DomainError } from '../domain/errors.ts';
import { secretHash } from '../security/secrets.ts';
import { type Credential, sessionCredential, tokenCredential, type UserRecord } from '../store/access-records.ts';
import { type Store } from '../store/store.ts';

export const SESSION_COOKIE = 'coterm_session';

/** Who is calling, resolved once per request. */
export interface Principal {
  readonly user: UserRecord;
  readonly organizationId: string;
  /** The name written to the audit log. */
  readonly actor: string;
  readonly grants: readonly Access[];
  readonly via: 'session' | 'token';
  readonly csrfToken: string | null;
  /** The organization's data version when the request started: what cached views are keyed by. */
  readonly dataVersion: string;
}

/** Signed in, but this role, scope or account may not do it. */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
}

/** No session or token, or one that expired or was revoked. */
export class UnauthenticatedError extends DomainError {
  override name = 'UnauthenticatedError';
}

/** A session cookie or a bearer token; nothing when neither is presented. */
export async function resolvePrincipal(store: Store, request: FastifyRequest): Promise<Principal | undefined> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const cookie = request.cookies[SESSION_COOKIE];
  if (!bearer && !cookie) return undefined;
  const credential = bearer ? await tokenCredential(store.db, secretHash(bearer)) : await sessionCredential(store.db, secretHash(cookie ?? ''));
  if (!credential) throw new UnauthenticatedError(bearer ? 'the token is unknown or was revoked' : 'the session expired: sign in again');
  return principalOf(credential, bearer ? 'token' : 'session');
}

function principalOf(credential: Credential, via: Principal['via']): Principal {
  const { user } = credential;
  return {
    user,
    organizationId: user.organizationId,
    actor: via === 'token' ? `${user.email} (token ${credential.tokenId})` : user.email,
    grants: effectiveGrants(user.role, credential.scopes ?? undefined),
    via,
    csrfToken: credential.csrfToken,
    dataVersion: credential.dataVersion,
  };
}

/** Refuses what the principal's role (and token scopes) do not grant. */
export function requireAccess(principal: Principal | undefined, access: Access): Principal {
  if (!principal) throw new UnauthenticatedError('sign in, or send an API token as "Authorization: Bearer …"');
  if (!principal.grants.includes(access)) {
    const why = principal.via === 'token' ? `this token's scopes (${principal.grants.join(', ') || 'none'})` : `the ${principal.user.role} role`;
    throw new ForbiddenError(`${why} cannot do this (it needs ${access})`);
  }
  return principal;
}

/** A browser's change must carry the session's CSRF token; a bearer token cannot be sent by another site. */
export function requireCsrf(principal: Principal, header: string | string[] | undefined): void {
  if (principal.via !== 'session' || !principal.csrfToken) return;
  const given = Buffer.from(typeof header === 'string' ? header : '');
  const expected = Buffer.from(principal.csrfToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ForbiddenError('missing or wrong X-CSRF-Token header (it comes with the session)', 'X-CSRF-Token');
}
