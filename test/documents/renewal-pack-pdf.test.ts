import { describe, expect, expectTypeOf, it } from 'vitest';
import { composePack } from '../../src/app/renewals/compose-pack.ts';
import { type PriceListEntry } from '../../src/domain/nce/model.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { PriceBook } from '../../src/domain/nce/price-list.ts';
import { type AccountSubscription } from '../../src/domain/portfolio/account-subscription.ts';
import { DEFAULT_POLICY, type RenewalPolicy } from '../../src/domain/renewal/policy.ts';
import { renewalEvents } from '../../src/domain/renewal/renewal-event.ts';
import { pdfText } from '../../src/documents/pdf-layout.ts';
import { shownText } from '../support/pdf-text.ts';
import { renderRenewalPackPdf, type StoredPackDocument } from '../../src/documents/renewal-pack-pdf.ts';
import { accountSubscription, day } from '../support/account-subscription.ts';

const MSP = 'Northwind IT Services';
const asOf = day('2026-07-02');

function price(product: string, unitPrice: string, effectiveStart = '2025-01-01'): PriceListEntry {
  return { product, term: 'P1Y', billing: 'monthly', currency: 'USD', unitPrice: Decimal.parse(unitPrice), effectiveStart: day(effectiveStart) };
}

const PRICES = [
  price('Microsoft 365 Business Standard', '12.50'),
  price('Microsoft 365 Business Standard', '14.00', '2026-04-01'),
  price('Microsoft 365 Business Premium', '22.00'),
  price('Microsoft Defender for Business', '3.00'),
  price('Microsoft 365 E3', '36.00'),
];

/** Business Standard renews on 2026-10-01; E3 (March) and a managed service (January) align to its date through stub terms. */
const ACCOUNT: AccountSubscription[] = [
  accountSubscription({ id: 'S1', quantity: 20, termStart: '2025-10-01', termEnd: '2026-09-30', purchased: '2025-10-01' }),
  accountSubscription({ id: 'S2', productName: 'Microsoft 365 E3', quantity: 10, unitPrice: '36.00', termStart: '2026-03-01', termEnd: '2027-02-28', purchased: '2026-03-01' }),
  accountSubscription({
    id: 'S3',
    kind: 'msp_service',
    productName: 'Managed Services Agreement',
    term: null,
    billing: null,
    quantity: 25,
    unitPrice: '105.00',
    termStart: '2026-01-01',
    termEnd: '2026-12-31',
    purchased: '2026-01-01',
    service: { billing: 'monthly', termMonths: 12, noticeDays: 60, prorationPolicy: 'daily' },
  }),
];

/** The pack as the database gives it back: composed, then through JSON. */
function storedPack(subscriptions: readonly AccountSubscription[], options: { policy?: RenewalPolicy; name?: string; prices?: readonly PriceListEntry[] } = {}): StoredPackDocument {
  const [event] = renewalEvents(subscriptions, asOf, day('2026-12-31'));
  if (!event) throw new Error('the fixture has no renewal');
  const document = composePack({
    asOf,
    event,
    account: { id: 'A', name: options.name ?? 'Contoso Dental' },
    policy: options.policy ?? DEFAULT_POLICY,
    accountSubscriptions: subscriptions,
    signals: [],
    priceBook: new PriceBook(options.prices ?? PRICES),
  });
  return JSON.parse(JSON.stringify(document)) as StoredPackDocument;
}

function pageCount(pdf: Buffer): number {
  return [...pdf.toString('latin1').matchAll(/\/Type \/Page\b(?!s)/g)].length;
}

/** A document information entry (pdfkit writes each as an indirect literal string). */
function info(pdf: Buffer, key: string): string | undefined {
  const source = pdf.toString('latin1');
  const reference = new RegExp(`/${key} (\\d+) 0 R`).exec(source)?.[1];
  return reference ? new RegExp(`(?:^|\\n)${reference} 0 obj\\n\\((.*)\\)\\nendobj`).exec(source)?.[1] : undefined;
}

