import { type ImportFormat } from '../../app/imports/import-format.ts';
import { type ServiceLine } from '../../domain/ledger/service-line.ts';
import { BILLING_PERIODS, billingPeriodOf, PRORATION_POLICIES, prorationPolicyOf, termLength, termOfMonths } from '../../domain/ledger/service-terms.ts';
import { normalizeCompanyName } from '../../domain/mapping/match.ts';
import { currency, UnknownCurrencyError } from '../../domain/money/currency.ts';
import { CellError, type RowReader } from '../csv/cells.ts';

/** coterm's contract list: one row per service line of a client contract (docs/import-formats.md). */
export const SERVICES_COLUMNS = {
  contractId: ['ContractId', 'ContractNumber', 'AgreementId'],
  client: ['Client', 'ClientName'],
  clientDomain: ['ClientDomain'],
  service: ['Service', 'ServiceName'],
  quantity: ['Quantity'],
  unitPrice: ['UnitPrice'],
  currency: ['Currency'],
  billingPeriod: ['BillingPeriod', 'BillingFrequency'],
  startDate: ['StartDate'],
  endDate: ['EndDate'],
  termMonths: ['TermMonths'],
  autoRenew: ['AutoRenew'],
  noticeDays: ['NoticeDays'],
  prorationPolicy: ['ProrationPolicy'],
  parentClient: ['ParentClient'],
} as const;

export const DEFAULT_NOTICE_DAYS = 30;

/** A contract line with the client it belongs to. */
export interface ServiceRow extends ServiceLine {
  /** `ContractId/Service`: the msp_service subscription the line is. */
  readonly subscriptionId: string;
  readonly client: string;
  readonly clientDomain: string | undefined;
  readonly parentClient: string | undefined;
}

export const servicesFormat: ImportFormat<ServiceRow> = {
  kind: 'services',
  columns: SERVICES_COLUMNS,
  required: ['contractId', 'client', 'service', 'quantity', 'unitPrice', 'currency', 'billingPeriod', 'startDate', 'endDate'],
  read(row: RowReader): ServiceRow {
    const contractId = row.requiredId('contractId');
    const client = row.requiredText('client');
    const service = row.requiredText('service');
    row.requiredText('quantity');
    const quantity = count(row, 'quantity', 'Quantity') ?? 0;
    const unitPrice = row.requiredDecimal('unitPrice');
    const currencyCode = isoCurrency(row.requiredText('currency'));
    const billingText = row.requiredText('billingPeriod');
    const billing = billingPeriodOf(billingText);
    if (!billing) throw new CellError(`BillingPeriod "${billingText}" is not one of ${BILLING_PERIODS.join(', ')}`);
    const termStart = row.requiredDate('startDate');
    const termEnd = row.requiredDate('endDate');
    if (termEnd.isBefore(termStart)) throw new CellError(`EndDate ${termEnd.toString()} is before StartDate ${termStart.toString()}`);
    const termMonths = row.integer('termMonths');
    if (termMonths !== undefined && termMonths < 1) throw new CellError(`TermMonths "${row.text('termMonths') ?? ''}" is not a number of months (1 or more)`);
    const noticeDays = count(row, 'noticeDays', 'NoticeDays') ?? DEFAULT_NOTICE_DAYS;
    const prorationText = row.text('prorationPolicy');
    const prorationPolicy = prorationText === undefined ? 'daily' : prorationPolicyOf(prorationText);
    if (!prorationPolicy) throw new CellError(`ProrationPolicy "${prorationText ?? ''}" is not one of ${PRORATION_POLICIES.join(', ')}`);
    const parentClient = row.text('parentClient');
    if (parentClient !== undefined && normalizeCompanyName(parentClient) === normalizeCompanyName(client)) {
      throw new CellError(`ParentClient "${parentClient}" is the client itself`);
    }
    return {
      subscriptionId: `${contractId}/${service}`,
      contractId,
      client,
      clientDomain: row.text('clientDomain')?.toLowerCase(),
      parentClient,
      productName: service,
      quantity,
      unitPrice,
      currency: currencyCode,
      billing,
      term: termMonths === undefined ? termLength(termStart, termEnd) : termOfMonths(termMonths),
      termStart,
      termEnd,
      autoRenew: row.boolean('autoRenew') ?? true,
      noticeDays,
      prorationPolicy,
    };
  },
};

/** A whole number that must not be negative (the ledger counts whole units); undefined when the cell is empty. */
function count(row: RowReader, column: string, name: string): number | undefined {
  const value = row.integer(column);
  if (value !== undefined && value < 0) throw new CellError(`${name} "${row.text(column) ?? ''}" is negative`);
  return value;
}

function isoCurrency(code: string): string {
  try {
    return currency(code, 'Currency').code;
  } catch (error) {
    if (error instanceof UnknownCurrencyError) throw new CellError(`Currency ${error.message}`);
    throw error;
  }
}
