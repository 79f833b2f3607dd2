/** The first wait when Partner Center gives no Retry-After; each further retry doubles it. */
export const FIRST_BACKOFF_MS = 1000;

/**
 * How long to wait before the next attempt: the Retry-After seconds Partner
 * Center sent, else exponential backoff from one second, never longer than
 * `maxWaitMs`. `failedAttempts` counts the attempts made so far (1 after the first).
 */
export function retryDelayMs(retryAfter: string | null, failedAttempts: number, maxWaitMs: number): number {
  const seconds = retryAfter === null || retryAfter.trim() === '' ? Number.NaN : Number(retryAfter);
  const wait = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : FIRST_BACKOFF_MS * 2 ** (failedAttempts - 1);
  return Math.min(wait, maxWaitMs);
}
