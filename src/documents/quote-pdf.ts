import { QUOTE_OPTIONS, type QuoteAcceptance, type QuoteDocument, type QuoteOptionName } from '../app/quotes/quote-document.ts';
import { DomainError } from '../domain/errors.ts';
import { type Column, COLOR, FONT, longDate, type PdfLayout, renderPdf, type Row, signed, SIZE, termAndBilling, utcDate } from './pdf-layout.ts';

export interface QuotePdfOptions {
  /** Deflate the page content (default true); tests turn it off to read the text. */
  readonly compress?: boolean;
}

type Option = QuoteDocument['options'][QuoteOptionName];
type OptionLine = Option['lines'][number];
type Coterm = NonNullable<QuoteDocument['coterm']>;

const OPTION_TITLES: Readonly<Record<QuoteOptionName, string>> = { hold: 'Hold', harden: 'Harden', modernize: 'Modernize' };
const ACTION_LABELS: Readonly<Record<OptionLine['action'], string>> = { renew: 'Renew', migrate: 'Migrate', add: 'Add' };

/**
 * The quote a client signs: who sends it to whom, the three options side by
 * side and line by line, the co-term option with every calculation, what the
 * quote leaves out, where to pay and how to accept. Amounts are printed
 * exactly as stored, with their currency. The bytes depend on the document
 * alone (the creation date is the issue date), because their SHA-256 is what
 * an acceptance signs.
 */
export function renderQuotePdf(document: QuoteDocument, options: QuotePdfOptions = {}): Promise<Buffer> {
  return renderPdf(
    {
      Title: `Quote ${document.quoteId}: ${document.account.name}, renewal on ${longDate(document.renewalDate)}`,
      Author: document.seller.name,
      Subject: `Renewal ${document.renewalId}`,
      CreationDate: utcDate(document.issuedOn),
    },
    options.compress ?? true,
    (layout) => {
      drawQuote(layout, document);
      pageFooters(layout, document);
    },
  );
}

/**
 * The quote as the client accepted it: the quote's pages, then the acceptance
 * record with the SHA-256 of the quote PDF that was signed. Created at the
 * signing time, so it too depends on its inputs alone.
 */
export function renderSignedQuotePdf(document: QuoteDocument, acceptance: QuoteAcceptance, options: QuotePdfOptions = {}): Promise<Buffer> {
  const signedAt = signingTime(acceptance);
  return renderPdf(
    {
      Title: `Signed quote ${document.quoteId}: ${document.account.name}, ${OPTION_TITLES[acceptance.option]}`,
      Author: document.seller.name,
      Subject: `Renewal ${document.renewalId}, accepted by ${acceptance.signerName}`,
      CreationDate: signedAt,
    },
    options.compress ?? true,
    (layout) => {
      drawQuote(layout, document);
      section(layout, 'Acceptance record', () => acceptanceRecord(layout, document, acceptance, signedAt), { newPage: true });
      pageFooters(layout, document);
    },
  );
}

function drawQuote(layout: PdfLayout, document: QuoteDocument): void {
  cover(layout, document);
  section(layout, 'Your options', () => optionDetails(layout, document), { newPage: true });
  if (document.coterm && document.coterm.lines.length > 0) {
    const coterm = document.coterm;
    section(layout, 'Co-term option', () => cotermOption(layout, coterm));
  }
  if (document.excluded.length > 0) section(layout, 'Not included in this quote', () => excluded(layout, document));
  if (document.paymentLink) {
    const link = document.paymentLink;
    section(layout, 'Payment', () => payment(layout, link));
  }
  section(layout, 'How to accept', () => signatureBlock(layout, document), { keep: 160 });
}

/** Numbered on every page: the client signs the whole document, so a missing page shows. */
function pageFooters(layout: PdfLayout, document: QuoteDocument): void {
  layout.footers(0, (page, pages) => `${document.seller.name} \u00b7 Quote ${document.quoteId} for ${document.account.name} \u00b7 Page ${page} of ${pages}`);
}

function section(layout: PdfLayout, title: string, body: () => void, options: { readonly newPage?: boolean; readonly keep?: number } = {}): void {
  if (options.newPage) layout.newPage();
  layout.doc.outline.addItem(title);
  layout.heading(title, 1, options.keep);
  body();
}

