import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type QuoteAcceptance, type QuoteDocument } from '../../src/app/quotes/quote-document.ts';
import { renderQuotePdf, renderSignedQuotePdf } from '../../src/documents/quote-pdf.ts';
import { shownText } from '../support/pdf-text.ts';

type OptionLine = QuoteDocument['options']['hold']['lines'][number];

const STANDARD: OptionLine = {
  subscriptionId: 'S1',
  action: 'renew',
  productName: 'Microsoft 365 Business Standard',
  quantity: 20,
  unitPrice: '14.00',
  term: 'P1Y',
  billing: 'monthly',
  monthlyValue: '280.00',
  annualValue: '3360.00',
  priceSource: "Microsoft's list price from 2026-04-01 (P1Y monthly USD)",
};

const MANAGED_SERVICES: OptionLine = {
  subscriptionId: 'S3',
  action: 'renew',
  productName: 'Managed Services Agreement',
  quantity: 25,
  unitPrice: '105.00',
  term: 'P12M',
  billing: 'monthly',
  monthlyValue: '2625.00',
  annualValue: '31500.00',
  priceSource: "the MSP's contract price",
};

const DEFENDER: OptionLine = {
  subscriptionId: 'S1',
  action: 'add',
  productName: 'Microsoft Defender for Business',
  quantity: 18,
  unitPrice: '3.00',
  term: 'P1Y',
  billing: 'monthly',
  monthlyValue: '54.00',
  annualValue: '648.00',
  priceSource: "Microsoft's list price from 2025-01-01 (P1Y monthly USD), for the 18 seats in use",
};

const PREMIUM: OptionLine = {
  subscriptionId: 'S1',
  action: 'migrate',
  productName: 'Microsoft 365 Business Premium',
  quantity: 20,
  unitPrice: '22.00',
  term: 'P1Y',
  billing: 'monthly',
  monthlyValue: '440.00',
  annualValue: '5280.00',
  priceSource: "Microsoft's list price from 2025-01-01 (P1Y monthly USD)",
};

const QUOTE: QuoteDocument = {
  quoteId: 'Q-2026-0042',
  renewalId: 'R-A-2026-09-30',
  seller: { name: 'Northwind IT Services' },
  account: { id: 'A-100', name: 'Contoso Dental' },
  contact: { name: 'Dana Whitfield', email: 'dana@contosodental.example' },
  issuedOn: '2026-08-20',
  expiresOn: '2026-09-19',
  renewalDate: '2026-10-01',
  currency: 'USD',
  options: {
    hold: {
      name: 'hold',
      description: 'Status quo: every subscription renews at its current quantity at the price in force on the renewal date.',
      lines: [STANDARD, MANAGED_SERVICES],
      totals: { monthly: '2905.00', annual: '34860.00', monthlyDeltaVsHold: '0.00', annualDeltaVsHold: '0.00' },
      notOffered: [],
    },
    harden: {
      name: 'harden',
      description: 'Hold plus the security upgrade of each harden path, add-ons sized by the seats in use.',
      lines: [STANDARD, DEFENDER, MANAGED_SERVICES],
      totals: { monthly: '2959.00', annual: '35508.00', monthlyDeltaVsHold: '54.00', annualDeltaVsHold: '648.00' },
      notOffered: [],
    },
    modernize: {
      name: 'modernize',
      description: 'Hold with each modernize path: tier migrations and bundles at the current quantity.',
      lines: [PREMIUM, MANAGED_SERVICES],
      totals: { monthly: '3065.00', annual: '36780.00', monthlyDeltaVsHold: '160.00', annualDeltaVsHold: '1920.00' },
      notOffered: [],
    },
  },
  coterm: {
    anchor: '2027-09-30',
    currency: 'USD',
    total: '26080.27',
    lines: [
      {
        subscriptionId: 'S2',
        productName: 'Microsoft 365 E3',
        description: 'NCE term shortened to end on the co-term date',
        start: '2027-03-01',
        end: '2027-09-30',
        amount: '2520.00',
        currency: 'USD',
        explanation: '36.00 × 10 for each of the 7 monthly cycles 2027-03-01 – 2027-09-30 = 2520.00',
      },
      {
        subscriptionId: 'S4',
        productName: 'Managed Backup',
        description: 'Service term prorated by day to the co-term date',
        start: '2027-01-01',
        end: '2027-09-30',
        amount: '23560.27',
        currency: 'USD',
        explanation: '31500 × 273 ÷ 365 = 23560.273…, rounded half up to 23560.27',
      },
    ],
  },
  excluded: [{ subscriptionId: 'S5', productName: 'Azure plan', reason: 'consumption-billed: no unit price to renew' }],
  paymentLink: 'https://pay.northwind.example/q/Q-2026-0042',
};

const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0';

