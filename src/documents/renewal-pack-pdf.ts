import { CalendarDate, daysInMonth } from '../domain/calendar/date.ts';
import { type Column, COLOR, FONT, longDate, MONTH_NAMES, type PdfLayout, renderPdf, type Row, signed, SIZE, termAndBilling, utcDate } from './pdf-layout.ts';
import { type StoredPackDocument } from './stored.ts';

export { type Stored, type StoredPackDocument } from './stored.ts';

export interface RenewalPackPdfOptions {
  /** The MSP the pack comes from: on the cover, in every footer and as the PDF's author. */
  readonly mspName: string;
  /** Deflate the page content (default true); tests turn it off to read the text. */
  readonly compress?: boolean;
}

type Pack = StoredPackDocument['pack'];
type Option = Pack['options']['hold'];
type OptionName = Option['name'];

const OPTION_NAMES: readonly OptionName[] = ['hold', 'harden', 'modernize'];
const OPTION_TITLES: Readonly<Record<OptionName, string>> = { hold: 'Hold', harden: 'Harden', modernize: 'Modernize' };
const OPTION_SUMMARIES: Readonly<Record<OptionName, string>> = {
  hold: 'Renew as today',
  harden: 'Hold plus security',
  modernize: 'Next tier or bundle',
};


/**
 * A renewal pack as a PDF the client can read: a cover with the three
 * options' annual values, then the options line by line, the co-term option
 * with every shortened term's calculation, price changes, entitlements
 * against usage, recommendations and account health. Amounts are printed
 * exactly as stored (already rounded to the currency's minor units), with
 * their currency.
 */
export function renderRenewalPackPdf(document: StoredPackDocument, options: RenewalPackPdfOptions): Promise<Buffer> {
  const { pack } = document;
  return renderPdf(
    {
      Title: `Renewal pack: ${pack.account.name}, renewal on ${longDate(startOfNewTerms(document))}`,
      Author: options.mspName,
      Subject: `Renewal ${document.renewalId}`,
      CreationDate: utcDate(document.generatedOn),
    },
    options.compress ?? true,
    (layout) => {
      const context = new PackContext(document, options.mspName);
      cover(layout, context);
      section(layout, 'Your options', () => commercialOptions(layout, context));
      section(layout, 'Co-term option', () => cotermOption(layout, context));
      section(layout, 'Price changes at renewal', () => pricingDeltas(layout, context));
      section(layout, 'What you have against what you use', () => entitlements(layout, context), { newPage: false });
      section(layout, 'Recommendations', () => recommendations(layout, context));
      section(layout, 'Account health', () => health(layout, context), { newPage: false });
      layout.footers(1, (page, pages) => `${options.mspName} \u00b7 Renewal pack for ${pack.account.name} \u00b7 Page ${page} of ${pages}`);
    },
  );
}

/** What the sections share: the document, its currency and the product names by subscription. */
class PackContext {
  readonly pack: Pack;
  readonly currency: string;
  private readonly products = new Map<string, string>();

  constructor(
    readonly document: StoredPackDocument,
    readonly mspName: string,
  ) {
    this.pack = document.pack;
    this.currency = document.pack.currency;
    const named = [
      ...(document.coTermPlan?.alignments ?? []),
      ...this.pack.pricing,
      ...this.pack.entitlements.seats,
      ...this.pack.excluded,
      ...this.pack.options.hold.lines,
    ];
    for (const row of named) this.products.set(row.subscriptionId, row.productName);
  }

  /** "Product (id)" when the subscription is known, else the id. */
  subscription(id: string | null): string {
    if (id === null) return 'Whole account';
    const product = this.products.get(id);
    return product ? `${product} (${id})` : id;
  }

  money(amount: string): string {
    return money(amount, this.currency);
  }
}

function section(layout: PdfLayout, title: string, body: () => void, options: { newPage?: boolean } = {}): void {
  if (options.newPage ?? true) layout.newPage();
  layout.doc.outline.addItem(title);
  layout.heading(title, 1);
  body();
}

