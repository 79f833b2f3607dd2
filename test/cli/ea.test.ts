import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the real `coterm` executable in a child process. */
function coterm(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/coterm'), ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 });
    });
  });
}

function expectOneLineError(result: Run, code: number, message: string | RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (typeof message === 'string') expect(result.stderr).toBe(`${message}\n`);
  else expect(result.stderr).toMatch(message);
}

const SA_BENEFITS = [
  {
    benefit: 'Planning Services Days',
    risk: 'High',
    concern: 'the unused balance is often reset or lost at the extension',
    requiredAction: 'document the balance in VLSC before the amendment; require written confirmation that it transfers',
  },
  { benefit: 'Training Vouchers', risk: 'Medium', concern: 'voucher expiry may not move with the new end date', requiredAction: 'verify voucher expiry explicitly in the amendment language' },
  { benefit: 'License Mobility Rights', risk: 'Low', concern: 'typically carry through the extension', requiredAction: 'confirm in the amendment' },
  { benefit: 'Step-Up Licensing Rights', risk: 'Medium', concern: 'eligibility depends on the extension period', requiredAction: 'confirm step-up eligibility through the new end date' },
  { benefit: 'Spread Payments', risk: 'High', concern: 'the payment schedule may be disrupted by the extension', requiredAction: 'require a revised payment schedule in writing' },
  { benefit: 'Home Use Programme', risk: 'Low', concern: 'user-based, little affected by the end date', requiredAction: 'standard review; confirm the user count stays aligned' },
];