function acceptanceOf(quotePdf: Buffer): QuoteAcceptance {
  return {
    option: 'harden',
    signerName: 'Dana M. Whitfield',
    contactEmail: 'dana@contosodental.example',
    signedAt: '2026-09-03T14:22:05Z',
    ip: '203.0.113.24',
    userAgent: USER_AGENT,
    documentSha256: createHash('sha256').update(quotePdf).digest('hex'),
  };
}

/** The shown text, with a lookup for a part of one line and one for text that may wrap over lines. */
async function read(pdf: Promise<Buffer>): Promise<{ text: string[]; has: (part: string) => boolean; flows: (part: string) => boolean }> {
  const text = shownText(await pdf);
  // Wrapped lines keep their trailing space, so the lines joined give the text back.
  const joined = text.join('');
  return { text, has: (part) => text.some((line) => line.includes(part)), flows: (part) => joined.includes(part) };
}

/** A document information entry (pdfkit writes each as an indirect literal string). */
function info(pdf: Buffer, key: string): string | undefined {
  const source = pdf.toString('latin1');
  const reference = new RegExp(`/${key} (\\d+) 0 R`).exec(source)?.[1];
  return reference ? new RegExp(`(?:^|\\n)${reference} 0 obj\\n\\((.*)\\)\\nendobj`).exec(source)?.[1] : undefined;
}

describe('quote PDF', () => {
  it('shows who quotes whom, when, and until when', async () => {
    const { text, has } = await read(renderQuotePdf(QUOTE, { compress: false }));
    expect(text).toContain('Northwind IT Services');
    expect(text).toContain('Contoso Dental');
    expect(text).toContain('Contoso Dental (account A-100)');
    expect(text).toContain('Dana Whitfield, dana@contosodental.example');
    expect(text).toContain('Q-2026-0042');
    expect(text).toContain('20 August 2026');
    expect(text).toContain('19 September 2026 (the last day it can be accepted)');
    expect(text).toContain('1 October 2026');
    expect(has('Northwind IT Services · Quote Q-2026-0042 for Contoso Dental · Page 1 of ')).toBe(true);
  });

  it('sets the options side by side, then line by line, with their amounts as stored', async () => {
    const { text, has, flows } = await read(renderQuotePdf(QUOTE, { compress: false }));
    // The summary: one column per option.
    expect(text).toEqual(expect.arrayContaining(['Hold', 'Harden', 'Modernize', 'Monthly (USD)', 'Annual (USD)', 'Annual vs Hold (USD)']));
    expect(text).toEqual(expect.arrayContaining(['2905.00', '2959.00', '3065.00', '34860.00', '35508.00', '36780.00', '+648.00', '+1920.00']));

    for (const line of [STANDARD, MANAGED_SERVICES, DEFENDER, PREMIUM]) {
      expect(text).toContain(line.productName);
      expect(text).toContain(String(line.quantity));
      expect(text).toContain(line.unitPrice);
      expect(text).toContain(line.monthlyValue);
      expect(text).toContain(line.annualValue);
      expect(flows(`Price source: ${line.priceSource}`)).toBe(true);
    }
    expect(text).toEqual(expect.arrayContaining(['Renew', 'Add', 'Migrate', '1 year / monthly', '12 months / monthly', 'Unit price', 'Monthly', 'Annual']));
    expect(text).toContain('Added to Microsoft 365 Business Standard (S1)');
    expect(text).toContain('Replaces Microsoft 365 Business Standard (S1)');
    expect(text).toContain('Subscription S3');
    expect(has('Option 2: Harden')).toBe(true);
    expect(flows('Amounts in USD: unit prices are per unit per billing cycle')).toBe(true);
    expect(flows('Hold: 2905.00 USD a month, 34860.00 USD a year.')).toBe(true);
    expect(flows('Harden: 2959.00 USD a month, 35508.00 USD a year. Against Hold: +54.00 USD a month, +648.00 USD a year.')).toBe(true);
    expect(flows('Modernize: 3065.00 USD a month, 36780.00 USD a year. Against Hold: +160.00 USD a month, +1920.00 USD a year.')).toBe(true);
  });

  it('explains every co-term amount and gives the total', async () => {
    const { text, flows } = await read(renderQuotePdf(QUOTE, { compress: false }));
    expect(text).toContain('Co-term option');
    for (const line of QUOTE.coterm?.lines ?? []) {
      expect(text).toContain(line.productName);
      expect(text).toContain(line.subscriptionId);
      expect(flows(line.description)).toBe(true);
      expect(text).toContain(`${line.start} – ${line.end}`);
      expect(text).toContain(line.amount);
      expect(text).toContain(`${line.productName} (${line.subscriptionId}), ${line.start} – ${line.end}: ${line.amount} USD`);
    }
    expect(text).toContain('36.00 × 10 for each of the 7 monthly cycles 2027-03-01 – 2027-09-30 = 2520.00');
    // The ellipsis is one of the few marks outside Latin-1 the standard fonts have.
    expect(text).toContain('31500 × 273 ÷ 365 = 23560.273…, rounded half up to 23560.27');
    expect(text).toContain('26080.27');
    expect(text).toContain('Total of the co-term option: 26080.27 USD.');
    expect(flows('every term aligned to end on 30 September 2027, through shortened terms charged 26080.27 USD in all.')).toBe(true);
  });

  it('lists what the quote leaves out, where to pay and how to accept', async () => {
    const { text, has, flows } = await read(renderQuotePdf(QUOTE, { compress: false }));
    expect(text).toContain('Not included in this quote');
    expect(text).toContain('Azure plan (S5): consumption-billed: no unit price to renew');
    expect(text).toContain('Payment');
    expect(text).toContain('https://pay.northwind.example/q/Q-2026-0042');
    // The address is also a link the client can click.
    expect((await renderQuotePdf(QUOTE)).toString('latin1')).toContain('/URI (https://pay.northwind.example/q/Q-2026-0042)');
    expect(text).toContain('How to accept');
    expect(flows('choose one of the three options (Hold, Harden, Modernize) and sign in the portal by typing your full name.')).toBe(true);
    expect(flows('only until 19 September 2026 inclusive.')).toBe(true);
    expect(has('To be signed by')).toBe(true);
  });

  it('depends on the document alone: the same quote gives the same bytes', async () => {
    const [first, second] = await Promise.all([renderQuotePdf(QUOTE), renderQuotePdf(structuredClone(QUOTE))]);
    expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(first.equals(second)).toBe(true);
    expect((await renderQuotePdf(QUOTE, { compress: false })).equals(await renderQuotePdf(QUOTE, { compress: false }))).toBe(true);
    expect(info(first, 'CreationDate')).toBe('D:20260820000000Z');
    expect(info(first, 'Author')).toBe('Northwind IT Services');
    expect(info(first, 'Title')).toBe('Quote Q-2026-0042: Contoso Dental, renewal on 1 October 2026');
    // Another issue date is another document.
    expect(first.equals(await renderQuotePdf({ ...QUOTE, issuedOn: '2026-08-21' }))).toBe(false);
  });

  it('leaves out the co-term and payment sections when the quote has neither', async () => {
    const { text, has } = await read(renderQuotePdf({ ...QUOTE, coterm: null, paymentLink: null }, { compress: false }));
    expect(has('Co-term')).toBe(false);
    expect(has('co-term')).toBe(false);
    expect(text).not.toContain('26080.27');
    expect(text).not.toContain('Payment');
    expect(has('pay.northwind.example')).toBe(false);
    expect(text).toContain('34860.00');
    expect(text).toContain('How to accept');
  });
});

