import { CalendarDate } from '../src/domain/calendar/date.ts';
import { PriceBook } from '../src/domain/nce/price-list.ts';
import { simulateNce } from '../src/domain/nce/simulate.ts';
import { benchPriceList, type CustomerScenario, generatePortfolio } from './portfolio-generator.ts';

export interface BenchmarkResult {
  readonly name: string;
  readonly figures: Record<string, string | number>;
}

/**
 * Shadow-bills a generated portfolio of ~100,000 subscriptions with about five
 * changes each over a 12-month horizon (plus the months since each purchase),
 * customer by customer as a billing run would, keeping only the totals.
 */
export function benchShadowBilling(customers = 10_000): BenchmarkResult {
  const horizonStart = CalendarDate.of(2026, 1, 1);
  const through = horizonStart.addMonths(12).addDays(-1);
  const priceList = new PriceBook(benchPriceList(horizonStart));
  const generationStarted = performance.now();
  const portfolio: CustomerScenario[] = [...generatePortfolio({ customers, subscriptionsPerCustomer: 10, horizonStart, horizonDays: 365, seed: 1 })];
  const generationMs = performance.now() - generationStarted;

  const subscriptions = portfolio.reduce((count, customer) => count + customer.subscriptions.length, 0);
  const events = portfolio.reduce((count, customer) => count + customer.events.length, 0);
  let lines = 0;
  let totalCents = 0n;
  let warnings = 0;
  const started = performance.now();
  for (const customer of portfolio) {
    const result = simulateNce({ subscriptions: customer.subscriptions, events: customer.events, priceList, through });
    lines += result.lines.length;
    warnings += result.warnings.length;
    for (const line of result.lines) totalCents += line.subtotal.units;
  }
  const elapsedMs = performance.now() - started;
  return {
    name: 'NCE shadow billing',
    figures: {
      customers: portfolio.length,
      subscriptions,
      events,
      'rows raised': lines,
      warnings,
      'billed total (USD)': `${totalCents / 100n}.${String(totalCents % 100n).padStart(2, '0')}`,
      'portfolio generation (s)': (generationMs / 1000).toFixed(2),
      'shadow billing (s)': (elapsedMs / 1000).toFixed(2),
      'rows per second': Math.round(lines / (elapsedMs / 1000)),
    },
  };
}
