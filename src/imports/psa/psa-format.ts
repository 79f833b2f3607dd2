import { type ImportFormat } from '../../app/imports/import-format.ts';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { CellError, type RowReader } from '../csv/cells.ts';

export type PsaSystem = 'connectwise' | 'autotask';

/**
 * ConnectWise Manage agreement additions and Autotask contract services.
 * Where the systems spell a required meaning differently, one logical column
 * named after both spellings (`agreementId/ContractID`) takes either, so
 * `required` states both header sets at once and a header with neither is
 * refused naming both. The contract column tells the systems apart, since
 * each system has only its own (see `read`).
 */
export const PSA_COLUMNS = {
  'agreementId/ContractID': ['agreementId', 'agreement.id', 'ContractID'],
  agreementId: ['agreementId', 'agreement.id'],
  contractName: ['agreementName', 'agreement.name', 'ContractName'],
  companyId: ['companyId', 'company.id', 'CompanyID', 'AccountID'],
  companyName: ['companyName', 'company.name', 'AccountName'],
  id: ['id', 'additionId', 'ContractServiceID'],
  'product/ServiceName': ['product', 'product.identifier', 'productIdentifier', 'ServiceName', 'ServiceID'],
  description: ['description', 'InvoiceDescription'],
  'quantity/Units': ['quantity', 'Units'],
  'unitPrice/AdjustedPrice': ['AdjustedPrice', 'unitPrice'],
  adjustedPrice: ['AdjustedPrice'],
  unitPrice: ['unitPrice'],
  unitCost: ['unitCost'],
  billCustomer: ['billCustomer'],
  effectiveDate: ['effectiveDate', 'StartDate'],
  cancelledDate: ['cancelledDate', 'EndDate'],
  prorate: ['prorateCurrentPeriodFlag'],
} as const;

/** One line the PSA invoices a client for, whichever PSA it came from. */
export interface PsaRow {
  readonly system: PsaSystem;
  /** The addition id (ConnectWise) or contract service id (Autotask). */
  readonly externalId: string;
  readonly contractId: string;
  readonly contractName: string | undefined;
  readonly companyId: string | undefined;
  readonly companyName: string | undefined;
  readonly product: string;
  readonly description: string | undefined;
  readonly quantity: Decimal;
  readonly unitPrice: Decimal;
  readonly unitCost: Decimal | undefined;
  readonly billCustomer: boolean;
  /** ConnectWise effectiveDate, Autotask StartDate. */
  readonly effectiveDate: CalendarDate | undefined;
  /** ConnectWise cancelledDate, Autotask EndDate: the last day the line bills. */
  readonly cancelledDate: CalendarDate | undefined;
  /** ConnectWise prorateCurrentPeriodFlag; Autotask prorates from the effective date by default. */
  readonly prorate: boolean | undefined;
}

/** ConnectWise billCustomer values: only Billable puts a charge on the client's invoice. */
const BILL_CUSTOMER: Readonly<Record<string, boolean>> = { billable: true, donotbill: false, nocharge: false };

export const psaFormat: ImportFormat<PsaRow> = {
  kind: 'psa',
  columns: PSA_COLUMNS,
  required: ['agreementId/ContractID', 'id', 'product/ServiceName', 'quantity/Units', 'unitPrice/AdjustedPrice'],
  read(row: RowReader): PsaRow {
    const contractId = row.requiredId('agreementId/ContractID');
    // An accepted row has its contract cell filled, so a filled agreementId means the header has it: ConnectWise.
    const system: PsaSystem = row.id('agreementId') === undefined ? 'autotask' : 'connectwise';
    const connectwise = system === 'connectwise';
    const effectiveDate = row.date('effectiveDate');
    const cancelledDate = row.date('cancelledDate');
    if (effectiveDate && cancelledDate && cancelledDate.isBefore(effectiveDate)) {
      throw new CellError(
        connectwise
          ? `cancelledDate ${cancelledDate.toString()} is before effectiveDate ${effectiveDate.toString()}`
          : `EndDate ${cancelledDate.toString()} is before StartDate ${effectiveDate.toString()}`,
      );
    }
    return {
      system,
      externalId: row.requiredId('id'),
      contractId,
      contractName: row.text('contractName'),
      companyId: row.id('companyId'),
      companyName: row.text('companyName'),
      product: row.requiredText('product/ServiceName'),
      description: row.text('description'),
      quantity: row.requiredDecimal('quantity/Units'),
      // Autotask: the adjusted price when the contract overrides the service's list price.
      unitPrice: (connectwise ? undefined : row.decimal('adjustedPrice')) ?? row.decimal('unitPrice') ?? row.requiredDecimal('unitPrice/AdjustedPrice'),
      unitCost: row.decimal('unitCost'),
      billCustomer: connectwise ? billCustomer(row.text('billCustomer')) : true,
      effectiveDate,
      cancelledDate,
      prorate: connectwise ? row.boolean('prorate') : true,
    };
  },
};

function billCustomer(text: string | undefined): boolean {
  if (text === undefined) return true;
  const value = BILL_CUSTOMER[text.toLowerCase().replace(/[^a-z]/g, '')];
  if (value === undefined) throw new CellError(`billCustomer "${text}" is not Billable, DoNotBill or NoCharge`);
  return value;
}
