import { type ConnectWiseCredentials } from '../vendor-requests.ts';
import { header, isoDatePart, isRecord, type StandInRequest, type StandInResponse, VendorStandIn } from './json-http.ts';

export interface ConnectWiseStandInOptions {
  readonly credentials: ConnectWiseCredentials;
  readonly agreements: readonly number[];
  readonly additions?: ReadonlyArray<Omit<StoredAddition, 'cancelledDate'> & { cancelledDate?: string | null }>;
}

export interface StoredAddition {
  readonly id: number;
  readonly agreementId: number;
  readonly product: { readonly identifier: string };
  readonly quantity: number;
  readonly unitPrice: number;
  readonly unitCost?: number;
  readonly billCustomer: string;
  readonly effectiveDate: string;
  readonly cancelledDate: string | null;
  readonly description?: string;
  readonly prorateCurrentPeriodFlag?: boolean;
}

const API_ROOT = '/v4_6_release/apis/3.0';
const ADDITIONS = /^\/finance\/agreements\/(\d+)\/additions(?:\/(\d+))?$/;
const BILL_CUSTOMER = new Set(['Billable', 'DoNotBill', 'NoCharge']);

/**
 * A local ConnectWise Manage API for agreement additions. It holds coterm's
 * rule as well as ConnectWise's: an existing addition only ever gets a
 * cancelledDate, once, so the quantity and price history cannot be rewritten.
 */
export class ConnectWiseStandIn extends VendorStandIn {
  readonly additions: StoredAddition[];
  private nextId = 1000;

  private constructor(private readonly options: ConnectWiseStandInOptions) {
    super();
    this.additions = (options.additions ?? []).map((addition) => ({ ...addition, cancelledDate: addition.cancelledDate ?? null }));
  }

  /** Serves at `http://127.0.0.1:PORT/v4_6_release/apis/3.0`. */
  static async start(options: ConnectWiseStandInOptions): Promise<ConnectWiseStandIn> {
    const standIn = new ConnectWiseStandIn(options);
    await standIn.listen(API_ROOT, errorBody);
    return standIn;
  }

  protected handle(request: StandInRequest): StandInResponse {
    const { credentials } = this.options;
    const basic = `Basic ${Buffer.from(`${credentials.companyId}+${credentials.publicKey}:${credentials.privateKey}`).toString('base64')}`;
    if (header(request, 'authorization') !== basic) return { status: 401, body: errorBody(401, 'Authorization must be Basic company+publicKey:privateKey') };
    if (header(request, 'clientId') !== credentials.clientId) return { status: 401, body: errorBody(401, 'The clientId header is missing or unknown') };

    const match = ADDITIONS.exec(request.path);
    if (!match) return { status: 404, body: errorBody(404, `No resource at ${request.path}`) };
    const agreementId = Number(match[1]);
    if (!this.options.agreements.includes(agreementId)) return { status: 404, body: { code: 'NotFound', message: `Agreement ${agreementId} was not found.` } };
    const additionId = match[2] === undefined ? undefined : Number(match[2]);

    if (additionId === undefined) {
      if (request.method === 'GET') return { status: 200, body: this.additions.filter((addition) => addition.agreementId === agreementId) };
      if (request.method === 'POST') return this.create(agreementId, request.body);
      return { status: 405, body: errorBody(405, `${request.method} is not allowed on additions`) };
    }
    const index = this.additions.findIndex((addition) => addition.id === additionId && addition.agreementId === agreementId);
    const existing = this.additions[index];
    if (!existing) return { status: 404, body: { code: 'NotFound', message: `Addition ${additionId} was not found on agreement ${agreementId}.` } };
    if (request.method === 'GET') return { status: 200, body: existing };
    if (request.method !== 'PATCH') {
      return invalid('id', 'InvalidObject', `${request.method} of an existing addition is refused: only its cancelledDate may change, by PATCH`);
    }
    const patched = this.cancel(existing, request.body);
    if ('status' in patched) return patched;
    this.additions[index] = patched;
    return { status: 200, body: patched };
  }

