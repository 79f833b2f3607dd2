/**
 * A problem the user can fix: bad input or a business rule refused. Edges show
 * `message` on one line (prefixed with `field` when known), never a stack.
 */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    message: string,
    /** Path of the offending input, e.g. `events[2].quantity`. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Input that is well-formed but impossible (an unknown id, a date before a start). */
export class InvalidInputError extends DomainError {
  override name = 'InvalidInputError';
}