describe('coterm ea extension', () => {
  it('prices the advisory example: £600,000 extended 7 months', async () => {
    const result = await coterm(['ea', 'extension', '--acv', '600000', '--end', '2025-11-30', '--target', '2026-06-30', '--currency', 'GBP', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      end: '2025-11-30',
      target: '2026-06-30',
      convention: 'calendar',
      currency: 'GBP',
      months: 7,
      monthCount: {
        from: '2025-11-30',
        to: '2026-06-30',
        convention: 'calendar',
        exact: '7',
        decimal: '7',
        days: 212,
        wholeMonths: 7,
        remainingDays: 0,
        text: '7 calendar months (2025-11-30 → 2026-06-30; month ends map to month ends)',
      },
      acv: '600000',
      monthlyCost: '50000.00',
      total: '350000.00',
      explanations: {
        monthlyCost: {
          formula: 'ROUND(ACV ÷ 12, 2)',
          inputs: { acv: '600000', currency: 'GBP' },
          rounding: 'rounded half up to 2 decimals',
          text: '600000 ÷ 12 = 50000 → 50000.00 GBP per month (rounded half up to 2 decimals; the total is computed from the unrounded monthly cost)',
        },
        total: {
          formula: 'ROUND(ACV ÷ 12 × ExtensionMonths, 2)',
          inputs: { acv: '600000', currency: 'GBP', from: '2025-11-30', to: '2026-06-30', convention: 'calendar', days: 212, months: '7', monthsExact: '7' },
          rounding: 'rounded half up to 2 decimals, once, on the total computed from the unrounded monthly cost',
          text:
            '600000 ÷ 12 = 50000 per month (unrounded) × 7 months = 350000 → 350000.00 GBP (rounded half up to 2 decimals). ' +
            'Extension months: 7 calendar months (2025-11-30 → 2026-06-30; month ends map to month ends)',
        },
      },
      saBenefits: SA_BENEFITS,
    });
  });

  it('prices the 30-day convention and current rates side by side', async () => {
    const result = await coterm(['ea', 'extension', '--acv', '600000', '--current-acv', '660000', '--end', '2025-11-30', '--target', '2026-06-30', '--convention', '30-day', '--currency', 'GBP', '--json']);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as Record<string, unknown> & { currentRates: Record<string, unknown> };
    expect([view.months, view.monthlyCost, view.total, view.convention]).toEqual([7.0667, '50000.00', '353333.33', '30-day']);
    expect([view.currentRates.acv, view.currentRates.monthlyCost, view.currentRates.total, view.currentRates.difference]).toEqual(['660000', '55000.00', '388666.67', '35333.34']);
  });

  it('prints a readable summary by default', async () => {
    const result = await coterm(['ea', 'extension', '--acv', '600000', '--end', '2025-11-30', '--target', '2026-06-30', '--currency', 'GBP']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Extending 2025-11-30 → 2026-06-30: 7 months (calendar convention)');
    expect(result.stdout).toMatch(/Original rates\s+600000\s+50000\.00\s+350000\.00/);
    expect(result.stdout).toMatch(/Planning Services Days\s+High/);
  });

  it('refuses a target that is not after the end with one line pointing to early termination', async () => {
    const result = await coterm(['ea', 'extension', '--acv', '600000', '--end', '2025-11-30', '--target', '2025-10-31', '--json']);
    expectOneLineError(
      result,
      1,
      'coterm: target: 2025-10-31 is not after the agreement end 2025-11-30: nothing to extend; for an agreement running past the target use `coterm ea early-termination`',
    );
  });

  it('refuses malformed option values with one line and no stack trace', async () => {
    expectOneLineError(
      await coterm(['ea', 'extension', '--acv', '600k', '--end', '2025-11-30', '--target', '2026-06-30']),
      2,
      `coterm: option '--acv <amount>' argument '600k' is invalid. "600k" is not a decimal number`,
    );
    expectOneLineError(await coterm(['ea', 'extension', '--acv', '1', '--end', '2025-11-31', '--target', '2026-06-30']), 2, /day 31 does not exist in 2025-11/);
    expectOneLineError(await coterm(['ea', 'extension', '--acv', '1', '--end', '2025-11-30', '--target', '2026-06-30', '--convention', 'lunar']), 2, /is not one of calendar, 30-day/);
    expectOneLineError(await coterm(['ea', 'extension', '--acv', '1', '--end', '2025-11-30', '--target', '2026-06-30', '--currency', 'ZZZ']), 2, /is not an ISO 4217 currency code/);
    expectOneLineError(await coterm(['ea', 'extension', '--acv', '-1', '--end', '2025-11-30', '--target', '2026-06-30']), 1, 'coterm: acv: the annual contract value must be greater than zero (got -1)');
  });
});

describe('coterm ea early-termination', () => {
  it('compares the remaining payments with the misalignment', async () => {
    const result = await coterm(['ea', 'early-termination', '--acv', '600000', '--end', '2027-11-30', '--target', '2026-06-30', '--admin-cost-per-year', '50000', '--currency', 'GBP', '--json']);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as {
      start: string;
      schedule: { payments: unknown[] };
      earlyTermination: { basis: string; cost: string };
      misalignment: { months: number; adminCost: string; breakEvenAnnualAdminCost: string };
      recommendation: { choice: string };
    };
    expect(view.start).toBe('2024-12-01');
    expect(view.schedule.payments).toEqual([
      { date: '2024-12-01', amount: '600000.00', owedOnTermination: false },
      { date: '2025-12-01', amount: '600000.00', owedOnTermination: false },
      { date: '2026-12-01', amount: '600000.00', owedOnTermination: true },
    ]);
    expect(view.earlyTermination).toMatchObject({ basis: 'remainingPayments', cost: '600000.00' });
    expect(view.misalignment).toMatchObject({ months: 17, adminCost: '70833.33', breakEvenAnnualAdminCost: '423529.41' });
    expect(view.recommendation.choice).toBe('allowMisalignment');
  });

  it('costs the fee under termination for convenience', async () => {
    const result = await coterm(['ea', 'early-termination', '--acv', '600000', '--end', '2027-11-30', '--target', '2026-06-30', '--termination-for-convenience', '--fee', '10000', '--admin-cost-per-year', '50000', '--json']);
    const view = JSON.parse(result.stdout) as { earlyTermination: { cost: string }; recommendation: { choice: string } };
    expect(view.earlyTermination.cost).toBe('10000.00');
    expect(view.recommendation.choice).toBe('terminateEarly');
  });

  it('points an agreement ending before the target to the extension command', async () => {
    expectOneLineError(
      await coterm(['ea', 'early-termination', '--acv', '1', '--end', '2025-11-30', '--target', '2026-06-30']),
      1,
      'coterm: target: the agreement ends 2025-11-30, not after the target 2026-06-30: nothing to terminate; to extend it to the target use `coterm ea extension`',
    );
  });
});

describe('coterm ea target-date', () => {
  it('ranks month ends with the points and the cost per agreement', async () => {
    const result = await coterm(['ea', 'target-date', '--agreement', 'Contoso=2025-11-30:600000', '--agreement', '2026-03-31:240000', '--fiscal-year-start-month', '7', '--consolidation', '2026-09-15', '--currency', 'GBP', '--json']);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as {
      ranking: { rank: number; target: string; score: number; reasons: { criterion: string; points: number }[]; totalExtensionCost: string; costs: { agreement: string; total: string }[] }[];
    };
    expect(view.ranking).toHaveLength(13);
    const best = view.ranking[0];
    expect(best && [best.rank, best.target, best.score, best.totalExtensionCost]).toEqual([1, '2026-06-30', 40, '410000.00']);
    expect(best?.reasons.map((reason) => [reason.criterion, reason.points])).toEqual([
      ['microsoftFiscalYear', 30],
      ['customerBudget', 15],
      ['consolidation', 0],
      ['extensionCost', -5],
    ]);
    expect(best?.costs.map((cost) => [cost.agreement, cost.total])).toEqual([
      ['Contoso', '350000.00'],
      ['EA2', '60000.00'],
    ]);
  });

  it('needs at least one agreement', async () => {
    expectOneLineError(await coterm(['ea', 'target-date']), 2, 'coterm: give at least one --agreement END:ACV (e.g. --agreement 2025-11-30:600000)');
    expectOneLineError(await coterm(['ea', 'target-date', '--agreement', '2025-11-30:600000', '--fiscal-year-start-month', '13']), 2, /"13" is not a month number 1–12/);
  });
});

describe('coterm ea addition', () => {
  it('charges a mid-term addition pro rata to the anniversary', async () => {
    const result = await coterm(['ea', 'addition', '--annual-unit-price', '432', '--quantity', '25', '--date', '2026-06-01', '--anniversary', '2026-12-01', '--baseline', '500', '--currency', 'GBP', '--json']);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as { additions: Record<string, unknown>[]; baseline: unknown; totalCharges: string };
    expect(view.additions[0]).toMatchObject({ months: 6, charge: '5400.00', baselineQuantity: 525, cumulativeCharges: '5400.00' });
    expect(view.baseline).toEqual([{ product: 'licences', quantity: 525 }]);
    expect(view.totalCharges).toBe('5400.00');
  });

  it('refuses an anniversary that is not the next one', async () => {
    expectOneLineError(
      await coterm(['ea', 'addition', '--annual-unit-price', '432', '--quantity', '25', '--date', '2026-06-01', '--anniversary', '2026-05-01']),
      1,
      'coterm: anniversary: the anniversary 2026-05-01 is before the addition date 2026-06-01: give the next anniversary',
    );
  });
});

describe('coterm ea plan', () => {
  const example = 'examples/ea-enterprise.json';

  it("co-terms the example group to a given target: extension, alignment, early termination, SA benefits, true-up, totals, checklist", async () => {
    const result = await coterm(['ea', 'plan', example, '--target', '2026-06-30', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as {
      currency: string;
      target: { date: string; source: string };
      agreements: {
        id: string;
        treatment: string;
        extension?: { months: number; monthlyCost: string; total: string; currentRates?: { total: string; difference: string } };
        earlyTermination?: { earlyTermination: { cost: string }; misalignment: { months: number; adminCost: string }; recommendation: { choice: string } };
        saBenefits?: { benefit: string; risk: string; balances: { balance: string }[]; missing?: string }[];
        trueUp?: { years: { year: number; charges: string; baseline: { product: string; quantity: number }[] }[]; totalCharges: string; checks: string[] };
      }[];
      totals: Record<string, { amount: string }>;
      checklist: { agreement: string; originalEnd: string; target: string; extensionMonths: number; acvBase: string; costPerMonth: string; total: string; otherConvention: { total: string } }[];
    };
    expect([view.currency, view.target]).toEqual(['GBP', { date: '2026-06-30', source: 'given' }]);
    const [parent, northwind, fabrikam] = view.agreements;
    expect(view.agreements.map((agreement) => [agreement.id, agreement.treatment])).toEqual([
      ['HGP', 'aligned'],
      ['NWL', 'extension'],
      ['FAB', 'earlyTermination'],
    ]);
    expect(northwind?.extension).toMatchObject({ months: 7, monthlyCost: '50000.00', total: '350000.00', currentRates: { total: '371000.00', difference: '21000.00' } });
    expect(fabrikam?.earlyTermination).toMatchObject({
      earlyTermination: { cost: '240000.00' },
      misalignment: { months: 17, adminCost: '25500.00' },
      recommendation: { choice: 'allowMisalignment' },
    });
    expect(parent?.saBenefits).toBeUndefined();
    expect(northwind?.saBenefits?.map((line) => [line.risk, line.benefit, line.balances.map((entry) => entry.balance).join('; ') || line.missing])).toEqual([
      ['High', 'Planning Services Days', '10 days'],
      ['High', 'Spread Payments', '3 annual instalments, the last paid 2024-12-01'],
      ['Medium', 'Training Vouchers', '12 vouchers'],
      ['Medium', 'Step-Up Licensing Rights', 'balance not stated — extract the SA benefits statement from VLSC before the amendment'],
      ['Low', 'License Mobility Rights', 'SQL Server Enterprise, 16 cores'],
      ['Low', 'Home Use Programme', 'balance not stated — extract the SA benefits statement from VLSC before the amendment'],
    ]);
    expect(northwind?.trueUp?.years.map((year) => [year.year, year.charges, year.baseline.map((entry) => `${entry.quantity} ${entry.product}`).join(', ')])).toEqual([
      [1, '5400.00', '25 Microsoft 365 E3'],
      [2, '825.00', '35 Microsoft 365 E3'],
      [3, '670.00', '35 Microsoft 365 E3, 5 Visio Plan 2'],
    ]);
    expect(northwind?.trueUp?.checks).toHaveLength(1);
    expect(parent?.trueUp?.totalCharges).toBe('10716.00');
    expect(fabrikam?.trueUp).toBeUndefined();
    expect(Object.fromEntries(Object.entries(view.totals).map(([name, total]) => [name, total.amount]))).toEqual({
      extension: '350000.00',
      extensionAtCurrentRates: '371000.00',
      earlyTermination: '240000.00',
      earlyTerminationRecommended: '0.00',
      additions: '17611.00',
    });
    expect(view.checklist).toHaveLength(1);
    expect(view.checklist[0]).toMatchObject({
      agreement: 'NWL',
      originalEnd: '2025-11-30',
      target: '2026-06-30',
      extensionMonths: 7,
      acvBase: '600000',
      costPerMonth: '50000.00',
      total: '350000.00',
      otherConvention: { total: '353333.33' },
    });
  });

  it('prints a readable plan, taking the advised target when none is given', async () => {
    const given = await coterm(['ea', 'plan', example, '--target', '2026-06-30']);
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('Target 2026-06-30 (given)');
    expect(given.stdout).toMatch(/NWL\s+Northwind Logistics Ltd \(acquired March 2025\)\s+2025-11-30\s+600000\s+extend 7 months\s+350000\.00/);
    expect(given.stdout).toMatch(/FAB\s+.*runs 17 months past: allow misalignment\s+240000\.00/);
    expect(given.stdout).toContain('    High    Planning Services Days: 10 days (expires 2025-11-30)');
    expect(given.stdout).toContain('    Medium  Step-Up Licensing Rights: balance not stated — extract the SA benefits statement from VLSC before the amendment');
    expect(given.stdout).toContain('    Year 2 (2023-12-01 – 2024-11-30): charges 825.00 GBP; added licences in the baseline: 35 Microsoft 365 E3');
    expect(given.stdout).toMatch(/Mid-term additions \(pro rata\)\s+17611\.00\s+HGP: 10716\.00 \+ NWL: 6895\.00 = 17611\.00 GBP/);
    expect(given.stdout).toContain(
      '  NWL Northwind Logistics Ltd (acquired March 2025): original end 2025-11-30, target 2026-06-30, 7 extension months, ACV base 600000, 50000.00 GBP per month, total 350000.00 GBP',
    );

    const advised = await coterm(['ea', 'plan', example]);
    expect(advised.code).toBe(0);
    expect(advised.stdout).toContain('Target 2028-06-30: the best of 13 dates from the target-date advice (score 28;');
    expect(advised.stdout).toMatch(/HGP\s+Harrowgate Group plc\s+2026-06-30\s+1250000\s+extend 24 months\s+2500000\.00/);
  });

  async function withGroupFile(check: (file: string, write: (change: (agreements: Record<string, unknown>[]) => void) => Promise<void>) => Promise<void>): Promise<void> {
    const directory = await mkdtemp(join(tmpdir(), 'coterm-ea-plan-'));
    try {
      const file = join(directory, 'group.json');
      const group = JSON.parse(await readFile(join(root, example), 'utf8')) as { agreements: Record<string, unknown>[] };
      await check(file, async (change) => {
        const copy = structuredClone(group);
        change(copy.agreements);
        await writeFile(file, JSON.stringify(copy));
      });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  it('refuses an inconsistent agreement with one line naming the field', async () => {
    await withGroupFile(async (file, write) => {
      await write((agreements) => {
        if (agreements[1]) agreements[1].end = '2022-06-30';
      });
      expectOneLineError(await coterm(['ea', 'plan', file]), 1, `coterm: ${file}: agreements[1].end: the end 2022-06-30 must be after the start 2022-12-01`);
      expectOneLineError(await coterm(['ea', 'plan', `${file}.missing`]), 1, `coterm: ${file}.missing: no such file`);
    });
  });

  it('refuses a malformed field of the file with one line naming it', async () => {
    await withGroupFile(async (file, write) => {
      await write((agreements) => {
        if (agreements[2]) agreements[2].saBenefits = [{ benefit: 'Planning Days', balance: '5 days' }];
      });
      expectOneLineError(await coterm(['ea', 'plan', file, '--json']), 1, /: agreements\[2\]\.saBenefits\[0\]\.benefit: must be one of "Planning Services Days", "Training Vouchers"/);
      await write((agreements) => {
        if (agreements[0]) agreements[0].annualContractValue = '1.25m';
      });
      expectOneLineError(await coterm(['ea', 'plan', file]), 1, `coterm: ${file}: agreements[0].annualContractValue: "1.25m" is not a decimal number (write amounts like "10.08")`);
    });
  });
});
