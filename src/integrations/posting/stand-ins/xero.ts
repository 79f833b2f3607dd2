import { Decimal } from '../../../domain/money/decimal.ts';
import { header, isRecord, jsonDecimal, type StandInRequest, type StandInResponse, VendorStandIn } from './json-http.ts';

export interface XeroStandInOptions {
  readonly accessToken: string;
  readonly tenantId: string;
  /** ContactIDs. */
  readonly contacts: readonly string[];
  /** Revenue account codes of the chart of accounts. */
  readonly accountCodes: readonly string[];
  readonly taxTypes: readonly string[];
}

export interface StoredXeroDocument {
  readonly collection: 'Invoices' | 'CreditNotes';
  readonly id: string;
  readonly number: string | undefined;
  readonly subTotal: string;
  readonly totalTax: string;
  readonly total: string;
  readonly body: Readonly<Record<string, unknown>>;
}

const API_ROOT = '/api.xro/2.0';
const COLLECTIONS = /^\/(Invoices|CreditNotes)$/;
const IDEMPOTENCY_KEY_MAX = 128;
const LINE_AMOUNT_TYPES = new Set(['Exclusive', 'Inclusive', 'NoTax']);

/**
 * A local Xero Accounting API for sales invoices and credit notes, with Xero's
 * rules: a repeated Idempotency-Key gets the first response and creates
 * nothing, the invoice or credit note number is unique, and the contact,
 * account codes and tax types exist. A request is taken whole or not at all.
 */
export class XeroStandIn extends VendorStandIn {
  readonly documents: StoredXeroDocument[] = [];
  private readonly answered = new Map<string, StandInResponse>();
  private nextId = 1;

  private constructor(private readonly options: XeroStandInOptions) {
    super();
  }

  /** Serves at `http://127.0.0.1:PORT` (paths begin `/api.xro/2.0`). */
  static async start(options: XeroStandInOptions): Promise<XeroStandIn> {
    const standIn = new XeroStandIn(options);
    await standIn.listen(API_ROOT, (status, message) => problem(status, message));
    return standIn;
  }

  override get baseUrl(): string {
    return this.server.baseUrl.slice(0, -API_ROOT.length);
  }

  protected handle(request: StandInRequest): StandInResponse {
    if (header(request, 'authorization') !== `Bearer ${this.options.accessToken}`) return { status: 401, body: problem(401, 'AuthenticationUnsuccessful') };
    if (header(request, 'xero-tenant-id') !== this.options.tenantId) return { status: 403, body: problem(403, 'AuthenticationUnsuccessful') };
    const match = COLLECTIONS.exec(request.path);
    if (!match) return { status: 404, body: problem(404, `No resource at ${API_ROOT}${request.path}`) };
    if (request.method !== 'PUT' && request.method !== 'POST') return { status: 405, body: problem(405, `${request.method} is not supported here`) };
    const collection = match[1] as StoredXeroDocument['collection'];

    const key = header(request, 'idempotency-key');
    if (key !== undefined && key.length > IDEMPOTENCY_KEY_MAX) return validation([], `Idempotency-Key holds at most ${IDEMPOTENCY_KEY_MAX} characters`);
    const earlier = key === undefined ? undefined : this.answered.get(key);
    if (earlier) return earlier;
    const response = this.create(collection, request.body);
    if (key !== undefined && response.status < 300) this.answered.set(key, response);
    return response;
  }

  private create(collection: StoredXeroDocument['collection'], body: unknown): StandInResponse {
    const documents = isRecord(body) && Array.isArray(body[collection]) ? (body[collection] as unknown[]) : [body];
    const elements = documents.map((document) => ({ document, errors: this.problems(collection, document, documents) }));
    if (elements.some((element) => element.errors.length > 0)) {
      return {
        status: 400,
        body: {
          ErrorNumber: 10,
          Type: 'ValidationException',
          Message: 'A validation exception occurred',
          Elements: elements.map(({ document, errors }) => ({ ...(isRecord(document) ? document : {}), ValidationErrors: errors.map((message) => ({ Message: message })) })),
        },
      };
    }
    const created = documents.map((document) => this.store(collection, document as Record<string, unknown>));
    return { status: 200, body: { Id: guid(this.nextId++), Status: 'OK', ProviderName: 'coterm', [collection]: created } };
  }

