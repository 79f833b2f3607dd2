import { dataVersion } from '../store/audit-log.ts';
import { type Store } from '../store/store.ts';

/** Views kept; the least recently computed go first. */
const MAX_VIEWS = 500;

/**
 * Heavy read views (the renewal board, an account page) computed once per
 * version of the organization's data and shared by every request until the
 * next change: asking costs one primary-key read. Concurrent requests for a
 * view being computed wait for that computation instead of starting their own.
 */
export class ViewCache {
  private readonly views = new Map<string, { version: string; value: Promise<unknown> }>();

  constructor(private readonly store: Store) {}

  async get<T>(organizationId: string, key: string, compute: () => Promise<T>): Promise<T> {
    const version = await dataVersion(this.store.db, organizationId);
    const cacheKey = `${organizationId}\n${key}`;
    const held = this.views.get(cacheKey);
    if (held?.version === version) return held.value as Promise<T>;
    const entry = { version, value: compute() as Promise<unknown> };
    this.views.delete(cacheKey);
    this.views.set(cacheKey, entry);
    entry.value.catch(() => {
      if (this.views.get(cacheKey) === entry) this.views.delete(cacheKey);
    });
    if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value as string);
    return entry.value as Promise<T>;
  }
}
