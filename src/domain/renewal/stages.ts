/**
 * Where a renewal stands. The scan moves it to `pack_ready`; people move it
 * on; `won` and `lost` close it (set by hand, or by the scan from the ledger
 * once the renewal date has passed) with their date, for forecast accuracy
 * and cycle time.
 */
export type RenewalStage = 'identified' | 'pack_ready' | 'in_review' | 'client_contacted' | 'quoted' | 'won' | 'lost';

export const RENEWAL_STAGES: readonly RenewalStage[] = ['identified', 'pack_ready', 'in_review', 'client_contacted', 'quoted', 'won', 'lost'];

export function isClosed(stage: RenewalStage): boolean {
  return stage === 'won' || stage === 'lost';
}

export function parseStage(text: string): RenewalStage | undefined {
  const stage = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return (RENEWAL_STAGES as readonly string[]).includes(stage) ? (stage as RenewalStage) : undefined;
}

/**
 * Whether a person may move a renewal from one stage to another: any open
 * stage to any other, and a closed renewal only to the other outcome (a
 * correction), never back to open — its dates feed forecast accuracy.
 */
export function stageChangeRefusal(from: RenewalStage, to: RenewalStage): string | undefined {
  if (from === to) return `the renewal is already ${to}`;
  if (isClosed(from) && !isClosed(to)) return `the renewal is closed (${from}); record the other outcome if it was wrong, it cannot be reopened`;
  return undefined;
}
