import { stringify } from 'csv-stringify/sync';
import { RECON_COLUMNS, reconRow } from '../../src/imports/recon-csv.ts';
import { asEuropeanExcel } from './excel.ts';
import { simulate } from './nce.ts';

/** A reconciliation CSV exactly as shadow billing would have Microsoft write it for a scenario. */
export function reconCsvFor(scenario: object, customer = { id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Contoso Ltd', domain: 'contoso.com' }): string {
  const rows = simulate(scenario).lines.map((line) => ({ ...reconRow(line), CustomerId: customer.id, CustomerName: customer.name, CustomerDomainName: customer.domain }));
  return stringify(rows, { header: true, columns: [...RECON_COLUMNS] });
}

/** The scenario of Microsoft's worked examples: a seat change, an upgrade, a cancellation and an upfront term. */
export const WORKED_EXAMPLES = {
  subscriptions: [
    { id: 'SEATS', product: 'Microsoft 365 Business Standard', unitPrice: '10.08', currency: 'EUR', term: 'P1M', billing: 'monthly', start: '2021-06-18', quantity: 10 },
    { id: 'CANCELLED', product: 'Microsoft 365 Business Standard', unitPrice: '10.08', currency: 'EUR', term: 'P1M', billing: 'monthly', start: '2021-07-15', quantity: 10 },
    { id: 'UPFRONT', product: 'Microsoft 365 Business Standard', unitPrice: '120.96', currency: 'EUR', term: 'P1Y', billing: 'annual', start: '2021-06-18', quantity: 10 },
  ],
  events: [
    { date: '2021-06-20', subscription: 'SEATS', type: 'setQuantity', quantity: 12 },
    { date: '2021-06-25', subscription: 'SEATS', type: 'upgrade', quantity: 4, to: { id: 'UPGRADED', product: 'Office 365 E1', unitPrice: '6.43' } },
    { date: '2021-07-17', subscription: 'CANCELLED', type: 'cancel' },
  ],
  through: '2021-07-31',
};

/** A reconciliation CSV as European Excel saves it. */
export function reconAsEuropeanExcel(csv: string): string {
  return asEuropeanExcel(
    csv,
    ['OrderDate', 'ChargeStartDate', 'ChargeEndDate', 'SubscriptionStartDate', 'SubscriptionEndDate'],
    ['UnitPrice', 'Subtotal', 'Total', 'EffectiveUnitPrice', 'TaxTotal'],
  );
}
