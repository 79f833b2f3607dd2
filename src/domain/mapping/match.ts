/**
 * Matching a record from another system (a Partner Center customer, a PSA
 * company) to one of the MSP's accounts: by known id first, then by e-mail
 * domain, then by normalised company name. Below the confidence at which a
 * match is taken, the record waits in the unmapped queue with its candidates.
 */
export interface AccountRef {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
}

export interface ForeignRecord {
  readonly name: string | undefined;
  readonly domain: string | undefined;
}

export interface MatchCandidate {
  readonly accountId: string;
  readonly confidence: number;
  readonly matchedBy: 'domain' | 'name' | 'similar name';
}

/** A match at or above this confidence is taken without asking. */
export const AUTO_MATCH_CONFIDENCE = 0.9;

const LEGAL_FORMS = new Set([
  'inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc', 'corp', 'corporation', 'co', 'company', 'gmbh', 'ag', 'kg',
  'bv', 'nv', 'sa', 'sas', 'sarl', 'srl', 'spa', 'ab', 'as', 'asa', 'oy', 'oyj', 'pty', 'pte', 'kk', 'the', 'group', 'holding', 'holdings',
]);

/** `Contoso Ltd.` → `contoso`; `Fabrikam, Inc` → `fabrikam`; accents and punctuation dropped. */
export function normalizeCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
  const kept = words.filter((word) => !LEGAL_FORMS.has(word));
  return (kept.length > 0 ? kept : words).join(' ');
}

/** `mail.contoso.com` and `contoso.onmicrosoft.com` → `contoso`: the name part of a domain. */
export function domainKey(domain: string): string {
  const labels = domain.toLowerCase().trim().replace(/\.$/, '').split('.');
  if (labels.length >= 3 && labels.at(-2) === 'onmicrosoft') return labels.at(-3) ?? '';
  const secondLevel = ['co', 'com', 'org', 'net', 'ac', 'gov'];
  if (labels.length >= 3 && secondLevel.includes(labels.at(-2) ?? '') && (labels.at(-1)?.length ?? 0) === 2) return labels.at(-3) ?? '';
  return labels.at(-2) ?? labels[0] ?? '';
}

/** Candidates for a foreign record, best first. */
export function matchAccount(record: ForeignRecord, accounts: readonly AccountRef[]): MatchCandidate[] {
  const candidates = new Map<string, MatchCandidate>();
  const offer = (candidate: MatchCandidate): void => {
    const known = candidates.get(candidate.accountId);
    if (!known || known.confidence < candidate.confidence) candidates.set(candidate.accountId, candidate);
  };
  const recordDomain = record.domain ? domainKey(record.domain) : undefined;
  const recordName = record.name ? normalizeCompanyName(record.name) : undefined;
  for (const account of accounts) {
    if (recordDomain && account.domain) {
      if (account.domain.toLowerCase() === record.domain?.toLowerCase()) offer({ accountId: account.id, confidence: 0.98, matchedBy: 'domain' });
      else if (domainKey(account.domain) === recordDomain) offer({ accountId: account.id, confidence: 0.92, matchedBy: 'domain' });
    }
    if (recordName) {
      const accountName = normalizeCompanyName(account.name);
      if (accountName === recordName) offer({ accountId: account.id, confidence: 0.9, matchedBy: 'name' });
      else {
        const similarity = nameSimilarity(accountName, recordName);
        if (similarity >= 0.6) offer({ accountId: account.id, confidence: Math.round(similarity * 0.85 * 100) / 100, matchedBy: 'similar name' });
      }
    }
  }
  return [...candidates.values()].sort((a, b) => b.confidence - a.confidence || a.accountId.localeCompare(b.accountId));
}

/** The candidate to take without asking: confident enough and clearly ahead of the next one. */
export function confidentMatch(candidates: readonly MatchCandidate[]): MatchCandidate | undefined {
  const [best, runnerUp] = candidates;
  if (!best || best.confidence < AUTO_MATCH_CONFIDENCE) return undefined;
  if (runnerUp && runnerUp.confidence >= AUTO_MATCH_CONFIDENCE && runnerUp.matchedBy === best.matchedBy) return undefined;
  return best;
}

/** Dice coefficient of character bigrams: 1 for equal names, 0 for nothing in common. */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const pairs = (text: string): Map<string, number> => {
    const counts = new Map<string, number>();
    const compact = text.replace(/ /g, '');
    for (let i = 0; i < compact.length - 1; i += 1) {
      const pair = compact.slice(i, i + 2);
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
    return counts;
  };
  const left = pairs(a);
  const right = pairs(b);
  let shared = 0;
  let total = 0;
  for (const count of left.values()) total += count;
  for (const count of right.values()) total += count;
  for (const [pair, count] of left) shared += Math.min(count, right.get(pair) ?? 0);
  return total === 0 ? 0 : (2 * shared) / total;
}
