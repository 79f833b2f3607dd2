import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Decimal } from '../../../domain/money/decimal.ts';

export interface StandInRequest {
  readonly method: string;
  /** The path below the stand-in's API root, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface StandInResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a test can see of a request that reached a stand-in. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface JsonStandInOptions {
  /** The API root the vendor serves under, e.g. `/v4_6_release/apis/3.0`. */
  readonly apiRoot: string;
  readonly handle: (request: StandInRequest) => StandInResponse;
  /** The vendor's error body for a failure the handler never sees (bad JSON, a path outside the API). */
  readonly errorBody: (status: number, message: string) => unknown;
}

/**
 * The HTTP plumbing the four stand-ins share: a JSON API on 127.0.0.1 at a
 * free port, a log of what arrived, and a way to make the next requests
 * answer 429/503 so retries can be tested over a real connection.
 */
export class JsonStandIn {
  readonly received: ReceivedRequest[] = [];
  private readonly throttles: Array<{ status: 429 | 503; retryAfterSeconds: number }> = [];

  private constructor(
    private readonly server: Server,
    /** Base URL a poster is configured with: origin plus API root. */
    readonly baseUrl: string,
    private readonly options: JsonStandInOptions,
  ) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void this.serve(request, response));
  }

  static async start(options: JsonStandInOptions): Promise<JsonStandIn> {
    // No request can arrive before the port is known, so the handler is attached once it is.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new JsonStandIn(server, `http://127.0.0.1:${port}${options.apiRoot}`, options);
  }

  /** The next request is answered with `status` and a Retry-After, whatever it asks. */
  throttleNext(status: 429 | 503, retryAfterSeconds: number): void {
    this.throttles.push({ status, retryAfterSeconds });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { options } = this;
    const text = await readText(request);
    const url = new URL(request.url ?? '/', 'http://stand-in');
    let body: unknown;
    let malformed = false;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      malformed = true;
    }
    this.received.push({ method: request.method ?? 'GET', url: url.pathname + url.search, headers: request.headers, body: malformed ? text : body });

    const throttle = this.throttles.shift();
    let reply: StandInResponse;
    if (throttle) {
      const message = throttle.status === 429 ? 'Too many requests' : 'Service unavailable';
      reply = { status: throttle.status, body: options.errorBody(throttle.status, message), headers: { 'Retry-After': String(throttle.retryAfterSeconds) } };
    } else if (malformed) {
      reply = { status: 400, body: options.errorBody(400, 'The request body is not valid JSON') };
    } else if (!url.pathname.startsWith(`${options.apiRoot}/`)) {
      reply = { status: 404, body: options.errorBody(404, `No resource at ${url.pathname}`) };
    } else {
      const path = url.pathname.slice(options.apiRoot.length);
      reply = options.handle({ method: request.method ?? 'GET', path, query: url.searchParams, headers: request.headers, body });
    }
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    response.writeHead(reply.status, { ...(payload ? { 'Content-Type': 'application/json' } : {}), ...reply.headers });
    response.end(payload);
  }
}

function readText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A header's single value (Node lower-cases header names). */
export function header(request: StandInRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `YYYY-MM-DDT00:00:00Z`-style date-times as the PSAs write them; only the date part matters here. */
export function isoDatePart(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  return match?.[1];
}

/** A JSON number as an exact Decimal, read from its shortest text (which is what a sender wrote). */
export function jsonDecimal(value: unknown): Decimal | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const text = String(value);
  return /^-?\d+(?:\.\d+)?$/.test(text) ? Decimal.parse(text) : undefined;
}

/** What the four vendor stand-ins share: a JsonStandIn serving their handler, and its lifecycle. */
export abstract class VendorStandIn {
  private http: JsonStandIn | undefined;

  protected async listen(apiRoot: string, errorBody: JsonStandInOptions['errorBody']): Promise<void> {
    this.http = await JsonStandIn.start({ apiRoot, handle: (request) => this.handle(request), errorBody });
  }

  protected abstract handle(request: StandInRequest): StandInResponse;

  /** The HTTP side: what was received, and throttleNext for retry tests. */
  get server(): JsonStandIn {
    if (!this.http) throw new Error(`${this.constructor.name} is not started`);
    return this.http;
  }

  /** What a poster is configured with for this target. */
  get baseUrl(): string {
    return this.server.baseUrl;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