function cover(layout: PdfLayout, document: QuoteDocument): void {
  layout.paragraph(document.seller.name, { font: FONT.bold, size: 14, color: COLOR.accent, after: 24 });
  layout.paragraph('Renewal quote', { font: FONT.bold, size: 26, color: COLOR.accent, after: 6 });
  layout.paragraph(document.account.name, { font: FONT.bold, size: 18, after: 20 });
  layout.keyValues([
    ['Quote', document.quoteId],
    ['Client', `${document.account.name} (account ${document.account.id})`],
    ['Contact', `${document.contact.name}, ${document.contact.email}`],
    ['Issued on', longDate(document.issuedOn)],
    ['Valid until', `${longDate(document.expiresOn)} (the last day it can be accepted)`],
    ['New terms start', longDate(document.renewalDate)],
    ['Prepared by', document.seller.name],
    ['Currency', document.currency],
  ]);
  layout.space(12);
  layout.heading('Your options at a glance', 2);
  optionSummary(layout, document);
  if (document.coterm && document.coterm.lines.length > 0) {
    layout.paragraph(`Co-term option: every term aligned to end on ${longDate(document.coterm.anchor)}, through shortened terms charged ${money(document.coterm.total, document.coterm.currency)} in all.`, { size: 9.5 });
  }
}

/** The options as columns, so the client compares them on one line each. */
function optionSummary(layout: PdfLayout, document: QuoteDocument): void {
  const { currency, options } = document;
  const row = (label: string, value: (option: Option) => string): Row => ({ cells: [label, ...QUOTE_OPTIONS.map((name) => value(options[name]))] });
  layout.table(
    [{ header: '', weight: 28 }, ...QUOTE_OPTIONS.map((name): Column => ({ header: OPTION_TITLES[name], weight: 24, align: 'right' }))],
    [
      row(`Monthly (${currency})`, (option) => option.totals.monthly),
      row(`Annual (${currency})`, (option) => option.totals.annual),
      row(`Annual vs Hold (${currency})`, (option) => (option.name === 'hold' ? '\u2013' : signed(option.totals.annualDeltaVsHold))),
    ],
    SIZE.body,
  );
}

/** The currency is in the paragraph above the tables, which keeps the amount columns narrow enough for the product and term. */
const OPTION_COLUMNS: readonly Column[] = [
  { header: 'Action', weight: 8 },
  { header: 'Product', weight: 32 },
  { header: 'Qty', weight: 5, align: 'right' },
  { header: 'Unit price', weight: 10, align: 'right' },
  { header: 'Term / billing', weight: 16 },
  { header: 'Monthly', weight: 10, align: 'right' },
  { header: 'Annual', weight: 11, align: 'right' },
];

function optionDetails(layout: PdfLayout, document: QuoteDocument): void {
  const { currency, options } = document;
  layout.paragraph(
    `Three ways to renew on ${longDate(document.renewalDate)}. Amounts in ${currency}: unit prices are per unit per billing cycle, monthly and annual values ` +
      "are at the quantities shown. Each line's price source is in small print under it.",
    { size: 9.5, after: 8 },
  );
  const holdProducts = new Map(options.hold.lines.map((line) => [line.subscriptionId, line.productName]));
  QUOTE_OPTIONS.forEach((name, index) => {
    const option = options[name];
    layout.heading(`Option ${index + 1}: ${OPTION_TITLES[name]}`, 2, 90);
    layout.paragraph(option.description, { size: 9.5 });
    if (option.lines.length === 0) layout.paragraph(`No lines: no renewing subscription could be priced for ${OPTION_TITLES[name]}.`, { size: 9.5, font: FONT.italic });
    else layout.table(OPTION_COLUMNS, [...option.lines.map((line) => optionRow(line, holdProducts)), { cells: ['Total', '', '', '', '', option.totals.monthly, option.totals.annual], total: true }]);
    layout.paragraph(optionTotals(option, currency), { font: FONT.bold, size: 9.5, after: 14 });
  });
}

function optionRow(line: OptionLine, holdProducts: ReadonlyMap<string, string>): Row {
  return {
    cells: [
      ACTION_LABELS[line.action],
      { main: line.productName, sub: subscriptionRole(line, holdProducts.get(line.subscriptionId)) },
      String(line.quantity),
      line.unitPrice,
      termAndBilling(line.term, line.billing),
      line.monthlyValue,
      line.annualValue,
    ],
    note: `Price source: ${line.priceSource}`,
  };
}

/** Which current subscription the line renews, replaces or sits beside. */
function subscriptionRole(line: OptionLine, holdProduct: string | undefined): string {
  const current = holdProduct ? `${holdProduct} (${line.subscriptionId})` : line.subscriptionId;
  if (line.action === 'migrate') return `Replaces ${current}`;
  if (line.action === 'add') return `Added to ${current}`;
  return `Subscription ${line.subscriptionId}`;
}

function optionTotals(option: Option, currency: string): string {
  const totals = `${OPTION_TITLES[option.name]}: ${money(option.totals.monthly, currency)} a month, ${money(option.totals.annual, currency)} a year.`;
  if (option.name === 'hold') return totals;
  return `${totals} Against Hold: ${signed(option.totals.monthlyDeltaVsHold)} ${currency} a month, ${signed(option.totals.annualDeltaVsHold)} ${currency} a year.`;
}

