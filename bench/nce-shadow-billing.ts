import { CalendarDate } from '../src/domain/calendar/date.ts';
import { PriceBook } from '../src/domain/nce/price-list.ts';
import { simulateNce } from '../src/domain/nce/simulate.ts';
import { benchPriceList, generatePortfolio } from './portfolio-generator.ts';

export interface BenchmarkResult {
  readonly name: string;
  readonly figures: Record<string, string | number>;
}

/**
 * Shadow-bills a generated portfolio of ~100,000 subscriptions with about five
 * changes each over a 12-month horizon (plus the months since each purchase),
 * customer by customer as a billing run would, keeping only the totals.
 */
export function benchShadowBilling(customerCount = 10_000): BenchmarkResult {
  const horizonStart = CalendarDate.of(2026, 1, 1);
  const through = horizonStart.addMonths(12).addDays(-1);
  const priceList = new PriceBook(benchPriceList(horizonStart));
  // Customers stream from the generator as a billing run streams them from the database:
  // only one customer's rows are alive at a time, and only the engine is timed.
  let customers = 0;
  let subscriptions = 0;
  let events = 0;
  let lines = 0;
  let totalCents = 0n;
  let warnings = 0;
  let billingMs = 0;
  const started = performance.now();
  for (const customer of generatePortfolio({ customers: customerCount, subscriptionsPerCustomer: 10, horizonStart, horizonDays: 365, seed: 1 })) {
    customers += 1;
    subscriptions += customer.subscriptions.length;
    events += customer.events.length;
    const billingStarted = performance.now();
    const result = simulateNce({ subscriptions: customer.subscriptions, events: customer.events, priceList, through });
    billingMs += performance.now() - billingStarted;
    lines += result.lines.length;
    warnings += result.warnings.length;
    for (const line of result.lines) totalCents += line.subtotal.units;
  }
  const elapsedMs = performance.now() - started;
  return {
    name: 'NCE shadow billing',
    figures: {
      customers,
      subscriptions,
      events,
      'rows raised': lines,
      warnings,
      'billed total (USD)': `${totalCents / 100n}.${String(totalCents % 100n).padStart(2, '0')}`,
      'shadow billing (s)': (billingMs / 1000).toFixed(2),
      'rows per second': Math.round(lines / (billingMs / 1000)),
      'with portfolio generation (s)': (elapsedMs / 1000).toFixed(2),
    },
  };
}
