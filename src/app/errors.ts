import { DomainError } from '../domain/errors.ts';

/** Something asked for by id that this organization (or this contact's account) does not have. */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

/** Well-formed and allowed, but in conflict with what already happened (an accepted quote, a used link). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
}

/** Bad or missing credentials. The message never says which part was wrong. */
export class AuthenticationError extends DomainError {
  override name = 'AuthenticationError';
}