function cover(layout: PdfLayout, context: PackContext): void {
  const { doc } = layout;
  const { document, pack } = context;
  doc.y = layout.top + 40;
  layout.paragraph(context.mspName, { font: FONT.bold, size: 14, color: COLOR.accent, after: 36 });
  layout.paragraph('Renewal pack', { font: FONT.bold, size: 30, color: COLOR.accent, after: 6 });
  layout.paragraph(pack.account.name, { font: FONT.bold, size: 20, after: 28 });
  layout.keyValues([
    ['Renewal date', `${longDate(startOfNewTerms(document))}: the new terms start (the current terms end on ${longDate(document.renewalDate)})`],
    ['Prepared on', longDate(document.generatedOn)],
    ['Prepared by', context.mspName],
    ['Currency', pack.currency],
    ['Account health', `${pack.health.score} of 100 (${bandLabel(pack.health.band)})`],
  ]);
  layout.space(16);
  layout.heading('Your options at a glance', 2);
  layout.table(
    [
      { header: 'Option', weight: 30 },
      { header: `Monthly (${pack.currency})`, weight: 20, align: 'right' },
      { header: `Annual (${pack.currency})`, weight: 20, align: 'right' },
      { header: `Annual vs Hold (${pack.currency})`, weight: 20, align: 'right' },
    ],
    OPTION_NAMES.map((name): Row => {
      const option = pack.options[name];
      return {
        cells: [
          { main: OPTION_TITLES[name], sub: OPTION_SUMMARIES[name] },
          option.totals.monthly,
          option.totals.annual,
          name === 'hold' ? '' : signed(option.totals.annualDeltaVsHold),
        ],
      };
    }),
    SIZE.body,
  );
  if (pack.coterm && pack.coterm.lines.length > 0) {
    layout.paragraph(
      `Co-term option: align every term to end on ${anchorPhrase(pack.coterm.anchor)}, one renewal a year from then on, ` +
        `through shortened terms charged ${money(pack.coterm.total, pack.coterm.currency)} in all (details in the co-term section).`,
      { size: 9.5 },
    );
  }
  layout.space(10);
  layout.heading('In this pack', 3, 20);
  layout.bullets(
    [
      'Your options: Hold, Harden and Modernize, line by line',
      'Co-term option: aligning your renewal dates, with every calculation',
      'Price changes at renewal, and what you have against what you use',
      'Recommendations and account health, with the evidence behind them',
    ],
    { size: 9.5 },
  );
}

function commercialOptions(layout: PdfLayout, context: PackContext): void {
  const { pack } = context;
  layout.paragraph(
    `Three ways to renew on ${longDate(startOfNewTerms(context.document))}. Unit prices are per unit per billing cycle as listed; ` +
      `monthly and annual values are at the quantities shown, in ${pack.currency}. Each line's price source is in small print under it.`,
    { size: 9.5, after: 8 },
  );
  const holdProducts = new Map(pack.options.hold.lines.map((line) => [line.subscriptionId, line.productName]));
  OPTION_NAMES.forEach((name, index) => {
    const option = pack.options[name];
    layout.heading(`Option ${index + 1}: ${OPTION_TITLES[name]}`, 2, 90);
    layout.paragraph(option.description, { size: 9.5 });
    if (option.lines.length === 0) {
      layout.paragraph(`No lines: no renewing subscription could be priced for ${OPTION_TITLES[name]}.`, { size: 9.5, font: FONT.italic });
    } else {
      layout.table(optionColumns(pack.currency), [
        ...option.lines.map(
          (line): Row => ({
            cells: [
              { main: line.productName, sub: lineRole(line, holdProducts.get(line.subscriptionId)) },
              String(line.quantity),
              line.unitPrice,
              termAndBilling(line.term, line.billing),
              line.monthlyValue,
              line.annualValue,
            ],
            note: line.priceSource,
          }),
        ),
        { cells: ['Total', '', '', '', option.totals.monthly, option.totals.annual], total: true },
      ]);
    }
    const totals = `Total: ${context.money(option.totals.monthly)} a month, ${context.money(option.totals.annual)} a year.`;
    const delta = name === 'hold' ? '' : ` Against Hold: ${signed(option.totals.monthlyDeltaVsHold)} ${pack.currency} a month, ${signed(option.totals.annualDeltaVsHold)} ${pack.currency} a year.`;
    layout.paragraph(totals + delta, { font: FONT.bold, size: 9.5, after: 6 });
    if (option.notOffered.length > 0) {
      layout.paragraph('Not offered in this option:', { size: SIZE.small, font: FONT.bold, color: COLOR.muted, after: 2 });
      layout.bullets(
        option.notOffered.map((row) => `${context.subscription(row.subscriptionId)}: ${row.reason}`),
        { size: SIZE.small, color: COLOR.muted },
      );
    }
    layout.space(10);
  });
  layout.heading('Not included in the options', 2, 30);
  if (pack.excluded.length === 0) layout.paragraph('Every renewing subscription is priced in the options above.', { size: 9.5 });
  else {
    layout.paragraph('These renewing subscriptions cannot be priced here; they renew on their own terms:', { size: 9.5, after: 2 });
    layout.bullets(
      pack.excluded.map((row) => `${context.subscription(row.subscriptionId)}: ${row.reason}`),
      { size: 9 },
    );
  }
}

