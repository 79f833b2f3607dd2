import { documentLineFigures } from './document-lines.ts';
import { checkPostableInvoice } from './invoice-checks.ts';
import { type PostableInvoice, type Posting } from './model.ts';
import { exactNumber, rateKey, refuse, requiredText } from './payload-fields.ts';

export interface QuickBooksPostingConfig {
  /** The company (realm) id in every QuickBooks Online URL. */
  readonly realmId: string;
  /** QuickBooks lines reference an Item, and the Item carries the income account: GL account → Item id. */
  readonly itemRefByGlAccount: Readonly<Record<string, string>>;
  /** Tax rate in percent (`20`) → TaxCode id. */
  readonly taxCodeRefByRate: Readonly<Record<string, string>>;
}

/** QuickBooks limits: DocNumber holds 21 characters, a requestid 50. */
const DOC_NUMBER_MAX = 21;
const REQUEST_ID_MAX = 50;

/**
 * QuickBooks Online Invoice or CreditMemo (v3/company/{realmId}/invoice,
 * /creditmemo). Posting is made repeatable by the `requestid` query parameter,
 * which the poster adds from the idempotency key.
 */
export function quickbooksInvoicePosting(invoice: PostableInvoice, config: QuickBooksPostingConfig): Posting {
  checkPostableInvoice(invoice);
  requiredText(config?.realmId, 'config.realmId');
  if (invoice.number.length > DOC_NUMBER_MAX) refuse('invoice.number', `QuickBooks DocNumber holds at most ${DOC_NUMBER_MAX} characters ("${invoice.number}")`);
  const customerId = requiredText(invoice.customer.externalIds?.quickbooks, 'invoice.customer.externalIds.quickbooks');
  const creditNote = invoice.kind === 'credit_note';
  const idempotencyKey = `coterm-${creditNote ? 'credit-note' : 'invoice'}-${invoice.id}`;
  if (idempotencyKey.length > REQUEST_ID_MAX) refuse('invoice.id', `makes a requestid longer than QuickBooks' ${REQUEST_ID_MAX} characters`);

  const lines = invoice.lines.map((line, index) => {
    const at = `invoice.lines[${index}]`;
    const figures = documentLineFigures(invoice, line);
    const itemId = config.itemRefByGlAccount[line.glAccount];
    if (itemId === undefined) refuse(`${at}.glAccount`, `no QuickBooks item is mapped to GL account ${line.glAccount} (config.itemRefByGlAccount)`);
    const taxCodeId = config.taxCodeRefByRate[rateKey(line.taxRate)];
    if (taxCodeId === undefined) refuse(`${at}.taxRate`, `no QuickBooks tax code is mapped to rate ${rateKey(line.taxRate)}% (config.taxCodeRefByRate)`);
    return {
      LineNum: line.lineNumber,
      DetailType: 'SalesItemLineDetail',
      Amount: exactNumber(figures.amount, `${at}.amount`),
      Description: line.description,
      SalesItemLineDetail: {
        ItemRef: { value: itemId },
        Qty: exactNumber(figures.quantity, `${at}.quantity`),
        UnitPrice: exactNumber(figures.unitPrice, `${at}.unitPrice`),
        ServiceDate: line.serviceStart.toString(),
        TaxCodeRef: { value: taxCodeId },
        // Line amounts stay net; a tax-inclusive document also states each line's gross.
        ...(invoice.taxInclusive ? { TaxInclusiveAmt: exactNumber(figures.amount.plus(figures.taxAmount), `${at}.taxAmount`) } : {}),
      },
    };
  });

  const body = {
    DocNumber: invoice.number,
    TxnDate: invoice.issuedOn.toString(),
    // A credit memo has no due date.
    ...(creditNote ? {} : { DueDate: invoice.dueOn.toString() }),
    CustomerRef: { value: customerId },
    CurrencyRef: { value: invoice.currency },
    GlobalTaxCalculation: invoice.taxInclusive ? 'TaxInclusive' : 'TaxExcluded',
    Line: lines,
    // coterm computed the tax; stating it keeps QuickBooks from arriving at a different cent.
    TxnTaxDetail: { TotalTax: exactNumber(creditNote ? invoice.tax.negated() : invoice.tax, 'invoice.tax') },
    ...(creditNote && invoice.creditedNumber ? { CustomerMemo: { value: `Credit for invoice ${invoice.creditedNumber}` } } : {}),
  };
  const entity = creditNote ? 'creditmemo' : 'invoice';
  return {
    target: 'quickbooks',
    idempotencyKey,
    requests: [
      {
        method: 'POST',
        path: `/v3/company/${encodeURIComponent(config.realmId)}/${entity}`,
        body,
        description: `${creditNote ? 'credit memo' : 'invoice'} ${invoice.number} for ${invoice.customer.name}`,
      },
    ],
  };
}
