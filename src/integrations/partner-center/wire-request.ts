import { type PartnerCenterRequest } from './model.ts';

/** A request as fetch sends it, and the same request as it may be shown or logged. */
export interface WireRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly shown: ShownRequest;
}

/** A sent request with its bearer token redacted. */
export interface ShownRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface CallIdentity {
  readonly accessToken: string;
  /** Partner Center's idempotency key: the same value on every retry of one call. */
  readonly requestId: string;
  /** Ties the call's log lines together on Microsoft's side. */
  readonly correlationId: string;
}

const REDACTED_BEARER = 'Bearer [redacted]';

/** Adds the headers every Partner Center call carries (learn.microsoft.com/partner-center/developer/headers). */
export function wireRequest(baseUrl: string, request: PartnerCenterRequest, identity: CallIdentity): WireRequest {
  const url = `${baseUrl.replace(/\/+$/, '')}${request.path}`;
  const common = { Accept: 'application/json', 'MS-RequestId': identity.requestId, 'MS-CorrelationId': identity.correlationId, ...request.headers };
  const headers = { Authorization: `Bearer ${identity.accessToken}`, ...common };
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  return { url, method: request.method, headers, body, shown: { method: request.method, url, headers: { Authorization: REDACTED_BEARER, ...common }, body: request.body } };
}