function optionColumns(currency: string): Column[] {
  return [
    { header: 'Product', weight: 34 },
    { header: 'Qty', weight: 7, align: 'right' },
    { header: `Unit price (${currency})`, weight: 12, align: 'right' },
    { header: 'Term / billing', weight: 14 },
    { header: `Monthly (${currency})`, weight: 13, align: 'right' },
    { header: `Annual (${currency})`, weight: 14, align: 'right' },
  ];
}

function lineRole(line: Option['lines'][number], holdProduct: string | undefined): string {
  switch (line.action) {
    case 'migrate':
      return `Replaces ${holdProduct ?? line.subscriptionId} (${line.subscriptionId})`;
    case 'add':
      return `Added to ${holdProduct ?? line.subscriptionId} (${line.subscriptionId})`;
    default:
      return `Renewal (${line.subscriptionId})`;
  }
}

function cotermOption(layout: PdfLayout, context: PackContext): void {
  const { document, pack } = context;
  const coterm = pack.coterm;
  if (!coterm) {
    const why = !document.anchor
      ? 'your renewal policy keeps each subscription on its own renewal date, so no common end date was planned.'
      : `no amount could be priced in ${pack.currency} for aligning to ${anchorPhrase(document.anchor.date)}.`;
    layout.paragraph(`No co-term option: ${why}`);
    otherSubscriptions(layout, context, new Set());
    return;
  }
  const source =
    document.anchor?.source === 'policy'
      ? `The date is the co-term date agreed in your renewal policy; it next falls on ${longDate(coterm.anchor)}.`
      : `The date is this renewal's: the current terms end on ${longDate(coterm.anchor)}.`;
  if (coterm.lines.length === 0) {
    layout.paragraph(`No co-term option: no subscription needs a shortened term to end on ${anchorPhrase(coterm.anchor)}. ${source}`);
    otherSubscriptions(layout, context, new Set());
    return;
  }
  layout.paragraph(
    `Align every term to end on ${anchorPhrase(coterm.anchor)}: one renewal conversation and one invoice a year from then on. ${source} ` +
      'To get there, each subscription below takes one shortened term, charged instead of a full term. ' +
      'Every amount is followed by the calculation behind it, so you can check it.',
    { size: 9.5, after: 8 },
  );
  layout.table(
    [
      { header: 'Product', weight: 40 },
      { header: 'Shortened term', weight: 30 },
      { header: 'Days', weight: 10, align: 'right' },
      { header: `Amount (${coterm.currency})`, weight: 20, align: 'right' },
    ],
    [
      ...coterm.lines.map((line): Row => ({ cells: [{ main: line.productName, sub: line.subscriptionId }, period(line.start, line.end), String(days(line.start, line.end)), line.amount] })),
      { cells: ['Total', '', '', coterm.total], total: true },
    ],
  );
  layout.heading('How each amount is calculated', 2, 70);
  for (const line of coterm.lines) {
    layout.ensureSpace(70);
    layout.paragraph(`${line.productName} (${line.subscriptionId})`, { font: FONT.bold, size: 9.5, after: 1 });
    layout.paragraph(`Shortened term ${period(line.start, line.end)} (${days(line.start, line.end)} days): ${money(line.amount, line.currency)}`, { size: 9, after: 2 });
    layout.paragraph(line.description, { size: 8.5, after: 2 });
    layout.paragraph(line.explanation, { size: SIZE.tiny, color: COLOR.muted, indent: 10, after: 8 });
  }
  layout.paragraph(`Total of the co-term option: ${money(coterm.total, coterm.currency)}.`, { font: FONT.bold, size: 9.5, after: 8 });
  otherSubscriptions(layout, context, new Set(coterm.lines.map((line) => line.subscriptionId)));
}

