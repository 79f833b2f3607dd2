import PDFDocument from 'pdfkit';
import { CalendarDate } from '../domain/calendar/date.ts';

/**
 * Page layout on top of pdfkit for client documents: headings, paragraphs,
 * bullets and tables that break across pages (the header row repeats on
 * every page), with only the standard Helvetica fonts, so nothing is read
 * from disk or the network.
 */

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

export const COLOR = { text: '#1a1a1a', muted: '#5b6470', accent: '#1f3a5f', rule: '#c9d1db', headerFill: '#e6ecf3', totalFill: '#f1f4f8' } as const;

/** Body text size; tables and the small print are set smaller. */
export const SIZE = { body: 10, table: 8.5, small: 7.5, tiny: 7 } as const;

const LINE_GAP = 1;
const CELL_PADDING = 3;

/**
 * The standard PDF fonts only have the WinAnsi glyphs (Latin-1 plus a few
 * typographic marks); pdfkit writes any other character as a wrong glyph.
 * Text from the engine uses a handful of mathematical signs: they are
 * spelled out in ASCII, accents outside WinAnsi are dropped, and anything
 * left becomes "?".
 */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u2212': '-', // minus sign
  '\u2010': '-',
  '\u2011': '-',
  '\u2192': '->',
  '\u2190': '<-',
  '\u21d2': '=>',
  '\u2265': '>=',
  '\u2264': '<=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u03a3': 'sum ',
  '\u2211': 'sum ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2007': ' ',
  '\t': ' ',
};

/** Characters above Latin-1 that WinAnsi has (pdfkit's WIN_ANSI_MAP). */
const WIN_ANSI_EXTRA = new Set('\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178');

function encodable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return char === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

/** Text as the standard fonts can show it (see REPLACEMENTS). */
export function pdfText(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n')) {
    if (encodable(char)) out += char;
    else if (char in REPLACEMENTS) out += REPLACEMENTS[char];
    else {
      const stripped = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += [...stripped].every(encodable) && stripped !== '' ? stripped : (char.codePointAt(0) ?? 0) < 0x20 ? '' : '?';
    }
  }
  return out;
}

/** A table cell: one text, or a main text with a smaller second line under it (e.g. what the line does). */
export type Cell = string | { readonly main: string; readonly sub: string };

export interface Column {
  readonly header: string;
  /** Relative width: the columns share the text width in proportion. */
  readonly weight: number;
  readonly align?: 'left' | 'right';
}

export interface Row {
  readonly cells: readonly Cell[];
  /** Bold on a light background: a total. */
  readonly total?: boolean;
  /** Small print across the whole row under its cells (kept on the same page as the row). */
  readonly note?: string;
}

interface TextStyle {
  readonly size?: number;
  readonly font?: string;
  readonly color?: string;
  /** Points from the left margin. */
  readonly indent?: number;
  /** Points of space after the text. */
  readonly after?: number;
  /** A web address the text opens when clicked. */
  readonly link?: string;
}

/** A document being laid out: the cursor is pdfkit's `doc.y`; x always returns to the left margin. */
export class PdfLayout {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** The lowest y text may reach on the page. */
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  get top(): number {
    return this.doc.page.margins.top;
  }

