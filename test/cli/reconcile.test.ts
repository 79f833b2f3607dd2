import { describe, expect, it } from 'vitest';
import { coterm, writeTempFiles } from '../support/cli.ts';

const RECON_HEADER = 'CustomerId,CustomerName,SkuId,ProductName,ChargeType,UnitPrice,Quantity,Subtotal,Currency,SubscriptionId,ChargeStartDate,ChargeEndDate,BillableQuantity';
const INVOICE_HEADER = 'CustomerId,SubscriptionId,SkuId,Description,ChargeStartDate,ChargeEndDate,Quantity,UnitPrice,Amount';

describe('coterm reconcile', () => {
  it('prints the coverage first and each difference with its evidence; --json gives the contract fields', async () => {
    const files = writeTempFiles({
      // Microsoft's rows as Excel saves them: US dates, a BOM.
      'recon.csv': `\uFEFF${RECON_HEADER}\ncust-1,Contoso,CFQ7TTC0LCHC:0002,Microsoft 365 Business Premium,cycleCharge,22.00,12,264.00,USD,sub-1,4/1/2026,4/30/2026,12\n`,
      'invoices.csv': `${INVOICE_HEADER}\ncust-1,sub-1,CFQ7TTC0LCHC:0002,Business Premium,2026-04-01,2026-04-30,10,26.40,264.00\n`,
    });
    const text = await coterm(['reconcile', '--recon', files['recon.csv'] as string, '--invoices', files['invoices.csv'] as string]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Reconciliation of 2026-04-01 – 2026-04-30');
    expect(text.stdout).toContain('Microsoft rows: 1 (264.00) — matched to invoice lines 1 (264.00)');
    // 2 seats × 26.40 for all of April.
    expect(text.stdout).toMatch(/Untracked seat addition\s+cust-1\s+Microsoft 365 Business Premium sub-1\s+2026-04-01 – 2026-04-30\s+12\s+10\s+52\.80\s+633\.60/);
    const json = await coterm(['reconcile', '--recon', files['recon.csv'] as string, '--invoices', files['invoices.csv'] as string, '--json']);
    const report = JSON.parse(json.stdout) as { findings: Record<string, unknown>[]; coverage: Record<string, unknown> };
    expect(report.findings).toEqual([expect.objectContaining({ category: 'untracked_seat_addition', customerId: 'cust-1', subscriptionId: 'sub-1', impact: '52.80' })]);
    expect(report.coverage).toMatchObject({ microsoftRows: 1, matchedRows: 1, nothingMatched: false });
  });

  it('says loudly when nothing was matched, and never calls it clean', async () => {
    const files = writeTempFiles({
      'recon.csv': `${RECON_HEADER}\ncust-1,Contoso,SKU-1,Teams,cycleCharge,5.00,3,15.00,USD,sub-1,2026-04-01,2026-04-30,3\n`,
      'invoices.csv': `${INVOICE_HEADER}\ncust-9,sub-9,SKU-1,Teams,2026-04-01,2026-04-30,3,6.00,18.00\n`,
    });
    const result = await coterm(['reconcile', '--recon', files['recon.csv'] as string, '--invoices', files['invoices.csv'] as string]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('NOTHING WAS MATCHED');
    expect(result.stdout).toContain('Customers billed by Microsoft with no invoice line at all (not audited): cust-1');
    expect(result.stdout).toContain('No findings, because nothing was compared.');
  });

  it('refuses a file that is neither invoice lines nor a PSA export in one line', async () => {
    const files = writeTempFiles({
      'recon.csv': `${RECON_HEADER}\ncust-1,Contoso,SKU-1,Teams,cycleCharge,5.00,3,15.00,USD,sub-1,2026-04-01,2026-04-30,3\n`,
      'other.csv': 'Name,Value\nx,1\n',
    });
    const result = await coterm(['reconcile', '--recon', files['recon.csv'] as string, '--invoices', files['other.csv'] as string]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('other.csv is neither invoice lines');
  });
});
