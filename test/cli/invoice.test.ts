import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { coterm } from '../support/cli.ts';
import { tempDir } from '../support/temp-dirs.ts';

interface Summary {
  id: string;
  number: string | null;
  lines: number;
  subtotal: string;
  tax: string;
  total: string;
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);

describe('coterm invoice', () => {
  it('drafts the demo month, issues it with gapless numbers, exports it for finance and refuses to change an issued invoice', async () => {
    const dataDir = tempDir('coterm-invoice-');
    const env = { COTERM_DATA_DIR: dataDir, DATABASE_URL: '', USER: 'finance' };
    const run = async (...args: string[]) => {
      const result = await coterm(args, env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout;
    };
    await run('demo', '--clients', '3', '--seed', '2', '--as-of', '2026-11-01');
    await run('pricing', 'rule', '--markup', '15');
    await run('pricing', 'tax', '--default', '--name', 'Sales tax', '--rate', '8.25', '--rounding', 'invoice');

    const drafts = (JSON.parse(await run('invoice', 'run', '--period', '2026-10', '--json')) as { drafts: Summary[] }).drafts;
    expect(drafts.length).toBeGreaterThanOrEqual(3);
    const again = (JSON.parse(await run('invoice', 'run', '--period', '2026-10', '--json')) as { drafts: Summary[] }).drafts;
    expect(again).toEqual(drafts);

    const issued = (JSON.parse(await run('invoice', 'issue', '--period', '2026-10', '--on', '2026-11-02', '--json')) as { issued: Summary[] }).issued;
    expect(issued.map((invoice) => invoice.number)).toEqual(drafts.map((_, index) => `INV-2026-${String(index + 1).padStart(5, '0')}`));

    const out = join(dataDir, 'october.csv');
    await run('invoice', 'export', '--period', '2026-10', '--out', out);
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBe(drafts.reduce((count, draft) => count + draft.lines, 0));
    for (const invoice of issued) {
      const lines = rows.filter((row) => row.InvoiceNumber === invoice.number);
      expect(lines.reduce((sum, row) => sum + cents(row.Net!), 0)).toBe(cents(invoice.subtotal));
      expect(lines.reduce((sum, row) => sum + cents(row.Tax!), 0)).toBe(cents(invoice.tax));
      expect(cents(invoice.subtotal) + cents(invoice.tax)).toBe(cents(invoice.total));
    }

    const refused = await coterm(['invoice', 'adjust', issued[0]!.number!, '--line', '1', '--amount', '0', '--reason', 'typo'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim()).toBe(`coterm: invoice: invoice ${issued[0]!.number} is issued and cannot be changed; correct it with a credit note`);

    const credit = await run('invoice', 'credit', issued[0]!.number!, '--line', '1', '--reason', 'price agreed at renewal');
    expect(credit).toContain(`Draft credit note ${issued[0]!.id}-credit-1`);
    const pdf = join(dataDir, 'invoice.pdf');
    await run('invoice', 'pdf', issued[0]!.number!, '--out', pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
