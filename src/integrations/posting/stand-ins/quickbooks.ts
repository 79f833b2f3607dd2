import { Decimal } from '../../../domain/money/decimal.ts';
import { extendedToCent } from '../payload-fields.ts';
import { header, isRecord, jsonDecimal, type StandInRequest, type StandInResponse, VendorStandIn } from './json-http.ts';

export interface QuickBooksStandInOptions {
  readonly accessToken: string;
  readonly realmId: string;
  readonly customers: readonly string[];
  readonly items: readonly string[];
  readonly taxCodes: readonly string[];
}

export interface StoredQuickBooksDocument {
  readonly entity: 'Invoice' | 'CreditMemo';
  readonly Id: string;
  readonly TotalAmt: number;
  readonly body: Readonly<Record<string, unknown>>;
}

const API_ROOT = '/v3';
const DOCUMENTS = /^\/company\/([^/]+)\/(invoice|creditmemo)$/i;
const DOC_NUMBER_MAX = 21;
const REQUEST_ID_MAX = 50;
const GLOBAL_TAX_CALCULATIONS = new Set(['TaxExcluded', 'TaxInclusive', 'NotApplicable']);

/**
 * A local QuickBooks Online Accounting API for invoices and credit memos,
 * with QBO's rules: a repeated requestid gets the first response and creates
 * nothing, DocNumber is unique, a line's Amount is Qty × UnitPrice to the
 * cent, and every reference (customer, item, tax code) exists.
 */
export class QuickBooksStandIn extends VendorStandIn {
  readonly documents: StoredQuickBooksDocument[] = [];
  private readonly answered = new Map<string, StandInResponse>();
  private nextId = 130;

  private constructor(private readonly options: QuickBooksStandInOptions) {
    super();
  }

  /** Serves at `http://127.0.0.1:PORT` (paths begin `/v3/company/{realmId}`). */
  static async start(options: QuickBooksStandInOptions): Promise<QuickBooksStandIn> {
    const standIn = new QuickBooksStandIn(options);
    await standIn.listen(API_ROOT, (status, message) => fault(status === 429 ? 'ThrottleExceeded' : 'SystemFault', String(status), message).body);
    return standIn;
  }

  override get baseUrl(): string {
    return this.server.baseUrl.slice(0, -API_ROOT.length);
  }