const ALIGNMENT_LABELS: Readonly<Record<string, string>> = {
  aligned: 'Already ends on the date',
  align_now: 'Align now',
  at_next_renewal: 'At its next renewal',
  prorate_service: 'Shortened service term',
  cannot_align: 'Cannot be aligned',
  not_renewing: 'Not renewing',
  no_term: 'No term',
};

/** The plan's subscriptions without a line in the option, with what happens to them. */
function otherSubscriptions(layout: PdfLayout, context: PackContext, shown: ReadonlySet<string>): void {
  const others = (context.document.coTermPlan?.alignments ?? []).filter((alignment) => !shown.has(alignment.subscriptionId));
  if (others.length === 0) return;
  layout.heading('Other subscriptions', 2, 50);
  const aligned = others.filter((alignment) => alignment.action === 'aligned');
  const rest = others.filter((alignment) => alignment.action !== 'aligned');
  if (aligned.length > 0) {
    const date = context.pack.coterm ? ` on ${anchorPhrase(context.pack.coterm.anchor)}` : '';
    layout.paragraph(`Already ending${date}: ${aligned.map((alignment) => `${alignment.productName} (${alignment.subscriptionId})`).join(', ')}.`, { size: 9, after: 6 });
  }
  if (rest.length === 0) return;
  layout.table(
    [
      { header: 'Subscription', weight: 32 },
      { header: 'Status', weight: 18 },
      { header: 'Why', weight: 50 },
    ],
    rest.map((alignment): Row => ({ cells: [{ main: alignment.productName, sub: alignment.subscriptionId }, ALIGNMENT_LABELS[alignment.action] ?? alignment.action, alignment.reason] })),
  );
}

function pricingDeltas(layout: PdfLayout, context: PackContext): void {
  const { pack } = context;
  if (pack.pricing.length === 0) {
    layout.paragraph(`No price changes to show: no renewing subscription is billed in ${pack.currency}.`);
    return;
  }
  layout.paragraph(
    `Microsoft's list price on the renewal date against the price you pay today, per unit per billing cycle, and what the difference does to the bill at today's quantities. Amounts in ${pack.currency}.`,
    { size: 9.5, after: 8 },
  );
  const dash = (value: string | null): string => value ?? '\u2013';
  layout.table(
    [
      { header: 'Product', weight: 28 },
      { header: 'Your price', weight: 12, align: 'right' },
      { header: 'List today', weight: 12, align: 'right' },
      { header: 'List at renewal', weight: 12, align: 'right' },
      { header: 'Change per unit', weight: 12, align: 'right' },
      { header: 'Per month', weight: 12, align: 'right' },
      { header: 'Per year', weight: 12, align: 'right' },
    ],
    pack.pricing.map(
      (row): Row => ({
        cells: [
          { main: row.productName, sub: `${row.quantity} \u00d7 ${termAndBilling(row.term, row.billing)} (${row.subscriptionId})` },
          dash(row.contractUnitPrice),
          dash(row.listPriceNow),
          dash(row.listPriceAtRenewal),
          row.unitDelta === null ? '\u2013' : signed(row.unitDelta),
          row.monthlyImpact === null ? '\u2013' : signed(row.monthlyImpact),
          row.annualImpact === null ? '\u2013' : signed(row.annualImpact),
        ],
        note: capitalise(row.note),
      }),
    ),
  );
}

