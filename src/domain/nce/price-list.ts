import { type CalendarDate } from '../calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../calendar/periods.ts';
import { type PriceListEntry } from './model.ts';

const TERM_INDEX: Readonly<Record<TermDuration, number>> = { P1M: 0, P1Y: 1, P3Y: 2 };
const BILLING_INDEX: Readonly<Record<BillingPlan, number>> = { monthly: 0, annual: 1, triennial: 2 };

/** Rows of one product in one currency, by term × billing plan, each list sorted by effective start. */
type ProductPrices = PriceListEntry[][];

/**
 * Finds the price-list row in force on a date for a product, term, billing
 * plan and currency. Product names match case-insensitively; lookups with the
 * exact name allocate nothing, since renewals look prices up constantly.
 */
export class PriceBook {
  private readonly byProduct = new Map<string, Map<string, ProductPrices>>();

  constructor(entries: readonly PriceListEntry[]) {
    for (const entry of entries) {
      for (const name of new Set([entry.product, entry.product.toLowerCase()])) {
        const currencies = this.byProduct.get(name) ?? new Map<string, ProductPrices>();
        this.byProduct.set(name, currencies);
        const currency = entry.currency.toUpperCase();
        const plans = currencies.get(currency) ?? Array.from({ length: 9 }, () => []);
        currencies.set(currency, plans);
        plans[planIndex(entry.term, entry.billing)]?.push(entry);
      }
    }
    for (const currencies of this.byProduct.values()) {
      for (const plans of currencies.values()) for (const list of plans) list.sort((a, b) => a.effectiveStart.compare(b.effectiveStart));
    }
  }

  priceOn(product: string, term: TermDuration, billing: BillingPlan, currency: string, date: CalendarDate): PriceListEntry | undefined {
    const list = this.plans(product, currency)?.[planIndex(term, billing)];
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
    return (this.plans(product, currency)?.[planIndex('P1M', 'monthly')]?.length ?? 0) > 0;
  }

  private plans(product: string, currency: string): ProductPrices | undefined {
    const currencies = this.byProduct.get(product) ?? this.byProduct.get(product.toLowerCase());
    return currencies?.get(currency) ?? currencies?.get(currency.toUpperCase());
  }
}

function planIndex(term: TermDuration, billing: BillingPlan): number {
  return TERM_INDEX[term] * 3 + BILLING_INDEX[billing];
}