describe('signed quote PDF', () => {
  it('follows the quote with the acceptance record and the hash of the quote that was signed', async () => {
    const quote = await renderQuotePdf(QUOTE);
    const acceptance = acceptanceOf(quote);
    const signed = await renderSignedQuotePdf(QUOTE, acceptance, { compress: false });
    const { text, flows } = await read(Promise.resolve(signed));

    // The quote's pages come first.
    expect(text).toContain('Total of the co-term option: 26080.27 USD.');
    expect(text).toContain('How to accept');

    expect(text).toContain('Acceptance record');
    expect(text).toContain('Harden: 35508.00 USD a year, 2959.00 USD a month');
    expect(text).toContain(acceptance.signerName);
    expect(text).toContain(acceptance.contactEmail);
    expect(text).toContain('3 September 2026, 14:22:05 UTC (2026-09-03T14:22:05Z)');
    expect(text).toContain(acceptance.ip);
    expect(flows(USER_AGENT)).toBe(true);
    expect(acceptance.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain(acceptance.documentSha256);
    expect(flows('it identifies the exact quote PDF that was signed')).toBe(true);
    expect(info(signed, 'CreationDate')).toBe('D:20260903142205Z');
    expect(info(signed, 'Title')).toBe('Signed quote Q-2026-0042: Contoso Dental, Harden');
  });

  it('depends on the quote and the acceptance alone', async () => {
    const acceptance = acceptanceOf(await renderQuotePdf(QUOTE));
    const [first, second] = await Promise.all([renderSignedQuotePdf(QUOTE, acceptance), renderSignedQuotePdf(QUOTE, { ...acceptance })]);
    expect(first.equals(second)).toBe(true);
  });

  it('refuses a signing time that is not a timestamp', async () => {
    const acceptance = { ...acceptanceOf(await renderQuotePdf(QUOTE)), signedAt: 'yesterday' };
    expect(() => renderSignedQuotePdf(QUOTE, acceptance)).toThrow('not an ISO 8601 timestamp: yesterday');
  });
});
