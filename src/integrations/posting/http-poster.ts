import { setTimeout as sleep } from 'node:timers/promises';
import { type Posting, type PostingResult, type PostingTarget, type SentRequest } from './model.ts';
import { type PostingCredentials, UNCONFIGURED_CREDENTIALS, type WireRequest, wireRequest } from './vendor-requests.ts';
import { createdIds, vendorErrorMessage } from './vendor-responses.ts';
import { readBody } from '../response-body.ts';

export interface PostAllOptions {
  /** Defaults to true: nothing leaves the machine unless a caller asks for it. */
  readonly dryRun?: boolean;
  /** Per target; see docs/posting.md for what each includes (e.g. ConnectWise's `/v4_6_release/apis/3.0`). */
  readonly baseUrls?: Partial<Record<PostingTarget, string>>;
  readonly credentials?: PostingCredentials;
  readonly fetch?: typeof fetch;
  /** The longest wait a Retry-After may impose before the one retry (default 60 s). */
  readonly maxRetryWaitMs?: number;
}

/** A posting a target refused (or could not be reached for); later postings were not sent. */
export class PostingError extends Error {
  override name = 'PostingError';

  constructor(
    message: string,
    readonly target: PostingTarget,
    readonly request: SentRequest,
    /** Undefined when no response arrived. */
    readonly status: number | undefined,
    /** Postings fully sent before this one. */
    readonly completed: readonly PostingResult[],
    /** This posting's requests and responses up to and including the refused one. */
    readonly failed: PostingResult,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const RETRYABLE_STATUSES = new Set([429, 503]);
const DEFAULT_RETRY_WAIT_MS = 1000;
const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/**
 * Sends postings in order, each request after the previous one succeeded, and
 * stops at the first refusal. In a dry run (the default) it returns exactly
 * what it would send and sends nothing.
 */
export async function postAll(postings: readonly Posting[], options: PostAllOptions = {}): Promise<PostingResult[]> {
  const dryRun = options.dryRun ?? true;
  const results: PostingResult[] = [];
  for (const posting of postings) {
    results.push(dryRun ? dryRunResult(posting, options) : await send(posting, options, results));
  }
  return results;
}

function dryRunResult(posting: Posting, options: PostAllOptions): PostingResult {
  const baseUrl = options.baseUrls?.[posting.target] ?? '';
  const credentials = options.credentials?.[posting.target] ?? UNCONFIGURED_CREDENTIALS[posting.target];
  const requests = posting.requests.map((request) => wireRequest(posting.target, posting.idempotencyKey, request, baseUrl, credentials).shown);
  return { target: posting.target, idempotencyKey: posting.idempotencyKey, dryRun: true, requests, responses: [], externalIds: [] };
}

async function send(posting: Posting, options: PostAllOptions, completed: readonly PostingResult[]): Promise<PostingResult> {
  const { target } = posting;
  const baseUrl = options.baseUrls?.[target];
  if (!baseUrl) throw new Error(`postAll: no base URL for ${target} (options.baseUrls.${target})`);
  const credentials = options.credentials?.[target];
  if (!credentials) throw new Error(`postAll: no credentials for ${target} (options.credentials.${target})`);
  const fetchImpl = options.fetch ?? fetch;
  const maxWaitMs = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;

  const requests: SentRequest[] = [];
  const responses: Array<{ status: number; body: unknown }> = [];
  const externalIds: string[] = [];
  const soFar = (): PostingResult => ({ target, idempotencyKey: posting.idempotencyKey, dryRun: false, requests, responses, externalIds });
  for (const request of posting.requests) {
    const wire = wireRequest(target, posting.idempotencyKey, request, baseUrl, credentials);
    requests.push(wire.shown);
    const where = `${target}: ${request.description} (${request.method} ${wire.url})`;
    let response: Response;
    try {
      response = await fetchWithOneRetry(fetchImpl, wire, maxWaitMs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PostingError(`${where} could not be sent: ${reason}`, target, wire.shown, undefined, completed, soFar(), { cause: error });
    }
    const body = await readBody(response);
    responses.push({ status: response.status, body });
    if (!response.ok) {
      throw new PostingError(`${where} was refused with ${response.status}: ${vendorErrorMessage(body)}`, target, wire.shown, response.status, completed, soFar());
    }
    externalIds.push(...createdIds(target, request, body));
  }
  return soFar();
}

/** Rate limits and brief outages get one retry, after the wait the server asks for (bounded). */
async function fetchWithOneRetry(fetchImpl: typeof fetch, wire: WireRequest, maxWaitMs: number): Promise<Response> {
  const attempt = (): Promise<Response> =>
    fetchImpl(wire.url, { method: wire.shown.method, headers: wire.headers, body: JSON.stringify(wire.shown.body) });
  const first = await attempt();
  if (!RETRYABLE_STATUSES.has(first.status)) return first;
  await first.arrayBuffer();
  await sleep(retryWaitMs(first.headers.get('retry-after'), maxWaitMs));
  return attempt();
}

/** Retry-After is seconds or an HTTP date. */
export function retryWaitMs(retryAfter: string | null, maxWaitMs: number): number {
  const bounded = (ms: number): number => Math.min(Math.max(0, ms), maxWaitMs);
  if (retryAfter === null || retryAfter.trim() === '') return bounded(DEFAULT_RETRY_WAIT_MS);
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return bounded(seconds * 1000);
  const at = Date.parse(retryAfter);
  return bounded(Number.isNaN(at) ? DEFAULT_RETRY_WAIT_MS : at - Date.now());
}