describe('renewal pack PDF', () => {
  const stored = storedPack(ACCOUNT);

  it('reads the pack as stored: dates and amounts are strings', () => {
    expectTypeOf<StoredPackDocument['renewalDate']>().toEqualTypeOf<string>();
    expectTypeOf<StoredPackDocument['pack']['options']['hold']['totals']['annual']>().toEqualTypeOf<string>();
    expectTypeOf<StoredPackDocument['pack']['entitlements']['seats'][number]['assigned']>().toEqualTypeOf<string | null>();
    expectTypeOf<StoredPackDocument['pack']['entitlements']['seats'][number]['contracted']>().toEqualTypeOf<number>();
    // The fixture exercises every part of the document.
    expect(stored.pack.coterm?.lines.map((line) => [line.subscriptionId, line.amount])).toEqual([
      ['S2', '2520.00'],
      ['S3', '23560.27'],
    ]);
    expect(stored.pack.options.modernize.lines.map((line) => line.action)).toEqual(['migrate']);
    expect(stored.pack.recommendations.length).toBeGreaterThan(0);
  });

  it('shows the client, every option, the co-term stubs with their calculation, and the evidence', async () => {
    const pdf = await renderRenewalPackPdf(stored, { mspName: MSP, compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Cover, options, co-term, prices and usage, recommendations and health.
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(4);
    expect(pageCount(pdf)).toBeLessThanOrEqual(8);
    const text = shownText(pdf);
    const has = (part: string): boolean => text.some((line) => line.includes(part));

    // Cover: MSP, client, the day the new terms start, the day it was generated.
    expect(text).toContain(MSP);
    expect(text).toContain('Contoso Dental');
    expect(has('1 October 2026: the new terms start')).toBe(true);
    expect(text).toContain('2 July 2026');

    // Each option's lines and totals, exactly as stored; the totals again with their currency, and the delta against Hold.
    for (const name of ['hold', 'harden', 'modernize'] as const) {
      const option = stored.pack.options[name];
      for (const line of option.lines) {
        expect(has(line.productName)).toBe(true);
        expect(text).toContain(line.unitPrice);
        expect(text).toContain(line.annualValue);
      }
      expect(text).toContain(option.totals.annual);
      expect(has(`${option.totals.annual} USD a year`)).toBe(true);
    }
    expect(stored.pack.options.modernize.totals.annualDeltaVsHold).toBe('1920.00');
    expect(has('+1920.00 USD a year')).toBe(true);
    expect(has('Replaces Microsoft 365 Business Standard (S1)')).toBe(true);

    // Co-term: every stub with its period, amount and the engine's explanation.
    const coterm = stored.pack.coterm;
    for (const line of coterm?.lines ?? []) {
      expect(text).toContain(line.amount);
      expect(has(`${line.start} – ${line.end}`)).toBe(true);
      expect(has(`${line.amount} USD`)).toBe(true);
    }
    expect(text).toContain(coterm?.total);
    expect(text).toContain('36.00 × 10 for the full cycle 2027-04-01 – 2027-04-30 = 360.00');
    expect(has('31500 × 273 ÷ 365')).toBe(true);
    expect(has('Already ending on 30 September each year: Microsoft 365 Business Standard (S1)')).toBe(true);

    // Price change, entitlements, recommendations, health.
    expect(text).toContain('+360.00');
    expect(has('No Azure consumption recorded')).toBe(true);
    // Wrapped text is searched by its start (a line holds at least this much at these sizes), as the
    // standard fonts show it, past a first letter the document may capitalise.
    const start = (sentence: string): string => pdfText(sentence).slice(1, 31);
    for (const recommendation of stored.pack.recommendations) {
      expect(has(start(recommendation.title))).toBe(true);
      expect(has(start(recommendation.proposal))).toBe(true);
      for (const evidence of recommendation.evidence) expect(has(start(evidence))).toBe(true);
    }
    const { health } = stored.pack;
    expect(has(`Score ${health.score} of 100: ${health.band.charAt(0).toUpperCase()}${health.band.slice(1)}.`)).toBe(true);
    for (const factor of health.factors) {
      expect(text).toContain(String(factor.points));
      expect(has(start(factor.evidence))).toBe(true);
    }
    expect(has(`${MSP} · Renewal pack for Contoso Dental · Page 2 of ${pageCount(pdf)}`)).toBe(true);

    expect(info(pdf, 'Author')).toBe(MSP);
    expect(info(pdf, 'Title')).toBe('Renewal pack: Contoso Dental, renewal on 1 October 2026');
    expect(info(pdf, 'CreationDate')).toBe('D:20260702000000Z');
  });

  it('says why a section is empty', async () => {
    const single = [ACCOUNT[0] as AccountSubscription];
    const flat = [price('Microsoft 365 Business Standard', '12.50')];
    const document = storedPack(single, { policy: { ...DEFAULT_POLICY, coTermPreference: 'never' }, prices: flat });
    expect(document.pack.coterm).toBeNull();
    expect(document.pack.recommendations).toEqual([]);
    const text = shownText(await renderRenewalPackPdf(document, { mspName: MSP, compress: false }));
    const has = (part: string): boolean => text.some((line) => line.includes(part));
    expect(has('No co-term option: your renewal policy keeps each subscription on its own renewal date')).toBe(true);
    expect(has('No recommendations:')).toBe(true);
    expect(has('No backup usage measured.')).toBe(true);
    expect(has('Every renewing subscription is priced in the options above.')).toBe(true);
  });

  it('carries long tables over pages under a repeated header and wraps long product names', async () => {
    const longName = (index: number): string => `Contoso Line-of-Business Add-on with a Rather Long Product Name, Variant ${index} (Annual Commitment, Paid Monthly)`;
    const unbroken = `Contoso-Add-on-${'X'.repeat(150)}`;
    const many = Array.from({ length: 30 }, (_, index) =>
      accountSubscription({ id: `L${String(index).padStart(2, '0')}`, productName: index === 7 ? unbroken : longName(index), quantity: 3 + index, unitPrice: '9.99', termStart: '2025-10-01', termEnd: '2026-09-30' }),
    );
    const document = storedPack([...ACCOUNT, ...many]);
    expect(document.pack.options.hold.lines).toHaveLength(31);
    const pdf = await renderRenewalPackPdf(document, { mspName: MSP, compress: false });
    const text = shownText(pdf);
    expect(pageCount(pdf)).toBeGreaterThan(10);
    // Three option tables and the price table, each over several pages.
    expect(text.filter((line) => line === 'Product').length).toBeGreaterThan(8);
    for (const line of document.pack.options.hold.lines) expect(text).toContain(line.annualValue);
    expect(text).toContain(document.pack.options.hold.totals.annual);
    // A long name wraps within its column, an unbroken one is broken (lines keep their trailing space): the
    // cell's lines joined give the whole name, followed by the cell's second line.
    const joined = text.join('');
    expect(text.some((line) => line.startsWith('Rather Long Product Name, Variant 29'))).toBe(true);
    expect(joined).toContain(`${longName(29)}Renewal (L29)`);
    expect(text.filter((line) => /^X+$/.test(line)).length).toBeGreaterThan(2);
    expect(joined).toContain(`${unbroken}Renewal (L07)`);
  });

  it('compresses by default and writes only what the standard fonts can show', async () => {
    const pdf = await renderRenewalPackPdf(stored, { mspName: MSP });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/FlateDecode');
    expect(shownText(pdf)).toEqual([]);
    expect(pdfText('−10 → 0, ≥ 80% ≈ Σ; Zoë “Ōkami” 株')).toBe('-10 -> 0, >= 80% ~ sum ; Zoë “Okami” ?');
  });
});
