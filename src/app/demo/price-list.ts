import { CalendarDate } from '../../domain/calendar/date.ts';
import { BILLING_MONTHS, type BillingPlan, type TermDuration } from '../../domain/calendar/periods.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type PriceListEntry } from '../../domain/nce/model.ts';
import { PriceBook } from '../../domain/nce/price-list.ts';

/** What a product is for a client: the suite everyone has, or an add-on some users get. */
export type ProductRole = 'suite' | 'security' | 'mail' | 'teams' | 'addon';

/** A Microsoft licence product of the demo catalog. */
export interface DemoProduct {
  readonly name: string;
  readonly productId: string;
  readonly skuId: string;
  readonly availabilityId: string;
  /** Per user per month on an annual term paid upfront (the list's yearly price ÷ 12), USD. */
  readonly monthlyOnAnnual: string;
  readonly role: ProductRole;
  /** The product an upgrade moves seats to. */
  readonly upgrade?: string;
  /** Whether the demo's price rise applies to it. */
  readonly rises: boolean;
}

/** Microsoft 365 products an MSP resells, with Partner Center–shaped ids and plausible US list prices. */
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { name: 'Microsoft 365 Business Basic', productId: 'CFQ7TTC0LH18', skuId: '0001', availabilityId: 'CFQ7TTC0KDLJ', monthlyOnAnnual: '6.00', role: 'suite', upgrade: 'Microsoft 365 Business Standard', rises: true },
  { name: 'Microsoft 365 Business Standard', productId: 'CFQ7TTC0LDPB', skuId: '0001', availabilityId: 'CFQ7TTC0KDQ0', monthlyOnAnnual: '12.50', role: 'suite', upgrade: 'Microsoft 365 Business Premium', rises: true },
  { name: 'Microsoft 365 Business Premium', productId: 'CFQ7TTC0LCHC', skuId: '0002', availabilityId: 'CFQ7TTC0LKQB', monthlyOnAnnual: '22.00', role: 'suite', upgrade: 'Microsoft 365 E3', rises: true },
  { name: 'Office 365 E1', productId: 'CFQ7TTC0LF8Q', skuId: '0001', availabilityId: 'CFQ7TTC0K4Q6', monthlyOnAnnual: '10.00', role: 'suite', upgrade: 'Office 365 E3', rises: false },
  { name: 'Office 365 E3', productId: 'CFQ7TTC0LF8R', skuId: '0001', availabilityId: 'CFQ7TTC0K4Q7', monthlyOnAnnual: '23.00', role: 'suite', upgrade: 'Microsoft 365 E3', rises: false },
  { name: 'Microsoft 365 E3', productId: 'CFQ7TTC0LFLX', skuId: '0001', availabilityId: 'CFQ7TTC0K5N5', monthlyOnAnnual: '36.00', role: 'suite', upgrade: 'Microsoft 365 E5', rises: true },
  { name: 'Microsoft 365 E5', productId: 'CFQ7TTC0LFLZ', skuId: '0002', availabilityId: 'CFQ7TTC0K5JD', monthlyOnAnnual: '57.00', role: 'suite', rises: false },
  { name: 'Microsoft Defender for Business', productId: 'CFQ7TTC0LCN5', skuId: '0001', availabilityId: 'CFQ7TTC0KBP1', monthlyOnAnnual: '3.00', role: 'security', rises: false },
  { name: 'Microsoft Defender for Endpoint P1', productId: 'CFQ7TTC0MCH1', skuId: '0001', availabilityId: 'CFQ7TTC0KCR4', monthlyOnAnnual: '3.00', role: 'security', upgrade: 'Microsoft Defender for Endpoint P2', rises: false },
  { name: 'Microsoft Defender for Endpoint P2', productId: 'CFQ7TTC0LGSS', skuId: '0001', availabilityId: 'CFQ7TTC0KCR6', monthlyOnAnnual: '5.20', role: 'security', rises: false },
  { name: 'Microsoft Teams Essentials', productId: 'CFQ7TTC0RL1G', skuId: '0001', availabilityId: 'CFQ7TTC0J1FV', monthlyOnAnnual: '4.00', role: 'teams', upgrade: 'Microsoft 365 Business Basic', rises: true },
  { name: 'Microsoft Teams Enterprise', productId: 'CFQ7TTC0TFK3', skuId: '0001', availabilityId: 'CFQ7TTC0N8SS', monthlyOnAnnual: '5.25', role: 'teams', rises: false },
  { name: 'Exchange Online (Plan 1)', productId: 'CFQ7TTC0LH16', skuId: '0001', availabilityId: 'CFQ7TTC0KDK4', monthlyOnAnnual: '4.00', role: 'mail', upgrade: 'Exchange Online (Plan 2)', rises: false },
  { name: 'Exchange Online (Plan 2)', productId: 'CFQ7TTC0LH1P', skuId: '0001', availabilityId: 'CFQ7TTC0KDKB', monthlyOnAnnual: '8.00', role: 'mail', rises: false },
  { name: 'Visio Plan 2', productId: 'CFQ7TTC0HD33', skuId: '0001', availabilityId: 'CFQ7TTC0JN3H', monthlyOnAnnual: '15.00', role: 'addon', rises: false },
  { name: 'Project Plan 3', productId: 'CFQ7TTC0HDN1', skuId: '0001', availabilityId: 'CFQ7TTC0JNGG', monthlyOnAnnual: '30.00', role: 'addon', rises: false },
  { name: 'Power BI Pro', productId: 'CFQ7TTC0L3PB', skuId: '0001', availabilityId: 'CFQ7TTC0KCQ5', monthlyOnAnnual: '14.00', role: 'addon', rises: false },
  { name: 'Microsoft 365 Copilot', productId: 'CFQ7TTC0MM8R', skuId: '0002', availabilityId: 'CFQ7TTC0KCXB', monthlyOnAnnual: '30.00', role: 'addon', rises: false },
];

