import { type ImportFormat } from '../../app/imports/import-format.ts';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type TermDuration } from '../../domain/calendar/periods.ts';
import { type Billing, billsWithinTerm, parseBilling, parseTermDuration } from '../../domain/ledger/term-and-billing.ts';
import { currency as isoCurrency, UnknownCurrencyError } from '../../domain/money/currency.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { CellError, repairSkuId, type RowReader } from '../csv/cells.ts';

/** Microsoft's license-based price list (the NCE price list download). */
export const PRICELIST_COLUMNS = {
  productTitle: ['ProductTitle'],
  productId: ['ProductId'],
  skuId: ['SkuId'],
  skuTitle: ['SkuTitle'],
  publisher: ['Publisher'],
  skuDescription: ['SkuDescription'],
  unitOfMeasure: ['UnitOfMeasure'],
  termDuration: ['TermDuration'],
  billingPlan: ['BillingPlan'],
  market: ['Market'],
  currency: ['Currency'],
  unitPrice: ['UnitPrice'],
  pricingTierRangeMin: ['PricingTierRangeMin'],
  pricingTierRangeMax: ['PricingTierRangeMax'],
  effectiveStartDate: ['EffectiveStartDate'],
  effectiveEndDate: ['EffectiveEndDate'],
  tags: ['Tags'],
  erpPrice: ['ERP Price', 'ERPPrice'],
} as const;

export interface PriceListRow {
  readonly productId: string;
  readonly skuId: string;
  readonly productTitle: string;
  readonly skuTitle: string | undefined;
  readonly publisher: string | undefined;
  readonly unitOfMeasure: string | undefined;
  /** '' for a one-time purchase without a term. */
  readonly term: TermDuration | '';
  readonly billing: Billing;
  /** ISO 3166 country code, upper case. */
  readonly market: string;
  readonly currency: string;
  readonly unitPrice: Decimal;
  readonly erpPrice: Decimal | undefined;
  readonly tierMin: Decimal | undefined;
  readonly tierMax: Decimal | undefined;
  readonly effectiveStart: CalendarDate;
  readonly effectiveEnd: CalendarDate | undefined;
  readonly tags: string | undefined;
}

export const pricelistFormat: ImportFormat<PriceListRow> = {
  kind: 'pricelist',
  columns: PRICELIST_COLUMNS,
  required: ['productTitle', 'productId', 'skuId', 'termDuration', 'billingPlan', 'market', 'currency', 'unitPrice', 'effectiveStartDate'],
  read(row: RowReader): PriceListRow {
    const productTitle = row.requiredText('productTitle');
    const productId = row.requiredId('productId');
    const skuId = repairSkuId(row.requiredId('skuId'));
    const billingText = row.requiredText('billingPlan');
    const billing = parseBilling(billingText);
    if (!billing) throw new CellError(`BillingPlan "${billingText}" is not Monthly, Annual, Triennial or OneTime`);
    const term = termOf(row, billing);
    const marketText = row.requiredText('market');
    if (!/^[A-Za-z]{2}$/.test(marketText)) throw new CellError(`Market "${marketText}" is not a two-letter country code`);
    const currency = currencyCode(row.requiredText('currency'));
    const unitPrice = notNegative('UnitPrice', row.requiredDecimal('unitPrice'));
    const erpPrice = row.decimal('erpPrice');
    const tierMin = notNegative('PricingTierRangeMin', row.decimal('pricingTierRangeMin'));
    const tierMax = row.decimal('pricingTierRangeMax');
    if (tierMin && tierMax && tierMax.compare(tierMin) < 0) {
      throw new CellError(`PricingTierRangeMax ${tierMax.toString()} is below PricingTierRangeMin ${tierMin.toString()}`);
    }
    const effectiveStart = row.requiredDate('effectiveStartDate');
    const effectiveEnd = row.date('effectiveEndDate');
    if (effectiveEnd?.isBefore(effectiveStart)) {
      throw new CellError(`EffectiveEndDate ${effectiveEnd.toString()} is before EffectiveStartDate ${effectiveStart.toString()}`);
    }
    return {
      productId,
      skuId,
      productTitle,
      skuTitle: row.text('skuTitle'),
      publisher: row.text('publisher'),
      unitOfMeasure: row.text('unitOfMeasure'),
      term,
      billing,
      market: marketText.toUpperCase(),
      currency,
      unitPrice,
      erpPrice,
      tierMin,
      tierMax,
      effectiveStart,
      effectiveEnd,
      tags: row.text('tags'),
    };
  },
};

/** A term is required, except for one-time purchases (perpetual software), which may have none. */
function termOf(row: RowReader, billing: Billing): TermDuration | '' {
  const text = billing === 'onetime' ? row.text('termDuration') : row.requiredText('termDuration');
  if (text === undefined) return '';
  const term = parseTermDuration(text);
  if (!term) throw new CellError(`TermDuration "${text}" is not P1M, P1Y or P3Y`);
  if (!billsWithinTerm(term, billing)) throw new CellError(`BillingPlan "${row.text('billingPlan') ?? billing}" cannot bill a ${term} term`);
  return term;
}

/** Microsoft's SKU ids are four characters (`0001`); Excel drops the leading zeros of numeric ones. */
function notNegative<T extends Decimal | undefined>(column: string, value: T): T {
  if (value && value.sign() < 0) throw new CellError(`${column} ${value.toString()} is negative`);
  return value;
}

function currencyCode(text: string): string {
  try {
    return isoCurrency(text).code;
  } catch (error) {
    if (error instanceof UnknownCurrencyError) throw new CellError(`Currency "${text}" is not an ISO 4217 currency code`);
    throw error;
  }
}
