import { describeRequest } from './describe-request.ts';
import { type PartnerCenterRequest } from './model.ts';
import { type ShownRequest } from './wire-request.ts';

/** A call Partner Center refused, or that could not reach it. */
export class PartnerCenterError extends Error {
  override name = 'PartnerCenterError';
  /** Microsoft's error code from the body (`900257`), when it sent one. */
  readonly code: string | undefined;
  /** Microsoft's description from the body, when it sent one. */
  readonly description: string | undefined;

  constructor(
    /** The call as built, before the per-call headers. */
    readonly call: PartnerCenterRequest,
    /** What was sent, bearer token redacted. */
    readonly request: ShownRequest,
    /** Undefined when no response arrived. */
    readonly status: number | undefined,
    readonly body: unknown,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    const { code, description } = microsoftError(body);
    super(errorMessage(call, status, code, description, attempts, options?.cause), options);
    this.code = code;
    this.description = description;
  }
}

function errorMessage(call: PartnerCenterRequest, status: number | undefined, code: string | undefined, description: string | undefined, attempts: number, cause: unknown): string {
  const what = describeRequest(call);
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (status === undefined) return `${what} could not be sent${tries}: ${cause instanceof Error ? cause.message : String(cause)}`;
  const codeText = code === undefined ? '' : ` (${code})`;
  return `${what} was refused with ${status}${codeText}${tries}: ${description ?? 'no description'}`;
}

/** Partner Center's error body is `{ code, description, data, source }`; the code may come as a number. */
function microsoftError(body: unknown): { code: string | undefined; description: string | undefined } {
  if (typeof body === 'string') return { code: undefined, description: body.trim() || undefined };
  if (typeof body !== 'object' || body === null) return { code: undefined, description: undefined };
  const { code, description } = body as Record<string, unknown>;
  return {
    code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
    description: typeof description === 'string' ? description : undefined,
  };
}