  get remaining(): number {
    return this.bottom - this.doc.y;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom && this.doc.y > this.top) this.newPage();
  }

  space(points: number): void {
    this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  /** A section or sub-section title, kept on the page with at least `keep` points of what follows. */
  heading(text: string, level: 1 | 2 | 3, keep = 60): void {
    const size = level === 1 ? 16 : level === 2 ? 12.5 : 10.5;
    this.doc.font(FONT.bold).fontSize(size);
    const height = this.doc.heightOfString(pdfText(text), { width: this.width, lineGap: LINE_GAP });
    if (level === 1 && this.doc.y > this.top) this.space(6);
    this.ensureSpace(height + keep);
    this.doc.fillColor(level === 3 ? COLOR.text : COLOR.accent).text(pdfText(text), this.left, this.doc.y, { width: this.width, lineGap: LINE_GAP });
    if (level === 1) {
      const y = this.doc.y + 2;
      this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.75).strokeColor(COLOR.accent).stroke();
      this.doc.y = y + 8;
    } else this.space(level === 2 ? 4 : 2);
    this.doc.x = this.left;
  }

  /** A paragraph; it flows onto the next page when long, and never starts with less than two lines left. */
  paragraph(text: string, style: TextStyle = {}): void {
    const size = style.size ?? SIZE.body;
    const indent = style.indent ?? 0;
    this.doc.font(style.font ?? FONT.regular).fontSize(size);
    this.ensureSpace(Math.min(this.doc.heightOfString(pdfText(text), { width: this.width - indent, lineGap: LINE_GAP }), 2 * (this.doc.currentLineHeight(true) + LINE_GAP)));
    this.doc.fillColor(style.color ?? COLOR.text).text(pdfText(text), this.left + indent, this.doc.y, { width: this.width - indent, lineGap: LINE_GAP, link: style.link });
    this.doc.x = this.left;
    this.space(style.after ?? 4);
  }

  /** A bulleted list. */
  bullets(items: readonly string[], style: TextStyle = {}): void {
    const size = style.size ?? SIZE.body;
    const indent = (style.indent ?? 0) + 10;
    for (const item of items) {
      this.doc.font(style.font ?? FONT.regular).fontSize(size);
      this.ensureSpace(this.doc.currentLineHeight(true) * 2);
      const y = this.doc.y;
      this.doc.fillColor(style.color ?? COLOR.text).text('\u2022', this.left + indent - 9, y, { lineBreak: false });
      this.doc.text(pdfText(item), this.left + indent, y, { width: this.width - indent, lineGap: LINE_GAP });
      this.space(2);
    }
    this.doc.x = this.left;
    this.space(style.after ?? 3);
  }

  /** Label and value pairs, labels in a narrow bold column. */
  keyValues(rows: readonly (readonly [string, string])[], labelWidth = 130, size: number = SIZE.body): void {
    for (const [label, value] of rows) {
      this.doc.font(FONT.regular).fontSize(size);
      const height = Math.max(this.doc.heightOfString(pdfText(value), { width: this.width - labelWidth, lineGap: LINE_GAP }), this.doc.currentLineHeight(true));
      this.ensureSpace(height);
      const y = this.doc.y;
      this.doc.font(FONT.bold).fillColor(COLOR.muted).text(pdfText(label), this.left, y, { width: labelWidth - 8, lineGap: LINE_GAP });
      this.doc.font(FONT.regular).fillColor(COLOR.text).text(pdfText(value), this.left + labelWidth, y, { width: this.width - labelWidth, lineGap: LINE_GAP });
      this.doc.y = y + height + 3;
    }
    this.doc.x = this.left;
    this.space(3);
  }

  /**
   * A table across the text width. A row never splits: when it does not fit
   * it moves to the next page, under a repeated header row. A cell taller
   * than a third of a page (a pathological product name) is cut with an
   * ellipsis rather than pushed off the page.
   */
  table(columns: readonly Column[], rows: readonly Row[], size: number = SIZE.table): void {
    const totalWeight = columns.reduce((sum, column) => sum + column.weight, 0);
    const widths = columns.map((column) => (column.weight / totalWeight) * this.width);
    const maxCell = (this.bottom - this.top) / 3;
    const header: Row = { cells: columns.map((column) => column.header) };

    const subSize = size - 1.5;
    // Heights of a cell's main text and second line, capped so that together they stay within maxCell.
    const cellHeights = (cell: Cell, index: number, bold: boolean): { main: number; sub: number } => {
      const inner = (widths[index] ?? 0) - 2 * CELL_PADDING;
      let sub = 0;
      if (typeof cell !== 'string' && cell.sub) {
        this.doc.font(FONT.regular).fontSize(subSize);
        sub = Math.min(this.doc.heightOfString(pdfText(cell.sub), { width: inner, lineGap: LINE_GAP }), maxCell / 2);
      }
      this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
      const main = Math.min(this.doc.heightOfString(pdfText(mainOf(cell)) || ' ', { width: inner, lineGap: LINE_GAP }), maxCell - sub);
      return { main, sub };
    };

    const measure = (row: Row, bold: boolean): { cells: number; note: number } => {
      let cells = 0;
      row.cells.forEach((cell, index) => {
        const { main, sub } = cellHeights(cell, index, bold || row.total === true);
        cells = Math.max(cells, main + sub);
      });
      let note = 0;
      if (row.note) {
        this.doc.font(FONT.regular).fontSize(SIZE.tiny);
        note = Math.min(this.doc.heightOfString(pdfText(row.note), { width: this.width - 2 * CELL_PADDING, lineGap: LINE_GAP }), maxCell) + CELL_PADDING;
      }
      return { cells: cells + 2 * CELL_PADDING, note };
    };

    const draw = (row: Row, bold: boolean, fill: string | null): void => {
      const { cells: cellsHeight, note } = measure(row, bold);
      const top = this.doc.y;
      if (fill) this.doc.rect(this.left, top, this.width, cellsHeight).fill(fill);
      let x = this.left;
      row.cells.forEach((cell, index) => {
        const width = widths[index] ?? 0;
        const strong = bold || row.total === true;
        const heights = cellHeights(cell, index, strong);
        // pdfkit drops a line that would cross `height`: a point of slack keeps the last measured line.
        const options = { width: width - 2 * CELL_PADDING, align: columns[index]?.align ?? 'left', lineGap: LINE_GAP, ellipsis: true } as const;
        this.doc
          .font(strong ? FONT.bold : FONT.regular)
          .fontSize(size)
          .fillColor(COLOR.text)
          .text(pdfText(mainOf(cell)), x + CELL_PADDING, top + CELL_PADDING, { ...options, height: heights.main + 1 });
        if (typeof cell !== 'string' && cell.sub) {
          this.doc
            .font(FONT.regular)
            .fontSize(subSize)
            .fillColor(COLOR.muted)
            .text(pdfText(cell.sub), x + CELL_PADDING, top + CELL_PADDING + heights.main, { ...options, height: heights.sub + 1 });
        }
        x += width;
      });
      if (row.note) {
        this.doc
          .font(FONT.regular)
          .fontSize(SIZE.tiny)
          .fillColor(COLOR.muted)
          .text(pdfText(row.note), this.left + CELL_PADDING, top + cellsHeight - CELL_PADDING / 2, {
            width: this.width - 2 * CELL_PADDING,
            lineGap: LINE_GAP,
            height: maxCell + 1,
            ellipsis: true,
          });
      }
      const bottom = top + cellsHeight + note;
      this.doc
        .moveTo(this.left, bottom)
        .lineTo(this.left + this.width, bottom)
        .lineWidth(0.5)
        .strokeColor(COLOR.rule)
        .stroke();
      this.doc.x = this.left;
      this.doc.y = bottom;
    };

    const headerHeight = (): number => measure(header, true).cells;
    const rowHeight = (row: Row): number => {
      const { cells, note } = measure(row, false);
      return cells + note;
    };

    // The header with at least the first row, or the first row moves the whole table.
    this.ensureSpace(headerHeight() + (rows[0] ? rowHeight(rows[0]) : 0));
    draw(header, true, COLOR.headerFill);
    for (const row of rows) {
      if (this.doc.y + rowHeight(row) > this.bottom) {
        this.newPage();
        draw(header, true, COLOR.headerFill);
      }
      draw(row, false, row.total ? COLOR.totalFill : null);
    }
    this.space(8);
  }

  /**
   * Writes `text(page, pages)` in the bottom margin of every buffered page
   * from `from` (0-based) on. Needs `bufferPages: true`; the bottom margin is
   * lifted while writing so pdfkit does not open a new page for it.
   */
  footers(from: number, text: (page: number, pages: number) => string): void {
    const range = this.doc.bufferedPageRange();
    for (let index = Math.max(from, range.start); index < range.start + range.count; index += 1) {
      this.doc.switchToPage(index);
      const margin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font(FONT.regular)
        .fontSize(SIZE.tiny)
        .fillColor(COLOR.muted)
        .text(pdfText(text(index + 1, range.count)), this.left, this.doc.page.height - margin / 2 - SIZE.tiny, { width: this.width, align: 'center', lineBreak: false });
      this.doc.page.margins.bottom = margin;
    }
  }
}

