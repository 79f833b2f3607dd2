import { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AuthenticationError, ConflictError, NotFoundError } from '../app/errors.ts';
import { DomainError } from '../domain/errors.ts';
import { ForbiddenError, UnauthenticatedError } from './principal.ts';

/** Every error leaves as `{"error":{"code","message","field"}}`; a defect is logged, never shown. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field: string | null };
}

export function errorBody(code: string, message: string, field?: string | null): ErrorBody {
  return { error: { code, message, field: field ?? null } };
}

const DOMAIN_STATUS: readonly [new (...args: never[]) => DomainError, number, string][] = [
  [NotFoundError, 404, 'not_found'],
  [ConflictError, 409, 'conflict'],
  [AuthenticationError, 401, 'unauthenticated'],
  [UnauthenticatedError, 401, 'unauthenticated'],
  [ForbiddenError, 403, 'forbidden'],
];

export function sendError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const where = error.validationContext ?? 'body';
    const path = issue?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
    const field = path || (issue?.params as { issue?: { path?: unknown[] } } | undefined)?.issue?.path?.join('.') || where;
    return reply.code(400).send(errorBody('invalid_request', `${where === 'body' ? '' : `${where} `}${field}: ${issue?.message ?? 'invalid'}`, field));
  }
  if (error instanceof DomainError) {
    const [, status, code] = DOMAIN_STATUS.find(([type]) => error instanceof type) ?? [DomainError, 400, 'invalid_input'];
    return reply.code(status).send(errorBody(code, error.message, error.field));
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (error as FastifyError).code?.replace(/^FST_ERR_/, '').toLowerCase() ?? 'bad_request';
    return reply.code(status).send(errorBody(status === 429 ? 'rate_limited' : code, error.message));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send(errorBody('internal', `internal error (request ${request.id}); it was logged`));
}