const BY_NAME = new Map(DEMO_PRODUCTS.map((product) => [product.name, product]));

export function demoProduct(name: string): DemoProduct {
  const product = BY_NAME.get(name);
  if (!product) throw new Error(`no demo product ${name}`);
  return product;
}

/** The plans the demo price list offers, with the price of one billing cycle relative to the monthly-on-annual price. */
export const DEMO_PLANS: readonly { readonly term: TermDuration; readonly billing: BillingPlan; readonly factor: string }[] = [
  { term: 'P1M', billing: 'monthly', factor: '1.20' },
  { term: 'P1Y', billing: 'monthly', factor: '1.05' },
  { term: 'P1Y', billing: 'annual', factor: '12' },
  { term: 'P3Y', billing: 'annual', factor: '12' },
];

/** The rise applied to the products that rise. */
export const PRICE_RISE = '1.05';

/** How many months before the as-of month the price rise takes effect. */
export const PRICE_RISE_MONTHS_BEFORE = 4;

export interface DemoPriceRow {
  readonly product: DemoProduct;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly unitPrice: Decimal;
  readonly effectiveStart: CalendarDate;
  readonly effectiveEnd: CalendarDate | undefined;
}

export interface DemoPriceList {
  readonly rows: readonly DemoPriceRow[];
  /** First day the list is in force (the 1st of the month a year before the as-of month). */
  readonly start: CalendarDate;
  readonly riseOn: CalendarDate;
  readonly book: PriceBook;
  /** The price of one billing cycle in force on a date (the first list's price before the list starts). */
  price(product: string, term: TermDuration, billing: BillingPlan, on: CalendarDate): Decimal;
  /** The price of one seat for one month on that plan. */
  monthly(product: string, term: TermDuration, billing: BillingPlan, on: CalendarDate): Decimal;
}

/**
 * Microsoft's list in USD for the demo: each product on P1M (monthly-term
 * price ≈ +20%), P1Y billed monthly (+5%), P1Y and P3Y billed annually, in
 * force from `start`; the products that rise get +5% from `riseOn` (their
 * earlier rows end the day before).
 */
export function demoPriceList(start: CalendarDate, riseOn: CalendarDate): DemoPriceList {
  const rows: DemoPriceRow[] = [];
  for (const product of DEMO_PRODUCTS) {
    for (const plan of DEMO_PLANS) {
      const base = Decimal.parse(product.monthlyOnAnnual).times(Decimal.parse(plan.factor)).round(2, 'halfUp');
      rows.push({ product, term: plan.term, billing: plan.billing, unitPrice: base, effectiveStart: start, effectiveEnd: product.rises ? riseOn.addDays(-1) : undefined });
      if (product.rises) {
        rows.push({ product, term: plan.term, billing: plan.billing, unitPrice: base.times(Decimal.parse(PRICE_RISE)).round(2, 'halfUp'), effectiveStart: riseOn, effectiveEnd: undefined });
      }
    }
  }
  const book = new PriceBook(rows.map(priceListEntry));
  const price = (product: string, term: TermDuration, billing: BillingPlan, on: CalendarDate): Decimal => {
    const entry = book.priceOn(product, term, billing, 'USD', on.isBefore(start) ? start : on);
    if (!entry) throw new Error(`no demo price for ${product} ${term} ${billing} on ${on.toString()}`);
    return entry.unitPrice;
  };
  return {
    rows,
    start,
    riseOn,
    book,
    price,
    monthly: (product, term, billing, on) => monthlyOf(price(product, term, billing, on), billing),
  };
}

/** One seat for one month: a cycle's price spread over the cycle's months, to the cent. */
export function monthlyOf(cyclePrice: Decimal, billing: BillingPlan): Decimal {
  const months = BILLING_MONTHS[billing];
  return months === 1 ? cyclePrice : Decimal.ratio(cyclePrice.units, BigInt(months) * 10n ** BigInt(cyclePrice.scale), 2, 'halfUp');
}

function priceListEntry(row: DemoPriceRow): PriceListEntry {
  return {
    product: row.product.name,
    term: row.term,
    billing: row.billing,
    currency: 'USD',
    unitPrice: row.unitPrice,
    effectiveStart: row.effectiveStart,
    ...(row.effectiveEnd ? { effectiveEnd: row.effectiveEnd } : {}),
  };
}

/** The first day of a date's month. */
export function monthStart(date: CalendarDate): CalendarDate {
  return CalendarDate.of(date.year, date.month, 1);
}
