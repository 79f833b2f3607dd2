import { normalizeCompanyName } from './match.ts';

/**
 * How coterm's own files (contracts, usage) name a client for the mapping
 * tables: its normalised company name, so `Contoso Ltd` and `Contoso Limited`
 * are one client. A name with no Latin letters or digits keeps its own
 * lower-cased text rather than collapsing to nothing.
 */
export function clientKey(name: string): string {
  return normalizeCompanyName(name) || name.trim().toLowerCase();
}

/** The fallback slug for a name with nothing left to slug. */
const EMPTY_SLUG = 'client';

/** `fabrikam and sons` → `fabrikam-and-sons`: lower-case letters, digits and single hyphens. */
export function slugOf(name: string): string {
  const slug = normalizeCompanyName(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return slug || EMPTY_SLUG;
}

/** `base` itself when free, else the first of `base-2`, `base-3`, … not taken. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The id of a new account for a client: the slug of its normalised name, unique among the ids taken. */
export function accountIdFor(name: string, taken: ReadonlySet<string>): string {
  return uniqueSlug(slugOf(name), taken);
}
