import { type PostingRequest, type PostingTarget } from './model.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Ids of the records a successful response says were created (a PATCH creates none). */
export function createdIds(target: PostingTarget, request: PostingRequest, body: unknown): string[] {
  if (!isObject(body) || request.method === 'PATCH') return [];
  switch (target) {
    case 'connectwise':
      return idsOf([body], 'id');
    case 'autotask':
      return idsOf([body], 'itemId');
    case 'quickbooks':
      return idsOf([body.Invoice, body.CreditMemo], 'Id');
    case 'xero':
      return [...idsOf(arrayOf(body.Invoices), 'InvoiceID'), ...idsOf(arrayOf(body.CreditNotes), 'CreditNoteID')];
  }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function idsOf(records: unknown[], key: string): string[] {
  return records.flatMap((record) => {
    const id = isObject(record) ? text(record[key]) : undefined;
    return id === undefined ? [] : [id];
  });
}

/**
 * The human part of a vendor's error body, whichever vendor sent it:
 * ConnectWise {message, errors[].message}, Autotask {errors: string[]},
 * QuickBooks {Fault|fault: {Error|error: [{Message, Detail}]}}, Xero
 * {Message, Elements[].ValidationErrors[].Message} or {Title, Detail}.
 */
export function vendorErrorMessage(body: unknown): string {
  if (typeof body === 'string') return body.trim() || 'no message';
  if (!isObject(body)) return 'no message';
  const parts: string[] = [];
  const add = (value: unknown): void => {
    const part = text(value);
    if (part !== undefined && part !== '' && !parts.includes(part)) parts.push(part);
  };
  const fault = body.Fault ?? body.fault;
  if (isObject(fault)) {
    for (const error of arrayOf(fault.Error ?? fault.error)) {
      if (!isObject(error)) continue;
      const message = text(error.Message ?? error.message);
      const detail = text(error.Detail ?? error.detail);
      const code = text(error.code);
      add([message, detail].filter(Boolean).join(': ') + (code ? ` (code ${code})` : ''));
    }
  }
  add(body.message);
  add(body.Message);
  add(body.Title);
  add(body.Detail);
  for (const error of arrayOf(body.errors)) add(isObject(error) ? error.message : error);
  for (const element of arrayOf(body.Elements)) {
    if (!isObject(element)) continue;
    for (const error of arrayOf(element.ValidationErrors)) if (isObject(error)) add(error.Message);
  }
  return parts.length > 0 ? parts.join('; ') : JSON.stringify(body);
}
