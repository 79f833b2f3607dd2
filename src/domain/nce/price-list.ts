import { type CalendarDate } from '../calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../calendar/periods.ts';
import { type PriceListEntry } from './model.ts';

/** Finds the price-list row in force on a date for a product, term, billing plan and currency. */
export class PriceBook {
  private readonly rows = new Map<string, PriceListEntry[]>();

  constructor(entries: readonly PriceListEntry[]) {
    for (const entry of entries) {
      const key = priceKey(entry.product, entry.term, entry.billing, entry.currency);
      const list = this.rows.get(key) ?? [];
      list.push(entry);
      this.rows.set(key, list);
    }
    for (const list of this.rows.values()) list.sort((a, b) => a.effectiveStart.compare(b.effectiveStart));
  }

  priceOn(product: string, term: TermDuration, billing: BillingPlan, currency: string, date: CalendarDate): PriceListEntry | undefined {
    const list = this.rows.get(priceKey(product, term, billing, currency));
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i -= 1) {
      const entry = list[i];
      if (entry && !entry.effectiveStart.isAfter(date)) {
        return entry.effectiveEnd && entry.effectiveEnd.isBefore(date) ? undefined : entry;
      }
    }
    return undefined;
  }

  /** Whether the product is sold on a monthly term at all (decides the Extended Service Term uplift). */
  hasMonthlyPlan(product: string, currency: string): boolean {
    return this.rows.has(priceKey(product, 'P1M', 'monthly', currency));
  }

  knowsProduct(product: string): boolean {
    const prefix = `${product.toLowerCase()}|`;
    for (const key of this.rows.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }
}

function priceKey(product: string, term: TermDuration, billing: BillingPlan, currency: string): string {
  return `${product.toLowerCase()}|${term}|${billing}|${currency.toUpperCase()}`;
}
