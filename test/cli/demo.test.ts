import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coterm } from '../support/cli.ts';

interface DemoJson {
  asOf: string;
  out: string;
  files: Record<string, { imported: number; duplicates: number; rejected: number }>;
  mapping: { resolvedByPerson: number; stillOpen: number };
  status: { database: { kind: string }; counts: Record<string, unknown> };
  generated: { clients: number };
}

describe('coterm demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coterm-demo-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates a portfolio, imports it into the embedded database and reports the counts per file and the status totals', async () => {
    const result = await coterm(['demo', '--clients', '3', '--seed', '2', '--as-of', '2026-11-01', '--json'], { COTERM_DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DemoJson;
    const names = Object.keys(report.files);
    expect([...names.slice(0, 2), ...names.slice(-3)]).toEqual(['pricelist.csv', 'services.csv', 'subscriptions.json', 'psa.csv', 'usage.csv']);
    // One reconciliation file per invoiced month with charges, oldest first.
    const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
    const recon = names.slice(2, -3);
    expect(recon).toEqual(months.map((month) => `recon-${month}.csv`).filter((name) => recon.includes(name)));
    expect(recon.length).toBeGreaterThanOrEqual(10);
    for (const counts of Object.values(report.files)) {
      expect(Object.keys(counts)).toEqual(['imported', 'duplicates', 'rejected']);
      expect(counts.rejected).toBe(0);
      expect(counts.imported).toBeGreaterThan(0);
    }
    expect(report.asOf).toBe('2026-11-01');
    expect(report.generated.clients).toBe(3);
    expect(report.mapping.stillOpen).toBe(0);
    expect(report.status.database.kind).toBe('embedded');
    expect(report.status.counts).toMatchObject({ accounts: 3, tenants: 3, unmappedOpen: 0, imports: names.length });
    // The files land next to the embedded database.
    expect(report.out).toBe(join(dataDir, 'demo'));
    expect(readdirSync(report.out).sort()).toEqual([...names, 'leakages.json'].sort());
    expect(existsSync(join(dataDir, 'demo', 'leakages.json'))).toBe(true);
  });
});
