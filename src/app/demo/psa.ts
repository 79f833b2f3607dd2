import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../domain/calendar/periods.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type DemoClient } from './clients.ts';
import { type SubscriptionHistory } from './history.ts';
import { type PlantedLeak } from './portfolio.ts';
import { demoProduct, type DemoPriceList, monthlyOf } from './price-list.ts';

/** A line of what the MSP invoices for one Microsoft subscription, month by month. */
export interface PsaLicenceLine {
  readonly subscriptionId: string;
  readonly from: CalendarDate;
  to: CalendarDate | undefined;
  readonly product: string;
  readonly term: TermDuration;
  /** The billing plan the PSA's product is priced from (for a SKU mix-up, not the subscription's). */
  readonly billing: BillingPlan;
  readonly extended: boolean;
  quantity: number;
  /** Microsoft's price of one seat for one month. */
  readonly unitCost: Decimal;
  /** The client's price of one seat for one month: cost plus the client's margin. */
  readonly unitPrice: Decimal;
  prorate: boolean;
}

/** A ConnectWise agreement addition, as `/finance/agreements/{id}/additions` exports it. */
export interface PsaAddition {
  readonly agreementId: string;
  readonly agreementName: string;
  readonly companyId: string;
  readonly companyName: string;
  readonly id: string;
  readonly product: string;
  readonly description: string;
  readonly quantity: number;
  readonly unitPrice: Decimal;
  readonly unitCost: Decimal | undefined;
  readonly effectiveDate: CalendarDate;
  readonly cancelledDate: CalendarDate | undefined;
  readonly prorate: boolean;
}

export function sellPrice(unitCost: Decimal, margin: Decimal): Decimal {
  return unitCost.times(Decimal.fromInteger(1).plus(margin)).round(2, 'halfUp');
}

/** What an MSP that tracks everything would invoice: one line per stretch Microsoft billed. */
export function honestLines(history: SubscriptionHistory, client: DemoClient): PsaLicenceLine[] {
  return history.segments.map((segment) => {
    const unitCost = monthlyOf(segment.unitPrice, segment.billing);
    return {
      subscriptionId: history.id,
      from: segment.from,
      to: segment.to,
      product: segment.product,
      term: segment.term,
      billing: segment.billing,
      extended: segment.status === 'extendedServiceTerm',
      quantity: segment.quantity,
      unitCost,
      unitPrice: sellPrice(unitCost, client.margin),
      prorate: true,
    };
  });
}

/** The other billing plan of an annual term: the one a SKU mix-up prices the subscription from. */
export function mixedUpBilling(billing: BillingPlan): BillingPlan {
  return billing === 'monthly' ? 'annual' : 'monthly';
}

/** The lines of a SKU mix-up: the subscription priced from its term's other billing plan. */
export function mixedUpLine(line: PsaLicenceLine, client: DemoClient, prices: DemoPriceList): PsaLicenceLine {
  const billing = mixedUpBilling(line.billing);
  const unitCost = prices.monthly(line.product, line.term, billing, line.from);
  return { ...line, billing, unitCost, unitPrice: sellPrice(unitCost, client.margin) };
}

/** What the MSP's PSA invoices for a subscription: the honest lines, with the leak planted in it (if any) missed. */
export function invoicedLines(history: SubscriptionHistory, client: DemoClient, prices: DemoPriceList, leak: PlantedLeak | undefined): PsaLicenceLine[] {
  let lines = honestLines(history, client);
  if (!leak) return lines;
  switch (leak.kind) {
    case 'untracked_seat_addition':
      for (const line of lines) if (!line.from.isBefore(leak.date)) line.quantity -= leak.seats;
      return merged(lines);
    case 'downgrade_not_reflected':
      for (const line of lines) if (!line.from.isBefore(leak.date)) line.quantity += leak.seats;
      return merged(lines);
    case 'cancelled_still_billed': {
      const last = lines.at(-1);
      if (last) last.to = undefined;
      return lines;
    }
    case 'sku_mix_error':
      return lines.map((line) => (line.extended ? line : mixedUpLine(line, client, prices)));
    case 'unexpected_est_not_invoiced':
      lines = lines.filter((line) => !line.extended);
      return lines;
    case 'proration_miscalculation':
      for (const line of lines) if (line.from.equals(leak.date)) line.prorate = false;
      return lines;
  }
}

/** Consecutive lines billing the same thing become one. */
function merged(lines: PsaLicenceLine[]): PsaLicenceLine[] {
  const result: PsaLicenceLine[] = [];
  for (const line of lines) {
    const previous = result.at(-1);
    if (
      previous?.to &&
      previous.to.addDays(1).equals(line.from) &&
      previous.product === line.product &&
      previous.term === line.term &&
      previous.billing === line.billing &&
      previous.extended === line.extended &&
      previous.quantity === line.quantity &&
      previous.unitPrice.equals(line.unitPrice)
    ) {
      previous.to = line.to;
      continue;
    }
    result.push(line);
  }
  return result;
}

/** Agreement additions for a client's licence lines (one agreement) and MSP services (another). */
export function psaAdditions(client: DemoClient, licenceLines: readonly PsaLicenceLine[], nextId: (key: string) => string): PsaAddition[] {
  const company = { companyId: client.psa.companyId, companyName: client.psa.companyName };
  const additions: PsaAddition[] = [];
  for (const line of licenceLines) {
    const product = demoProduct(line.product);
    const plan = line.extended ? 'EST' : `${line.term}-${line.billing === 'monthly' ? 'M' : 'A'}`;
    const planText = line.extended ? 'Extended Service Term' : `${line.term} ${line.billing}`;
    additions.push({
      agreementId: client.psa.licenceAgreementId,
      agreementName: 'Microsoft 365 licences',
      ...company,
      id: nextId(`${line.subscriptionId}/${line.from.toString()}`),
      product: `${product.productId}-${product.skuId}-${plan}`,
      description: `${line.product} (${planText}) ${line.subscriptionId}`,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      unitCost: line.unitCost,
      effectiveDate: line.from,
      cancelledDate: line.to,
      prorate: line.prorate,
    });
  }
  for (const service of client.services) {
    additions.push({
      agreementId: client.psa.servicesAgreementId,
      agreementName: 'Managed services',
      ...company,
      id: nextId(`${service.contractId}/${service.service}`),
      product: service.psaProduct,
      description: `${service.service} (contract ${service.contractId})`,
      quantity: service.quantity,
      unitPrice: service.unitPrice,
      unitCost: undefined,
      effectiveDate: service.start,
      cancelledDate: undefined,
      prorate: service.proration === 'daily',
    });
  }
  return additions;
}
