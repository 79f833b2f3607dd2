import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { coterm } from '../support/cli.ts';
import { tempDir } from '../support/temp-dirs.ts';

interface RenewalJson {
  id: string;
  accountId: string;
  date: string;
  stage: string;
  hasPack: boolean;
  owner: string;
  health: { score: number; band: string };
  nextAction: string;
  annualValue: string;
}

const AS_OF = '2026-11-01';

describe('renewal commands on the demo portfolio', () => {
  const dataDir = tempDir('renewals-cli');
  const outbox = join(dataDir, 'outbox');
  const env = { COTERM_DATA_DIR: dataDir, DATABASE_URL: '', COTERM_OUTBOX: outbox, COTERM_SMTP_URL: '' };
  const run = (...args: string[]) => coterm(args, env);
  let renewals: RenewalJson[] = [];

  beforeAll(async () => {
    const demo = await run('demo', '--clients', '8', '--seed', '2', '--as-of', AS_OF, '--json');
    expect(demo.stderr).toBe('');
  }, 120_000);

  it('lists the renewals of the next 120 days from the ledger before the cadence has run', async () => {
    const result = await run('renewals', '--as-of', AS_OF, '--json');
    expect(result.stderr).toBe('');
    renewals = (JSON.parse(result.stdout) as { renewals: RenewalJson[] }).renewals;
    expect(renewals.length).toBeGreaterThan(3);
    for (const renewal of renewals) {
      expect(renewal.stage).toBe('untracked');
      expect(renewal.date >= AS_OF).toBe(true);
      expect(renewal.owner).toMatch(/@northwind-msp\.example$/);
    }
  });

  it('runs one day of the cadence with --once --as-of: packs at T-90, tasks, notices in the outbox; a second run adds nothing', async () => {
    const first = await run('worker', '--once', '--as-of', AS_OF, '--json');
    expect(first.stderr).toBe('');
    const day = (JSON.parse(first.stdout) as { days: { packsGenerated: number; noticesQueued: number; newRenewals: number }[]; delivered: { sent: number } }).days[0];
    expect(day?.newRenewals).toBe(renewals.length);
    const packsDue = renewals.filter((renewal) => renewal.date <= '2027-01-30').length;
    expect(day?.packsGenerated).toBe(packsDue);
    const emails = readdirSync(outbox);
    expect(emails.length).toBe(day?.noticesQueued);
    const email = readFileSync(join(outbox, emails[0] as string), 'utf8');
    expect(email).toMatch(/^Subject: Renewal notice: your services renew on \d{4}-\d{2}-\d{2} \(T-\d+\)$/m);

    const again = await run('worker', '--once', '--as-of', AS_OF, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ days: [{ newRenewals: 0, packsGenerated: 0, tasksCreated: 0, noticesQueued: 0 }], delivered: { sent: 0, failed: 0 } });
    expect(readdirSync(outbox).length).toBe(emails.length);
  }, 60_000);

  it('shows a pack with its three options and the tracked stage and next action', async () => {
    const listed = (JSON.parse((await run('renewals', '--as-of', AS_OF, '--json')).stdout) as { renewals: RenewalJson[] }).renewals;
    const withPack = listed.find((renewal) => renewal.hasPack);
    expect(withPack?.stage).toBe('pack_ready');
    expect(withPack?.nextAction).toMatch(/^Review the pack by \d{4}-\d{2}-\d{2}$/);
    const pack = await run('pack', 'show', withPack?.id ?? '', '--json');
    expect(pack.stderr).toBe('');
    const document = JSON.parse(pack.stdout) as { renewalId: string; pack: { options: Record<string, { totals: { annual: string } }> } };
    expect(document.renewalId).toBe(withPack?.id);
    expect(Object.keys(document.pack.options)).toEqual(['hold', 'harden', 'modernize']);
    const text = await run('pack', 'show', withPack?.id ?? '');
    expect(text.stdout).toContain(`hold  `);
    expect(text.stdout).toContain(document.pack.options.hold?.totals.annual);
    const pdfPath = join(dataDir, 'pack.pdf');
    const pdf = await run('pack', 'pdf', withPack?.id ?? '', '--out', pdfPath, '--msp-name', 'Northwind MSP');
    expect(pdf.stdout).toMatch(/^Wrote .*pack\.pdf \(\d+ bytes\)$/m);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('moves a renewal through its tasks and stages, refusing to reopen a closed one', async () => {
    const renewal = renewals[0] as RenewalJson;
    expect((await run('renewal', 'done', renewal.id, 'prepare', '--on', AS_OF, '--by', 'ana')).stdout).toContain('Prepare done on 2026-11-01');
    expect((await run('renewal', 'stage', renewal.id, 'won', '--on', '2026-11-03', '--reason', 'signed early', '--by', 'ana')).stdout).toContain('won on 2026-11-03');
    const reopen = await run('renewal', 'stage', renewal.id, 'in_review');
    expect(reopen.code).not.toBe(0);
    expect(reopen.stderr).toBe('coterm: stage: the renewal is closed (won); record the other outcome if it was wrong, it cannot be reopened\n');
    const tasks = JSON.parse((await run('renewal', 'tasks', '--all', '--json')).stdout) as { tasks: { renewalId: string; kind: string; status: string }[] };
    const mine = tasks.tasks.filter((task) => task.renewalId === renewal.id);
    expect(mine.find((task) => task.kind === 'prepare')?.status).toBe('done');
    expect(mine.filter((task) => task.kind !== 'prepare').every((task) => task.status === 'cancelled')).toBe(true);
  });

  it('sets and explains policies, naming the field of a bad value', async () => {
    const account = renewals[1]?.accountId ?? '';
    expect((await run('policy', 'set', 'noticeDays', '120/90/60/30', '--account', account, '--by', 'ana')).stdout).toContain('noticeDays = [120,90,60,30]');
    const shown = await run('policy', 'show', '--account', account);
    expect(shown.stdout).toMatch(/noticeDays\s+notices at T-120\/T-90\/T-60\/T-30 \(120-day notice\): account override, set by ana on \d{4}-\d{2}-\d{2}/);
    const bad = await run('policy', 'set', 'noticeDays', 'soon');
    expect(bad.stderr).toBe('coterm: noticeDays: noticeDays must be a whole number from 1 to 730, got "soon"\n');
    expect(bad.code).not.toBe(0);
  });

  it('plans the co-term of an account and ranks candidate anchors', async () => {
    const account = renewals[0]?.accountId ?? '';
    const plan = JSON.parse((await run('coterm', 'plan', '--account', account, '--anchor', '2027-06-30', '--as-of', AS_OF, '--json')).stdout) as {
      anchor: { date: string; chosen: string };
      plan: { alignments: { action: string }[]; totals: { currency: string; stubCharges: string }[] };
    };
    expect(plan.anchor).toEqual({ date: '2027-06-30', chosen: 'given' });
    expect(plan.plan.alignments.length).toBeGreaterThan(0);
    expect(plan.plan.totals[0]?.currency).toBe('USD');
    const anchors = JSON.parse((await run('coterm', 'anchors', '--account', account, '--as-of', AS_OF, '--json')).stdout) as { recommendations: { ranking: { rank: number; labels: string[] }[] } };
    expect(anchors.recommendations.ranking.map((candidate) => candidate.rank)).toEqual(anchors.recommendations.ranking.map((_, index) => index + 1));
    const unknown = await run('coterm', 'plan', '--account', 'nobody');
    expect(unknown.stderr).toBe('coterm: --account: no account "nobody"\n');
  });
});
