import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { CalendarDate } from '../src/domain/calendar/date.ts';
import { PriceBook } from '../src/domain/nce/price-list.ts';
import { simulateNce } from '../src/domain/nce/simulate.ts';
import { RECON_COLUMNS, reconRow } from '../src/imports/recon-csv.ts';
import { benchPriceList, generatePortfolio } from './portfolio-generator.ts';

/** A deterministic GUID-shaped id, as Partner Center writes customer ids. */
function guid(prefix: string, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix}-0000-4000-8000-${hex}`;
}

/**
 * Writes a reconciliation file of `rows` rows that shadow billing of a
 * generated portfolio produces, streamed to disk: customers, subscriptions,
 * seat changes, upgrades, cancellations and renewals as Microsoft bills them.
 */
export async function writeReconFile(path: string, rows: number): Promise<{ rows: number; customers: number }> {
  const horizonStart = CalendarDate.of(2026, 1, 1);
  const through = horizonStart.addMonths(12).addDays(-1);
  const priceList = new PriceBook(benchPriceList(horizonStart));
  const out = createWriteStream(path);
  out.write(stringify([RECON_COLUMNS as unknown as string[]]));
  let written = 0;
  let customers = 0;
  for (const customer of generatePortfolio({ customers: 1_000_000, subscriptionsPerCustomer: 10, horizonStart, horizonDays: 365, seed: 7 })) {
    const result = simulateNce({ subscriptions: customer.subscriptions, events: customer.events, priceList, through });
    const customerId = guid('c0ffee00', customers);
    const name = `Client ${customers} Ltd`;
    const records = result.lines.slice(0, rows - written).map((line) => {
      const row = reconRow(line);
      return RECON_COLUMNS.map((column) =>
        column === 'CustomerId' ? customerId : column === 'CustomerName' ? name : column === 'CustomerDomainName' ? `client${customers}.com` : row[column],
      );
    });
    customers += 1;
    written += records.length;
    if (!out.write(stringify(records))) await once(out, 'drain');
    if (written >= rows) break;
  }
  out.end();
  await once(out, 'finish');
  return { rows: written, customers };
}