function cotermOption(layout: PdfLayout, coterm: Coterm): void {
  layout.paragraph(
    `Align every term to end on ${longDate(coterm.anchor)}, so that the subscriptions renew together from then on. ` +
      'To get there, each subscription below takes one shortened term, charged instead of a full term. ' +
      'The calculation of every amount follows the table, so you can check it.',
    { size: 9.5, after: 8 },
  );
  layout.table(
    [
      { header: 'Product', weight: 28 },
      { header: 'Description', weight: 34 },
      { header: 'Shortened term', weight: 22 },
      { header: `Amount (${coterm.currency})`, weight: 16, align: 'right' },
    ],
    [
      ...coterm.lines.map((line): Row => ({ cells: [{ main: line.productName, sub: line.subscriptionId }, line.description, dateRange(line.start, line.end), line.amount] })),
      { cells: ['Total', '', '', coterm.total], total: true },
    ],
  );
  layout.heading('How each amount is calculated', 2, 70);
  for (const line of coterm.lines) {
    layout.paragraph(`${line.productName} (${line.subscriptionId}), ${dateRange(line.start, line.end)}: ${money(line.amount, line.currency)}`, { font: FONT.bold, size: 9, after: 2 });
    layout.paragraph(line.explanation, { size: SIZE.small, color: COLOR.muted, indent: 10, after: 8 });
  }
  layout.paragraph(`Total of the co-term option: ${money(coterm.total, coterm.currency)}.`, { font: FONT.bold, size: 9.5 });
}

function excluded(layout: PdfLayout, document: QuoteDocument): void {
  layout.paragraph('These renewing subscriptions could not be priced in the options; they renew on their own terms:', { size: 9.5, after: 2 });
  layout.bullets(
    document.excluded.map((row) => `${row.productName} (${row.subscriptionId}): ${row.reason}`),
    { size: 9 },
  );
}

function payment(layout: PdfLayout, link: string): void {
  layout.paragraph('You can pay online at:', { size: 9.5, after: 2 });
  layout.paragraph(link, { size: 9.5, color: COLOR.accent, link });
}

function signatureBlock(layout: PdfLayout, document: QuoteDocument): void {
  layout.paragraph(
    `To accept this quote, choose one of the three options (${QUOTE_OPTIONS.map((name) => OPTION_TITLES[name]).join(', ')}) and sign in the portal by typing your full name. ` +
      `Only one option can be accepted, and only until ${longDate(document.expiresOn)} inclusive.`,
    { after: 8 },
  );
  layout.keyValues([
    ['Quote', document.quoteId],
    ['To be signed by', `${document.contact.name}, ${document.contact.email}`],
    ['Valid until', longDate(document.expiresOn)],
  ]);
  layout.paragraph(
    'When you sign, the portal records the option you chose, the name you typed, the time, your IP address and browser, ' +
      'and the SHA-256 of this PDF, which identifies exactly the document you accepted.',
    { size: SIZE.small, color: COLOR.muted },
  );
}

function acceptanceRecord(layout: PdfLayout, document: QuoteDocument, acceptance: QuoteAcceptance, signedAt: Date): void {
  const option = document.options[acceptance.option];
  layout.paragraph(`Quote ${document.quoteId} for ${document.account.name}, issued by ${document.seller.name} on ${longDate(document.issuedOn)}, was accepted in the portal.`, { after: 8 });
  // The hash must stay on one line to be read back and compared: at this size 64 hex digits fit the value column.
  layout.keyValues(
    [
      ['Option chosen', `${OPTION_TITLES[acceptance.option]}: ${money(option.totals.annual, document.currency)} a year, ${money(option.totals.monthly, document.currency)} a month`],
      ['Signed by (typed name)', acceptance.signerName],
      ['Contact email', acceptance.contactEmail],
      ['Signed at (UTC)', `${utcTimestamp(signedAt)} (${acceptance.signedAt})`],
      ['IP address', acceptance.ip],
      ['User agent', acceptance.userAgent],
      ['Quote SHA-256', acceptance.documentSha256],
    ],
    130,
    9,
  );
  layout.paragraph(
    'The SHA-256 above is computed over the exact bytes of the quote PDF sent to the client: it identifies the exact quote PDF that was signed, ' +
      'and any change to that file, even of one byte, gives a different value. The pages before this record reproduce that quote.',
    { size: 9.5 },
  );
}

function signingTime(acceptance: QuoteAcceptance): Date {
  const signedAt = new Date(acceptance.signedAt);
  if (Number.isNaN(signedAt.getTime())) throw new DomainError(`not an ISO 8601 timestamp: ${acceptance.signedAt}`, 'signedAt');
  return signedAt;
}

/** `3 September 2026, 14:22:05 UTC`. */
function utcTimestamp(instant: Date): string {
  const iso = instant.toISOString();
  return `${longDate(iso.slice(0, 10))}, ${iso.slice(11, 19)} UTC`;
}

function dateRange(start: string, end: string): string {
  return `${start} \u2013 ${end}`;
}

function money(amount: string, currency: string): string {
  return `${amount} ${currency}`;
}
