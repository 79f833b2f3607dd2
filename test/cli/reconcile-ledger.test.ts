import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LeakageEntry } from '../../src/app/demo/leakage.ts';
import { coterm } from '../support/cli.ts';
import { tempDir } from '../support/temp-dirs.ts';

interface LedgerJson {
  invoicedSource: string;
  coverage: { nothingMatched: boolean; chargesRecomputed: number; unmappedRows: number };
  findings: { id: number; category: string; subscriptionId: string; impact: string; status: string; statusReason: string | null }[];
}

describe('coterm reconcile --period (against the ledger) on the demo portfolio', () => {
  it("finds exactly the leaks planted, month by month — SKU-mix errors at the clients' margins included — finds no fault in Microsoft's arithmetic, and remembers a dismissal", async () => {
    const dataDir = tempDir('coterm-reconcile-ledger-');
    const env = { COTERM_DATA_DIR: dataDir, DATABASE_URL: '', USER: 'auditor' };
    const run = async (...args: string[]) => {
      const result = await coterm(args, env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout;
    };
    await run('demo', '--clients', '30', '--seed', '4', '--as-of', '2026-11-01');
    const leakages = (JSON.parse(readFileSync(join(dataDir, 'demo', 'leakages.json'), 'utf8')) as { leakages: LeakageEntry[] }).leakages;
    const planted = (kinds: readonly string[], month: string) => leakages.filter((leak) => kinds.includes(leak.kind) && leak.month <= month).map((leak) => `${leak.kind} ${leak.subscriptionId}`);
    const reconcile = async (month: string) => JSON.parse(await run('reconcile', '--period', month, '--json')) as LedgerJson;
    const found = (report: LedgerJson, skuMix = false) => report.findings.filter((finding) => (finding.category === 'sku_mix_error') === skuMix).map((finding) => `${finding.category} ${finding.subscriptionId}`).sort();

    const february = await reconcile('2026-02');
    const cancellations = leakages.filter((leak) => leak.kind === 'cancelled_still_billed' && leak.month === '2026-02').map((leak) => `${leak.kind} ${leak.subscriptionId}`);
    expect(found(february)).toEqual([...planted(['downgrade_not_reflected', 'untracked_seat_addition'], '2026-02'), ...cancellations].sort());
    const may = await reconcile('2026-05');
    const prorations = leakages.filter((leak) => leak.kind === 'proration_miscalculation' && leak.month === '2026-05').map((leak) => `${leak.kind} ${leak.subscriptionId}`);
    expect(found(may)).toEqual([...planted(['downgrade_not_reflected', 'untracked_seat_addition'], '2026-05'), ...prorations].sort());
    // A SKU-mix error is judged once the ledger knows the subscription's plan: an annual term bought before the files shows from its renewal.
    for (const report of [february, may]) for (const mixUp of found(report, true)) expect(planted(['sku_mix_error'], '2026-10')).toContain(mixUp);
    const october = await reconcile('2026-10');
    expect(october.invoicedSource).toBe('psa');
    expect(october.coverage).toMatchObject({ nothingMatched: false, unmappedRows: 0 });
    expect(october.coverage.chargesRecomputed).toBeGreaterThan(100);
    expect(found(october)).toEqual(planted(['downgrade_not_reflected', 'untracked_seat_addition', 'unexpected_est_not_invoiced'], '2026-10').sort());
    const mixUps = planted(['sku_mix_error'], '2026-10');
    expect(mixUps.length).toBeGreaterThan(0);
    expect(found(october, true)).toEqual([...mixUps].sort());
    // Each at the client's monthly difference the manifest planted (a whole month of it).
    for (const finding of october.findings.filter((candidate) => candidate.category === 'sku_mix_error')) {
      expect(finding.impact, finding.subscriptionId).toBe(leakages.find((leak) => leak.subscriptionId === finding.subscriptionId)?.monthlyImpact);
    }

    const dismissed = october.findings[0]!;
    await run('findings', 'dismiss', String(dismissed.id), '--reason', 'agreed with the client');
    const again = await reconcile('2026-10');
    expect(again.findings.map((finding) => finding.id)).toEqual(october.findings.map((finding) => finding.id));
    expect(again.findings.find((finding) => finding.id === dismissed.id)).toMatchObject({ status: 'dismissed', statusReason: 'agreed with the client' });
    const listed = await run('findings', 'list', '--period', '2026-10', '--status', 'dismissed');
    expect(listed).toContain(dismissed.subscriptionId);
  });
});
