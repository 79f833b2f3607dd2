import { inflateSync } from 'node:zlib';

/** pdfkit writes the standard fonts' text in WinAnsi; bytes 0x80–0x9f are not Latin-1 there. */
const WIN_ANSI: Readonly<Record<number, string>> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž',
  0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

/**
 * The text an uncompressed pdfkit PDF shows, one entry per text-showing
 * operator (a line of a paragraph, a table cell). With the standard fonts
 * pdfkit writes each line as `[<48656c6c6f> 40 <576f726c64> 0] TJ`: hex
 * strings of WinAnsi codes, with kerning adjustments between them.
 */
export function shownText(pdf: Buffer): string[] {
  const lines: string[] = [];
  for (const [, array = ''] of pdf.toString('latin1').matchAll(/\[((?:\s*(?:<[0-9a-fA-F]*>|-?\d+(?:\.\d+)?))*)\s*\]\s*TJ/g)) {
    let line = '';
    for (const [, hex = ''] of array.matchAll(/<([0-9a-fA-F]*)>/g)) {
      for (let index = 0; index + 1 < hex.length; index += 2) {
        const code = Number.parseInt(hex.slice(index, index + 2), 16);
        line += WIN_ANSI[code] ?? String.fromCharCode(code);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The text of a compressed pdfkit PDF: every deflated stream inflated, then read as `shownText` does. */
export function shownTextOfCompressed(pdf: Buffer): string[] {
  const inflated: Buffer[] = [];
  const text = pdf.toString('latin1');
  for (const match of text.matchAll(/\/FlateDecode[^>]*>>\s*stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      inflated.push(inflateSync(pdf.subarray(start, end)));
    } catch {
      // Fonts and images are deflated too; only page content matters here.
    }
  }
  return shownText(Buffer.concat(inflated));
}
