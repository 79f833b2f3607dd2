import { type FastifyReply } from 'fastify';
import { type Principal } from './principal.ts';

/** Views kept; the least recently computed go first. */
const MAX_VIEWS = 500;

/**
 * Heavy read responses (the renewal board, an account page) computed and
 * serialised once per version of the organization's data, and shared by
 * every request until the next change. The version comes with the request's
 * session or token (one query), so a hit costs no other database work.
 * Concurrent requests for a view being computed wait for that computation
 * instead of starting their own.
 */
export class ViewCache {
  private readonly views = new Map<string, { version: string; value: Promise<string> }>();

  /** Sends the JSON of `compute()`'s result, computed at most once per data version and key. */
  async send(reply: FastifyReply, principal: Principal, key: string, compute: () => Promise<unknown>): Promise<FastifyReply> {
    const json = await this.get(principal, key, compute);
    return reply.type('application/json; charset=utf-8').send(json);
  }

  private get(principal: Principal, key: string, compute: () => Promise<unknown>): Promise<string> {
    const version = principal.dataVersion;
    const cacheKey = `${principal.organizationId}\n${key}`;
    const held = this.views.get(cacheKey);
    if (held?.version === version) return held.value;
    const entry = { version, value: compute().then((value) => JSON.stringify(value)) };
    this.views.delete(cacheKey);
    this.views.set(cacheKey, entry);
    entry.value.catch(() => {
      if (this.views.get(cacheKey) === entry) this.views.delete(cacheKey);
    });
    if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value as string);
    return entry.value;
  }
}