function entitlements(layout: PdfLayout, context: PackContext): void {
  const { seats, azure, backup, endpoints } = context.pack.entitlements;
  layout.heading('Licences', 2);
  if (seats.length === 0) layout.paragraph('No licence seats to compare: none of the renewing subscriptions is counted in seats.', { size: 9.5 });
  else {
    layout.table(
      [
        { header: 'Product', weight: 36 },
        { header: 'Contracted', weight: 13, align: 'right' },
        { header: 'Assigned', weight: 13, align: 'right' },
        { header: 'In use', weight: 12, align: 'right' },
        { header: 'Measured', weight: 26 },
      ],
      seats.map(
        (row): Row => ({
          cells: [
            { main: row.productName, sub: row.subscriptionId },
            String(row.contracted),
            row.assigned ?? 'not measured',
            row.utilisationPercent === null ? '\u2013' : `${row.utilisationPercent}%`,
            row.measuredFrom && row.measuredTo ? period(row.measuredFrom, row.measuredTo) : '\u2013',
          ],
        }),
      ),
    );
  }

  layout.heading('Azure consumption', 2);
  const measured = azure.months.filter((month) => month.total !== null);
  const lastMonth = azure.months[azure.months.length - 1]?.month;
  if (measured.length === 0) {
    layout.paragraph(`No Azure consumption recorded${lastMonth ? ` in the six months to ${monthLabel(lastMonth)}` : ''}.`, { size: 9.5 });
  } else {
    layout.table(
      [{ header: 'Month', weight: 16 }, ...azure.months.map((month): Column => ({ header: monthLabel(month.month), weight: 14, align: 'right' }))],
      [{ cells: [`Total (${azure.currency})`, ...azure.months.map((month) => month.total ?? '\u2013')] }],
    );
    layout.paragraph(
      azure.slopePerMonth !== null && azure.projected !== null
        ? `Trend fitted on ${azure.points} months with data: ${signed(azure.slopePerMonth)} ${azure.currency} a month; projected for ${monthLabel(azure.projectedMonth)}: ${money(azure.projected, azure.currency)}.`
        : `No trend: ${azure.points} month${azure.points === 1 ? '' : 's'} with data, 3 are needed.`,
      { size: 9.5 },
    );
  }

  layout.heading('Backup storage', 2);
  capacityTable(layout, context, backup, { used: 'TB used', capacity: 'TB contracted', share: 'Used', empty: 'No backup usage measured.' });
  layout.heading('Endpoint protection', 2);
  capacityTable(layout, context, endpoints, { used: 'Devices covered', capacity: 'Devices contracted', share: 'Coverage', empty: 'No endpoint coverage measured.' });
}

function capacityTable(
  layout: PdfLayout,
  context: PackContext,
  rows: Pack['entitlements']['backup'],
  labels: { readonly used: string; readonly capacity: string; readonly share: string; readonly empty: string },
): void {
  if (rows.length === 0) {
    layout.paragraph(labels.empty, { size: 9.5 });
    return;
  }
  layout.table(
    [
      { header: 'Subscription', weight: 34 },
      { header: labels.used, weight: 14, align: 'right' },
      { header: labels.capacity, weight: 14, align: 'right' },
      { header: labels.share, weight: 12, align: 'right' },
      { header: 'Measured', weight: 26 },
    ],
    rows.map(
      (row): Row => ({
        cells: [
          context.subscription(row.subscriptionId),
          row.used,
          row.capacity ?? 'not stated',
          row.utilisationPercent === null ? '\u2013' : `${row.utilisationPercent}%`,
          period(row.periodStart, row.periodEnd),
        ],
      }),
    ),
  );
}