  private problems(collection: StoredXeroDocument['collection'], document: unknown, batch: readonly unknown[]): string[] {
    if (!isRecord(document)) return ['The document must be an object'];
    const errors: string[] = [];
    const creditNote = collection === 'CreditNotes';
    const expectedType = creditNote ? 'ACCRECCREDIT' : 'ACCREC';
    if (document.Type !== expectedType) errors.push(`Type must be ${expectedType} (got ${String(document.Type)})`);
    const contactId = isRecord(document.Contact) ? document.Contact.ContactID : undefined;
    if (typeof contactId !== 'string' || contactId === '') errors.push('A Contact must be specified for this type of transaction');
    else if (!this.options.contacts.includes(contactId)) errors.push(`Contact ${contactId} does not exist`);
    for (const field of ['Date', 'DueDate']) {
      if (document[field] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(document[field]))) errors.push(`${field} must be a date in the form YYYY-MM-DD`);
    }
    if (document.LineAmountTypes !== undefined && !LINE_AMOUNT_TYPES.has(String(document.LineAmountTypes))) {
      errors.push(`LineAmountTypes must be Exclusive, Inclusive or NoTax (got ${String(document.LineAmountTypes)})`);
    }
    const numberField = creditNote ? 'CreditNoteNumber' : 'InvoiceNumber';
    const number = document[numberField];
    if (number !== undefined) {
      const taken =
        this.documents.some((stored) => stored.collection === collection && stored.number === number) ||
        batch.some((other) => other !== document && isRecord(other) && other[numberField] === number);
      if (taken) errors.push(creditNote ? 'Credit Note # must be unique.' : 'Invoice # must be unique.');
    }
    if (!Array.isArray(document.LineItems) || document.LineItems.length === 0) errors.push('At least one line item is required');
    else {
      for (const line of document.LineItems) {
        if (!isRecord(line)) {
          errors.push('A line item must be an object');
          continue;
        }
        if (typeof line.Description !== 'string' || line.Description === '') errors.push('Description cannot be empty');
        if (line.AccountCode !== undefined && !this.options.accountCodes.includes(String(line.AccountCode))) {
          errors.push(`Account code '${String(line.AccountCode)}' is not a valid code for this document.`);
        }
        if (line.TaxType !== undefined && !this.options.taxTypes.includes(String(line.TaxType))) {
          errors.push(`The TaxType code '${String(line.TaxType)}' does not exist or cannot be used for this type of transaction.`);
        }
        if (jsonDecimal(line.LineAmount) === undefined && (jsonDecimal(line.Quantity) === undefined || jsonDecimal(line.UnitAmount) === undefined)) {
          errors.push('A line item needs a LineAmount, or a Quantity and a UnitAmount');
        }
      }
    }
    return errors;
  }

  private store(collection: StoredXeroDocument['collection'], document: Record<string, unknown>): Record<string, unknown> {
    const inclusive = document.LineAmountTypes === 'Inclusive';
    let lines = Decimal.ZERO;
    let tax = Decimal.ZERO;
    for (const line of document.LineItems as Array<Record<string, unknown>>) {
      const lineTax = jsonDecimal(line.TaxAmount) ?? Decimal.ZERO;
      const lineAmount = jsonDecimal(line.LineAmount) ?? (jsonDecimal(line.Quantity) ?? Decimal.ZERO).times(jsonDecimal(line.UnitAmount) ?? Decimal.ZERO).round(2, 'halfUp');
      lines = lines.plus(lineAmount);
      tax = tax.plus(lineTax);
    }
    const subTotal = inclusive ? lines.minus(tax) : lines;
    const id = guid(this.nextId++);
    const numberField = collection === 'CreditNotes' ? 'CreditNoteNumber' : 'InvoiceNumber';
    const number = typeof document[numberField] === 'string' ? document[numberField] : undefined;
    this.documents.push({ collection, id, number, subTotal: subTotal.toString(), totalTax: tax.toString(), total: subTotal.plus(tax).toString(), body: document });
    return {
      ...document,
      [collection === 'CreditNotes' ? 'CreditNoteID' : 'InvoiceID']: id,
      SubTotal: Number(subTotal.toString()),
      TotalTax: Number(tax.toString()),
      Total: Number(subTotal.plus(tax).toString()),
    };
  }
}

/** Xero answers authentication and routing failures as problem details. */
function problem(status: number, detail: string): Record<string, unknown> {
  const titles: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 503: 'Service Unavailable' };
  return { Type: null, Title: titles[status] ?? 'Bad Request', Status: status, Detail: detail };
}

function validation(elements: unknown[], message: string): StandInResponse {
  return { status: 400, body: { ErrorNumber: 10, Type: 'ValidationException', Message: message, Elements: elements } };
}

function guid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