  private create(agreementId: number, body: unknown): StandInResponse {
    if (!isRecord(body)) return invalid('', 'InvalidObject', 'The request body must be an agreementAddition object.');
    const product = body.product;
    if (!isRecord(product) || typeof product.identifier !== 'string' || product.identifier.trim() === '') {
      return invalid('product', 'NullValue', 'The product object is required.');
    }
    if (typeof body.quantity !== 'number' || !Number.isFinite(body.quantity)) return invalid('quantity', 'NullValue', 'The quantity field is required.');
    const effectiveDate = isoDatePart(body.effectiveDate);
    if (effectiveDate === undefined) return invalid('effectiveDate', 'NullValue', 'The effectiveDate field is required.');
    if (typeof body.billCustomer !== 'string' || !BILL_CUSTOMER.has(body.billCustomer)) {
      return invalid('billCustomer', 'InvalidValue', 'billCustomer must be Billable, DoNotBill or NoCharge.');
    }
    if (body.unitPrice !== undefined && typeof body.unitPrice !== 'number') return invalid('unitPrice', 'InvalidValue', 'unitPrice must be a number.');
    if (body.cancelledDate !== undefined && body.cancelledDate !== null) {
      return invalid('cancelledDate', 'InvalidValue', 'A new addition cannot start cancelled.');
    }
    const addition: StoredAddition = {
      id: this.nextId++,
      agreementId,
      product: { identifier: product.identifier },
      quantity: body.quantity,
      unitPrice: typeof body.unitPrice === 'number' ? body.unitPrice : 0,
      ...(typeof body.unitCost === 'number' ? { unitCost: body.unitCost } : {}),
      billCustomer: body.billCustomer,
      effectiveDate: String(body.effectiveDate),
      cancelledDate: null,
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(typeof body.prorateCurrentPeriodFlag === 'boolean' ? { prorateCurrentPeriodFlag: body.prorateCurrentPeriodFlag } : {}),
    };
    this.additions.push(addition);
    return { status: 201, body: addition };
  }

  /** PATCH takes ConnectWise's JSON-Patch list; the only operation allowed is setting cancelledDate, once. */
  private cancel(existing: StoredAddition, body: unknown): StoredAddition | StandInResponse {
    if (!Array.isArray(body) || body.length === 0) return invalid('', 'InvalidObject', 'PATCH takes a list of operations [{op, path, value}].');
    let cancelledDate: string | undefined;
    for (const operation of body) {
      const path = isRecord(operation) && typeof operation.path === 'string' ? operation.path.replace(/^\//, '') : '';
      if (!isRecord(operation) || operation.op !== 'replace' || path !== 'cancelledDate') {
        return invalid(
          path,
          'InvalidObject',
          `Only cancelledDate may change on an existing addition (got ${isRecord(operation) ? String(operation.op) : '?'} ${path || '?'}): quantity and price history is never rewritten.`,
        );
      }
      if (isoDatePart(operation.value) === undefined) return invalid('cancelledDate', 'InvalidValue', 'cancelledDate must be a date-time such as 2025-03-14T00:00:00Z.');
      cancelledDate = String(operation.value);
    }
    if (existing.cancelledDate !== null) {
      return invalid('cancelledDate', 'InvalidObject', `Addition ${existing.id} was cancelled on ${existing.cancelledDate}; a cancelled addition cannot be changed.`);
    }
    const last = isoDatePart(cancelledDate) ?? '';
    const first = isoDatePart(existing.effectiveDate) ?? '';
    if (last < first) return invalid('cancelledDate', 'InvalidValue', `cancelledDate ${last} is before the addition's effectiveDate ${first}.`);
    return { ...existing, cancelledDate: cancelledDate ?? null };
  }
}

function invalid(field: string, code: string, message: string): StandInResponse {
  return { status: 400, body: { code: 'InvalidObject', message: 'agreementAddition object is invalid', errors: [{ code, message, resource: 'agreementAddition', field }] } };
}

function errorBody(status: number, message: string): unknown {
  const code = status === 401 ? 'Unauthorized' : status === 404 ? 'NotFound' : status === 405 ? 'MethodNotAllowed' : status === 429 ? 'TooManyRequests' : 'BadRequest';
  return { code, message };
}