function mainOf(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.main;
}

/**
 * An A4 document drawn by `draw` and returned as bytes once pdfkit has
 * finished writing it; a failure while drawing rejects, never half a file.
 */
export function renderPdf(info: { readonly Title: string; readonly Author: string; readonly Subject: string; readonly CreationDate: Date }, compress: boolean, draw: (layout: PdfLayout) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 60, left: 56, right: 56 },
    bufferPages: true,
    compress,
    displayTitle: true,
    lang: 'en',
    info: { ...info, Creator: 'coterm' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(new PdfLayout(doc));
    doc.end();
  } catch (error) {
    doc.destroy();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return done;
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A calendar day as the PDF's metadata wants it (midnight UTC). */
export function utcDate(iso: string): Date {
  const date = CalendarDate.parse(iso);
  return new Date(Date.UTC(date.year, date.month - 1, date.day));
}

/** `2026-10-01` → `1 October 2026`; anything else as it is. */
export function longDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${Number(match[3])} ${MONTH_NAMES[Number(match[2]) - 1] ?? match[2]} ${match[1]}` : iso;
}

/** A difference with its sign: `+720.00`, `-30.00`, `0.00` (the digits as stored). */
export function signed(amount: string): string {
  return amount.startsWith('-') || amount.startsWith('+') || /^[0.]+$/.test(amount) ? amount : `+${amount}`;
}

/** `P1Y` → `1 year`, `P12M` → `12 months`; with the billing: `1 year / monthly`. */
export function termAndBilling(term: string | null, billing: string | null): string {
  const match = term ? /^P(\d+)([YMWD])$/.exec(term) : null;
  const units: Readonly<Record<string, string>> = { Y: 'year', M: 'month', W: 'week', D: 'day' };
  const termText = match ? `${Number(match[1])} ${units[match[2] ?? ''] ?? ''}${Number(match[1]) === 1 ? '' : 's'}` : term;
  return [termText, billing].filter((part) => part).join(' / ') || '\u2013';
}