const IMPACT_LABELS: Readonly<Record<string, string>> = {
  incentive: 'Incentive offered',
  added_revenue: 'Added to the monthly bill',
  price_increase: 'Price increase it guards against',
  client_saving: 'Your projected saving',
};

function recommendations(layout: PdfLayout, context: PackContext): void {
  const { recommendations } = context.pack;
  if (recommendations.length === 0) {
    layout.paragraph('No recommendations: nothing in the account calls for a change at this renewal.');
    return;
  }
  recommendations.forEach((recommendation, index) => {
    layout.heading(`${index + 1}. ${recommendation.title}`, 3, 50);
    layout.paragraph(recommendation.proposal, { size: 9.5 });
    if (recommendation.monthlyImpact !== undefined) {
      const label = (recommendation.impact && IMPACT_LABELS[recommendation.impact]) ?? 'Monthly amount';
      layout.paragraph(`${label}: ${money(recommendation.monthlyImpact, recommendation.currency)} a month.`, { size: 9.5, font: FONT.bold });
    }
    if (recommendation.evidence.length > 0) {
      layout.paragraph('Why we suggest it:', { size: SIZE.small, font: FONT.bold, color: COLOR.muted, after: 1 });
      layout.bullets(recommendation.evidence, { size: SIZE.small, color: COLOR.muted });
    }
    layout.space(8);
  });
}

const FACTOR_LABELS: Readonly<Record<string, string>> = {
  no_signals: 'No measurements',
  ticket_volume: 'Support tickets',
  shelfware: 'Unused licences',
  endpoint_coverage: 'Endpoint coverage',
  backup_capacity: 'Backup capacity',
};

function health(layout: PdfLayout, context: PackContext): void {
  const { health } = context.pack;
  layout.paragraph(`Score ${health.score} of 100: ${bandLabel(health.band)}.`, { font: FONT.bold, size: 11 });
  layout.paragraph(
    'The score starts at 100 and each factor below takes off the points shown, with the numbers behind them. Green is 70 and above, amber 50 to 69, red below 50.',
    { size: 9.5, after: 8 },
  );
  if (health.factors.length === 0) {
    layout.paragraph('No factor was scored.', { size: 9.5 });
    return;
  }
  layout.table(
    [
      { header: 'Factor', weight: 22 },
      { header: 'Points', weight: 10, align: 'right' },
      { header: 'Evidence', weight: 68 },
    ],
    health.factors.map((factor): Row => ({ cells: [FACTOR_LABELS[factor.factor] ?? factor.factor, String(factor.points), capitalise(factor.evidence)] })),
  );
}

/** The first day of the new terms: the day after the last day of the renewing terms. */
function startOfNewTerms(document: StoredPackDocument): string {
  return CalendarDate.parse(document.renewalDate).addDays(1).toString();
}

/** `2026-03` → `Mar 2026`. */
function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? `${(MONTH_NAMES[Number(match[2]) - 1] ?? month).slice(0, 3)} ${match[1]}` : month;
}

/** The anchor recurs every year on its month and day (a month end stays a month end). */
function anchorPhrase(iso: string): string {
  const date = CalendarDate.parse(iso);
  const month = MONTH_NAMES[date.month - 1] ?? String(date.month);
  const day = date.month === 2 && date.day === daysInMonth(date.year, 2) ? `the last day of ${month}` : `${date.day} ${month}`;
  return `${day} each year`;
}

function period(start: string, end: string): string {
  return `${start} \u2013 ${end}`;
}

function days(start: string, end: string): number {
  return CalendarDate.parse(end).epochDay - CalendarDate.parse(start).epochDay + 1;
}

function money(amount: string, currency: string): string {
  return `${amount} ${currency}`;
}

function bandLabel(band: string): string {
  return capitalise(band);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