  protected handle(request: StandInRequest): StandInResponse {
    if (header(request, 'authorization') !== `Bearer ${this.options.accessToken}`) {
      // QuickBooks answers authentication failures in lower case, unlike its other faults.
      return { status: 401, body: { fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Invalid or missing bearer token', code: '3200' }], type: 'AUTHENTICATION' } } };
    }
    const match = DOCUMENTS.exec(request.path);
    if (!match) return fault('ValidationFault', '2010', 'Unsupported resource', `No resource at /v3${request.path}`, 404);
    if (match[1] !== this.options.realmId) {
      return fault('AuthorizationFault', '3100', 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', `Unknown realm ${match[1] ?? ''}`, 403);
    }
    if (request.method !== 'POST') return fault('ValidationFault', '2010', 'Unsupported operation', `${request.method} is not supported here`, 405);
    const entity = match[2]?.toLowerCase() === 'creditmemo' ? 'CreditMemo' : 'Invoice';

    const requestId = request.query.get('requestid');
    if (requestId !== null && requestId.length > REQUEST_ID_MAX) {
      return fault('ValidationFault', '2050', 'String length is either shorter or longer than supported by specification', `requestid holds at most ${REQUEST_ID_MAX} characters`);
    }
    const earlier = requestId === null ? undefined : this.answered.get(requestId);
    if (earlier) return earlier;
    const response = this.create(entity, request.body);
    if (requestId !== null && response.status < 300) this.answered.set(requestId, response);
    return response;
  }

  private create(entity: StoredQuickBooksDocument['entity'], body: unknown): StandInResponse {
    if (!isRecord(body)) return missing(entity);
    const customerId = isRecord(body.CustomerRef) ? body.CustomerRef.value : undefined;
    if (typeof customerId !== 'string' || customerId === '') return missing('CustomerRef');
    if (!this.options.customers.includes(customerId)) return invalidReference('CustomerRef', `Customer ${customerId}`);
    if (body.GlobalTaxCalculation !== undefined && !GLOBAL_TAX_CALCULATIONS.has(String(body.GlobalTaxCalculation))) {
      return fault('ValidationFault', '2010', 'Request has invalid or unsupported property', `GlobalTaxCalculation ${String(body.GlobalTaxCalculation)}`);
    }
    const docNumber = body.DocNumber;
    if (docNumber !== undefined) {
      if (typeof docNumber !== 'string' || docNumber.length > DOC_NUMBER_MAX) {
        return fault('ValidationFault', '2050', 'String length is either shorter or longer than supported by specification', `DocNumber: Min:0 Max:${DOC_NUMBER_MAX} supported.`);
      }
      const taken = this.documents.find((document) => document.entity === entity && document.body.DocNumber === docNumber);
      if (taken) {
        return fault(
          'ValidationFault',
          '6140',
          'Duplicate Document Number Error',
          `You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=${entity} with TxnId=${taken.Id}`,
        );
      }
    }
    if (!Array.isArray(body.Line) || body.Line.length === 0) return missing('Line');

    let total = Decimal.ZERO;
    for (const [index, line] of body.Line.entries()) {
      const at = `Line[${index}]`;
      if (!isRecord(line)) return missing(at);
      if (line.DetailType !== 'SalesItemLineDetail') {
        return fault('ValidationFault', '2010', 'Request has invalid or unsupported property', `${at}.DetailType ${String(line.DetailType)} (this stand-in takes SalesItemLineDetail lines)`);
      }
      const amount = jsonDecimal(line.Amount);
      if (amount === undefined) return missing(`${at}.Amount`);
      const detail = line.SalesItemLineDetail;
      if (!isRecord(detail)) return missing(`${at}.SalesItemLineDetail`);
      const itemId = isRecord(detail.ItemRef) ? detail.ItemRef.value : undefined;
      if (typeof itemId !== 'string' || itemId === '') return missing(`${at}.SalesItemLineDetail.ItemRef`);
      if (!this.options.items.includes(itemId)) return invalidReference(`${at}.SalesItemLineDetail.ItemRef`, `Item ${itemId}`);
      const taxCode = isRecord(detail.TaxCodeRef) ? detail.TaxCodeRef.value : undefined;
      if (taxCode !== undefined && !this.options.taxCodes.includes(String(taxCode))) {
        return invalidReference(`${at}.SalesItemLineDetail.TaxCodeRef`, `TaxCode ${String(taxCode)}`);
      }
      if (detail.Qty !== undefined || detail.UnitPrice !== undefined) {
        const quantity = jsonDecimal(detail.Qty);
        const unitPrice = jsonDecimal(detail.UnitPrice);
        if (quantity === undefined || unitPrice === undefined || !extendedToCent(quantity, unitPrice).equals(amount)) {
          return fault('ValidationFault', '6070', 'Amount calculation incorrect in the request.', `Amount is not equal to UnitPrice * Qty. Supplied value:${amount.toString()}`, 400, `${at}.Amount`);
        }
      }
      total = total.plus(amount);
    }
    const totalTax = isRecord(body.TxnTaxDetail) ? jsonDecimal(body.TxnTaxDetail.TotalTax) : undefined;
    const totalAmount = Number(total.plus(totalTax ?? Decimal.ZERO).toString());

    const document: StoredQuickBooksDocument = { entity, Id: String(this.nextId++), TotalAmt: totalAmount, body };
    this.documents.push(document);
    return { status: 200, body: { [entity]: { ...body, Id: document.Id, SyncToken: '0', TotalAmt: totalAmount }, time: new Date().toISOString() } };
  }
}

function fault(type: string, code: string, message: string, detail = '', status = 400, element = ''): StandInResponse {
  return { status, body: { Fault: { Error: [{ Message: message, Detail: detail, code, element }], type }, time: new Date().toISOString() } };
}

function missing(element: string): StandInResponse {
  return fault('ValidationFault', '2020', 'Required param missing, need to supply the required value for the API', `Required parameter ${element} is missing in the request`, 400, element);
}

function invalidReference(element: string, what: string): StandInResponse {
  return fault('ValidationFault', '2500', 'Invalid Reference Id', `Invalid Reference Id : ${what} does not exist or is inactive`, 400, element);
}
